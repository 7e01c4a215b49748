"""Every change of the calendar overrides goes through here: checked against the library's calendar,
saved, and audited in one transaction (the admin and the demo data call these, never save() directly)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egov.audit.services import record

from . import clock
from .models import CalendarOverride


def calendar_problems(override: CalendarOverride) -> dict[str, list[str]]:
    """What makes `override` pointless against the default calendar (library holidays and swaps), by field:
    cancelling a day that is no holiday or swap, or declaring a working day that already is one."""
    if override.date is None or not override.kind:
        return {}
    weekdays = clock.office_hours().weekdays
    days_off, working = clock.base_year(override.date.year, weekdays)
    day = override.date
    base_working = day in working or (day.weekday() in weekdays and day not in days_off)
    if override.kind == CalendarOverride.Kind.CANCEL and day not in days_off and day not in working:
        return {
            "kind": [
                _("Ngày này không phải ngày nghỉ lễ hay ngày làm bù theo lịch mặc định: không có gì để bỏ.")
            ]
        }
    if override.kind == CalendarOverride.Kind.WORKING_DAY and base_working:
        return {"kind": [_("Ngày này đã là ngày làm việc theo lịch mặc định.")]}
    return {}


def check_override(override: CalendarOverride) -> None:
    """ValidationError (Vietnamese, by field) unless `override` may be saved."""
    override.full_clean()
    if problems := calendar_problems(override):
        raise ValidationError(problems)


def _details(override: CalendarOverride) -> dict:
    return {
        "date": override.date.isoformat(),
        "kind": override.kind,
        "name": override.name,
        "legal_note": override.legal_note,
        "repeats_yearly": override.repeats_yearly,
        "repeat_until": override.repeat_until.isoformat() if override.repeat_until else None,
    }


@transaction.atomic
def save_override(actor, override: CalendarOverride) -> CalendarOverride:
    check_override(override)
    adding = override.pk is None
    override.save()
    record(
        actor,
        "workdays.override_added" if adding else "workdays.override_changed",
        override,
        **_details(override),
    )
    return override


@transaction.atomic
def delete_override(actor, override: CalendarOverride) -> None:
    record(actor, "workdays.override_deleted", override, date=override.date.isoformat(), kind=override.kind)
    override.delete()
