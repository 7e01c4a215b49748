from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from egov.admin_scoping import ScopedAdminMixin
from egov.errors import DomainError
from egov.files import download

from . import services
from .forms import Pkcs12ImportForm
from .models import PendingSignature, RegisteredDocument, SealImage, SignatureImage, SigningCertificate


class ExpiryFilter(admin.SimpleListFilter):
    title = _("thời hạn")
    parameter_name = "thoi_han"

    def lookups(self, request, model_admin):
        return [
            ("sap-het", _("Sắp hết hạn (30 ngày)")),
            ("het-han", _("Đã hết hạn")),
            ("con-han", _("Còn hạn")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "sap-het":
            return queryset.expiring()
        if self.value() == "het-han":
            return queryset.filter(not_after__lte=now)
        if self.value() == "con-han":
            return queryset.filter(not_after__gt=now)
        return queryset


class CertificateAdminForm(forms.ModelForm):
    revoke = forms.BooleanField(
        label=_("Thu hồi chứng thư số"),
        required=False,
        help_text=_("Cần ghi lý do thu hồi; không hoàn tác được."),
    )

    class Meta:
        model = SigningCertificate
        fields = [
            "user",
            "agency",
            "position",
            "backend",
            "pkcs11_module",
            "pkcs11_token_label",
            "pkcs11_key_label",
            "revoked_reason",
        ]


@admin.register(SigningCertificate)
class SigningCertificateAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = CertificateAdminForm
    user_path = "user"
    list_display = ["subject_name", "holder_display", "key_type", "backend", "expiry", "usable", "is_demo"]
    list_filter = [ExpiryFilter, "status", "backend", "is_demo"]
    search_fields = ["subject_name", "serial_number", "fingerprint", "user__full_name", "agency__name"]
    readonly_fields = [
        "subject_name",
        "issuer_name",
        "serial_number",
        "fingerprint",
        "key_type",
        "not_before",
        "not_after",
        "certificate_pem",
        "chain_pem",
        "status",
        "revoked_at",
        "created_at",
        "is_demo",
    ]
    fields = [*CertificateAdminForm.Meta.fields, "revoke", *readonly_fields]
    autocomplete_fields = []
    change_list_template = "signing/admin_certificate_changelist.html"

    def has_add_permission(self, request):
        return False  # certificates come in through "Nhập tệp PKCS#12"

    @admin.display(description=_("người, cơ quan giữ chứng thư"))
    def holder_display(self, obj):
        return obj.holder

    @admin.display(description=_("hết hạn"), ordering="not_after")
    def expiry(self, obj):
        text = timezone.localtime(obj.not_after).strftime("%d/%m/%Y")
        if obj.not_after <= timezone.now():
            return format_html('<strong class="admin-expired">{} ({})</strong>', text, _("đã hết hạn"))
        if obj.expires_soon:
            return format_html(
                '<strong class="admin-expiring">⚠ {} ({})</strong>',
                text,
                ngettext("còn %(n)s ngày", "còn %(n)s ngày", obj.days_left) % {"n": obj.days_left},
            )
        return text

    @admin.display(description=_("dùng được"))
    def usable(self, obj):
        if obj.revoked:
            return format_html(
                '<span class="admin-revoked">{}: {}</span>', _("Đã thu hồi"), obj.revoked_reason
            )
        return _("Dùng được") if obj.is_valid_at() else _("Không dùng được")

    def save_model(self, request, obj, form, change):
        if change and form.cleaned_data.get("revoke") and not obj.revoked:
            reason = obj.revoked_reason
            obj.revoked_reason = form.initial.get("revoked_reason", "")
            super().save_model(request, obj, form, change)
            try:
                services.revoke_certificate(obj, reason=reason, actor=request.user)
            except DomainError as error:
                messages.error(request, str(error))
            return
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path("nhap-p12/", self.admin_site.admin_view(self.import_view), name="signing_import_p12"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_change_permission(request):
            messages.error(request, _("Không có quyền."))
            return redirect("admin:index")
        form = Pkcs12ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                stored = services.import_pkcs12(
                    data["file"].read(),
                    data["password"],
                    pin=data["pin"],
                    actor=request.user,
                    user=data["user"] if data["holder_kind"] == "user" else None,
                    agency=data["agency"] if data["holder_kind"] == "agency" else None,
                    position=data["position"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Đã nhập chứng thư số “%s”.") % stored.subject_name)
                return redirect(reverse("admin:signing_signingcertificate_change", args=[stored.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Nhập chứng thư số từ tệp PKCS#12"),
            "opts": self.model._meta,
        }
        return render(request, "signing/admin_import_p12.html", context)


class _LinkedImage:
    """The stored image as the file widget shows it ("Hiện tại: <a href=url>name</a>"), linked to the
    admin's own view instead of /media/, which is not served."""

    def __init__(self, value, url):
        self.value, self.url = value, url

    def __str__(self):
        return str(self.value)


class AdminImageWidget(AdminFileWidget):
    def __init__(self, url: str, attrs=None):
        super().__init__(attrs)
        self.admin_url = url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = _LinkedImage(value, self.admin_url)
        return context


class ImagePreviewAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Signature and seal images: no public /media/ route, so the admin shows them through its own view,
    which reads the image from the admin's scoped queryset (another agency's image is not found)."""

    readonly_fields = ["preview"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and obj.image and "image" in form.base_fields:
            url = reverse(f"admin:{self._image_url_name()}", args=[obj.pk])
            form.base_fields["image"].widget = AdminImageWidget(url)
        return form

    def _image_url_name(self):
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_image"

    def get_urls(self):
        return [
            path("<int:pk>/anh/", self.admin_site.admin_view(self.image_view), name=self._image_url_name()),
            *super().get_urls(),
        ]

    def image_view(self, request, pk):
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, obj) or not obj.image:
            raise Http404
        return download(obj.image, content_type="image/png", inline=True)

    @admin.display(description=_("ảnh"))
    def preview(self, obj):
        if not obj.image:
            return "-"
        url = reverse(f"admin:{self._image_url_name()}", args=[obj.pk])
        return format_html('<img src="{}" alt="" class="admin-thumb">', url)


@admin.register(SignatureImage)
class SignatureImageAdmin(ImagePreviewAdmin):
    agency_path = None
    user_path = "user"
    list_display = ["user", "preview", "updated_at"]
    list_display_links = ["user"]
    search_fields = ["user__full_name", "user__username"]


@admin.register(SealImage)
class SealImageAdmin(ImagePreviewAdmin):
    list_display = ["agency", "preview", "diameter_mm", "updated_at"]
    list_display_links = ["agency"]
    search_fields = ["agency__name"]


@admin.register(RegisteredDocument)
class RegisteredDocumentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["notation", "title", "agency", "issued_at"]
    search_fields = ["notation", "title", "sha256", "verify_token"]
    readonly_fields = ["sha256", "verify_token", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(PendingSignature)
class PendingSignatureAdmin(ScopedAdminMixin, admin.ModelAdmin):
    agency_path = "certificate__agency"
    user_path = "created_by"
    list_display = ["id", "kind", "certificate", "created_by", "created_at", "expires_at", "completed_at"]
    readonly_fields = [f.name for f in PendingSignature._meta.fields]

    def has_add_permission(self, request):
        return False
