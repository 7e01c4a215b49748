from django.contrib import admin

from documents.admin import ReadOnlyMixin

from .models import RecountRun


@admin.register(RecountRun)
class RecountRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The nightly recounts, read only (the summaries themselves are derived data, not edited)."""

    list_display = ("started_at", "finished_at", "dossiers", "differences", "repaired")
    readonly_fields = ("started_at", "finished_at", "dossiers", "differences", "repaired", "detail")
