"""The working-day clock: every deadline in the portal is computed here.

Calendar
    A day is a working day when its weekday is in WORKDAYS_WEEKDAYS (default Monday-Friday) and it is not a
    public holiday of `holidays.Vietnam()` (Vietnamese names), or when the library lists it among its
    swapped working weekend days (`weekend_workdays`, e.g. Saturday 22 August 2026). Admin-entered
    `CalendarOverride` rows come last and win: HOLIDAY makes the date a day off, WORKING_DAY makes it a
    working day, CANCEL restores the plain weekly rule for that date (it removes the library's holiday,
    or the library's swapped working Saturday).

Office hours
    WORKDAYS_OFFICE_HOURS (default (("07:30", "11:30"), ("13:00", "17:00"))): the same periods on every
    working day, including a working Saturday. An instant is inside office hours when opening <= t < close
    of one period (so 17:00 itself belongs to the next opening); a *due* instant may sit exactly on a
    closing time (17:00 is the usual due instant).

Deadline convention (`due_at`)
    * The clock starts at S = the first instant inside office hours at or after acceptance. With a
      same-day cut-off (e.g. 15:00), acceptance later than the cut-off on its working day starts the clock
      at the opening of the next working day. Acceptance at exactly the cut-off is not "after" it.
    * DAYS, n >= 1: counting starts the working day after S's day; the due instant is the close of office
      hours (17:00) on the n-th working day. n == 0 ("trong ngày"): the close of S's day, i.e. of the
      acceptance day, or of the next working day when accepted after the cut-off / after hours.
    * HOURS, h: S plus h of working time (lunch, nights, weekends and holidays do not count). When the
      time runs out exactly at a closing time, the due instant is that closing time (11:30 or 17:00), not
      the next opening.
    * Pauses (supplement requested -> supplied) stop the clock: the working time used between S and the
      pause start is kept and the remaining working time runs on from the pause end, so a pause of k
      working days moves the due instant by exactly k working days (never less). Pauses may be given in
      any order and may overlap; parts before S are ignored; a pause that starts after the deadline has
      already run out changes nothing.
    * An open pause (end None) that starts before the deadline ran out leaves the due instant undetermined:
      `due_at` raises `DeadlinePaused` (a DomainError carrying `.remaining`, the working time still left,
      and `.paused_since`). For a provisional date pass the pause with end = timezone.now().

Datetimes
    Inputs are aware datetimes (a naive one is read as Asia/Ho_Chi_Minh local time); results are aware, in
    Asia/Ho_Chi_Minh. Date results are `datetime.date`.

Caching
    A year's calendar is computed once (library + overrides) and kept in the Django cache under a version
    token, and in-process as arrays. Saving or deleting an override bumps the token at once (and again on
    commit) and clears this process's arrays; other processes re-read the token at most once every
    WORKDAYS_VERSION_CHECK_SECONDS (default 1 s), so an override reaches every process within a second when
    the cache is shared (Redis). Plain `QuerySet.update()` on overrides bypasses the signals: call
    `invalidate_calendar()` after it.
"""

from __future__ import annotations

import datetime as dt
import threading
import time as _time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.timezone import get_default_timezone
from django.utils.translation import gettext_lazy as _

from egov.errors import DomainError

__all__ = [
    "DeadlinePaused",
    "TimeUnit",
    "add_working_days",
    "add_working_hours",
    "clock_start",
    "due_at",
    "invalidate_calendar",
    "is_working_day",
    "next_working_instant",
    "office_hours",
    "working_days_between",
    "working_time_between",
    "year_calendar",
]

LOCAL_TZ = get_default_timezone()
VERSION_KEY = "workdays:calendar-version"
US = 1_000_000  # microseconds per second
DAY_US = 86_400 * US


class TimeUnit(models.TextChoices):
    DAYS = "days", _("ngày làm việc")
    HOURS = "hours", _("giờ làm việc")


class DeadlinePaused(DomainError):
    """The dossier is paused (an open pause): its due instant is not determined yet."""

    code = "deadline_paused"
    http_status = 409

    def __init__(self, remaining: dt.timedelta, paused_since: dt.datetime):
        super().__init__("Hồ sơ đang tạm dừng tính thời hạn; hạn xử lý chưa xác định.")
        self.remaining = remaining
        self.paused_since = paused_since


