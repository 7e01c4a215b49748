"""Background jobs of the periodic reports (beat): each morning the instances of the periods begun are
created, then the reminders due are sent (once per instance and step). Both are idempotent."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def create_instances() -> int:
    return services.create_due_instances()


@shared_task(acks_late=True)
def send_reminders() -> int:
    return services.send_reminders()
