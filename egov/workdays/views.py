import calendar
import datetime

from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from egov.accounts.decorators import staff_required

from . import clock
from .models import WEEKDAY_NAMES, CalendarOverride

MIN_YEAR, MAX_YEAR = 1990, 2100
MONTH_NAMES = [f"Tháng {month}" for month in range(1, 13)]


@staff_required
def current_year(request):
    return redirect("workdays:year", year=timezone.localdate().year)


@staff_required
def year_view(request, year: int):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("Năm ngoài phạm vi lịch.")
    days = clock.year_calendar(year)
    by_date = {day.date: day for day in days}
    overrides = {}
    for override in CalendarOverride.objects.filter(
        Q(date__year=year) | Q(repeats_yearly=True, date__year__lt=year)
    ).order_by("-repeats_yearly", "date"):
        day = override.occurrence(year)
        if day is not None:
            overrides[day] = override  # one-off rows come last and win, as in the clock
    weekdays = clock.office_hours().weekdays

    holidays, working_weekends = [], []
    for day in days:
        override = overrides.get(day.date)
        if not day.working and day.name:
            holidays.append({"day": day, "weekday": WEEKDAY_NAMES[day.date.weekday()], "override": override})
        elif day.working and day.date.weekday() not in weekdays:
            working_weekends.append(
                {"day": day, "weekday": WEEKDAY_NAMES[day.date.weekday()], "override": override}
            )
    cancelled = [
        {"date": day, "weekday": WEEKDAY_NAMES[day.weekday()], "override": o}
        for day, o in overrides.items()
        if o.kind == CalendarOverride.Kind.CANCEL
    ]

    months = []
    for month in range(1, 13):
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append(
                [_cell(d, by_date[d], weekdays, d in overrides) if d.month == month else None for d in week]
            )
        months.append({"name": MONTH_NAMES[month - 1], "weeks": weeks})

    context = {
        "nav": "workdays-calendar",
        "year": year,
        "previous_year": year - 1 if year > MIN_YEAR else None,
        "next_year": year + 1 if year < MAX_YEAR else None,
        "holidays": holidays,
        "working_weekends": working_weekends,
        "cancelled": sorted(cancelled, key=lambda row: row["date"]),
        "working_day_count": sum(day.working for day in days),
        "months": months,
        "weekday_heads": ["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
        "today": timezone.localdate(),
        "can_edit": request.user.has_perm("workdays.change_calendaroverride") and request.user.is_staff,
        "office_periods": [(_clock(a), _clock(b)) for a, b in clock.office_hours().periods],
    }
    return render(request, "workdays/year.html", context)


def _clock(micro: int) -> str:
    seconds = micro // 1_000_000
    return datetime.time(seconds // 3600, seconds % 3600 // 60).strftime("%H:%M")


def _cell(day: datetime.date, info: clock.CalendarDay, weekdays, overridden: bool) -> dict:
    if not info.working:
        kind = "wd-off" if info.name else "wd-weekend"
    else:
        kind = "wd-swap" if day.weekday() not in weekdays else ""
    return {"date": day, "info": info, "css": kind, "override": overridden}
