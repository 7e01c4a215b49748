from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnestopConfig(AppConfig):
    name = "onestop"
    label = "onestop"
    verbose_name = "Một cửa"
    url_prefix = "ho-so/"  # public and staff pages: /ho-so/; API: /api/v1/ho-so/
    staff_nav = [
        ("onestop-desk", _("Một cửa"), "onestop:desk", "onestop.view_dossier"),
        ("onestop-mine", _("Hồ sơ thủ tục của tôi"), "onestop:queue-mine", "onestop.view_dossier"),
        ("onestop-seal", _("Kết quả chờ đóng dấu"), "onestop:queue-seal", "onestop.seal_result"),
    ]
