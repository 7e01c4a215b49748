"""The one read interface for dossier statistics (regulations §2.7): every page, export, API and periodic
report cell calls these, never onestop's dossier table.

Definitions (the same in the summaries, `reporting.ledger`, and in the drill-down `dossiers_behind`):
- A dossier counts once it is accepted (accepted_at set: numbered and on the clock), for its **competent
  agency** (the one that resolves it; the receiving desk is where it was handed in, not who owes the
  result), so every agency's row balances: received = carried over + new, and received = resolved +
  withdrawn + refused + stopped + in progress.
- Days are local (Asia/Ho_Chi_Minh). **Resolved** = its result is ready or returned (result_ready_at), on
  that day; early / on time / late by `onestop.services.classify(result time, due_at)`. Withdrawn, refused
  (after review) and stopped count on the day the dossier was closed that way. Refused at intake is never
  accepted, so never counted.
- **Open at the end of day D**: accepted by D, not finished by D. Of those, **overdue** when due_at is on
  or before D, **waiting for a supplement** when a supplement pause covers the end of D. For a period that
  runs past today the stocks are those of today (nothing has happened later yet).
- new_<channel> by the dossier's channel; **digitised**: of the new ones, those with papers all scanned;
  **paid**: dossiers whose fees (fees_due > 0) were paid in full in the period (on the last payment's
  day), online when a payment came through the gateway; **ratings** on the day given, **satisfied** at
  "Hài lòng" or "Rất hài lòng".
- A unit covers the agencies of every unit under it in force in the period (its own era's tree: commune →
  district → province before 1 July 2025, commune → province after), and, for a unit formed in 2025, the
  agencies of the units it took over (their dossiers were carried into it). A period that straddles
  1 July 2025 gets a note with both parts' totals, the old tree's closing stock being the new tree's
  opening stock.
"""

import datetime
from dataclasses import dataclass, fields
from typing import ClassVar, Literal

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.directory.models import PATH_SEPARATOR, REORGANISATION_DATE, AdministrativeUnit, Agency
from egov.errors import DomainError

from .models import COLUMNS, AgencySummary, Grain, Summary, UnitMember, UnitSummary
from .periods import Period
from .roles import VIEW_STATISTICS

Group = Literal["procedure", "field", "agency", "unit", "month"]
GROUPS: tuple[str, ...] = ("procedure", "field", "agency", "unit", "month")
EPOCH = datetime.date(1900, 1, 1)


