"""Documents in the admin: read-only (every change goes through the services and their workflow), and
each list scoped by the same queries as the staff pages, so the admin shows no document, task, file or
outbox row its user could not see there."""

from django.contrib import admin

from egov.admin_scoping import scope

from . import queries
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


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = Event
    extra = 0
    fields = ("created_at", "actor", "label", "comment")
    readonly_fields = fields


@admin.register(IncomingDocument)
class IncomingAdmin(ReadOnlyMixin, admin.ModelAdmin):
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
    list_filter = ("arrival_year", "status", "urgency", "secrecy")
    search_fields = ("subject", "notation", "issuing_organ")
    inlines = [EventInline]

    def get_queryset(self, request):
        return queries.incoming_visible_to(request.user).select_related("agency")


class RecipientInline(ReadOnlyMixin, admin.TabularInline):
    model = Recipient
    extra = 0


@admin.register(OutgoingDocument)
class OutgoingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("__str__", "agency", "doc_type", "status", "issued_date")
    list_filter = ("status", "doc_type", "secrecy")
    search_fields = ("subject", "notation")
    inlines = [RecipientInline, EventInline]

    def get_queryset(self, request):
        return queries.outgoing_visible_to(request.user).select_related("agency")


@admin.register(Task)
class TaskAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "agency", "department", "assignee", "deadline", "status")
    list_filter = ("status",)

    def get_queryset(self, request):
        return queries.tasks_visible_to(request.user)


@admin.register(OutboxMessage)
class OutboxAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("document", "recipient", "kind", "status", "created_at")
    list_filter = ("status", "kind")

    def get_queryset(self, request):
        visible = queries.outgoing_visible_to(request.user)
        return super().get_queryset(request).filter(document__in=visible.values("pk"))


@admin.register(WorkFile)
class WorkFileAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("notation", "title", "agency", "year", "archive_due")

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user, "agency")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A notification names its document: only its own addressee reads it (a superuser, for support)."""

    list_display = ("user", "text", "created_at", "read_at")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)
