from django.apps import AppConfig


class OnestopConfig(AppConfig):
    name = "onestop"
    label = "onestop"
    verbose_name = "Một cửa"
    url_prefix = "ho-so/"  # public and staff pages: /ho-so/; API: /api/v1/ho-so/