class ReportError(DomainError):
    code = "report_error"


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class DossierFigures:
    """One row of the §2.7 table."""

    carried_over: int = 0
    new_online: int = 0
    new_direct: int = 0
    new_post: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    in_progress_within: int = 0
    in_progress_overdue: int = 0
    waiting_supplement: int = 0
    withdrawn: int = 0
    refused: int = 0
    stopped: int = 0
    paid_online: int = 0
    paid_total: int = 0
    digitised: int = 0
    ratings: int = 0
    satisfied: int = 0

    FIGURES: ClassVar[tuple[str, ...]] = (
        "received_total",
        "carried_over",
        "new_total",
        "new_online",
        "new_direct",
        "new_post",
        "resolved_total",
        "resolved_in_time",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "in_progress_total",
        "in_progress_within",
        "in_progress_overdue",
        "waiting_supplement",
        "withdrawn",
        "refused",
        "stopped",
        "finished_total",
        "paid_total",
        "paid_online",
        "digitised",
        "ratings",
        "satisfied",
        "on_time_rate",
        "online_rate",
        "online_payment_rate",
        "digitised_rate",
        "satisfaction_rate",
    )
    RATES: ClassVar[tuple[str, ...]] = (
        "on_time_rate",
        "online_rate",
        "online_payment_rate",
        "digitised_rate",
        "satisfaction_rate",
    )
    LABELS: ClassVar[dict[str, str]] = {
        "received_total": gettext_lazy("Tổng số hồ sơ nhận giải quyết"),
        "carried_over": gettext_lazy("Kỳ trước chuyển qua"),
        "new_total": gettext_lazy("Mới tiếp nhận"),
        "new_online": gettext_lazy("Trực tuyến"),
        "new_direct": gettext_lazy("Trực tiếp"),
        "new_post": gettext_lazy("Qua dịch vụ bưu chính công ích"),
        "resolved_total": gettext_lazy("Số hồ sơ đã giải quyết"),
        "resolved_in_time": gettext_lazy("Đúng thời hạn"),
        "resolved_early": gettext_lazy("Trả trước hạn"),
        "resolved_on_time": gettext_lazy("Trả đúng hạn"),
        "resolved_late": gettext_lazy("Trả quá hạn"),
        "in_progress_total": gettext_lazy("Số hồ sơ đang giải quyết"),
        "in_progress_within": gettext_lazy("Chưa đến hạn"),
        "in_progress_overdue": gettext_lazy("Quá hạn"),
        "waiting_supplement": gettext_lazy("Chờ bổ sung"),
        "withdrawn": gettext_lazy("Rút hồ sơ"),
        "refused": gettext_lazy("Từ chối giải quyết"),
        "stopped": gettext_lazy("Dừng giải quyết"),
        "finished_total": gettext_lazy("Đã kết thúc"),
        "paid_total": gettext_lazy("Đã nộp phí, lệ phí"),
        "paid_online": gettext_lazy("Nộp phí trực tuyến"),
        "digitised": gettext_lazy("Số hóa thành phần hồ sơ"),
        "ratings": gettext_lazy("Lượt đánh giá"),
        "satisfied": gettext_lazy("Hài lòng"),
        "on_time_rate": gettext_lazy("Tỷ lệ đúng hạn (%)"),
        "online_rate": gettext_lazy("Tỷ lệ trực tuyến (%)"),
        "online_payment_rate": gettext_lazy("Tỷ lệ thanh toán trực tuyến (%)"),
        "digitised_rate": gettext_lazy("Tỷ lệ số hóa (%)"),
        "satisfaction_rate": gettext_lazy("Tỷ lệ hài lòng (%)"),
    }

    @property
    def new_total(self) -> int:
        return self.new_online + self.new_direct + self.new_post

    @property
    def received_total(self) -> int:
        return self.carried_over + self.new_total

    @property
    def resolved_in_time(self) -> int:
        return self.resolved_early + self.resolved_on_time

    @property
    def resolved_total(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def in_progress_total(self) -> int:
        return self.in_progress_within + self.in_progress_overdue

    @property
    def finished_total(self) -> int:
        return self.resolved_total + self.withdrawn + self.refused + self.stopped

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.resolved_in_time, self.resolved_total)

    @property
    def online_rate(self) -> float | None:
        return _rate(self.new_online, self.new_total)

    @property
    def online_payment_rate(self) -> float | None:
        return _rate(self.paid_online, self.paid_total)

    @property
    def digitised_rate(self) -> float | None:
        return _rate(self.digitised, self.new_total)

    @property
    def satisfaction_rate(self) -> float | None:
        return _rate(self.satisfied, self.ratings)

    def __add__(self, other: "DossierFigures") -> "DossierFigures":
        return DossierFigures(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.FIGURES}

    @classmethod
    def counted(cls) -> tuple[str, ...]:
        """The figures that count dossiers (every name but the rates)."""
        return tuple(name for name in cls.FIGURES if name not in cls.RATES)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    figures: DossierFigures
    filters: dict


@dataclass(frozen=True)
class Report:
    period: Period
    scope_label: str
    by: str
    rows: list[Row]
    total: DossierFigures
    notes: list[str]


# --- scope: which agencies a unit covers in a period ----------------------------------------------------
@dataclass(frozen=True)
class _Member:
    """What a report needs of an agency in its scope: plain values, so a cached scope of a province's
    hundreds of agencies reads back in microseconds (model instances took milliseconds to unpickle)."""

    pk: int
    name: str
    unit_id: int | None
    unit_path: str
    unit_ended: bool  # its unit has a valid_to: a unit of the old tree


def _member(agency: Agency) -> _Member:
    unit = agency.unit
    return _Member(
        agency.pk, agency.name, agency.unit_id, unit.path if unit else "", bool(unit and unit.valid_to)
    )


@dataclass(frozen=True)
class _Scope:
    agencies: dict[int, _Member]
    label: str
    unit: AdministrativeUnit | None
    notes: tuple[str, ...] = ()


