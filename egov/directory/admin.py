from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from egov.admin_scoping import ScopedAdminMixin, is_province_wide

from . import queries, services
from .models import (
    AdministrativeUnit,
    Agency,
    AgencyCode,
    Department,
    Position,
    StaffAssignment,
    UnitSuccession,
)


class AuditedAdminMixin:
    """The admin's saves and deletions, its inlines' included, go through services (audited)."""

    def save_model(self, request, obj, form, change):
        services.save_entry(request.user, obj, changed=form.changed_data)

    def delete_model(self, request, obj):
        services.delete_entry(request.user, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                services.delete_entry(request.user, obj)

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            for obj in formset.save(commit=False):
                changed = next((f.changed_data for f in formset.forms if f.instance is obj), ())
                services.save_entry(request.user, obj, changed=changed)
            for obj in formset.deleted_objects:
                services.delete_entry(request.user, obj)
            formset.save_m2m()


class SharedReferenceMixin:
    """Rows every agency shares (positions): an agency admin reads and adds them, only a province-wide
    admin changes them, since a change would show in every agency."""

    def has_change_permission(self, request, obj=None):
        return is_province_wide(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_province_wide(request.user) and super().has_delete_permission(request, obj)


def subtree_url(unit: AdministrativeUnit) -> str:
    day = queries.default_day(unit)
    return f"{reverse('directory:unit-detail', args=[unit.pk])}?ngay={day.isoformat()}"


class SuccessorInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    raw_id_fields = ["successor"]
    extra = 0
    verbose_name = _("đơn vị mới (sắp xếp thành)")
    verbose_name_plural = _("đơn vị mới (sắp xếp thành)")


class PredecessorInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "successor"
    raw_id_fields = ["predecessor"]
    extra = 0
    verbose_name = _("đơn vị cũ (hình thành từ)")
    verbose_name_plural = _("đơn vị cũ (hình thành từ)")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "valid_from", "valid_to", "subtree_link"]
    list_filter = ["level", "kind", "valid_from", "valid_to"]
    search_fields = ["code", "name", "short_name", "codename"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "subtree_link"]
    fields = [
        "code",
        "name",
        "short_name",
        "codename",
        "kind",
        "level",
        "parent",
        "path",
        "valid_from",
        "valid_to",
        "legal_basis",
        "subtree_link",
    ]
    inlines = [PredecessorInline, SuccessorInline]
    show_full_result_count = False

    @admin.display(description=_("cây đơn vị"))
    def subtree_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', subtree_url(obj), _("Xem cây đơn vị theo ngày"))

    def view_on_site(self, obj):
        return subtree_url(obj)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["predecessor", "successor", "effective_date", "legal_basis"]
    list_filter = ["effective_date", "predecessor__level"]
    search_fields = ["predecessor__code", "predecessor__name", "successor__code", "successor__name"]
    raw_id_fields = ["predecessor", "successor"]
    list_select_related = ["predecessor", "successor"]
    show_full_result_count = False


class AgencyCodeInline(admin.TabularInline):
    model = AgencyCode
    extra = 0


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Agency)
class AgencyAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    agency_path = ""
    list_display = ["name", "short_name", "code", "level", "unit", "parent", "is_active"]
    list_filter = ["level", "is_active", "short_name"]
    search_fields = ["name", "short_name", "code", "codes__code", "place_name"]
    raw_id_fields = ["unit"]
    autocomplete_fields = ["parent"]
    list_select_related = ["unit", "parent"]
    inlines = [AgencyCodeInline, DepartmentInline]
    # where an agency sits (its code, level, parent, territory) is decided province-wide
    placement_fields = ["code", "level", "parent", "unit", "is_active"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "code", "level", "parent", "is_active"]}),
        (_("Địa bàn và liên hệ"), {"fields": ["unit", "place_name", "address", "phone", "email"]}),
    ]

    def has_add_permission(self, request):
        return is_province_wide(request.user) and super().has_add_permission(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if is_province_wide(request.user) else readonly + self.placement_fields


@admin.register(AgencyCode)
class AgencyCodeAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "agency", "valid_from", "valid_to", "legal_basis"]
    list_filter = ["valid_to"]
    search_fields = ["code", "agency__name"]
    autocomplete_fields = ["agency"]


@admin.register(Department)
class DepartmentAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "abbreviation", "agency", "is_active"]
    list_filter = ["is_active", "agency"]
    search_fields = ["name", "abbreviation", "agency__name"]
    autocomplete_fields = ["agency"]
    list_select_related = ["agency"]


@admin.register(Position)
class PositionAdmin(AuditedAdminMixin, SharedReferenceMixin, admin.ModelAdmin):
    list_display = ["name", "rank"]
    list_filter = ["rank"]
    search_fields = ["name"]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(AuditedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "agency", "department", "position", "valid_from", "valid_to", "is_primary"]
    list_filter = ["agency", "position__rank", "position", "is_primary", "valid_to"]
    search_fields = [
        "user__username",
        "user__full_name",
        "agency__name",
        "department__name",
        "position__name",
    ]
    autocomplete_fields = ["user", "agency", "department", "position"]
    list_select_related = ["user", "agency", "department", "position"]
    date_hierarchy = "valid_from"

    # A post carries rights (an agency-leader post sees the agency's documents): nobody but a superuser
    # gives themselves one or changes their own.
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user" and not request.user.is_superuser:
            field.queryset = field.queryset.exclude(pk=request.user.pk)
        return field

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.user_id == request.user.pk and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)
