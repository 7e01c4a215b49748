from django.apps import AppConfig


class LookupConfig(AppConfig):
    name = "onestop.lookup"
    label = "lookup"
    verbose_name = "Tra cứu hồ sơ"
    url_prefix = ""  # /tra-cuu-ho-so/ and /bang-theo-doi/ at the site's root; API: /api/v1/tra-cuu-ho-so/
