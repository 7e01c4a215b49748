"""The queue's reference data in the admin, scoped to the admin's agencies (egov.admin_scoping): areas,
counters and kiosks. A kiosk is registered through `services.register_device`, which shows its token
once, and revoked through `services.revoke_device`; tickets are read-only (their changes are the
officers')."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from documents.admin import ReadOnlyMixin
from egov.admin_scoping import ScopedAdminMixin
from egov.errors import DomainError

from . import services
from .models import Counter, KioskDevice, ServiceArea, Ticket


@admin.register(ServiceArea)
class ServiceAreaAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("prefix", "name", "agency", "order", "is_active")
    list_filter = ("is_active", "agency")
    search_fields = ("name", "prefix")
    filter_horizontal = ("fields",)

    def has_delete_permission(self, request, obj=None):
        return False  # tickets keep their area; an area no longer used is switched off


@admin.register(Counter)
class CounterAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("number", "name", "agency", "officer", "is_active")
    list_filter = ("is_active", "agency")
    fields = ("agency", "number", "name", "areas", "is_active", "officer")
    readonly_fields = ("officer",)  # officers take and leave their seats on the counter page
    filter_horizontal = ("areas",)

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "areas":
            field.queryset = ServiceAreaAdmin(ServiceArea, self.admin_site).get_queryset(request)
        return field

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        wrong = form.instance.areas.exclude(agency=form.instance.agency_id)
        if wrong.exists():
            form.instance.areas.remove(*wrong)
            messages.warning(request, _("Đã bỏ các khu vực không thuộc cơ quan của quầy."))


@admin.register(KioskDevice)
class KioskDeviceAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "agency", "created_at", "last_seen_at", "revoked_at")
    list_filter = ("agency",)
    fields = ("agency", "name", "created_at", "last_seen_at", "revoked_at")
    readonly_fields = ("created_at", "last_seen_at", "revoked_at")
    actions = ["revoke"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "agency") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            device, token = services.register_device(request.user, obj.agency, obj.name)
        except DomainError as error:
            raise PermissionDenied(str(error)) from error
        obj.pk, obj.token_hash, obj.created_at = device.pk, device.token_hash, device.created_at
        obj.raw_token = token  # for response_add only: never stored

    def response_add(self, request, obj, post_url_continue=None):
        """The one page that shows the kiosk's token: the activation address to open on the device."""
        url = request.build_absolute_uri(reverse("counter:kiosk", args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "device": obj,
            "activation_url": f"{url}?{urlencode({'token': obj.raw_token})}",
            "title": _("Đã đăng ký máy lấy số"),
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "counter/admin_device_token.html", context)
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("Thu hồi máy lấy số đã chọn"))
    def revoke(self, request, queryset):
        for device in queryset:
            try:
                services.revoke_device(request.user, device)
            except DomainError as error:
                messages.error(request, str(error))
                return
        messages.success(request, _("Đã thu hồi %(n)s máy lấy số.") % {"n": queryset.count()})


@admin.register(Ticket)
class TicketAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "code",
        "day",
        "area",
        "is_priority",
        "status",
        "counter",
        "officer",
        "issued_at",
        "wait_seconds",
        "service_seconds",
    )
    list_filter = ("status", "is_priority", "day")
    search_fields = ("code",)
    date_hierarchy = "day"
