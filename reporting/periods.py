"""Reporting periods: a span of local calendar days, and the data-closing periods of ND 09/2019 (§4).

A periodic report's figures are closed from the 15th of the month before the period to the 14th of its last
month: a month's report for November covers 15/10 to 14/11, the year's covers 15/12 of the year before to
14/12. Dashboards use calendar periods instead (1/11 to 30/11). Both are `Period`s with inclusive ends.
"""

import calendar
import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _

from egov.errors import DomainError

CLOSING_DAY = 14  # figures close on the 14th; the next period starts on the 15th
# what any report may span: a longer or farther period is almost surely a typing slip
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_DAYS = 10 * 366


class Frequency(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    NINE_MONTHS = "nine_months"
    YEAR = "year"


# The last month of each period of the year and how many months it spans.
_ENDS = {
    Frequency.MONTH: (range(1, 13), 1),
    Frequency.QUARTER: ((3, 6, 9, 12), 3),
    Frequency.HALF_YEAR: ((6, 12), 6),
    Frequency.NINE_MONTHS: ((9,), 9),
    Frequency.YEAR: ((12,), 12),
}


class PeriodError(DomainError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    def __post_init__(self):
        if self.end < self.start:
            raise PeriodError(_("Ngày kết thúc kỳ báo cáo phải từ ngày bắt đầu trở đi."))

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def calendar(cls, frequency: Frequency, year: int, number: int = 1) -> "Period":
        """The `number`-th calendar period of `year` (month 11, quarter 4, ...): 1/11 to 30/11."""
        last_month, months = _last_month(frequency, number)
        first = datetime.date(year, last_month - months + 1, 1)
        return cls(first, datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]))

    @classmethod
    def closing(cls, frequency: Frequency, year: int, number: int = 1) -> "Period":
        """The ND 09 closing period: from the 15th of the month before it to the 14th of its last month."""
        last_month, months = _last_month(frequency, number)
        end = datetime.date(year, last_month, CLOSING_DAY)
        first_month = last_month - months  # the month before the period, 0 meaning December of last year
        start_year, start_month = (year - 1, 12) if first_month == 0 else (year, first_month)
        return cls(datetime.date(start_year, start_month, CLOSING_DAY + 1), end)

    def previous_day(self) -> datetime.date:
        return self.start - datetime.timedelta(days=1)


def _last_month(frequency: Frequency, number: int) -> tuple[int, int]:
    ends, months = _ENDS[Frequency(frequency)]
    ends = tuple(ends)
    if not 1 <= number <= len(ends):
        raise PeriodError(_("Kỳ báo cáo số %(number)s không có trong năm.") % {"number": number})
    return ends[number - 1], months


def closing_periods(frequency: Frequency, year: int) -> list[Period]:
    """Every ND 09 closing period of `frequency` in `year`."""
    return [
        Period.closing(frequency, year, n) for n in range(1, len(tuple(_ENDS[Frequency(frequency)][0])) + 1)
    ]


def check_reportable(period: Period) -> Period:
    """The period, or a PeriodError when no report should span it (every page, export and API asks)."""
    if period.start.year < FIRST_YEAR or period.end.year > LAST_YEAR:
        raise PeriodError(
            _("Kỳ báo cáo phải nằm trong các năm %(first)s–%(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if period.days > MAX_DAYS:
        raise PeriodError(_("Kỳ báo cáo dài quá 10 năm: hãy chọn kỳ ngắn hơn."))
    return period


def check_begun(period: Period, today: datetime.date | None = None) -> Period:
    """The period, or a PeriodError when it starts after today: its table would be all zeros, which reads
    as "nothing happened" rather than "not yet" (the pages and the APIs all ask)."""
    if period.start > (today or timezone.localdate()):
        raise PeriodError(_("Kỳ thống kê bắt đầu sau ngày hôm nay nên chưa có số liệu."))
    return period
