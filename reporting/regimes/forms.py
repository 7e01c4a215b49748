"""Forms of the periodic report pages: the typed cells (the services validate the numbers and compute the
rest), the leader's PIN and the recipient's reason for returning a report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TemplateCell


class ValuesForm(forms.Form):
    """One text field per typed cell of the template, named cell-<code>; a number's rules (whole, not
    negative, within the bound) are the services' (services.parse_typed)."""

    def __init__(self, cells, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = [cell.code for cell in cells if cell.source == TemplateCell.Source.TYPED]
        for cell in cells:
            if cell.source == TemplateCell.Source.TYPED:
                self.fields[f"cell-{cell.code}"] = forms.CharField(
                    label=cell.label, required=False, max_length=20
                )

    def typed(self) -> dict:
        return {code: self.cleaned_data.get(f"cell-{code}", "") for code in self.codes}


class SignForm(forms.Form):
    pin = forms.CharField(
        label=_("Mã PIN chữ ký số"), max_length=64, required=False, strip=False, widget=forms.PasswordInput
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
