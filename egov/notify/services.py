"""Every change to a message: queue it, deliver it (once), resend it.

queue(event, *, user=None, email="", phone="", context, key, related="") -> list[Message]
    One message per channel the recipient has (the account's e-mail and phone, or the ones given for a
    walk-in), rendered now from templates/notify/<event>.txt (first line: the e-mail's subject) and
    <event>_sms.txt, or the generic ones. `key` names the occurrence: the same key is queued once. The
    delivery is announced on commit (`message_queued`, which tasks.py connects to its Celery task).
deliver(message_id) -> Outcome
    Claims the message by a conditional UPDATE (queued/failed → sending: of two workers one gets it),
    sends it with no transaction open, then marks it sent, failed (with the retry's countdown) or given up.
resend(actor, messages) -> int
    failed or given-up messages back in the queue (the admin's "gửi lại").
requeue_stalled(now=None) -> list[int]
    what a lost worker or a lost task left behind, back to the workers (the beat sweep).
"""

import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone

from egov.audit.services import record
from egov.text import clean, one_line

from . import providers
from .models import Channel, Message, Status
from .workflow import MESSAGE

log = logging.getLogger(__name__)

# sent on commit with `message_ids`; tasks.py queues one delivery each
message_queued = Signal()

EVENT = re.compile(r"[a-z][a-z0-9_]{0,39}")
PHONE = re.compile(r"(?:\+84|84|0)[1-9]\d{8,9}")
KEY_MAX = Message._meta.get_field("key").max_length
STALLED_BATCH = 1000


@dataclass(frozen=True)
class Outcome:
    status: str  # the message's status after this call; "" when there was nothing to send
    retry_in: float | None = None  # seconds until the next attempt of a failed message


def normalise_phone(raw: str) -> str:
    """'0912 345 678', '+84 912.345.678' -> the digits as given ('0912345678', '+84912345678');
    '' when it is not a Vietnamese mobile or landline number."""
    phone = re.sub(r"[\s.\-()]", "", raw or "")
    return phone if PHONE.fullmatch(phone) else ""