def _overlaps(unit: AdministrativeUnit, start: datetime.date, end: datetime.date) -> bool:
    return unit.valid_from <= end and (unit.valid_to is None or unit.valid_to >= start)


def _subtree(unit: AdministrativeUnit, start: datetime.date, end: datetime.date):
    """`unit` and the units under it in its own era that were in force some day of [start, end]."""
    lo = max(start, unit.valid_from)
    hi = min(end, unit.valid_to) if unit.valid_to else end
    return AdministrativeUnit.objects.filter(
        Q(path=unit.path) | Q(path__startswith=unit.path + PATH_SEPARATOR),
        Q(valid_to__isnull=True) | Q(valid_to__gte=lo),
        valid_from__lte=hi,
    )


SCOPE_CACHE_SECONDS = 300  # a unit's agencies in a period: the directory changes rarely


def _unit_scope(period: Period, unit: AdministrativeUnit) -> _Scope:
    if not isinstance(unit, AdministrativeUnit):
        raise ReportError(_("Đơn vị hành chính không hợp lệ."))
    key = f"reporting:scope:{unit.pk}:{period.start}:{period.end}"
    scope = cache.get(key)
    if scope is None:
        scope = _find_unit_scope(period, unit)
        cache.set(key, scope, SCOPE_CACHE_SECONDS)
    return scope


def _find_unit_scope(period: Period, unit: AdministrativeUnit) -> _Scope:
    if not _overlaps(unit, period.start, period.end):
        raise ReportError(
            _("%(unit)s không tồn tại trong kỳ báo cáo từ %(start)s đến %(end)s (hiệu lực %(span)s).")
            % {
                "unit": unit.name,
                "start": f"{period.start:%d/%m/%Y}",
                "end": f"{period.end:%d/%m/%Y}",
                "span": _span(unit),
            }
        )
    units = list(_subtree(unit, period.start, period.end))
    unit_ids = {u.pk for u in units}
    notes = []
    if unit.valid_from >= REORGANISATION_DATE:
        # the units it took over: their dossiers still open on 1 July 2025 went on being counted in it
        from egov.directory.models import UnitSuccession

        old = AdministrativeUnit.objects.filter(
            pk__in=UnitSuccession.objects.filter(successor_id__in=unit_ids).values("predecessor_id")
        )
        for predecessor in old:
            if predecessor.pk not in unit_ids:
                for u in _subtree(predecessor, EPOCH, predecessor.valid_to or period.end):
                    unit_ids.add(u.pk)
    elif unit.valid_to is not None and unit.valid_to < period.end:
        notes.append(
            _("%(unit)s hết hiệu lực từ ngày %(day)s; số liệu sau ngày đó thuộc đơn vị kế thừa.")
            % {"unit": unit.name, "day": f"{unit.valid_to + datetime.timedelta(days=1):%d/%m/%Y}"}
        )
    agencies = {a.pk: _member(a) for a in Agency.objects.filter(unit_id__in=unit_ids).select_related("unit")}
    return _Scope(agencies=agencies, label=unit.name, unit=unit, notes=tuple(notes))


def rollup_agencies(unit: AdministrativeUnit) -> set[int]:
    """The agencies a report on `unit` covers over the unit's whole validity: what its rollup holds
    (`reporting.ledger.refresh_units`)."""
    whole = Period(unit.valid_from, unit.valid_to or datetime.date.max)
    return set(_find_unit_scope(whole, unit).agencies)


def _span(unit: AdministrativeUnit) -> str:
    end = f"{unit.valid_to:%d/%m/%Y}" if unit.valid_to else _("nay")
    return f"{unit.valid_from:%d/%m/%Y} – {end}"


def _scope(period: Period, unit=None, agency=None) -> _Scope:
    if not isinstance(period, Period):
        raise ReportError(_("Kỳ báo cáo không hợp lệ."))
    if agency is not None and not isinstance(agency, Agency):
        raise ReportError(_("Cơ quan không hợp lệ."))
    if unit is not None:
        scope = _unit_scope(period, unit)
        if agency is None:
            return scope
        if agency.pk not in scope.agencies:
            raise ReportError(
                _("%(agency)s không thuộc %(unit)s trong kỳ báo cáo.")
                % {"agency": agency.name, "unit": unit.name}
            )
        return _Scope(agencies={agency.pk: _member(agency)}, label=agency.name, unit=None, notes=scope.notes)
    if agency is not None:
        return _Scope(agencies={agency.pk: _member(agency)}, label=agency.name, unit=None)
    # no scope: every agency (the whole portal, for a system administrator)
    return _Scope(
        agencies={a.pk: _member(a) for a in Agency.objects.select_related("unit")},
        label=_("Toàn hệ thống"),
        unit=None,
    )


