"""Celery tasks: thin wrappers around services."""

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Notification


@shared_task(acks_late=True)
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification; idempotent (emailed_at is set once, under a row lock)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("user").filter(pk=notification_id).first()
        )
        if notification is None or notification.emailed_at is not None or not notification.user.email:
            return False
        subject = ("[KHẨN] " if notification.urgent else "") + notification.text[:120]
        send_mail(subject, notification.text, None, [notification.user.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


@shared_task(acks_late=True)
def deadline_reminders() -> int:
    return services.send_deadline_reminders()


@shared_task(acks_late=True)
def leader_digests() -> int:
    return services.send_leader_digests()
