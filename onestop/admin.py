"""Dossiers in the admin: read-only (every change goes through `onestop.services` and its workflow) and
scoped by `visible_to`, so the admin shows no dossier its user could not see on the staff pages."""

from django.contrib import admin

from documents.admin import ReadOnlyMixin

from . import queries
from .models import Dossier, DossierApology, DossierEvent, DossierPaper, DossierPause, DossierStep


class PaperInline(ReadOnlyMixin, admin.TabularInline):
    model = DossierPaper
    extra = 0
    fields = ("name", "kind", "count", "file", "is_supplement", "received_at")
    readonly_fields = fields


class PauseInline(ReadOnlyMixin, admin.TabularInline):
    model = DossierPause
    extra = 0
    fields = ("kind", "agency", "reason", "started_at", "ended_at", "requested_by")
    readonly_fields = fields


class StepInline(ReadOnlyMixin, admin.TabularInline):
    model = DossierStep
    extra = 0
    fields = (
        "order",
        "kind",
        "from_user",
        "from_agency",
        "to_user",
        "to_department",
        "to_agency",
        "given_at",
        "received_at",
        "due_at",
        "done_at",
        "step_class",
    )
    readonly_fields = fields


class ApologyInline(ReadOnlyMixin, admin.TabularInline):
    model = DossierApology
    extra = 0
    fields = ("created_at", "agency", "reason", "previous_due_at", "new_due_at")
    readonly_fields = fields


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = DossierEvent
    extra = 0
    fields = ("at", "actor", "label", "note", "status")
    readonly_fields = fields


@admin.register(Dossier)
class DossierAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "code",
        "applicant_name",
        "version",
        "channel",
        "receiving_agency",
        "competent_agency",
        "status",
        "accepted_at",
        "due_at",
    )
    list_filter = ("status", "channel")
    search_fields = ("code", "applicant_name", "applicant_personal_id")
    date_hierarchy = "submitted_at"
    inlines = [PaperInline, PauseInline, StepInline, ApologyInline, EventInline]

    def get_queryset(self, request):
        return queries.visible_to(request.user)
