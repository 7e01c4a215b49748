"""Forms for staff editing the catalogue (admin). The rule that the steps' time budgets fit in the time
limit lives in services.step_budget_problem; the step formset applies it to what is being typed."""

import json
from decimal import Decimal

from django import forms
from django.forms.models import BaseInlineFormSet

from . import forms_schema
from .models import PROCEDURE_FIELDS, VERSION_CONTENT_FIELDS, Procedure, ProcedureVersion
from .services import step_budget_problem


class ProcedureAdminForm(forms.ModelForm):
    class Meta:
        model = Procedure
        fields = PROCEDURE_FIELDS


class PrettyJSONField(forms.JSONField):
    """A JSON textarea that shows the value indented and keeps Vietnamese letters readable."""

    widget = forms.Textarea(attrs={"rows": 16, "cols": 100, "style": "font-family: monospace"})

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2)


class VersionAdminForm(forms.ModelForm):
    form_schema = PrettyJSONField(
        label="Biểu mẫu điện tử (JSON Schema)",
        required=False,
        help_text="Đối tượng có properties kiểu string, integer, number hoặc boolean; kiểm tra bằng "
        "jsonschema.",
    )
    form_layout = PrettyJSONField(
        label="Bố cục biểu mẫu",
        required=False,
        help_text='Ví dụ: {"sections": [{"title": "Người nộp", "fields": ["ho_ten"]}], '
        '"fields": {"ho_ten": {"label": "Họ và tên"}}}',
    )

    class Meta:
        model = ProcedureVersion
        fields = [
            "procedure",
            "effective_from",
            "change_note",
            *VERSION_CONTENT_FIELDS,
        ]

    def clean(self):
        cleaned = super().clean()
        schema = cleaned.get("form_schema") or {}
        layout = cleaned.get("form_layout") or {}
        cleaned["form_schema"], cleaned["form_layout"] = schema, layout
        problems = forms_schema.schema_problems(schema, layout)
        if problems:
            self.add_error("form_schema", problems)
        return cleaned


class StepInlineFormSet(BaseInlineFormSet):
    """The steps' budgets together must not exceed the version's time limit."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        total = Decimal("0")
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            total += form.cleaned_data.get("budget") or Decimal("0")
        problem = step_budget_problem(total, self.instance)
        if problem:
            raise forms.ValidationError(problem)
