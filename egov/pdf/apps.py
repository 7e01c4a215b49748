from django.apps import AppConfig


class PdfConfig(AppConfig):
    name = "egov.pdf"
    label = "pdf"
    verbose_name = "Kết xuất PDF"
