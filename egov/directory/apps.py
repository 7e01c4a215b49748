from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "egov.directory"
    label = "directory"
    verbose_name = "Danh mục hành chính"
    url_prefix = "danh-muc/"  # public and staff pages: /danh-muc/; API: /api/v1/danh-muc/
    staff_nav = [("directory-units", _("Đơn vị hành chính"), "directory:unit-list", None)]
