from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegimesConfig(AppConfig):
    name = "reporting.regimes"
    label = "report_regimes"
    verbose_name = "Báo cáo định kỳ"
    url_prefix = "bao-cao-dinh-ky/"  # staff pages: /bao-cao-dinh-ky/; API: /api/v1/bao-cao-dinh-ky/
    staff_nav = [
        ("report-regimes", _("Báo cáo định kỳ"), "report_regimes:list", "report_regimes.view_reportinstance"),
    ]