# --- Office hours ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OfficeHours:
    periods: tuple[tuple[int, int], ...]  # (open, close) in microseconds since midnight, sorted, disjoint
    weekdays: frozenset[int]
    day_us: int  # working time in one working day
    check_seconds: float = 1.0  # WORKDAYS_VERSION_CHECK_SECONDS

    @property
    def opening(self) -> int:
        return self.periods[0][0]

    @property
    def closing(self) -> int:
        return self.periods[-1][1]


def _parse_clock(value) -> int:
    t = value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))
    return ((t.hour * 60 + t.minute) * 60 + t.second) * US + t.microsecond


_office_hours: OfficeHours | None = None


def office_hours() -> OfficeHours:
    """The configured office hours (WORKDAYS_OFFICE_HOURS, WORKDAYS_WEEKDAYS), parsed once."""
    global _office_hours
    if _office_hours is None:
        raw = settings.WORKDAYS_OFFICE_HOURS
        periods = tuple(sorted((_parse_clock(a), _parse_clock(b)) for a, b in raw))
        if not periods or any(a >= b for a, b in periods):
            raise ValueError(
                "WORKDAYS_OFFICE_HOURS needs at least one (open, close) period with open < close"
            )
        if any(periods[i][1] > periods[i + 1][0] for i in range(len(periods) - 1)):
            raise ValueError("WORKDAYS_OFFICE_HOURS periods overlap")
        weekdays = frozenset(settings.WORKDAYS_WEEKDAYS)
        _office_hours = OfficeHours(
            periods,
            weekdays,
            sum(b - a for a, b in periods),
            float(settings.WORKDAYS_VERSION_CHECK_SECONDS),
        )
    return _office_hours


# --- Year calendars -------------------------------------------------------------------------------------
class YearCalendar:
    """One year as arrays: `working[i]` for day i of the year (0-based), the working days in order, and
    `first_from[i]` = index in `days` of the first working day on or after day i (len(days) if none)."""

    __slots__ = ("days", "first_from", "holidays", "jan1", "working", "working_weekends", "year")

    def __init__(self, year: int, holidays: dict, working_weekends: dict, weekdays: frozenset[int]):
        self.year = year
        self.jan1 = dt.date(year, 1, 1).toordinal()
        self.holidays = holidays  # date -> name (days off on a weekday or weekend, for display)
        self.working_weekends = working_weekends  # date -> name (declared working days off the weekly rule)
        n = dt.date(year, 12, 31).toordinal() - self.jan1 + 1
        working = bytearray(n)
        for i in range(n):
            day = dt.date.fromordinal(self.jan1 + i)
            if day in working_weekends or (day.weekday() in weekdays and day not in holidays):
                working[i] = 1
        self.working = bytes(working)
        self.days = [dt.date.fromordinal(self.jan1 + i) for i in range(n) if working[i]]
        first_from = [0] * (n + 1)
        count = len(self.days)
        first_from[n] = count
        for i in range(n - 1, -1, -1):
            if working[i]:
                count -= 1
            first_from[i] = count
        self.first_from = first_from


def base_year(year: int, weekdays: frozenset[int]) -> tuple[dict, dict]:
    """The library's calendar for `year`: holidays (date -> Vietnamese name) and swapped working weekend
    days (date -> name)."""
    import holidays as holidays_lib

    lib = holidays_lib.Vietnam(years=year, language="vi")
    days_off = {day: name for day, name in lib.items() if day.year == year}
    working = {
        day: "Ngày làm việc bù (hoán đổi ngày làm việc)"
        for day in getattr(lib, "weekend_workdays", ())
        if day.year == year and day.weekday() not in weekdays
    }
    return days_off, working


