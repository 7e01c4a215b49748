from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate


class AuditConfig(AppConfig):
    name = "egov.audit"
    label = "audit"
    verbose_name = "Nhật ký hệ thống"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from .grants import grant_around_migrate
        from .purge import on_connection_created
        from .signals import on_locked_out, on_login_failed

        connection_created.connect(on_connection_created, dispatch_uid="egov.audit.purge")
        pre_migrate.connect(grant_around_migrate, sender=self, dispatch_uid="egov.audit.grants_before")
        post_migrate.connect(grant_around_migrate, sender=self, dispatch_uid="egov.audit.grants_after")
        user_login_failed.connect(on_login_failed, dispatch_uid="egov.audit.login_failed")
        user_locked_out.connect(on_locked_out, dispatch_uid="egov.audit.locked_out")
