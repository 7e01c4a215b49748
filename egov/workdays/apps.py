from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "egov.workdays"
    label = "workdays"
    verbose_name = "Lịch làm việc"
    url_prefix = "lich-lam-viec/"  # public and staff pages: /lich-lam-viec/; API: /api/v1/lich-lam-viec/
    staff_nav = [("workdays-calendar", _("Lịch làm việc"), "workdays:current-year", None)]

    def ready(self):
        from . import signals  # noqa: F401
