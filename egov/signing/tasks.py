from celery import shared_task

from . import services


@shared_task
def warn_expiring_certificates() -> int:
    """Daily: warn (audit entry + e-mail to the holder) about certificates expiring within 30 days."""
    return services.warn_expiring_certificates(30)
