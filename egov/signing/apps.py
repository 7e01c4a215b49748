from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "egov.signing"
    label = "signing"
    verbose_name = "Chữ ký số"
    url_prefix = "chu-ky-so/"  # public and staff pages: /chu-ky-so/; API: /api/v1/chu-ky-so/