def _valid_email(address: str) -> str:
    address = (address or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        return ""
    return address


def _clean_context(value):
    """Every string without NUL or control characters (line breaks kept); other values as they are."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {key: _clean_context(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_context(item) for item in value]
    return value


def render(event: str, context: dict) -> tuple[str, str, str]:
    """(subject, e-mail body, SMS text) of `event`, from its templates or the generic ones."""
    context = {"site_name": settings.SITE_NAME, **_clean_context(context)}
    mail = render_to_string([f"notify/{event}.txt", "notify/generic.txt"], context).strip()
    subject, _, body = mail.partition("\n")
    sms = render_to_string([f"notify/{event}_sms.txt", "notify/generic_sms.txt"], context)
    return one_line(subject, 200), body.strip() + "\n", " ".join(sms.split())


def queue(
    event: str, *, user=None, email: str = "", phone: str = "", context: dict, key: str, related: str = ""
) -> list[Message]:
    """Queue `event` for a recipient on every channel they have; the messages already queued under `key`
    are not queued again (and not returned)."""
    if not EVENT.fullmatch(event or ""):
        raise ValueError(f"event name {event!r}: lower-case letters, digits and _ only")
    if not key or len(key) > KEY_MAX:
        raise ValueError(f"a message key of 1 to {KEY_MAX} characters, not {len(key or '')}")
    email = _valid_email(email or getattr(user, "email", ""))
    phone = normalise_phone(phone or getattr(user, "phone", ""))
    channels = [(Channel.EMAIL, email), (Channel.SMS, phone)]
    channels = [(channel, address) for channel, address in channels if address]
    if not channels:
        return []
    subject, body, sms = render(event, context)
    created = []
    for channel, address in channels:
        message, new = Message.objects.get_or_create(
            key=key,
            channel=channel,
            defaults={
                "user": user if getattr(user, "pk", None) else None,
                "address": address,
                "event": event,
                "subject": subject if channel == Channel.EMAIL else "",
                "body": body if channel == Channel.EMAIL else sms,
                "related": related[:100],
            },
        )
        if new:
            created.append(message)
    if created:
        ids = [message.pk for message in created]
        # robust: a broker that is down must not turn the committed change into an error; the beat sweep
        # hands these messages to the workers later
        transaction.on_commit(lambda: message_queued.send(Message, message_ids=ids), robust=True)
    return created


def _move(message_id: int, action: str, **changes) -> bool:
    """One transition as one conditional UPDATE; False when the message is not in a source state."""
    transition = MESSAGE.transitions[action]
    moved = Message.objects.filter(pk=message_id, status__in=transition.sources).update(
        status=transition.target, **changes
    )
    return moved == 1


def backoff(attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failed attempt: doubling from the base, capped."""
    base = settings.NOTIFY_RETRY_BASE_SECONDS
    return min(base * 2 ** (attempts - 1), settings.NOTIFY_RETRY_MAX_SECONDS)


def _send(message: Message) -> str:
    if message.channel == Channel.SMS:
        return providers.send_sms(message.address, message.body)
    return providers.send_email(message.address, message.subject, message.body)


def deliver(message_id: int) -> Outcome:
    """Send one message at most once at a time. No row lock is held while the provider is called."""
    now = timezone.now()
    if not _move(message_id, "claim", claimed_at=now):
        return Outcome("")
    message = Message.objects.get(pk=message_id)
    attempts = message.attempts + 1
    try:
        provider_id = _send(message)
    except providers.DeliveryError as error:
        error_text = one_line(str(error) or type(error).__name__, 300)
        if attempts >= settings.NOTIFY_MAX_ATTEMPTS:
            _move(message_id, "give_up", attempts=attempts, last_error=error_text)
            log.warning("message %s: given up after %s attempts (%s)", message_id, attempts, error_text)
            return Outcome(Status.GAVE_UP)
        wait = backoff(attempts)
        _move(
            message_id,
            "fail",
            attempts=attempts,
            last_error=error_text,
            next_attempt_at=timezone.now() + timedelta(seconds=wait),
        )
        return Outcome(Status.FAILED, retry_in=wait)
    except Exception as error:  # the provider refuses it for good (an address it cannot reach)
        error_text = one_line(f"{type(error).__name__}: {error}", 300)
        _move(message_id, "give_up", attempts=attempts, last_error=error_text)
        log.warning("message %s: not deliverable (%s)", message_id, type(error).__name__)
        return Outcome(Status.GAVE_UP)
    _move(
        message_id,
        "sent",
        attempts=attempts,
        provider_id=str(provider_id)[:100],
        last_error="",
        sent_at=timezone.now(),
    )
    return Outcome(Status.SENT)


def resend(actor, messages) -> int:
    """Failed or given-up messages queued again with their attempts reset; others are left alone.
    Returns how many were queued."""
    transition = MESSAGE.transitions["resend"]
    with transaction.atomic():
        ids = list(
            messages.select_for_update()
            .filter(status__in=transition.sources)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        now = timezone.now()
        Message.objects.filter(pk__in=ids).update(
            status=transition.target, attempts=0, last_error="", next_attempt_at=now, claimed_at=None
        )
        for message in Message.objects.filter(pk__in=ids):
            record(actor, "notify.resend", message, channel=message.channel, event=message.event)
        transaction.on_commit(lambda: message_queued.send(Message, message_ids=ids), robust=True)
    return len(ids)


def requeue_stalled(now=None) -> list[int]:
    """Messages the normal path should have finished more than NOTIFY_STALE_SECONDS ago, handed to the
    workers again: sending ones whose worker died (put back in the queue), queued ones whose task was lost
    (the broker was down at commit) and failed ones whose retry never came. A stalled worker is stopped
    by the task time limit well before then, so a message is not sent twice by this."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.NOTIFY_STALE_SECONDS)
    stalled = Message.objects.filter(
        Q(status=Status.SENDING, claimed_at__lt=limit)
        | Q(status__in=[Status.QUEUED, Status.FAILED], next_attempt_at__lt=limit)
    )
    ids = list(stalled.order_by("next_attempt_at").values_list("pk", flat=True)[:STALLED_BATCH])
    if not ids:
        return []
    release = MESSAGE.transitions["release"]
    Message.objects.filter(pk__in=ids, status__in=release.sources, claimed_at__lt=limit).update(
        status=release.target, next_attempt_at=now
    )
    record(None, "notify.requeue_stalled", None, count=len(ids))
    message_queued.send(Message, message_ids=ids)
    return ids
