from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    label = "documents"
    verbose_name = "Văn bản đi, đến"
    url_prefix = "van-ban/"  # public and staff pages: /van-ban/; API: /api/v1/van-ban/
