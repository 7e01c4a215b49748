"""Properties of the clock, checked with hypothesis over 2024–2028 (including the 2026 Tết and swaps)."""

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov.workdays.clock import (
    DeadlinePaused,
    TimeUnit,
    add_working_days,
    add_working_hours,
    clock_start,
    due_at,
    is_working_day,
    next_working_instant,
    working_days_between,
    working_time_between,
)

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PERIODS = ((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 0), dt.time(17, 0)))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

dates = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 12, 31))
instants = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 31)).map(
    lambda naive: naive.replace(tzinfo=VN)
)
day_limits = st.integers(min_value=0, max_value=60)
hour_limits = st.integers(min_value=0, max_value=400 * 60).map(lambda minutes: dt.timedelta(minutes=minutes))
cutoffs = st.one_of(st.none(), st.times(min_value=dt.time(7, 0), max_value=dt.time(17, 30)))
limits = st.one_of(
    st.tuples(day_limits, st.just(TimeUnit.DAYS)),
    st.tuples(hour_limits, st.just(TimeUnit.HOURS)),
)


def inside_office_hours(at: dt.datetime) -> bool:
    """A due instant: on a working day, within a period, its closing time included."""
    local = at.astimezone(VN)
    return is_working_day(local.date()) and any(a <= local.time() <= b for a, b in PERIODS)


# --- An independent reference: the library directly, one day at a time -----------------------------------
_reference = holidays.Vietnam(years=range(2023, 2030))


def reference_is_working(day: dt.date) -> bool:
    if day in getattr(_reference, "weekend_workdays", ()):
        return True
    return day.weekday() < 5 and day not in _reference


@SETTINGS
@given(dates)
def test_calendar_matches_the_library(day):
    assert is_working_day(day) == reference_is_working(day)


@SETTINGS
@given(dates, st.integers(min_value=1, max_value=400))
def test_add_then_count_back(day, n):
    later = add_working_days(day, n)
    assert working_days_between(day, later) == n
    assert is_working_day(later)
    assert later > day


@SETTINGS
@given(dates, st.integers(min_value=1, max_value=60))
def test_add_working_days_matches_a_day_by_day_walk(day, n):
    walk, left = day, n
    while left:
        walk += dt.timedelta(days=1)
        left -= reference_is_working(walk)
    assert add_working_days(day, n) == walk


@SETTINGS
@given(dates, st.integers(min_value=1, max_value=300))
def test_negative_days_invert_positive_days(day, n):
    back = add_working_days(add_working_days(day, n), -n)
    # Back to `day` itself, or for a day off to the last working day before it.
    assert is_working_day(back)
    assert back <= day
    assert working_days_between(back, day) == 0


@SETTINGS
@given(dates)
def test_zero_days_is_the_day_or_the_next_working_day(day):
    result = add_working_days(day, 0)
    assert is_working_day(result)
    assert result >= day
    assert working_days_between(day, result) == (0 if is_working_day(day) else 1)


@SETTINGS
@given(dates, dates)
def test_working_days_between_is_antisymmetric_and_additive(a, b):
    assert working_days_between(a, b) == -working_days_between(b, a)
    middle = min(a, b) + (max(a, b) - min(a, b)) / 2
    assert working_days_between(a, b) == working_days_between(a, middle) + working_days_between(middle, b)


@SETTINGS
@given(instants, limits, cutoffs)
def test_due_instants_are_inside_working_time(accepted, limit, cutoff):
    amount, unit = limit
    due = due_at(accepted, amount, unit, cutoff=cutoff)
    assert inside_office_hours(due)
    assert due >= accepted
    assert due.tzinfo is not None


@SETTINGS
@given(instants, hour_limits)
def test_adding_working_hours_never_goes_back_and_lands_in_working_time(at, amount):
    later = add_working_hours(at, amount)
    assert later >= at
    assert inside_office_hours(later)
    assert working_time_between(at, later) == amount


@SETTINGS
@given(instants, day_limits, cutoffs)
def test_day_limits_are_due_at_the_close(accepted, n, cutoff):
    due = due_at(accepted, n, TimeUnit.DAYS, cutoff=cutoff)
    assert due.astimezone(VN).time() == dt.time(17, 0)
    start = next_working_instant(accepted)
    # n working days after the day the clock starts (never fewer: the cut-off can only add one).
    counted = working_days_between(start.date(), due.astimezone(VN).date())
    assert counted == n or (cutoff is not None and counted == n + 1)


@SETTINGS
@given(instants, st.one_of(st.tuples(day_limits, day_limits), st.tuples(hour_limits, hour_limits)), cutoffs)
def test_monotonic_in_the_limit(accepted, pair, cutoff):
    low, high = sorted(pair)
    unit = TimeUnit.DAYS if isinstance(low, int) else TimeUnit.HOURS
    assert due_at(accepted, low, unit, cutoff=cutoff) <= due_at(accepted, high, unit, cutoff=cutoff)
    if low < high:
        assert due_at(accepted, low, unit, cutoff=cutoff) < due_at(accepted, high, unit, cutoff=cutoff)


