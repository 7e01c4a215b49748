from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.forms import DayField

from . import services
from .models import CalendarOverride


class CalendarOverrideForm(forms.ModelForm):
    # Vietnamese admins type dd/mm/yyyy, whatever the interface language (egov.forms.DayField).
    date = DayField(label=_("ngày"))
    effective_from = DayField(
        label=_("ngày công bố / hiệu lực"),
        help_text=CalendarOverride._meta.get_field("effective_from").help_text,
    )
    repeat_until = DayField(
        label=_("lặp lại đến ngày"),
        required=False,
        help_text=CalendarOverride._meta.get_field("repeat_until").help_text,
    )

    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "name", "legal_note", "effective_from", "repeats_yearly", "repeat_until"]

    def _post_clean(self):
        super()._post_clean()  # the model's own checks
        for field, messages in services.calendar_problems(self.instance).items():
            self.add_error(field, messages)


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
        services.save_override(request.user, obj)

    def delete_model(self, request, obj):
        services.delete_override(request.user, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                services.delete_override(request.user, obj)
