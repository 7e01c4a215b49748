from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "services"
    label = "services"
    verbose_name = "Dịch vụ công"
    url_prefix = "dich-vu-cong/"  # public and staff pages: /dich-vu-cong/; API: /api/v1/dich-vu-cong/
