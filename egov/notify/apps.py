from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "egov.notify"
    label = "notify"
    verbose_name = "Thông báo"
    url_prefix = "tai-khoan/thong-bao/"  # the citizen's messages: /tai-khoan/thong-bao/
