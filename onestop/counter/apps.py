from django.apps import AppConfig


class CounterConfig(AppConfig):
    name = "onestop.counter"
    label = "counter"
    verbose_name = "Xếp hàng tại quầy"
    url_prefix = "xep-hang/"  # kiosk, counters and the TV board: /xep-hang/
