"""Worked by hand from the official 2026 calendar: Tết 16–20 Feb, Hùng Kings 26 Apr (Sunday) + 27 Apr
compensatory, 30 Apr, 1 May, working Saturday 22 Aug swapped for Monday 31 Aug, National Day 1–2 Sep,
Vietnamese Culture Day 24 Nov. Office hours 07:30–11:30 and 13:00–17:00."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from egov.workdays.clock import (
    DeadlinePaused,
    TimeUnit,
    add_working_days,
    add_working_hours,
    due_at,
    is_working_day,
    next_working_instant,
    working_days_between,
    working_time_between,
    year_calendar,
)

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.UTC
D = dt.date
DAYS, HOURS = TimeUnit.DAYS, TimeUnit.HOURS


def vn(*args):
    return dt.datetime(*args, tzinfo=VN)


# --- The calendar -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 1),
        *[D(2026, 2, d) for d in range(16, 21)],
        D(2026, 4, 27),
        D(2026, 4, 30),
        D(2026, 5, 1),
        D(2026, 8, 31),
        D(2026, 9, 1),
        D(2026, 9, 2),
        D(2026, 11, 24),
        D(2026, 8, 23),  # an ordinary Sunday
        D(2026, 8, 29),  # an ordinary Saturday
    ],
)
def test_days_off_2026(day):
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day", [D(2026, 8, 22), D(2026, 2, 13), D(2026, 2, 23), D(2026, 4, 28), D(2026, 9, 3)]
)
def test_working_days_2026(day):
    assert is_working_day(day)


def test_datetime_is_read_at_its_vietnam_date():
    # 16:30 UTC on Friday 13 Feb is 23:30 in Hà Nội, still Friday; 17:30 UTC is Saturday 00:30.
    assert is_working_day(dt.datetime(2026, 2, 13, 16, 30, tzinfo=UTC))
    assert not is_working_day(dt.datetime(2026, 2, 13, 17, 30, tzinfo=UTC))


def test_year_calendar_names_in_vietnamese():
    days = {entry.date: entry for entry in year_calendar(2026)}
    assert len(days) == 365
    assert days[D(2026, 2, 16)].name == "Giao thừa Tết Nguyên Đán"
    assert not days[D(2026, 2, 16)].working
    assert days[D(2026, 8, 22)].working and days[D(2026, 8, 22)].name
    assert days[D(2026, 11, 24)].name == "Ngày Văn hóa Việt Nam"


# --- Working days -----------------------------------------------------------------------------------------
def test_add_working_days_across_tet():
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert add_working_days(D(2026, 2, 13), 3) == D(2026, 2, 25)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 25)) == 3


def test_add_zero_working_days():
    assert add_working_days(D(2026, 2, 13), 0) == D(2026, 2, 13)
    assert add_working_days(D(2026, 2, 14), 0) == D(2026, 2, 23)


def test_add_negative_working_days_counts_back():
    assert add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)


def test_working_days_between_is_half_open_and_signed():
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 13)) == 0
    assert working_days_between(D(2026, 2, 12), D(2026, 2, 13)) == 1  # (12, 13] holds Friday 13
    assert working_days_between(D(2026, 2, 25), D(2026, 2, 13)) == -3


def test_working_saturday_22_august_counts():
    assert working_days_between(D(2026, 8, 21), D(2026, 8, 24)) == 2  # Sat 22 and Mon 24
    assert add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)


def test_across_a_year_end():
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)  # 1 Jan off, 2–3 Jan weekend
    assert working_days_between(D(2026, 12, 30), D(2027, 1, 4)) == 2


# --- Deadlines in working days ----------------------------------------------------------------------------
def test_three_days_accepted_friday_before_tet():
    # Counting starts the working day after acceptance: 23, 24, 25 Feb; due at the close on the 25th.
    assert due_at(vn(2026, 2, 13, 16, 0), 3, DAYS) == vn(2026, 2, 25, 17, 0)


def test_due_instant_is_aware_and_comparable_in_utc():
    due = due_at(dt.datetime(2026, 2, 13, 9, 0, tzinfo=UTC), 3, "days")  # 16:00 in Hà Nội
    assert due == dt.datetime(2026, 2, 25, 10, 0, tzinfo=UTC)
    assert due.utcoffset() == dt.timedelta(hours=7)


def test_accepted_after_hours_counts_from_the_next_working_day():
    # 18:00 Friday 13 Feb: the acceptance day is Monday 23 Feb, so the days are 24, 25, 26.
    assert due_at(vn(2026, 2, 13, 18, 0), 3, DAYS) == vn(2026, 2, 26, 17, 0)
    # Accepted during Tết (a kiosk or online): the same.
    assert due_at(vn(2026, 2, 18, 10, 0), 3, DAYS) == vn(2026, 2, 26, 17, 0)


def test_same_day_procedure_with_cut_off():
    cutoff = dt.time(15, 0)
    # Before the cut-off: due at the close of the same day.
    assert due_at(vn(2026, 3, 2, 14, 59), 0, DAYS, cutoff=cutoff) == vn(2026, 3, 2, 17, 0)
    # Exactly at the cut-off is not "after 15:00".
    assert due_at(vn(2026, 3, 2, 15, 0), 0, DAYS, cutoff=cutoff) == vn(2026, 3, 2, 17, 0)
    # 15:30: the next working day.
    assert due_at(vn(2026, 3, 2, 15, 30), 0, DAYS, cutoff=cutoff) == vn(2026, 3, 3, 17, 0)
    # 15:30 on Friday 13 Feb: the next working day is Monday 23 Feb, after the weekend and Tết.
    assert due_at(vn(2026, 2, 13, 15, 30), 0, DAYS, cutoff=cutoff) == vn(2026, 2, 23, 17, 0)
    # Without a cut-off the same dossier is due the same day.
    assert due_at(vn(2026, 2, 13, 15, 30), 0, DAYS) == vn(2026, 2, 13, 17, 0)


def test_cut_off_also_moves_a_multi_day_limit():
    # 2 days accepted Friday 13 Feb 15:30 with a 15:00 cut-off: acceptance day 23 Feb -> 24, 25 Feb
    # (without the cut-off: 23, 24 Feb).
    assert due_at(vn(2026, 2, 13, 15, 30), 2, DAYS, cutoff=dt.time(15)) == vn(2026, 2, 25, 17, 0)
    assert due_at(vn(2026, 2, 13, 15, 30), 2, DAYS) == vn(2026, 2, 24, 17, 0)


def test_cut_off_does_not_move_a_dossier_accepted_the_evening_before():
    # 20:00 Monday: the clock starts at 07:30 Tuesday, before the cut-off; same-day limit due Tuesday.
    assert due_at(vn(2026, 3, 2, 20, 0), 0, DAYS, cutoff=dt.time(15)) == vn(2026, 3, 3, 17, 0)


def test_cut_off_during_lunch_compares_the_acceptance_time():
    # Accepted 11:40 with a 12:30 cut-off: before the cut-off, although the clock only starts at 13:00.
    assert due_at(vn(2026, 3, 2, 11, 40), 0, DAYS, cutoff=dt.time(12, 30)) == vn(2026, 3, 2, 17, 0)
    assert due_at(vn(2026, 3, 2, 12, 40), 0, DAYS, cutoff=dt.time(12, 30)) == vn(2026, 3, 3, 17, 0)


def test_hung_kings_compensatory_day_and_30_april():
    # Friday 24 Apr: 27 Apr is the compensatory day off -> 28, 29 Apr.
    assert due_at(vn(2026, 4, 24, 10, 0), 2, DAYS) == vn(2026, 4, 29, 17, 0)
    # 3 days: 30 Apr and 1 May are off, then the weekend -> Monday 4 May.
    assert due_at(vn(2026, 4, 24, 10, 0), 3, DAYS) == vn(2026, 5, 4, 17, 0)


def test_span_over_working_saturday_and_national_day():
    # Thursday 20 Aug, 5 days: 21, Sat 22 (working), 24, 25, 26.
    assert due_at(vn(2026, 8, 20, 9, 0), 5, DAYS) == vn(2026, 8, 26, 17, 0)
    # Thursday 27 Aug, 3 days: Fri 28; 29–30 weekend; 31 Aug, 1–2 Sep off; Thu 3, Fri 4 Sep.
    assert due_at(vn(2026, 8, 27, 10, 0), 3, DAYS) == vn(2026, 9, 4, 17, 0)
    # Accepted on the working Saturday itself: it is the acceptance day.
    assert due_at(vn(2026, 8, 22, 8, 0), 1, DAYS) == vn(2026, 8, 24, 17, 0)


def test_vietnamese_culture_day():
    assert due_at(vn(2026, 11, 23, 9, 0), 1, DAYS) == vn(2026, 11, 25, 17, 0)


def test_day_limit_given_as_decimal_or_float():
    assert due_at(vn(2026, 2, 13, 16, 0), Decimal("3"), DAYS) == vn(2026, 2, 25, 17, 0)
    assert due_at(vn(2026, 2, 13, 16, 0), 3.0, DAYS) == vn(2026, 2, 25, 17, 0)


def test_fractional_days_and_bad_units_are_refused():
    with pytest.raises(ValueError):
        due_at(vn(2026, 2, 13, 16, 0), Decimal("1.5"), DAYS)
    with pytest.raises(ValueError):
        due_at(vn(2026, 2, 13, 16, 0), -1, DAYS)
    with pytest.raises(ValueError):
        due_at(vn(2026, 2, 13, 16, 0), 3, "weeks")


# --- Working hours ----------------------------------------------------------------------------------------
def test_hours_cross_lunch():
    # 11:00 + 1 h: 11:00–11:30, then 13:00–13:30.
    assert add_working_hours(vn(2026, 3, 2, 11, 0), 1) == vn(2026, 3, 2, 13, 30)


def test_hours_cross_lunch_and_weekend():
    # Friday 6 Mar 10:00 + 8 h: 1.5 h to 11:30, 4 h in the afternoon, then Monday 07:30 + 2.5 h.
    assert add_working_hours(vn(2026, 3, 6, 10, 0), 8) == vn(2026, 3, 9, 10, 0)
    assert due_at(vn(2026, 3, 6, 10, 0), 8, HOURS) == vn(2026, 3, 9, 10, 0)
    assert working_time_between(vn(2026, 3, 6, 10, 0), vn(2026, 3, 9, 10, 0)) == dt.timedelta(hours=8)


def test_hours_onto_the_working_saturday():
    # Friday 21 Aug 16:00 + 2 h: 1 h to 17:00, then Saturday 22 Aug (a working day) 07:30–08:30.
    assert add_working_hours(vn(2026, 8, 21, 16, 0), 2) == vn(2026, 8, 22, 8, 30)


def test_hours_running_out_at_a_close_stay_at_the_close():
    assert add_working_hours(vn(2026, 3, 2, 10, 30), 1) == vn(2026, 3, 2, 11, 30)
    assert add_working_hours(vn(2026, 3, 2, 13, 0), 4) == vn(2026, 3, 2, 17, 0)


def test_hours_accept_decimal_float_and_timedelta():
    start = vn(2026, 3, 2, 8, 0)
    expected = vn(2026, 3, 2, 9, 30)
    assert add_working_hours(start, Decimal("1.5")) == expected
    assert add_working_hours(start, 1.5) == expected
    assert add_working_hours(start, dt.timedelta(minutes=90)) == expected


def test_hours_from_outside_office_hours_start_at_the_next_opening():
    assert add_working_hours(vn(2026, 3, 2, 12, 0), 1) == vn(2026, 3, 2, 14, 0)
    assert add_working_hours(vn(2026, 3, 7, 12, 0), 1) == vn(2026, 3, 9, 8, 30)  # Saturday
    assert add_working_hours(vn(2026, 3, 2, 20, 0), 0) == vn(2026, 3, 3, 7, 30)


def test_zero_working_time_from_lunch_is_the_afternoon_opening_not_the_morning_close():
    # Regression: 0 h from 12:00 (lunch) used to give 11:30, before the instant it started from.
    assert add_working_hours(vn(2026, 3, 2, 12, 0), 0) == vn(2026, 3, 2, 13, 0)
    assert due_at(vn(2026, 3, 2, 12, 0), 0, HOURS) == vn(2026, 3, 2, 13, 0)
    assert due_at(vn(2026, 3, 2, 11, 30), dt.timedelta(0), HOURS) == vn(2026, 3, 2, 13, 0)
    assert add_working_hours(vn(2026, 3, 2, 9, 15), 0) == vn(2026, 3, 2, 9, 15)


def test_next_working_instant():
    assert next_working_instant(vn(2026, 3, 2, 9, 15)) == vn(2026, 3, 2, 9, 15)
    assert next_working_instant(vn(2026, 3, 2, 6, 0)) == vn(2026, 3, 2, 7, 30)
    assert next_working_instant(vn(2026, 3, 2, 11, 30)) == vn(2026, 3, 2, 13, 0)
    assert next_working_instant(vn(2026, 3, 2, 17, 0)) == vn(2026, 3, 3, 7, 30)
    assert next_working_instant(vn(2026, 2, 13, 17, 0)) == vn(2026, 2, 23, 7, 30)  # over Tết
    assert next_working_instant(vn(2026, 8, 21, 18, 0)) == vn(2026, 8, 22, 7, 30)  # working Saturday


def test_working_time_between_is_signed():
    a, b = vn(2026, 3, 2, 8, 0), vn(2026, 3, 3, 8, 0)
    assert working_time_between(a, b) == dt.timedelta(hours=8)
    assert working_time_between(b, a) == -dt.timedelta(hours=8)
    assert working_time_between(vn(2026, 3, 2, 11, 45), vn(2026, 3, 2, 12, 50)) == dt.timedelta(0)


def test_naive_datetimes_are_read_as_vietnam_time():
    assert due_at(dt.datetime(2026, 2, 13, 16, 0), 3, DAYS) == vn(2026, 2, 25, 17, 0)


# --- Pauses ----------------------------------------------------------------------------------------------
ACCEPTED = vn(2026, 2, 13, 16, 0)  # 3 days -> 25 Feb 17:00 unpaused


def test_pause_of_two_working_days_pushes_two_working_days():
    # Paused Monday 23 Feb 09:00 to Wednesday 25 Feb 09:00: exactly 2 working days -> Friday 27 Feb 17:00.
    pause = (vn(2026, 2, 23, 9, 0), vn(2026, 2, 25, 9, 0))
    assert due_at(ACCEPTED, 3, DAYS, pauses=[pause]) == vn(2026, 2, 27, 17, 0)


def test_pause_keeps_elapsed_time_and_resumes_mid_day():
    # Paused 23 Feb 09:00 -> 15:00: 2.5 h + 2 h = 4.5 h of working time stopped. 4.5 h after the old due
    # instant (25 Feb 17:00) is 26 Feb 07:30 + 4 h (to 11:30) + 0.5 h = 13:30.
    pause = (vn(2026, 2, 23, 9, 0), vn(2026, 2, 23, 15, 0))
    assert due_at(ACCEPTED, 3, DAYS, pauses=[pause]) == vn(2026, 2, 26, 13, 30)


def test_pauses_in_any_order_overlapping_or_before_acceptance():
    pauses = [
        (vn(2026, 2, 24, 7, 30), vn(2026, 2, 25, 7, 30)),  # one working day
        (vn(2026, 2, 10, 8, 0), vn(2026, 2, 13, 12, 0)),  # before acceptance: ignored
        (vn(2026, 2, 24, 13, 0), vn(2026, 2, 24, 15, 0)),  # inside the first: ignored
    ]
    assert due_at(ACCEPTED, 3, DAYS, pauses=pauses) == vn(2026, 2, 26, 17, 0)


def test_pause_straddling_acceptance_counts_only_after_it():
    # Paused from before acceptance to the close of the 13th: only 16:00–17:00 (1 h) is stopped.
    pause = (vn(2026, 2, 10, 8, 0), vn(2026, 2, 13, 17, 0))
    assert due_at(ACCEPTED, 3, DAYS, pauses=[pause]) == vn(2026, 2, 26, 8, 30)


def test_pause_over_a_non_working_stretch_changes_nothing():
    pause = (vn(2026, 2, 14, 8, 0), vn(2026, 2, 22, 20, 0))  # Saturday to Sunday night, across Tết
    assert due_at(ACCEPTED, 3, DAYS, pauses=[pause]) == vn(2026, 2, 25, 17, 0)


def test_pause_after_the_deadline_changes_nothing():
    pause = (vn(2026, 2, 26, 8, 0), vn(2026, 3, 6, 8, 0))
    assert due_at(ACCEPTED, 3, DAYS, pauses=[pause]) == vn(2026, 2, 25, 17, 0)


def test_pauses_given_as_objects_or_dicts():
    class Pause:
        def __init__(self, started_at, ended_at):
            self.started_at, self.ended_at = started_at, ended_at

    start, end = vn(2026, 2, 23, 9, 0), vn(2026, 2, 25, 9, 0)
    assert due_at(ACCEPTED, 3, DAYS, pauses=[Pause(start, end)]) == vn(2026, 2, 27, 17, 0)
    assert due_at(ACCEPTED, 3, DAYS, pauses=[{"start": start, "end": end}]) == vn(2026, 2, 27, 17, 0)


def test_open_pause_leaves_the_deadline_undetermined():
    with pytest.raises(DeadlinePaused) as raised:
        due_at(ACCEPTED, 3, DAYS, pauses=[(vn(2026, 2, 23, 9, 0), None)])
    # Used: Fri 16:00–17:00 and Mon 07:30–09:00 = 2.5 h of the 25 h budget.
    assert raised.value.remaining == dt.timedelta(hours=22, minutes=30)
    assert raised.value.paused_since == vn(2026, 2, 23, 9, 0)
    assert raised.value.http_status == 409


def test_open_pause_after_the_deadline_ran_out_does_not_matter():
    assert due_at(ACCEPTED, 3, DAYS, pauses=[(vn(2026, 2, 27, 9, 0), None)]) == vn(2026, 2, 25, 17, 0)


def test_hours_limit_with_a_pause():
    # 8 h from Friday 6 Mar 10:00 (due Monday 10:00), paused Monday 08:00 -> Monday 13:00 (3.5 h stopped).
    pause = (vn(2026, 3, 9, 8, 0), vn(2026, 3, 9, 13, 0))
    assert due_at(vn(2026, 3, 6, 10, 0), 8, HOURS, pauses=[pause]) == vn(2026, 3, 9, 15, 0)


# --- Configurable office hours ----------------------------------------------------------------------------
@override_settings(WORKDAYS_OFFICE_HOURS=(("08:00", "12:00"), ("13:30", "17:30")))
def test_configured_office_hours():
    assert due_at(vn(2026, 2, 13, 16, 0), 3, DAYS) == vn(2026, 2, 25, 17, 30)
    assert add_working_hours(vn(2026, 3, 2, 11, 0), 2) == vn(2026, 3, 2, 14, 30)
    assert next_working_instant(vn(2026, 3, 2, 7, 45)) == vn(2026, 3, 2, 8, 0)


@override_settings(WORKDAYS_WEEKDAYS=(0, 1, 2, 3, 4, 5))
def test_configured_weekdays():
    assert is_working_day(D(2026, 3, 7))  # an ordinary Saturday becomes a working day
    assert not is_working_day(D(2026, 3, 8))  # Sunday stays off
    assert not is_working_day(D(2026, 2, 16))  # and so do holidays
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 7)
