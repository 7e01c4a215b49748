"""In-app notifications and their e-mail. The mail leaves from a Celery task (documents.tasks) that this
module never imports: a committed notification is announced by the `mail_queued` signal."""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from egov.accounts.roles import Role
from egov.directory.queries import agency_staff
from egov.text import one_line

from ..models import IncomingDocument, Notification, Urgency
from ..workflow import NOTIFICATION_MAIL
from .common import document_url

log = logging.getLogger(__name__)

# sent on commit with `notification_id`; documents.tasks queues the mail task
mail_queued = Signal()


def notify(user, key: str, text: str, url: str = "", *, urgent: bool = False, email: bool = True):
    """An in-app notification, once per (user, key); e-mail on commit. None if already sent."""
    if user is None:
        return None
    mail = Notification.Mail.PENDING if email and user.email else Notification.Mail.NONE
    notification, created = Notification.objects.get_or_create(
        user=user, key=key[:120], defaults={"text": text[:500], "url": url, "urgent": urgent, "mail": mail}
    )
    if not created:
        return None
    if mail == Notification.Mail.PENDING:
        transaction.on_commit(lambda: mail_queued.send(Notification, notification_id=notification.pk))
    return notification


def agency_clerks(agency) -> list:
    return [person for person in agency_staff(agency) if person.has_role(Role.CLERK)]


def notify_clerks(agency, document, event: str, text: str, *, url: str = "") -> None:
    """Tell the clerks (văn thư) of `agency` about a document (incoming or outgoing), once per event;
    urgent documents are marked so."""
    kind = "incoming" if isinstance(document, IncomingDocument) else "outgoing"
    for person in agency_clerks(agency):
        notify(
            person,
            f"{kind}:{document.pk}:{event}",
            text,
            url or document_url(document),
            urgent=document.urgency > Urgency.NORMAL,
        )


def _move_mail(notification_id: int, action: str, **changes) -> bool:
    """One transition of the mail state as a single conditional UPDATE: of two concurrent attempts only
    one moves it. No row lock is held while the mail is sent."""
    transition = NOTIFICATION_MAIL.transitions[action]
    moved = Notification.objects.filter(pk=notification_id, mail__in=transition.sources).update(
        mail=transition.target, **changes
    )
    return moved == 1


def send_notification_mail(notification_id: int) -> bool:
    """E-mail one notification at most once: claim it (a short transaction), send, mark it sent. A failure
    releases the claim and is raised for the task to retry. False when there is nothing to send."""
    if not _move_mail(notification_id, "claim"):
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    subject = one_line(("[KHẨN] " if notification.urgent else "") + notification.text)
    try:
        send_mail(subject, notification.text, None, [notification.user.email])
    except Exception:
        _move_mail(notification_id, "release")
        raise
    _move_mail(notification_id, "sent", emailed_at=timezone.now())
    return True


def mark_notifications_read(user, ids=None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