def compute_year(year: int) -> tuple[dict, dict]:
    """Library calendar plus the admin overrides of `year` (one DB query)."""
    from .models import CalendarOverride

    weekdays = office_hours().weekdays
    days_off, working = base_year(year, weekdays)
    rows = CalendarOverride.objects.filter(
        models.Q(date__year=year) | models.Q(repeats_yearly=True, date__year__lt=year)
    ).order_by("date", "pk")
    # Yearly rules first, then the one-off rows of the year, which win over them.
    applied = sorted(
        ((o.occurrence(year), o) for o in rows),
        key=lambda item: (not item[1].repeats_yearly, item[0] or dt.date.min),
    )
    compensatory = []
    explicit = {day for day, override in applied if not override.repeats_yearly}
    for day, override in applied:
        if day is None:
            continue
        days_off.pop(day, None)
        working.pop(day, None)
        if override.kind == CalendarOverride.Kind.HOLIDAY:
            days_off[day] = override.name
            if override.repeats_yearly and day.weekday() not in weekdays:
                compensatory.append((day, override.name))
        elif override.kind == CalendarOverride.Kind.WORKING_DAY:
            working[day] = override.name
        # CANCEL: the plain weekly rule applies to that date.
    for day, name in compensatory:
        # A yearly holiday on a weekly day off gives the next working day off (BLLĐ 2019 Art. 112.3).
        off = day + dt.timedelta(days=1)
        while off.weekday() not in weekdays or off in days_off:
            off += dt.timedelta(days=1)
        if off.year == year and off not in working and off not in explicit:
            days_off[off] = f"{name} (nghỉ bù)"
    return days_off, working


class _State:
    def __init__(self):
        self.lock = threading.Lock()
        self.years: dict[int, YearCalendar] = {}
        self.version: str | None = None
        self.checked_at = float("-inf")


_state = _State()


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def _refresh() -> OfficeHours:
    """Drop the in-process years when the shared version token moved (checked at most once per interval).
    Returns the office hours, which every caller needs next."""
    hours = _office_hours or office_hours()
    now = _time.monotonic()
    if now - _state.checked_at < hours.check_seconds:
        return hours
    version = _version()
    with _state.lock:
        if version != _state.version:
            _state.years = {}
            _state.version = version
        _state.checked_at = now
    return hours


def _year(year: int) -> YearCalendar:
    cal = _state.years.get(year)
    if cal is None:
        version = _state.version or _version()
        key = f"workdays:year:{year}:{version}"
        data = cache.get(key)
        if data is None:
            data = compute_year(year)
            cache.set(key, data, timeout=30 * 86400)
        cal = YearCalendar(year, data[0], data[1], office_hours().weekdays)
        with _state.lock:
            if _state.version is None:
                _state.version = version
            if _state.version == version:
                _state.years[year] = cal
    return cal


def invalidate_calendar() -> None:
    """Forget every cached year, here and (through the shared version token) in every other process."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    with _state.lock:
        _state.years = {}
        _state.version = None
        _state.checked_at = float("-inf")


def reset_settings_cache() -> None:
    """Re-read the office-hour settings (after override_settings in tests)."""
    global _office_hours
    _office_hours = None
    _closing_cache.clear()
    with _state.lock:
        _state.years = {}
        _state.checked_at = float("-inf")


# --- Day arithmetic on ordinals --------------------------------------------------------------------------
def _is_working(ordinal: int) -> bool:
    year = dt.date.fromordinal(ordinal).year
    cal = _year(year)
    return cal.working[ordinal - cal.jan1] == 1


def _first_working_on_or_after(day: dt.date) -> dt.date:
    cal = _year(day.year)
    i = cal.first_from[day.toordinal() - cal.jan1]
    while i >= len(cal.days):
        cal = _year(cal.year + 1)
        i = cal.first_from[0]
    return cal.days[i]


def _nth_after(day: dt.date, n: int) -> dt.date:
    """The n-th working day strictly after `day` (n >= 1)."""
    cal = _year(day.year)
    target = cal.first_from[day.toordinal() - cal.jan1 + 1] + n - 1
    while target >= len(cal.days):
        target -= len(cal.days)
        cal = _year(cal.year + 1)
    return cal.days[target]


def _nth_before(day: dt.date, n: int) -> dt.date:
    """The n-th working day strictly before `day` (n >= 1)."""
    cal = _year(day.year)
    target = cal.first_from[day.toordinal() - cal.jan1] - n
    while target < 0:
        cal = _year(cal.year - 1)
        target += len(cal.days)
    return cal.days[target]


def _count_upto(day: dt.date, cal: YearCalendar) -> int:
    """Working days of `cal`'s year on or before `day`."""
    return cal.first_from[day.toordinal() - cal.jan1 + 1]


