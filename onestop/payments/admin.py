"""Read-only admin of payments, the gateway's notifications and the reconciliation's mismatches: every
change goes through onestop.payments.services; an agency admin sees their agency's rows only."""

from django.contrib import admin

from egov.admin_scoping import scope

from .models import Mismatch, Notification, Payment


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["txn_ref", "dossier", "amount", "status", "receipt_number", "created_at"]
    list_filter = ["status"]
    search_fields = ["txn_ref", "dossier__code", "gateway_txn_no"]

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user, "agency")


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ["received_at", "txn_ref", "rsp_code", "message", "remote_addr"]
    list_filter = ["rsp_code"]
    search_fields = ["txn_ref"]

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user, "payment__agency")


@admin.register(Mismatch)
class MismatchAdmin(ReadOnly):
    list_display = ["day", "txn_ref", "kind", "here_status", "there_status", "here_amount", "there_amount"]
    list_filter = ["kind", "day"]
    search_fields = ["txn_ref"]

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user, "agency")
