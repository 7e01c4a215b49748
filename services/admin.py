"""Admin for the catalogue: procedures, versions with inlines (papers, fees, steps), forms as JSON Schema,
publish/unpublish through services (audited), Excel import (upload page) and export (action and page)."""

import io
import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from egov.admin_scoping import ScopedAdminMixin, scope
from egov.errors import DomainError
from egov.files import download

from . import services
from .catalogue_io import export_catalogue, import_catalogue
from .forms import ProcedureAdminForm, StepInlineFormSet, VersionAdminForm
from .models import (
    FEE_FIELDS,
    PAPER_FIELDS,
    STEP_FIELDS,
    DraftFile,
    Fee,
    Field,
    FormDraft,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    RequiredPaper,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook_response(queryset=None) -> HttpResponse:
    buffer = io.BytesIO()
    export_catalogue(buffer, queryset)
    return download(
        buffer.getvalue(), f"danh-muc-thu-tuc-{timezone.localdate():%Y%m%d}.xlsx", content_type=XLSX
    )


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class VersionLinkInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ["link", "effective_from", "status", "time_limit_display", "published_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    verbose_name_plural = "Các phiên bản (mở để sửa bản dự thảo hoặc tạo phiên bản mới)"

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Phiên bản")
    def link(self, version):
        url = reverse("admin:services_procedureversion_change", args=[version.pk])
        return format_html('<a href="{}">v{}</a>', url, version.number)

    @admin.display(description="Thời hạn")
    def time_limit_display(self, version):
        return version.time_limit_display


class ExportImportMixin:
    def get_urls(self):
        extra = [
            path(
                "nhap-excel/", self.admin_site.admin_view(self.import_view), name="services_procedure_import"
            ),
            path(
                "xuat-excel/", self.admin_site.admin_view(self.export_view), name="services_procedure_export"
            ),
        ]
        return extra + super().get_urls()

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _workbook_response(self.get_queryset(request))

    def import_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        report = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = import_catalogue(form.cleaned_data["file"], actor=request.user)
            except DomainError as error:
                messages.error(request, str(error))
            else:
                level = messages.SUCCESS if report.ok else messages.ERROR
                self.message_user(request, report.summary(), level)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Nhập danh mục thủ tục từ Excel",
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "services/admin/import.html", context)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)", help_text="Bốn trang: Thủ tục, Giấy tờ, Lệ phí, Các bước."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp Excel .xlsx.")
        return upload


