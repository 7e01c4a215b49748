from django.apps import AppConfig


class OnestopConfig(AppConfig):
    name = "onestop"
    label = "onestop"
    verbose_name = "Một cửa"
    url_prefix = "ho-so/"  # public and staff pages: /ho-so/; API: /api/v1/ho-so/
    staff_nav = [
        ("onestop-desk", "Một cửa", "onestop:desk", "onestop.view_dossier"),
        ("onestop-mine", "Hồ sơ thủ tục của tôi", "onestop:queue-mine", "onestop.view_dossier"),
    ]
