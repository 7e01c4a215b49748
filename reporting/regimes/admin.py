"""Regimes and their numeric templates in the admin, scoped to the recipient agency (egov.admin_scoping):
an agency admin defines the regimes their agency receives. The template's cells are checked together when
the regime is saved (a formula referring to a missing cell, a cycle, an unknown statistic: refused with the
reason). Instances are created by the beat task or on demand (the action); they are read-only here, every
change going through the services."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from documents.admin import ReadOnlyMixin
from egov.admin_scoping import ScopedAdminMixin, admin_agency_ids, is_province_wide

from . import formulas, services
from .models import ReportInstance, ReportRegime, TemplateCell


class CellForm(forms.ModelForm):
    class Meta:
        model = TemplateCell
        fields = ("order", "code", "label", "unit", "source", "statistic", "formula")

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source == TemplateCell.Source.STATISTIC and not data.get("statistic"):
            self.add_error("statistic", _("Chọn số liệu thống kê cho chỉ tiêu lấy từ thống kê."))
        if source == TemplateCell.Source.FORMULA and not data.get("formula"):
            self.add_error("formula", _("Nhập công thức cho chỉ tiêu tính theo công thức."))
        if source != TemplateCell.Source.STATISTIC:
            data["statistic"] = ""
        if source != TemplateCell.Source.FORMULA:
            data["formula"] = ""
        return data


class CellFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        cells = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("code"):
                continue
            cells.append(
                formulas.CellSpec(
                    data["code"], data.get("source", ""), data.get("statistic", ""), data.get("formula", "")
                )
            )
        services.check_regime(cells)


class CellInline(admin.TabularInline):
    model = TemplateCell
    form = CellForm
    formset = CellFormSet
    extra = 3
    fields = ("order", "code", "label", "unit", "source", "statistic", "formula")


@admin.register(ReportRegime)
class ReportRegimeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    agency_path = "recipient"
    list_display = (
        "name",
        "recipient",
        "frequency",
        "closing_rule",
        "deadline_days",
        "valid_from",
        "closed_on",
    )
    list_filter = ("frequency", "recipient")
    search_fields = ("name",)
    filter_horizontal = ("reporters",)
    inlines = [CellInline]
    actions = ["create_instances"]
    fieldsets = (
        (None, {"fields": ("name", "content", "recipient", "delivery")}),
        (_("Đối tượng thực hiện"), {"fields": ("reporter_scope", "reporters", "statistics_scope")}),
        (
            _("Kỳ báo cáo và thời hạn"),
            {"fields": ("frequency", "closing_rule", "deadline_days", "valid_from", "closed_on")},
        ),
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "reporters" and not is_province_wide(request.user):
            from egov.directory.models import Agency

            mine = admin_agency_ids(request.user)
            field.queryset = Agency.objects.filter(Q(pk__in=mine) | Q(parent_id__in=mine))
        return field

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.instances.exists():
            return False  # a regime with reports is closed (ngừng áp dụng), not deleted
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Tạo các kỳ báo cáo đến hôm nay"))
    def create_instances(self, request, queryset):
        created = sum(services.ensure_instances(regime, actor=request.user) for regime in queryset)
        messages.success(request, _("Đã tạo %(n)s báo cáo định kỳ.") % {"n": created})


@admin.register(ReportInstance)
class ReportInstanceAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    agency_path = "reporter"
    list_display = ("regime", "reporter", "year", "number", "deadline", "status", "is_late", "submitted_at")
    list_filter = ("status", "is_late", "regime")
    search_fields = ("reporter__name", "regime__name")
    date_hierarchy = "period_start"

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if is_province_wide(request.user):
            return queryset
        mine = admin_agency_ids(request.user)
        return queryset.filter(Q(reporter_id__in=mine) | Q(regime__recipient_id__in=mine))
