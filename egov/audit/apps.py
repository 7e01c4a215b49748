from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "egov.audit"
    label = "audit"
    verbose_name = "Nhật ký hệ thống"

    def ready(self):
        from .purge import on_connection_created

        connection_created.connect(on_connection_created, dispatch_uid="egov.audit.purge")
