from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "egov.notify"
    label = "notify"
    verbose_name = "Thông báo"
    url_prefix = "tai-khoan/thong-bao/"  # the citizen's messages: /tai-khoan/thong-bao/

    def ready(self):
        from . import tasks  # noqa: F401  (connects a queued message to its delivery task)
