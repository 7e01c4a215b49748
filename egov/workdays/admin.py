from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.audit.services import record

from .models import CalendarOverride

# Vietnamese admins type dd/mm/yyyy; Django's "vi" locale defines no input formats, so without this
# "10/01/2027" would be read month-first as 1 October.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class CalendarOverrideForm(forms.ModelForm):
    date = forms.DateField(
        label=_("ngày"), input_formats=DATE_INPUT_FORMATS, widget=AdminDateWidget(format="%d/%m/%Y")
    )
    effective_from = forms.DateField(
        label=_("ngày công bố / hiệu lực"),
        input_formats=DATE_INPUT_FORMATS,
        widget=AdminDateWidget(format="%d/%m/%Y"),
        help_text=CalendarOverride._meta.get_field("effective_from").help_text,
    )
    repeat_until = forms.DateField(
        label=_("lặp lại đến ngày"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=AdminDateWidget(format="%d/%m/%Y"),
        help_text=CalendarOverride._meta.get_field("repeat_until").help_text,
    )

    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "name", "legal_note", "effective_from", "repeats_yearly", "repeat_until"]


class YearFilter(admin.SimpleListFilter):
    title = _("năm")
    parameter_name = "nam"

    def lookups(self, request, model_admin):
        years = CalendarOverride.objects.dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    form = CalendarOverrideForm
    list_display = [
        "date",
        "weekday",
        "kind",
        "name",
        "legal_note",
        "effective_from",
        "repeats_yearly",
        "updated_at",
    ]
    list_filter = [YearFilter, "kind", "repeats_yearly"]
    search_fields = ["name", "legal_note"]
    date_hierarchy = "date"
    ordering = ["-date"]
    fields = ["date", "kind", "name", "legal_note", "effective_from", "repeats_yearly", "repeat_until"]

    @admin.display(description=_("thứ"), ordering="date")
    def weekday(self, obj):
        return obj.weekday_name

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(
                request.user,
                "workdays.override_changed" if change else "workdays.override_added",
                obj,
                date=obj.date.isoformat(),
                kind=obj.kind,
                name=obj.name,
                legal_note=obj.legal_note,
                repeats_yearly=obj.repeats_yearly,
                repeat_until=obj.repeat_until.isoformat() if obj.repeat_until else None,
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            record(request.user, "workdays.override_deleted", obj, date=obj.date.isoformat(), kind=obj.kind)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                record(
                    request.user, "workdays.override_deleted", obj, date=obj.date.isoformat(), kind=obj.kind
                )
            super().delete_queryset(request, queryset)
