from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "onestop.payments"
    label = "payments"
    verbose_name = "Thanh toán trực tuyến"
    url_prefix = "thanh-toan/"  # pages: /thanh-toan/; the gateway's notification: /api/v1/thanh-toan/
