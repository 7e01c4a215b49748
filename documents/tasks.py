"""Celery tasks: thin wrappers around services."""

import logging

from celery import shared_task
from django.dispatch import receiver

from . import services
from .services.notifications import mail_queued

log = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=5)
def send_notification_email(self, notification_id: int) -> bool:
    """E-mail one notification (services.send_notification_mail: at most once, no lock held while sending).
    The change that made the notification is saved already: a mail failure is retried later, never raised
    to it."""
    try:
        return services.send_notification_mail(notification_id)
    except Exception as error:  # SMTP down, refused address...: the notification stays in the portal
        log.warning("notification %s: mail not sent (%s)", notification_id, type(error).__name__)
        if self.request.is_eager:
            return False
        raise self.retry(countdown=300) from error


@receiver(mail_queued)
def queue_notification_email(sender, notification_id: int, **kwargs) -> None:
    send_notification_email.delay(notification_id)


@shared_task(acks_late=True)
def deadline_reminders() -> int:
    return services.send_deadline_reminders()


@shared_task(acks_late=True)
def leader_digests() -> int:
    return services.send_leader_digests()
