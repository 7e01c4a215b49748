"""The export job in Celery: thin, the work is services.run_export (safe to run twice)."""

from celery import shared_task
from django.dispatch import receiver

from . import services
from .models import ExportJob


@shared_task(acks_late=True, ignore_result=True)
def run_export(job_id: int) -> str:
    return services.run_export(job_id)


@receiver(services.export_requested, sender=ExportJob)
def queue_export(sender, job_id: int, **kwargs) -> None:
    run_export.delay(job_id)
