"""Background jobs of online payment: the local test gateway's notification to the portal, and the daily
reconciliation with the gateway. Both are safe to run twice: a notification already applied is answered
"already confirmed" and changes nothing; a day's reconciliation replaces its earlier result."""

import datetime
import json
import logging
import urllib.error
import urllib.parse
import urllib.request

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .gateways import GatewayError

log = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=8)
def deliver_ipn(self, params: dict) -> str:
    """The local gateway notifies the portal. Run inline (eager: development, tests), it calls the same
    handler the IPN address does, since a request to the portal from inside one of its own requests would
    wait for itself; in a worker, it calls the IPN address over HTTP, as a real gateway does."""
    from .services import handle_ipn

    if self.request.is_eager:
        code, _message = handle_ipn(params, method="GET", remote_addr="local-gateway")
        return code
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    url = f"{base}{reverse('payments-api:ipn')}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(url, timeout=settings.PAYMENT_GATEWAY_TIMEOUT) as response:  # noqa: S310
            code = json.loads(response.read(10_000)).get("RspCode", "")
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise self.retry(countdown=60 * 2**self.request.retries) from error
    if code == "99":  # the portal could not process it now: VNPay retries too
        raise self.retry(countdown=60 * 2**self.request.retries)
    return code


@shared_task(acks_late=True)
def reconcile_day(day: str) -> int:
    from .services import reconcile

    try:
        return len(reconcile(datetime.date.fromisoformat(day)))
    except GatewayError as error:
        log.warning("reconciliation of %s not done: %s", day, error)
        return -1


@shared_task(acks_late=True)
def reconcile_yesterday() -> int:
    return reconcile_day((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
