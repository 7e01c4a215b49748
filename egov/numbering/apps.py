from django.apps import AppConfig


class NumberingConfig(AppConfig):
    name = "egov.numbering"
    label = "numbering"
    verbose_name = "Cấp số"
