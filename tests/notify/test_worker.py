"""Through a real Celery worker (Redis when REDIS_URL is set, the in-memory broker otherwise): a gateway
that fails twice is retried after a wait that doubles, and the SMS is sent once."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from egov.celery import app
from egov.notify import services
from egov.notify.models import LocalSms, Message, Status

from .providers import FlakySms


@pytest.mark.django_db(transaction=True)
def test_a_worker_retries_after_a_doubling_wait_and_sends_once(flaky, settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 0.4
    flaky(2)
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            (sms,) = services.queue("accepted", phone="0912345678", context={"code": "X"}, key="w")
            deadline = time.monotonic() + 60
            while Message.objects.get(pk=sms.pk).status != Status.SENT and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        app.conf.task_always_eager = True
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (Status.SENT, 3)
    assert LocalSms.objects.count() == 1
    first, second, third = FlakySms.calls
    assert second - first >= 0.4 and third - second >= 0.8  # a retry never comes before its countdown