@admin.register(Procedure)
class ProcedureAdmin(ExportImportMixin, ScopedAdminMixin, admin.ModelAdmin):
    agency_path = "competent_agency"
    form = ProcedureAdminForm
    change_list_template = "services/admin/procedure_changelist.html"
    list_display = ["code", "name", "field", "handling_level", "online_level", "classification", "in_force"]
    list_filter = ["field", "handling_level", "online_level", "classification"]
    search_fields = ["code", "name", "search_text"]
    autocomplete_fields = []
    filter_horizontal = ["receiving_agencies"]
    inlines = [VersionLinkInline]
    actions = ["export_selected", "new_version"]
    fieldsets = [
        (None, {"fields": ["code", "name", "field", "handling_level", "applicants", "description"]}),
        ("Cơ quan", {"fields": ["competent_agency", "receiving_agencies"]}),
        (
            "Dịch vụ công trực tuyến",
            {
                "fields": [
                    "online_level",
                    "classification",
                    ("accepts_online", "accepts_in_person", "accepts_postal"),
                    ("returns_online", "returns_in_person", "returns_postal"),
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        services.save_procedure(request.user, obj, form.cleaned_data.get("receiving_agencies"))

    @admin.display(description="Đang áp dụng", boolean=True)
    def in_force(self, procedure):
        return procedure.current_version is not None

    @admin.action(description="Xuất Excel các thủ tục đã chọn")
    def export_selected(self, request, queryset):
        return _workbook_response(queryset)

    @admin.action(description="Tạo phiên bản mới (dự thảo, sao chép phiên bản gần nhất)")
    def new_version(self, request, queryset):
        for procedure in queryset:
            try:
                version = services.create_version(request.user, procedure, timezone.localdate())
            except DomainError as error:
                self.message_user(request, f"{procedure.code}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"Đã tạo {version} (dự thảo).", messages.SUCCESS)


class FrozenInlineMixin:
    """Inlines of a published version are read-only."""

    def _frozen(self, obj):
        return obj is not None and not obj.is_editable

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class PaperInline(FrozenInlineMixin, admin.TabularInline):
    model = RequiredPaper
    extra = 0
    fields = [*PAPER_FIELDS, "template_file"]


class FeeInline(FrozenInlineMixin, admin.TabularInline):
    model = Fee
    extra = 0
    fields = FEE_FIELDS


class StepInline(FrozenInlineMixin, ScopedAdminMixin, admin.TabularInline):
    agency_path = "version__procedure__competent_agency"
    model = ProcessingStep
    formset = StepInlineFormSet
    extra = 0
    fields = STEP_FIELDS


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    agency_path = "procedure__competent_agency"
    form = VersionAdminForm
    list_display = ["__str__", "procedure", "effective_from", "status", "published_at"]
    list_filter = ["status", "procedure__field"]
    search_fields = ["procedure__code", "procedure__name"]
    inlines = [PaperInline, FeeInline, StepInline]
    actions = ["publish", "unpublish"]
    readonly_fields = ["status", "published_at", "published_by", "withdrawn_at", "number"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "procedure",
                    "number",
                    "effective_from",
                    "change_note",
                    "status",
                    "published_at",
                    "published_by",
                    "withdrawn_at",
                ]
            },
        ),
        ("Thời hạn", {"fields": ["time_limit_amount", "time_limit_unit", "cutoff_time", "time_limit_note"]}),
        (
            "Nội dung",
            {"fields": ["result_name", "conditions", "legal_basis", "allows_supplement", "allows_extension"]},
        ),
        ("Biểu mẫu điện tử", {"fields": ["form_schema", "form_layout"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "procedure":  # a version only for a procedure of the admin's agencies
            kwargs["queryset"] = scope(Procedure.objects.all(), request.user, "competent_agency")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return False  # shown read-only; a change needs a new version
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        services.save_version(request.user, obj)

    def save_formset(self, request, form, formset, change):
        saved = formset.save(commit=False)
        services.save_version_parts(request.user, form.instance, saved, formset.deleted_objects)
        formset.save_m2m()

    def _run(self, request, queryset, action, done):
        for version in queryset:
            try:
                action(request.user, version)
            except DomainError as error:
                self.message_user(request, f"{version}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"{version}: {done}.", messages.SUCCESS)

    @admin.action(description="Công bố các phiên bản đã chọn", permissions=["publish"])
    def publish(self, request, queryset):
        self._run(request, queryset, services.publish_version, "đã công bố")

    @admin.action(description="Ngừng công bố các phiên bản đã chọn", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run(request, queryset, services.unpublish_version, "đã ngừng công bố")

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH_PERMISSION)


class DraftFileInline(admin.TabularInline):
    model = DraftFile
    extra = 0
    fields = ["slot", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(FormDraft)
class FormDraftAdmin(admin.ModelAdmin):
    """Read-only, for support: drafts belong to citizens."""

    list_display = ["__str__", "user", "updated_at", "checked_ok_at"]
    readonly_fields = ["user", "version", "pretty_data", "created_at", "updated_at", "checked_ok_at"]
    exclude = ["data"]
    inlines = [DraftFileInline]

    @admin.display(description="Dữ liệu")
    def pretty_data(self, draft):
        return format_html("<pre>{}</pre>", json.dumps(draft.data, ensure_ascii=False, indent=2))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
