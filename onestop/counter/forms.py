from django import forms
from django.utils.translation import gettext_lazy as _

from egov.once import OnceForm

from .models import PriorityKind, ServiceArea


class KioskForm(OnceForm):
    """One tap: the area's button submits the form, with the priority choice above it."""

    priority_kind = forms.ChoiceField(
        label=_("Đối tượng ưu tiên"),
        choices=[("", _("Không ưu tiên")), *PriorityKind.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.none(),
        error_messages={
            "required": _("Hãy chọn khu vực cần lấy số."),
            "invalid_choice": _("Khu vực không hợp lệ."),
        },
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = ServiceArea.objects.filter(agency=agency, is_active=True).order_by(
            "order", "prefix"
        )
