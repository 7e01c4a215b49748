"""The periods of a regime: ND 09 closing periods (15th → 14th) or calendar ones, their labels and their
send deadlines in working days after the closing date (egov.workdays)."""

import datetime

from django.utils.translation import gettext as _

from egov.workdays.clock import add_working_days
from reporting.periods import Frequency, Period, closing_periods

CALENDAR = "calendar"  # models.ClosingRule.CALENDAR (models import this module for the labels)


def count(frequency: str) -> int:
    """How many periods of `frequency` a year has (12, 4, 2, 1, 1)."""
    return len(closing_periods(Frequency(frequency), 2000))


def period_of(regime, year: int, number: int) -> Period:
    if regime.closing_rule == CALENDAR:
        return Period.calendar(Frequency(regime.frequency), year, number)
    return Period.closing(Frequency(regime.frequency), year, number)


def deadline_of(regime, period: Period) -> datetime.date:
    """The last day to send: `deadline_days` working days after the closing date (0: the closing date, or
    the next working day when it is a day off)."""
    return add_working_days(period.end, regime.deadline_days)


def period_label(frequency: str, year: int, number: int) -> str:
    frequency = Frequency(frequency)
    if frequency == Frequency.MONTH:
        return _("Tháng %(n)s/%(year)s") % {"n": f"{number:02d}", "year": year}
    if frequency == Frequency.QUARTER:
        return _("Quý %(n)s/%(year)s") % {"n": ["I", "II", "III", "IV"][number - 1], "year": year}
    if frequency == Frequency.HALF_YEAR:
        return (_("6 tháng đầu năm %(year)s") if number == 1 else _("Năm %(year)s (6 tháng cuối)")) % {
            "year": year
        }
    if frequency == Frequency.NINE_MONTHS:
        return _("9 tháng năm %(year)s") % {"year": year}
    return _("Năm %(year)s") % {"year": year}


def periods_until(regime, today: datetime.date) -> list[tuple[int, int, Period]]:
    """(year, number, period) of every period of the regime that has started by `today`, from its
    `valid_from` (the first period whose end is on or after it) and before it closed."""
    found = []
    for year in range(regime.valid_from.year, today.year + 2):
        for number in range(1, count(regime.frequency) + 1):
            period = period_of(regime, year, number)
            if period.end < regime.valid_from or period.start > today:
                continue
            if regime.closed_on is not None and period.start >= regime.closed_on:
                continue
            found.append((year, number, period))
    return found
