from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounterConfig(AppConfig):
    name = "onestop.counter"
    label = "counter"
    verbose_name = "Xếp hàng tại quầy"
    url_prefix = "xep-hang/"  # kiosk, counters and the TV board: /xep-hang/
    staff_nav = [("counter-desk", _("Gọi số tại quầy"), "counter:desk", "counter.call_ticket")]
