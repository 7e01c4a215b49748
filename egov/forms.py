"""Form fields shared by every app: the day as people in Vietnam write it."""

from django import forms
from django.utils.translation import gettext_lazy as _

# Day first whatever the interface language; ISO (yyyy-mm-dd) stays readable for links and old forms.
DAY_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DAY_DISPLAY_FORMAT = "%d/%m/%Y"
# Checked by the browser before sending; the server reads the same and more (DAY_INPUT_FORMATS).
DAY_PATTERN = r"[0-9]{1,2}[\/\-.][0-9]{1,2}[\/\-.][0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}"


class DayInput(forms.DateInput):
    """A plain text box, not <input type="date">: the browser's date picker follows the browser's
    language (mm/dd/yyyy in English), while every date on the portal is written dd/mm/yyyy."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "inputmode": "numeric",
            "placeholder": "dd/mm/yyyy",
            "pattern": DAY_PATTERN,
            "title": _("Ngày theo dạng ngày/tháng/năm, ví dụ 05/03/2026"),
            "autocomplete": "off",
            "maxlength": "10",
            "size": "10",
            "class": "day-input",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DAY_DISPLAY_FORMAT)


class DayField(forms.DateField):
    """A date typed dd/mm/yyyy (also d/m/yyyy, with - or . between), with a Vietnamese reason when not."""

    widget = DayInput
    input_formats = DAY_INPUT_FORMATS
    default_error_messages = {
        "invalid": _("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2026."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DAY_INPUT_FORMATS)
        super().__init__(**kwargs)
