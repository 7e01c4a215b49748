"""The period and filters of a work-statistics request, read from a query string (the page's form and the API
take the same parameters). Every refusal is a `ParamError` (DomainError, HTTP 400) with a Vietnamese reason.

Period, one of:
- `date_from` and `date_to` (YYYY-MM-DD or dd/mm/yyyy, inclusive);
- `frequency` (month, quarter, half_year, nine_months, year), `year`, `number` (which month or quarter; 1 for
  half-year 1, nine months, year) and `closing` (1: the ND 09 closing period, 15th of the month before to the
  14th; otherwise the calendar period);
- nothing: the current calendar month.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.errors import DomainError
from reporting.periods import FIRST_YEAR, LAST_YEAR, Frequency, Period, PeriodError, check_reportable

GROUPS = ("agency", "department", "person")
FREQUENCY_LABELS = {
    Frequency.MONTH: gettext_lazy("Tháng"),
    Frequency.QUARTER: gettext_lazy("Quý"),
    Frequency.HALF_YEAR: gettext_lazy("6 tháng"),
    Frequency.NINE_MONTHS: gettext_lazy("9 tháng"),
    Frequency.YEAR: gettext_lazy("Năm"),
}


class ParamError(DomainError):
    code = "bad_parameter"


@dataclass(frozen=True)
class Request:
    period: Period
    agency_id: int | None
    department_id: int | None
    by: str | None


def _text(params, name: str) -> str:
    value = params.get(name)
    return "" if value is None else str(value).strip()


def _day(value: str, label: str) -> datetime.date:
    if "-" in value[:3] or "." in value:  # 05-03-2026, 05.03.2026 as the day box accepts them
        value = value.replace("-", "/").replace(".", "/")
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            break
        return day
    raise ParamError(
        _("%(label)s không đúng: hãy nhập ngày dạng dd/mm/yyyy, từ năm %(min)s đến năm %(max)s.")
        % {"label": label, "min": FIRST_YEAR, "max": LAST_YEAR}
    )


def _int(value: str, label: str, low: int, high: int) -> int:
    digits = value[1:] if value.startswith("-") else value
    number = int(value) if digits.isascii() and digits.isdigit() and len(digits) < 10 else None
    if number is None or not low <= number <= high:
        raise ParamError(
            _("%(label)s phải là số từ %(low)s đến %(high)s.") % {"label": label, "low": low, "high": high}
        )
    return number


def parse_period(params, today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    date_from, date_to = _text(params, "date_from"), _text(params, "date_to")
    frequency = _text(params, "frequency")
    try:
        if date_from or date_to:
            if not (date_from and date_to):
                raise ParamError(_("Hãy nhập cả “từ ngày” và “đến ngày”."))
            period = Period(_day(date_from, _("Từ ngày")), _day(date_to, _("Đến ngày")))
        elif frequency:
            if frequency not in Frequency.__members__.values():
                raise ParamError(_("Loại kỳ không đúng: chọn tháng, quý, 6 tháng, 9 tháng hoặc năm."))
            frequency = Frequency(frequency)
            year = _int(_text(params, "year") or str(today.year), _("Năm"), FIRST_YEAR, LAST_YEAR)
            highest = {Frequency.MONTH: 12, Frequency.QUARTER: 4, Frequency.HALF_YEAR: 2}.get(frequency, 1)
            number = _int(_text(params, "number") or "1", _("Kỳ số"), 1, highest)
            closing = _text(params, "closing") in ("1", "true", "on", "yes")
            period = (Period.closing if closing else Period.calendar)(frequency, year, number)
        else:
            period = Period.calendar(Frequency.MONTH, today.year, today.month)
        check_reportable(period)
    except PeriodError as error:
        raise ParamError(str(error)) from None
    if period.start > today:
        raise ParamError(_("Kỳ thống kê bắt đầu sau ngày hôm nay nên chưa có số liệu."))
    return period


def parse_id(params, name: str, label: str) -> int | None:
    value = _text(params, name)
    if not value:
        return None
    return _int(value, label, 1, 2**31 - 1)


def parse(params, today: datetime.date | None = None) -> Request:
    by = _text(params, "by") or None
    if by is not None and by not in GROUPS:
        raise ParamError(_("Cách nhóm không đúng: chọn theo cơ quan, theo phòng, ban hoặc theo cán bộ."))
    return Request(
        period=parse_period(params, today),
        agency_id=parse_id(params, "agency", _("Mã cơ quan")),
        department_id=parse_id(params, "department", _("Mã phòng, ban")),
        by=by,
    )