# --- reading the summaries ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Source:
    """Where a scope's counts are read: its unit's rollup when the rollup holds exactly the scope's
    agencies (a period within the unit's validity, members up to date), else the agencies' own rows."""

    agency_ids: tuple[int, ...]
    unit_id: int | None = None

    def table(self, group: str | None) -> tuple[str, str, list[int]]:
        """(table, owner column, owner ids) to read for `group`."""
        if self.unit_id is not None and group != "agency_id":
            return UnitSummary._meta.db_table, "unit_id", [self.unit_id]
        table = Summary if group in ("procedure_id", "procedure__field_id") else AgencySummary
        return table._meta.db_table, "agency_id", list(self.agency_ids)


def _source(scope: _Scope) -> _Source:
    ids = tuple(scope.agencies)
    if scope.unit is not None and len(ids) > 1:
        held = set(UnitMember.objects.filter(unit=scope.unit).values_list("agency_id", flat=True))
        if held == set(ids):
            return _Source(ids, scope.unit.pk)
    return _Source(ids)


def _cover(a: datetime.date, b: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """The fewest buckets covering the days [a, b]: (grain, first bucket start, last bucket start)."""
    parts = []
    d = a
    while d <= b:
        if d.month == 1 and d.day == 1 and datetime.date(d.year, 12, 31) <= b:
            last = b.year if (b.month, b.day) == (12, 31) else b.year - 1
            parts.append((Grain.YEAR, d, datetime.date(last, 1, 1)))
            d = datetime.date(last + 1, 1, 1)
        elif d.day == 1 and _month_end(d) <= b:
            last = d
            while last.month < 12 and _month_end(_next_month(last)) <= b:
                last = _next_month(last)
            parts.append((Grain.MONTH, d, last))
            d = _month_end(last) + datetime.timedelta(days=1)
        else:
            end = min(b, _month_end(d))
            parts.append((Grain.DAY, d, end))
            d = end + datetime.timedelta(days=1)
    return parts


def _next_month(d: datetime.date) -> datetime.date:
    return datetime.date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _month_end(d: datetime.date) -> datetime.date:
    return _next_month(d) - datetime.timedelta(days=1)


def _select(source: _Source, group: str | None, buckets, split: datetime.date) -> list[tuple]:
    """(group value, 1 if the bucket starts on or after `split` else 0, *the COLUMNS summed) over the
    buckets (from `_cover`). Raw SQL: the ORM took longer to compile this than the database to run it."""
    from services.models import Procedure

    table, owner, owners = source.table(group)
    key = {
        None: "NULL",
        "procedure_id": "s.procedure_id",
        "procedure__field_id": "p.field_id",
        "agency_id": "s.agency_id",
        "day": "s.day",
    }[group]
    join = (
        f" JOIN {Procedure._meta.db_table} p ON p.id = s.procedure_id"
        if group == "procedure__field_id"
        else ""
    )
    sums = ", ".join(f"SUM(s.{c})" for c in COLUMNS)
    spans = " OR ".join(["(s.grain = %s AND s.day >= %s AND s.day <= %s)"] * len(buckets))
    sql = (
        f"SELECT {key}, CASE WHEN s.day >= %s THEN 1 ELSE 0 END, {sums} FROM {table} s{join} "  # noqa: S608
        f"WHERE s.{owner} IN ({', '.join(['%s'] * len(owners))}) AND ({spans}) GROUP BY 1, 2"
    )
    params = [split, *owners, *(v for grain, lo, hi in buckets for v in (str(grain), lo, hi))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _stock(col: dict) -> tuple[int, int, int]:
    """(open, overdue, waiting for a supplement) change from summed columns."""
    new = col["new_online"] + col["new_direct"] + col["new_post"]
    done = sum(
        col[c] for c in ("resolved_early", "resolved_on_time", "resolved_late", "withdrawn", "refused")
    )
    done += col["stopped"]
    return new - done, col["overdue_net"], col["supplement_net"]


_ZERO = dict.fromkeys(COLUMNS, 0)


def _figures(before: dict | None, during: dict | None) -> DossierFigures:
    before, during = before or _ZERO, during or _ZERO
    carried, overdue0, supp0 = _stock(before)
    opened, overdue1, supp1 = _stock(during)
    in_progress = carried + opened
    overdue = overdue0 + overdue1
    return DossierFigures(
        carried_over=carried,
        in_progress_within=in_progress - overdue,
        in_progress_overdue=overdue,
        waiting_supplement=supp0 + supp1,
        **{c: during[c] for c in COLUMNS if c not in ("overdue_net", "supplement_net")},
    )


def _bounds(period: Period) -> tuple[datetime.date, datetime.date]:
    """(last day before the period, last day counted): nothing has happened after today."""
    today = timezone.localdate()
    return min(period.start - datetime.timedelta(days=1), today), min(period.end, today)


def _buckets(period: Period) -> list[tuple[str, datetime.date, datetime.date]]:
    """The buckets before the period (its opening stocks) and those inside it (its flows): each lies
    wholly on one side of the period's start."""
    before_end, end = _bounds(period)
    return _cover(EPOCH, before_end) + (_cover(period.start, end) if period.start <= end else [])


def _grouped(period: Period, source: _Source, group: str | None) -> dict:
    """{group value: DossierFigures} in one query."""
    if not source.agency_ids:
        return {}
    found: dict = {}
    for key, inside, *sums in _select(source, group, _buckets(period), period.start):
        found.setdefault(key, [_ZERO, _ZERO])[inside] = dict(zip(COLUMNS, sums, strict=True))
    return {key: _figures(before, during) for key, (before, during) in found.items()}


def dossier_figures(period: Period, *, unit=None, agency=None) -> DossierFigures:
    """The total alone (the fastest path)."""
    scope = _scope(period, unit, agency)
    return _grouped(period, _source(scope), None).get(None, DossierFigures())


def _sum(figures) -> DossierFigures:
    total = DossierFigures()
    for f in figures:
        total = total + f
    return total


def _month_label(day: datetime.date) -> str:
    return _("Tháng %(month)02d/%(year)s") % {"month": day.month, "year": day.year}


def _by_month(period: Period, source: _Source) -> tuple[list[Row], DossierFigures]:
    """The rows by month and the total, in one query: the stocks before the period, and each month's
    flows; a month starts with what the months before it left."""
    before_end, end = _bounds(period)
    months = []
    start = period.start
    while start <= period.end:
        months.append((start, min(_month_end(start), period.end)))
        start = months[-1][1] + datetime.timedelta(days=1)
    buckets = _cover(EPOCH, before_end)
    for first, last in months:
        if first <= min(last, end):
            buckets += _cover(first, min(last, end))
    before, flows = dict(_ZERO), {}
    if source.agency_ids:
        for day, inside, *sums in _select(source, "day", buckets, period.start):
            if not isinstance(day, datetime.date):  # SQLite gives the text
                day = datetime.date.fromisoformat(day)
            into = flows.setdefault(day.replace(day=1), dict(_ZERO)) if inside else before
            for c, n in zip(COLUMNS, sums, strict=True):
                into[c] += n
    rows, stock, total = [], before, dict(_ZERO)
    for first, _last in months:
        during = flows.get(first.replace(day=1), _ZERO)
        key = f"{first:%Y-%m}"
        figures = _figures(stock, during)
        rows.append(Row(key=key, label=_month_label(first), figures=figures, filters={"month": key}))
        stock = {c: stock[c] + during[c] for c in COLUMNS}
        total = {c: total[c] + during[c] for c in COLUMNS}
    return rows, _figures(before, total)


def _unit_groups(scope: _Scope, period: Period) -> dict[int, tuple[str, str]]:
    """agency id -> (unit key, label): the child of the scope's unit it belongs to (the unit itself for
    its own agencies); agencies of units taken over in 2025 go to the child holding their successor."""
    from egov.directory.models import UnitSuccession

    unit = scope.unit
    children = list(
        AdministrativeUnit.objects.filter(parent__path=unit.path).filter(
            pk__in=_subtree(unit, period.start, period.end).values("pk")
        )
    )
    children.sort(key=lambda u: u.path)
    successor_path = {}
    old_units = {
        a.unit_id for a in scope.agencies.values() if a.unit_ended and unit.valid_from >= REORGANISATION_DATE
    }
    for pred, path in (
        UnitSuccession.objects.filter(predecessor_id__in=old_units)
        .order_by("predecessor_id", "successor__path")
        .values_list("predecessor_id", "successor__path")
    ):
        successor_path.setdefault(pred, path)
    groups = {}
    for agency in scope.agencies.values():
        path = agency.unit_path
        if agency.unit_id in successor_path:
            path = successor_path[agency.unit_id]
        for child in children:
            if path == child.path or path.startswith(child.path + PATH_SEPARATOR):
                groups[agency.pk] = (child.code, child.name)
                break
        else:
            groups[agency.pk] = (unit.code, _("%(unit)s (cơ quan cùng cấp)") % {"unit": unit.name})
    return groups


def _rows(period: Period, scope: _Scope, source: _Source, by: str) -> list[Row]:
    """The rows of a report grouped by procedure, field, agency or unit."""
    from services.models import Field, Procedure

    if by == "procedure":
        figures = _grouped(period, source, "procedure_id")
        procedures = Procedure.objects.only("code", "name").in_bulk(list(figures))
        return sorted(
            (
                Row(key=p.code, label=p.name, figures=f, filters={"procedure": p.pk})
                for pk, f in figures.items()
                if (p := procedures.get(pk)) is not None
            ),
            key=lambda r: r.key,
        )
    if by == "field":
        figures = _grouped(period, source, "procedure__field_id")
        names = Field.objects.only("name").in_bulk(list(figures))
        return sorted(
            (
                Row(key=str(pk), label=names[pk].name, figures=f, filters={"field": pk})
                for pk, f in figures.items()
                if pk in names
            ),
            key=lambda r: r.label,
        )
    figures = _grouped(period, source, "agency_id")
    if by == "agency":
        return sorted(
            (
                Row(key=str(pk), label=scope.agencies[pk].name, figures=f, filters={"agency": pk})
                for pk, f in figures.items()
                if pk in scope.agencies
            ),
            key=lambda r: r.label,
        )
    # by unit
    if scope.unit is None:
        raise ReportError(_("Báo cáo theo đơn vị hành chính cần chọn một đơn vị."))
    groups = _unit_groups(scope, period)
    merged: dict[str, list] = {}
    for pk, f in figures.items():
        key, label = groups[pk]
        entry = merged.setdefault(key, [label, DossierFigures(), []])
        entry[1] = entry[1] + f
        entry[2].append(pk)
    return sorted(
        (
            Row(key=key, label=label, figures=f, filters={"agencies": sorted(ids), "unit": key})
            for key, (label, f, ids) in merged.items()
        ),
        key=lambda r: r.key,
    )


def _straddle_note(period: Period, scope: _Scope, source: _Source) -> str | None:
    if not (period.start < REORGANISATION_DATE <= period.end) or scope.unit is None:
        return None
    old = _grouped(Period(period.start, REORGANISATION_DATE - datetime.timedelta(days=1)), source, None)
    new = _grouped(Period(REORGANISATION_DATE, period.end), source, None)
    old, new = old.get(None, DossierFigures()), new.get(None, DossierFigures())
    return _(
        "Kỳ báo cáo có cả thời gian trước và sau ngày 01/07/2025 (sắp xếp đơn vị hành chính). "
        "Đến 30/06/2025 theo đơn vị cũ (tỉnh – huyện – xã): kỳ trước chuyển qua %(c1)s, mới tiếp nhận "
        "%(n1)s, đã giải quyết %(r1)s, đã kết thúc khác %(o1)s, còn %(p1)s. Từ 01/07/2025 theo đơn vị mới "
        "(tỉnh – xã): chuyển qua %(c2)s, mới tiếp nhận %(n2)s, đã giải quyết %(r2)s, đã kết thúc khác "
        "%(o2)s, còn %(p2)s. Cả kỳ: mới tiếp nhận %(n)s, đã giải quyết %(r)s."
    ) % {
        "c1": old.carried_over,
        "n1": old.new_total,
        "r1": old.resolved_total,
        "o1": old.finished_total - old.resolved_total,
        "p1": old.in_progress_total,
        "c2": new.carried_over,
        "n2": new.new_total,
        "r2": new.resolved_total,
        "o2": new.finished_total - new.resolved_total,
        "p2": new.in_progress_total,
        "n": old.new_total + new.new_total,
        "r": old.resolved_total + new.resolved_total,
    }


def dossier_report(period: Period, *, unit=None, agency=None, by: Group = "procedure") -> Report:
    if by not in GROUPS:
        raise ReportError(_("Cách nhóm số liệu không hợp lệ: %(by)s.") % {"by": str(by)[:40]})
    scope = _scope(period, unit, agency)
    source = _source(scope)
    if by == "month":
        rows, total = _by_month(period, source)
    else:
        rows = _rows(period, scope, source, by)
        total = _sum(r.figures for r in rows)
    notes = list(scope.notes)
    note = _straddle_note(period, scope, source)
    if note:
        notes.append(note)
    return Report(period=period, scope_label=scope.label, by=by, rows=rows, total=total, notes=notes)


# --- the dossiers behind a figure (drill-down; a recount straight from the dossiers) ----------------------
def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def dossiers_behind(period: Period, figure: str, *, unit=None, agency=None, filters=None) -> QuerySet:
    """The dossiers counted in one cell. `filters`: a Row's filters (procedure, field, agency, agencies,
    month); an agency or agencies filter narrows the scope and finds nothing outside it. Callers still
    apply onestop.queries.visible_to(user)."""
    from onestop.models import Dossier, DossierEvent, DossierPaper, DossierPause, Status

    if figure not in DossierFigures.counted():
        raise ReportError(_("Chỉ tiêu không hợp lệ: %(figure)s.") % {"figure": str(figure)[:40]})
    scope = _scope(period, unit, agency)
    ids = set(scope.agencies)
    filters = dict(filters or {})
    if "agency" in filters:
        ids &= {int(filters.pop("agency"))}
    if "agencies" in filters:
        ids &= {int(i) for i in filters.pop("agencies")}
    filters.pop("unit", None)
    month = filters.pop("month", None)
    if month:
        first = datetime.date.fromisoformat(f"{month}-01")
        period = Period(max(period.start, first), min(period.end, _month_end(first)))
    qs = Dossier.objects.filter(accepted_at__isnull=False, competent_agency_id__in=ids)
    if "procedure" in filters:
        qs = qs.filter(version__procedure_id=int(filters.pop("procedure")))
    if "field" in filters:
        qs = qs.filter(version__procedure__field_id=int(filters.pop("field")))
    if filters:
        raise ReportError(_("Bộ lọc không hợp lệ: %(names)s.") % {"names": ", ".join(sorted(filters))[:80]})

    before_end, end = _bounds(period)
    lo, hi = _start_of(period.start), _start_of(end + datetime.timedelta(days=1))
    cut0, cut1 = _start_of(before_end + datetime.timedelta(days=1)), hi
    resolved = [Status.RESULT_READY, Status.RETURNED]
    qs = qs.annotate(
        finished_at=Case(
            When(status__in=resolved, then=Coalesce("result_ready_at", "returned_at", "closed_at")),
            When(status__in=[Status.WITHDRAWN, Status.REFUSED, Status.STOPPED], then=F("closed_at")),
            default=Value(None),
        )
    )

    def open_at(cut):
        return Q(accepted_at__lt=cut) & (Q(finished_at__isnull=True) | Q(finished_at__gte=cut))

    in_period = Q(finished_at__gte=lo, finished_at__lt=hi)
    late = Q(finished_at__gt=F("due_at"))
    qs_res = qs.annotate(fin_day=TruncDate("finished_at"), due_day=TruncDate("due_at"))
    early = Q(fin_day__lt=F("due_day")) & ~late
    new = Q(accepted_at__gte=lo, accepted_at__lt=hi)
    supplement = DossierPause.objects.filter(
        dossier=OuterRef("pk"), kind=DossierPause.Kind.SUPPLEMENT, started_at__lt=cut1
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gte=cut1))
    takings = DossierEvent.objects.filter(dossier=OuterRef("pk"), action="take_fees")
    paid_at = Coalesce(
        Subquery(takings.values("dossier").annotate(m=Max("at")).values("m")), F("accepted_at")
    )
    paid = Q(fees_due__gt=0, fees_paid__gte=F("fees_due"), paid_at__gte=lo, paid_at__lt=hi)
    rated = Q(rating__created_at__gte=lo, rating__created_at__lt=hi)
    if period.start > end:  # the period has not begun: nothing happened in it
        in_period = new = paid = rated = Q(pk__in=[])
    conditions = {
        "carried_over": open_at(cut0),
        "received_total": open_at(cut0) | new,
        "new_total": new,
        "new_online": new & Q(channel="online"),
        "new_direct": new & Q(channel="direct"),
        "new_post": new & Q(channel="post"),
        "resolved_total": in_period & Q(status__in=resolved),
        "resolved_in_time": in_period & Q(status__in=resolved) & ~late,
        "resolved_early": in_period & Q(status__in=resolved) & early,
        "resolved_on_time": in_period & Q(status__in=resolved) & ~late & ~early,
        "resolved_late": in_period & Q(status__in=resolved) & late,
        "in_progress_total": open_at(cut1),
        "in_progress_within": open_at(cut1) & Q(due_at__gte=cut1),
        "in_progress_overdue": open_at(cut1) & Q(due_at__lt=cut1),
        "waiting_supplement": open_at(cut1) & Q(Exists(supplement)),
        "withdrawn": in_period & Q(status=Status.WITHDRAWN),
        "refused": in_period & Q(status=Status.REFUSED),
        "stopped": in_period & Q(status=Status.STOPPED),
        "finished_total": in_period,
        "paid_total": paid,
        "paid_online": paid & Q(Exists(takings.filter(actor__isnull=True))),
        "digitised": new
        & Q(Exists(DossierPaper.objects.filter(dossier=OuterRef("pk"))))
        & ~Q(Exists(DossierPaper.objects.filter(dossier=OuterRef("pk"), file=""))),
        "ratings": rated,
        "satisfied": rated & Q(rating__score__gte=3),
    }
    if figure.startswith("paid"):
        qs_res = qs_res.annotate(paid_at=paid_at)
    return qs_res.filter(conditions[figure]).order_by("due_at", "pk")


# --- who may see what -----------------------------------------------------------------------------------
def _is_people_committee(agency: Agency) -> bool:
    return (agency.short_name or "").upper().startswith("UBND")


def scope_for(user) -> tuple[AdministrativeUnit | None, Agency | None]:
    """What a staff user may report on by default: the unit of a People's Committee they serve with the
    reporting permission (a leader of the province sees the province), else their own agency."""
    from egov.directory.queries import primary_agency

    if user is None or not getattr(user, "is_authenticated", False) or not user.has_perm(VIEW_STATISTICS):
        return None, None
    agency = primary_agency(user)
    if agency is None:
        return None, None
    if _is_people_committee(agency) and agency.unit_id:
        return agency.unit, None
    return None, agency


def _within(inner: AdministrativeUnit, outer: AdministrativeUnit) -> bool:
    return inner.path == outer.path or inner.path.startswith(outer.path + PATH_SEPARATOR)


def can_view(user, *, unit=None, agency=None) -> bool:
    """A leader of the province sees all of it; an agency's staff with the reporting permission see theirs.
    A system administrator sees everything."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not user.has_perm(VIEW_STATISTICS):
        return False
    from egov.admin_scoping import is_province_wide

    if is_province_wide(user):
        return True
    own_unit, own_agency = scope_for(user)
    if own_unit is not None:
        covered = [own_unit]
        if own_unit.valid_from >= REORGANISATION_DATE:
            from egov.directory.queries import predecessors

            covered += list(predecessors(own_unit))
        targets = [u for u in (unit, getattr(agency, "unit", None)) if u is not None]
        if agency is not None and agency.unit_id is None:
            return False
        if unit is None and agency is None:
            return True
        return all(any(_within(t, c) for c in covered) for t in targets)
    if own_agency is not None:
        return unit is None and agency is not None and agency.pk == own_agency.pk
    return False
