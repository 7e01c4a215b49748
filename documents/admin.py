from django.contrib import admin

from .models import (
    Event,
    IncomingDocument,
    Notification,
    OutboxMessage,
    OutgoingDocument,
    Recipient,
    Task,
    WorkFile,
)


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    fields = ("created_at", "actor", "label", "comment")
    readonly_fields = fields
    can_delete = False


@admin.register(IncomingDocument)
class IncomingAdmin(admin.ModelAdmin):
    list_display = (
        "arrival_number",
        "arrival_year",
        "agency",
        "doc_type",
        "number",
        "notation",
        "subject",
        "status",
    )
    list_filter = ("agency", "arrival_year", "status", "urgency", "secrecy")
    search_fields = ("subject", "notation", "issuing_organ")
    readonly_fields = ("arrival_number", "arrival_year", "agency", "status", "registered_by")
    inlines = [EventInline]

    def has_delete_permission(self, request, obj=None):
        return False


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0


@admin.register(OutgoingDocument)
class OutgoingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "agency", "doc_type", "status", "issued_date")
    list_filter = ("agency", "status", "doc_type", "secrecy")
    search_fields = ("subject", "notation")
    readonly_fields = ("number", "notation", "sequence", "year", "status", "issued_date", "numbered_by")
    inlines = [RecipientInline, EventInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "agency", "department", "assignee", "deadline", "status")
    list_filter = ("status", "agency")


@admin.register(OutboxMessage)
class OutboxAdmin(admin.ModelAdmin):
    list_display = ("document", "recipient", "kind", "status", "created_at")
    list_filter = ("status", "kind")


@admin.register(WorkFile)
class WorkFileAdmin(admin.ModelAdmin):
    list_display = ("notation", "title", "agency", "year", "archive_due")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "text", "created_at", "read_at")
