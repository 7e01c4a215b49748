from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    label = "reporting"
    verbose_name = "Thống kê, báo cáo"
    url_prefix = "bao-cao/"  # public and staff pages: /bao-cao/; API: /api/v1/bao-cao/