def _count_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end], for start <= end."""
    if start.year == end.year:
        cal = _year(start.year)
        return _count_upto(end, cal) - _count_upto(start, cal)
    cal = _year(start.year)
    total = len(cal.days) - _count_upto(start, cal)
    for year in range(start.year + 1, end.year):
        total += len(_year(year).days)
    return total + _count_upto(end, _year(end.year))


# --- Instants --------------------------------------------------------------------------------------------
def _local(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None:
        return at.replace(tzinfo=LOCAL_TZ)
    return at.astimezone(LOCAL_TZ)


def _tod(local: dt.datetime) -> int:
    return ((local.hour * 60 + local.minute) * 60 + local.second) * US + local.microsecond


def _instant(day: dt.date, tod: int) -> dt.datetime:
    seconds, micro = divmod(tod, US)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=LOCAL_TZ)


def _offset(tod: int, hours: OfficeHours) -> int:
    """Working time of a day elapsed at time-of-day `tod` (clamped to 0 .. day_us)."""
    elapsed = 0
    for start, end in hours.periods:
        if tod <= start:
            break
        elapsed += min(tod, end) - start
    return elapsed


def _tod_of_offset(offset: int, hours: OfficeHours) -> int:
    """The earliest time-of-day at which `offset` of working time has elapsed (0 < offset <= day_us gives a
    time inside a period or on its close; 0 gives the opening)."""
    for start, end in hours.periods:
        length = end - start
        if offset <= length:
            return start + offset
        offset -= length
    return hours.closing


def _tod_at(offset: int, hours: OfficeHours) -> int:
    """The time-of-day of position `offset` (0 <= offset < day_us) read forwards: an offset that ends a
    period sits at the next period's opening, so the instant is never before the one it came from."""
    for start, end in hours.periods:
        length = end - start
        if offset < length:
            return start + offset
        offset -= length
    return hours.closing


def _position(at: dt.datetime, hours: OfficeHours) -> tuple[dt.date, int]:
    """(working day, offset) with 0 <= offset < day_us: where `at` sits on the working-time line; an instant
    outside working time sits at the next opening (offset 0 of the next working day)."""
    local = _local(at)
    day = local.date()
    cal = _year(day.year)
    if cal.working[day.toordinal() - cal.jan1]:
        offset = _offset(_tod(local), hours)
        if offset < hours.day_us:
            return day, offset
        return _nth_after(day, 1), 0
    return _first_working_on_or_after(day), 0


def _as_us(amount) -> int:
    """Working time in microseconds from hours (int/float/Decimal/str) or a timedelta."""
    if isinstance(amount, dt.timedelta):
        return (amount.days * 86_400 + amount.seconds) * US + amount.microseconds
    if isinstance(amount, bool):
        raise TypeError("a working-time amount cannot be a bool")
    if isinstance(amount, int):
        return amount * 3600 * US
    return int((Decimal(str(amount)) * 3600 * US).to_integral_value())


def _advance(day: dt.date, offset: int, amount_us: int, hours: OfficeHours) -> dt.datetime:
    """The earliest instant `amount_us` (>= 0) of working time after position (day, offset)."""
    if amount_us < 0:
        raise ValueError("working time to add must not be negative")
    if amount_us == 0:  # nothing to add: the position itself (12:00 at lunch sits at 13:00, not 11:30)
        return _instant(day, _tod_at(offset, hours))
    total = offset + amount_us
    whole, rest = divmod(total, hours.day_us)
    if rest == 0:  # runs out exactly at a close: that close, not the next opening
        whole -= 1
        rest = hours.day_us
    target = _nth_after(day, whole) if whole else day
    return _instant(target, _tod_of_offset(rest, hours))


