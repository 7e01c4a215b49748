"""An override takes effect at once: saving or deleting one drops every cached year (here immediately,
elsewhere through the shared version token), and again when the transaction commits so a process that
re-read the calendar before the commit does not keep the old one."""

from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import clock
from .models import CalendarOverride


@receiver(post_save, sender=CalendarOverride, dispatch_uid="workdays-override-saved")
@receiver(post_delete, sender=CalendarOverride, dispatch_uid="workdays-override-deleted")
def calendar_changed(sender, **kwargs):
    clock.invalidate_calendar()
    transaction.on_commit(clock.invalidate_calendar, robust=True)


@receiver(setting_changed, dispatch_uid="workdays-setting-changed")
def office_hours_changed(sender, setting, **kwargs):
    if setting.startswith("WORKDAYS_"):
        clock.reset_settings_cache()
