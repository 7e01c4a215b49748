from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "egov.directory"
    label = "directory"
    verbose_name = "Danh mục hành chính"
    url_prefix = "danh-muc/"  # public and staff pages: /danh-muc/; API: /api/v1/danh-muc/
