"""Background job of the counter queue (beat: `counter-close-past-days`, just after midnight): the tickets
earlier days left open are closed. The first ticket of an area each day does the same for its desk, so a
desk without a beat worker is tidy too."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def close_past_days() -> int:
    return services.close_past_days()
