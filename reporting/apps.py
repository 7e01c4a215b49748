from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    label = "reporting"
    verbose_name = "Thống kê, báo cáo"
    url_prefix = "bao-cao/"  # public and staff pages: /bao-cao/; API: /api/v1/bao-cao/
    staff_nav = [
        ("reporting-dashboard", _("Thống kê"), "reporting:dashboard", "reporting.view_statistics"),
        (
            "reporting-work",
            _("Thống kê văn bản, công việc"),
            "reporting:work:index",
            "reporting.view_statistics",
        ),
    ]

    def ready(self):
        from onestop.signals import dossier_changed

        from . import ledger, roles

        # the summaries follow every change of a dossier, in its transaction
        dossier_changed.connect(ledger.on_dossier_changed, dispatch_uid="reporting.ledger")
        post_migrate.connect(roles.ensure_statistics_group, sender=self, dispatch_uid="reporting.roles")
