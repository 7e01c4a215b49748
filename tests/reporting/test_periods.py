"""ND 09 data-closing periods (regulations §4) and calendar periods."""

import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.periods import Frequency, Period, PeriodError, check_reportable, closing_periods

YEARS = st.integers(min_value=2000, max_value=2100)


@pytest.mark.parametrize(
    ("frequency", "number", "start", "end"),
    [
        (Frequency.MONTH, 11, datetime.date(2026, 10, 15), datetime.date(2026, 11, 14)),
        (Frequency.MONTH, 1, datetime.date(2025, 12, 15), datetime.date(2026, 1, 14)),
        (Frequency.QUARTER, 1, datetime.date(2025, 12, 15), datetime.date(2026, 3, 14)),
        (Frequency.QUARTER, 3, datetime.date(2026, 6, 15), datetime.date(2026, 9, 14)),
        (Frequency.HALF_YEAR, 1, datetime.date(2025, 12, 15), datetime.date(2026, 6, 14)),
        (Frequency.NINE_MONTHS, 1, datetime.date(2025, 12, 15), datetime.date(2026, 9, 14)),
        (Frequency.YEAR, 1, datetime.date(2025, 12, 15), datetime.date(2026, 12, 14)),
    ],
)
def test_closing_periods_run_from_the_15th_to_the_14th(frequency, number, start, end):
    assert Period.closing(frequency, 2026, number) == Period(start, end)


@given(YEARS, st.sampled_from([Frequency.MONTH, Frequency.QUARTER, Frequency.HALF_YEAR]))
def test_a_years_closing_periods_tile_the_closing_year(year, frequency):
    periods = closing_periods(frequency, year)
    assert periods[0].start == datetime.date(year - 1, 12, 15)
    assert periods[-1].end == datetime.date(year, 12, 14)
    for before, after in itertools.pairwise(periods):
        assert after.start == before.end + datetime.timedelta(days=1)
    assert sum(p.days for p in periods) == Period.closing(Frequency.YEAR, year).days


@given(YEARS, st.integers(min_value=1, max_value=12))
def test_calendar_months_cover_the_month(year, month):
    period = Period.calendar(Frequency.MONTH, year, month)
    assert period.start == datetime.date(year, month, 1)
    assert (period.end + datetime.timedelta(days=1)).day == 1
    assert period.previous_day() < period.start


def test_a_period_ending_before_it_starts_is_refused():
    with pytest.raises(PeriodError, match="Ngày kết thúc"):
        Period(datetime.date(2026, 2, 1), datetime.date(2026, 1, 31))


@pytest.mark.parametrize(
    ("frequency", "number"), [(Frequency.MONTH, 13), (Frequency.QUARTER, 0), (Frequency.YEAR, 2)]
)
def test_a_period_number_outside_the_year_is_refused(frequency, number):
    with pytest.raises(PeriodError):
        Period.closing(frequency, 2026, number)


def test_a_report_spans_at_most_ten_years_within_the_years_it_knows():
    ten = Period(datetime.date(2016, 1, 1), datetime.date(2025, 12, 31))
    assert check_reportable(ten) is ten
    with pytest.raises(PeriodError, match="dài quá 10 năm"):
        check_reportable(Period(datetime.date(2001, 1, 1), datetime.date(2026, 12, 31)))
    with pytest.raises(PeriodError, match="2000–2100"):
        check_reportable(Period(datetime.date(1999, 12, 1), datetime.date(2000, 1, 31)))
    with pytest.raises(PeriodError, match="2000–2100"):
        check_reportable(Period(datetime.date(2100, 12, 1), datetime.date(2101, 1, 31)))
