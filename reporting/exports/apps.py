from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "reporting.exports"
    label = "report_exports"
    verbose_name = "Xuất báo cáo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import tasks  # noqa: F401  (connects a stored export job to its Celery task)
