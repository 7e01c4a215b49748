"""Delivery of messages (services.deliver), with Celery's retry for the failed ones, and the beat sweep
(`notify-requeue-stalled` in settings) for what a dead worker or a lost task left behind."""

from celery import shared_task
from django.dispatch import receiver

from . import services
from .models import Message


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver(self, message_id: int) -> str:
    """Send one message; a retryable failure comes back after its backoff. The number of attempts is
    counted on the message (NOTIFY_MAX_ATTEMPTS), not by Celery. In eager mode (no broker) a failed
    message waits for the beat sweep or the admin instead of being retried inside the request."""
    outcome = services.deliver(message_id)
    if outcome.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(acks_late=True)
def requeue_stalled() -> int:
    return len(services.requeue_stalled())


@receiver(services.message_queued, sender=Message)
def queue_delivery(sender, message_ids: list[int], **kwargs) -> None:
    if deliver.app.conf.task_always_eager:
        # no broker: deliver in this process. Not through Celery's eager apply, which sets a process-wide
        # "inside a task" flag that two threads delivering at once can leave set for the next caller.
        for message_id in message_ids:
            services.deliver(message_id)
        return
    for message_id in message_ids:
        deliver.delay(message_id)
