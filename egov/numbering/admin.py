from django.contrib import admin

from .models import Counter


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ("scope", "period", "value", "updated_at")
    search_fields = ("scope",)
    list_filter = ("period",)
    readonly_fields = ("scope", "period", "value", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
