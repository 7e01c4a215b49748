"""Messages and the local SMS outbox in the admin: read-only, province-wide admins only (the messages carry
citizens' addresses and no agency to scope them by). "Gửi lại" goes through services.resend."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.admin import ReadOnlyMixin
from egov.admin_scoping import is_province_wide

from . import services
from .models import LocalSms, Message


class ProvinceWideOnly(ReadOnlyMixin):
    def has_module_permission(self, request):
        return is_province_wide(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_province_wide(request.user) and super().has_view_permission(request, obj)


@admin.register(Message)
class MessageAdmin(ProvinceWideOnly, admin.ModelAdmin):
    list_display = ["queued_at", "channel", "address", "event", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel", "event"]
    search_fields = ["address", "related", "key", "provider_id"]
    readonly_fields = [field.name for field in Message._meta.fields]
    date_hierarchy = "queued_at"
    actions = ["resend"]

    @admin.action(description=gettext_lazy("Gửi lại các tin đã chọn (tin gửi lỗi hoặc không gửi được)"))
    def resend(self, request, queryset):
        count = services.resend(request.user, queryset)
        skipped = queryset.count() - count
        self.message_user(request, _("Đã đưa lại %(count)d tin vào hàng đợi gửi.") % {"count": count})
        if skipped:
            self.message_user(
                request,
                _("%(count)d tin không gửi lại: chỉ gửi lại tin gửi lỗi hoặc không gửi được.")
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(LocalSms)
class LocalSmsAdmin(ProvinceWideOnly, admin.ModelAdmin):
    list_display = ["created_at", "phone", "text"]
    search_fields = ["phone", "text"]
    readonly_fields = ["phone", "text", "created_at"]
