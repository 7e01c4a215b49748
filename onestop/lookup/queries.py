"""Read side of the public lookup and board: one indexed query per dossier page, two queries a minute
for the board."""

import datetime

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils import timezone

from egov.directory.models import Agency
from onestop.models import Dossier
from services.models import Procedure, ProcedureVersion

BOARD_SECONDS = 60


def _lookup_sql() -> str:
    """The dossier page's one query, written out. Through the ORM (select_related, only) building it cost
    twice what the database took to answer; correlated subqueries (the first hand-over, the last pause)
    tripled PostgreSQL's planning time: the timeline is made from the dossier's own dates instead
    (bench/onestop_lookup.py). Only the columns the page shows are read: never the applicant's contact
    details."""
    dossier, version, procedure = (
        Dossier._meta.db_table,
        ProcedureVersion._meta.db_table,
        Procedure._meta.db_table,
    )
    return f"""
        SELECT d.id, d.code, d.status, d.applicant_name, d.accepted_at, d.original_due_at, d.due_at,
            d.result_ready_at, d.returned_at, d.closed_at, p.name AS procedure_name, a.name AS agency_name
        FROM {dossier} d
            JOIN {version} v ON v.id = d.version_id
            JOIN {procedure} p ON p.id = v.procedure_id
            JOIN {Agency._meta.db_table} a ON a.id = d.receiving_agency_id
        WHERE d.code = %s AND d.accepted_at IS NOT NULL
    """  # noqa: S608 (the table names come from the models; the code is a parameter)


LOOKUP_SQL = _lookup_sql()


def find(code: str) -> Dossier | None:
    """The accepted dossier with this code (a well-formed one: see public.is_dossier_code), with
    `procedure_name` and `agency_name`, in one query through the unique index on the code. Dossiers
    waiting for the desk's check have no code yet."""
    found = list(Dossier.objects.raw(LOOKUP_SQL, [code]))
    return found[0] if found else None


def _periods(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime, datetime.datetime]:
    """Starts of the local (Asia/Ho_Chi_Minh) day and month of `now`, and the start of the next day."""
    zone = timezone.get_default_timezone()
    today = timezone.localtime(now, zone).date()
    day = datetime.datetime.combine(today, datetime.time.min, tzinfo=zone)
    month = day.replace(day=1)
    return day, month, day + datetime.timedelta(days=1)


def _figures(rows: list[dict], period: str) -> dict:
    received = sum(row[f"{period}_received"] for row in rows)
    returned = sum(row[f"{period}_returned"] for row in rows)
    on_time = sum(row[f"{period}_on_time"] for row in rows)
    return {
        "received": received,
        "returned": returned,
        "on_time": on_time,
        "on_time_rate": round(100 * on_time / returned, 1) if returned else None,
    }


def _compute(now: datetime.datetime) -> dict:
    day, month, end = _periods(now)
    aggregates = {}
    for period, start in (("today", day), ("month", month)):
        received = Q(accepted_at__gte=start, accepted_at__lt=end)
        returned = Q(returned_at__gte=start, returned_at__lt=end)
        aggregates[f"{period}_received"] = Count("pk", filter=received)
        aggregates[f"{period}_returned"] = Count("pk", filter=returned)
        aggregates[f"{period}_on_time"] = Count("pk", filter=returned & Q(returned_at__lte=F("due_at")))
    # the month holds the day: one grouped scan of this month's dossiers gives both periods
    rows = list(
        Dossier.objects.filter(
            Q(accepted_at__gte=month, accepted_at__lt=end) | Q(returned_at__gte=month, returned_at__lt=end)
        )
        .values("receiving_agency")
        .annotate(**aggregates)
        .order_by()
    )
    names = dict(Agency.objects.values_list("pk", "name"))
    agencies = []
    for row in rows:
        agencies.append(
            {
                "id": row["receiving_agency"],
                "name": names.get(row["receiving_agency"], ""),
                "today": _figures([row], "today"),
                "month": _figures([row], "month"),
            }
        )
    agencies.sort(key=lambda agency: agency["name"])
    return {
        "day": day.date(),
        "computed_at": now,
        "agencies": agencies,
        "names": names,
        "total": {"today": _figures(rows, "today"), "month": _figures(rows, "month")},
    }


def board(now: datetime.datetime | None = None) -> dict:
    """Per receiving desk, today's and this month's received, returned and on-time figures (returned on
    or before the appointment / returned), with the totals; kept BOARD_SECONDS in the cache, so a flood of
    visitors costs two queries a minute. `names` lists every agency, so a filter on one with no dossier
    this month shows zeros rather than "unknown"."""
    now = now or timezone.now()
    day, _month, _end = _periods(now)
    key = f"lookup:board:{day:%Y%m%d}"
    figures = cache.get(key)
    if figures is None:
        figures = _compute(now)
        cache.set(key, figures, BOARD_SECONDS)
    return figures


def agency_figures(figures: dict, agency_id: int) -> dict | None:
    """The board's row of one agency (zeros when it received and returned nothing this month); None for
    an id that is no agency."""
    for row in figures["agencies"]:
        if row["id"] == agency_id:
            return row
    if agency_id not in figures["names"]:
        return None
    empty = _figures([], "today")
    return {"id": agency_id, "name": figures["names"][agency_id], "today": empty, "month": empty}