def _between(a: tuple[dt.date, int], b: tuple[dt.date, int], hours: OfficeHours) -> int:
    if a[0] <= b[0]:
        return _count_between(a[0], b[0]) * hours.day_us + b[1] - a[1]
    return -(_count_between(b[0], a[0]) * hours.day_us + a[1] - b[1])


# --- Public API ------------------------------------------------------------------------------------------
def working_day_length() -> dt.timedelta:
    """The working time of one working day under the configured office hours (8 h by default)."""
    return dt.timedelta(microseconds=_refresh().day_us)


def is_working_day(day: dt.date) -> bool:
    """True when `day` is a working day (a datetime is taken at its Vietnam-local date)."""
    _refresh()
    if isinstance(day, dt.datetime):
        day = _local(day).date()
    return _is_working(day.toordinal())


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The n-th working day after `day` (n >= 1); n == 0: `day` itself if it is a working day, else the next
    working day; n < 0: the |n|-th working day before `day`."""
    _refresh()
    if isinstance(day, dt.datetime):
        day = _local(day).date()
    n = int(n)
    if n == 0:
        return _first_working_on_or_after(day)
    if n < 0:
        return _nth_before(day, -n)
    return _nth_after(day, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """The number of working days in (start, end]; negative (minus those in (end, start]) when end < start."""
    _refresh()
    if isinstance(start, dt.datetime):
        start = _local(start).date()
    if isinstance(end, dt.datetime):
        end = _local(end).date()
    if end >= start:
        return _count_between(start, end)
    return -_count_between(end, start)


def next_working_instant(at: dt.datetime) -> dt.datetime:
    """`at` itself (in Vietnam time) when it is inside office hours, else the next opening."""
    hours = _refresh()
    local = _local(at)
    day = local.date()
    cal = _year(day.year)
    if cal.working[day.toordinal() - cal.jan1]:
        tod = _tod(local)
        for start, end in hours.periods:
            if tod < start:
                return _instant(day, start)
            if tod < end:
                return local
        day = _nth_after(day, 1)
    else:
        day = _first_working_on_or_after(day)
    return _instant(day, hours.opening)


def add_working_hours(at: dt.datetime, hours) -> dt.datetime:
    """The earliest instant at which `hours` of working time (int/float/Decimal hours or a timedelta) have
    elapsed after `at`; time outside office hours does not count."""
    office = _refresh()
    day, offset = _position(at, office)
    return _advance(day, offset, _as_us(hours), office)


def working_time_between(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Working time between two instants (negative when end < start)."""
    office = _refresh()
    return dt.timedelta(microseconds=_between(_position(start, office), _position(end, office), office))


def _pause_bounds(pause) -> tuple[dt.datetime, dt.datetime | None]:
    if isinstance(pause, (tuple, list)):
        return pause[0], pause[1]
    if isinstance(pause, dict):
        for start_key, end_key in _PAUSE_FIELDS:
            if start_key in pause:
                return pause[start_key], pause.get(end_key)
    for start_key, end_key in _PAUSE_FIELDS:
        if hasattr(pause, start_key):
            return getattr(pause, start_key), getattr(pause, end_key, None)
    raise TypeError(f"cannot read a pause from {pause!r}: use (start, end) pairs")


_PAUSE_FIELDS = (
    ("start", "end"),
    ("started_at", "ended_at"),
    ("paused_at", "resumed_at"),
    ("start_at", "end_at"),
)


def _days_amount(amount) -> int:
    if isinstance(amount, bool):
        raise TypeError("a time limit cannot be a bool")
    value = Decimal(str(amount)) if not isinstance(amount, int) else amount
    if value != int(value):
        raise ValueError(
            "a limit in working days must be a whole number; use TimeUnit.HOURS for parts of a day"
        )
    if value < 0:
        raise ValueError("a time limit must not be negative")
    return int(value)