@SETTINGS
@given(instants, limits)
def test_monotonic_in_acceptance_time(accepted, limit):
    amount, unit = limit
    later = accepted + dt.timedelta(minutes=37)
    assert due_at(accepted, amount, unit) <= due_at(later, amount, unit)


pauses = st.lists(
    st.tuples(instants, st.integers(min_value=0, max_value=30 * 24 * 60)).map(
        lambda pair: (pair[0], pair[0] + dt.timedelta(minutes=pair[1]))
    ),
    max_size=4,
)


@SETTINGS
@given(instants, limits, cutoffs, pauses)
def test_a_pause_never_shortens_a_deadline(accepted, limit, cutoff, pause_list):
    amount, unit = limit
    plain = due_at(accepted, amount, unit, cutoff=cutoff)
    paused = due_at(accepted, amount, unit, cutoff=cutoff, pauses=pause_list)
    assert paused >= plain
    assert inside_office_hours(paused)
    # Adding one more pause never makes it earlier either.
    if pause_list:
        assert due_at(accepted, amount, unit, cutoff=cutoff, pauses=pause_list[:-1]) <= paused


@SETTINGS
@given(instants, limits, cutoffs, pauses)
def test_the_paused_working_time_is_exactly_added(accepted, limit, cutoff, pause_list):
    """The working time from the clock start to the due instant, minus the paused working time inside it,
    equals the limit's budget: pauses stop the clock and resume it without restarting."""
    amount, unit = limit
    plain = due_at(accepted, amount, unit, cutoff=cutoff)
    paused = due_at(accepted, amount, unit, cutoff=cutoff, pauses=pause_list)
    start = clock_start(accepted, cutoff=cutoff)
    # Merge pauses clipped to [start, paused] and measure them.
    spans = sorted((max(a, start), min(b, paused)) for a, b in pause_list if min(b, paused) > max(a, start))
    merged = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    stopped = sum((working_time_between(a, b) for a, b in merged), dt.timedelta(0))
    assert working_time_between(plain, paused) == stopped


@SETTINGS
@given(instants, day_limits, st.integers(min_value=1, max_value=10))
def test_a_pause_of_k_whole_working_days_moves_the_due_date_k_days(accepted, n, k):
    plain = due_at(accepted, n, TimeUnit.DAYS)
    pause_start = next_working_instant(accepted)
    local = pause_start.astimezone(VN)
    resume_day = add_working_days(local.date(), k)
    pause_end = dt.datetime.combine(resume_day, local.time(), tzinfo=VN)
    paused = due_at(accepted, n, TimeUnit.DAYS, pauses=[(pause_start, pause_end)])
    assert paused.astimezone(VN).date() == add_working_days(plain.astimezone(VN).date(), k)
    assert paused.astimezone(VN).time() == dt.time(17, 0)


@SETTINGS
@given(instants, limits, instants)
def test_an_open_pause_raises_only_before_the_deadline(accepted, limit, pause_start):
    amount, unit = limit
    plain = due_at(accepted, amount, unit)
    try:
        result = due_at(accepted, amount, unit, pauses=[(pause_start, None)])
    except DeadlinePaused as paused:
        assert working_time_between(max(pause_start, accepted), plain) == paused.remaining
        assert paused.remaining > dt.timedelta(0)
    else:
        assert result == plain
        assert working_time_between(max(pause_start, accepted), plain) <= dt.timedelta(0)


@SETTINGS
@given(instants, hour_limits)
def test_add_then_measure_working_hours(at, hours):
    start = next_working_instant(at)
    assert working_time_between(start, add_working_hours(start, hours)) == hours
    # From any instant (outside office hours too) the measured time is the same.
    assert working_time_between(at, add_working_hours(at, hours)) == hours


@SETTINGS
@given(instants, st.integers(min_value=1, max_value=12 * 60))
def test_add_working_hours_matches_a_minute_by_minute_walk(at, minutes):
    at = at.replace(second=0, microsecond=0)
    result = add_working_hours(at, dt.timedelta(minutes=minutes))
    walk, left = at.replace(tzinfo=None), minutes
    while left:
        minute_working = reference_is_working(walk.date()) and any(a <= walk.time() < b for a, b in PERIODS)
        walk += dt.timedelta(minutes=1)
        left -= minute_working
    assert result == walk.replace(tzinfo=VN)


@SETTINGS
@given(instants)
def test_next_working_instant(at):
    result = next_working_instant(at)
    assert result >= at
    local = result.astimezone(VN)
    assert is_working_day(local.date()) and any(a <= local.time() < b for a, b in PERIODS)
    if result > at:  # nothing of working time was skipped
        assert working_time_between(at, result) == dt.timedelta(0)
