"""Celery tasks: thin wrappers around services."""

import logging

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from egov.text import one_line

from . import services
from .models import Notification

log = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=5)
def send_notification_email(self, notification_id: int) -> bool:
    """E-mail one notification; idempotent (emailed_at is set once, under a row lock). The change that
    made the notification is saved already: a mail failure is retried later, never raised to it."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("user").filter(pk=notification_id).first()
        )
        if notification is None or notification.emailed_at is not None or not notification.user.email:
            return False
        subject = one_line(("[KHẨN] " if notification.urgent else "") + notification.text)
        try:
            send_mail(subject, notification.text, None, [notification.user.email])
        except Exception as error:  # SMTP down, refused address...: the notification stays in the portal
            log.warning("notification %s: mail not sent (%s)", notification_id, type(error).__name__)
            if self.request.is_eager:
                return False
            raise self.retry(countdown=300) from error
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


@shared_task(acks_late=True)
def deadline_reminders() -> int:
    return services.send_deadline_reminders()


@shared_task(acks_late=True)
def leader_digests() -> int:
    return services.send_leader_digests()