def clock_start(accepted_at: dt.datetime, *, cutoff: dt.time | None = None) -> dt.datetime:
    """When the clock starts for a dossier accepted at `accepted_at`: the next instant inside office hours,
    moved to the next working day's opening when that is later than the same-day cut-off."""
    start = next_working_instant(accepted_at)
    if cutoff is not None:
        accepted = _local(accepted_at)
        # Only acceptance later than the cut-off on the day the clock would start moves it; a dossier
        # accepted the evening before (or at the weekend) already starts at the next opening.
        if accepted.time() > cutoff and start.date() == accepted.date():
            start = _instant(_nth_after(start.date(), 1), office_hours().opening)
    return start


def _start_position(accepted_at: dt.datetime, cutoff: dt.time | None, hours: OfficeHours):
    """Where the clock starts on the working-time line, as (working day, offset); see clock_start."""
    local = _local(accepted_at)
    day = local.date()
    cal = _year(day.year)
    if cal.working[day.toordinal() - cal.jan1]:
        tod = _tod(local)
        offset = _offset(tod, hours)
        if offset < hours.day_us:
            if cutoff is not None and tod > _parse_clock(cutoff):
                return _nth_after(day, 1), 0
            return day, offset
        return _nth_after(day, 1), 0
    return _first_working_on_or_after(day), 0


_closing_cache: dict[dt.date, dt.datetime] = {}


def _closing_instant(day: dt.date, hours: OfficeHours) -> dt.datetime:
    instant = _closing_cache.get(day)
    if instant is None:
        if len(_closing_cache) > 20_000:
            _closing_cache.clear()
        instant = _closing_cache[day] = _instant(day, hours.closing)
    return instant


def due_at(
    accepted_at: dt.datetime,
    amount,
    unit: str,
    *,
    cutoff: dt.time | None = None,
    pauses: Iterable = (),
) -> dt.datetime:
    """The due instant of a time limit of `amount` `unit` (TimeUnit) for a complete dossier accepted at
    `accepted_at`, given the same-day `cutoff` of the procedure and its pauses ((start, end) pairs; end None
    = still paused). See the module docstring for the convention."""
    office = _refresh()
    day, offset = _start_position(accepted_at, cutoff, office)
    if unit == TimeUnit.DAYS and not pauses:  # the common case, kept short
        n = amount if type(amount) is int and amount >= 0 else _days_amount(amount)
        return _closing_instant(_nth_after(day, n) if n else day, office)
    if unit == TimeUnit.DAYS:
        budget = (_days_amount(amount) + 1) * office.day_us - offset
    elif unit == TimeUnit.HOURS:
        budget = _as_us(amount)
        if budget < 0:
            raise ValueError("a time limit must not be negative")
    else:
        raise ValueError(f"unknown time unit {unit!r}")
    if not pauses:
        return _advance(day, offset, budget, office)

    intervals = []
    for pause in pauses:
        pause_start, pause_end = _pause_bounds(pause)
        if pause_start is None:
            continue
        intervals.append((_local(pause_start), None if pause_end is None else _local(pause_end)))
    intervals.sort(key=lambda item: item[0])
    cursor = (day, offset)
    remaining = budget
    for pause_start, pause_end in intervals:
        begin = _position(pause_start, office)
        used = max(_between(cursor, begin, office), 0)
        if used >= remaining:
            break  # the deadline ran out before (or as) this pause started
        if used:
            remaining -= used
            cursor = begin
        if pause_end is None:
            raise DeadlinePaused(dt.timedelta(microseconds=remaining), pause_start)
        finish = _position(pause_end, office)
        if _between(cursor, finish, office) > 0:
            cursor = finish
    return _advance(cursor[0], cursor[1], remaining, office)


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    working: bool
    name: str  # holiday or declared working day name; "" for an ordinary day


def year_calendar(year: int) -> list[CalendarDay]:
    """Every day of `year` with whether it is a working day and, for holidays and declared working days,
    the name (for the calendar page)."""
    _refresh()
    cal = _year(year)
    return [
        CalendarDay(
            date=dt.date.fromordinal(cal.jan1 + i),
            working=bool(cal.working[i]),
            name=cal.holidays.get(dt.date.fromordinal(cal.jan1 + i))
            or cal.working_weekends.get(dt.date.fromordinal(cal.jan1 + i), ""),
        )
        for i in range(len(cal.working))
    ]
