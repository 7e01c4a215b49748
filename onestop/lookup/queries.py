"""Read side of the public lookup and board: one indexed query per dossier page, two queries a minute
for the board."""

import datetime
import time

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils import timezone

from egov.directory.models import Agency
from onestop.models import Dossier
from services.models import ProcedureVersion

BOARD_SECONDS = 60


def _lookup_sql() -> str:
    """The dossier page's one query, written out, on the dossier's table alone: through the ORM building it
    cost twice what the database took to answer, and joining the procedure's and the desk's names tripled
    it (PostgreSQL plans a four-table join on every request; the row alone is one index probe). The
    timeline is made from the dossier's own dates, and only the columns the page shows are read: never
    the applicant's contact details (bench/onestop_lookup.py)."""
    return f"""
        SELECT id, code, status, applicant_name, accepted_at, original_due_at, due_at, result_ready_at,
            returned_at, closed_at, version_id, receiving_agency_id
        FROM {Dossier._meta.db_table}
        WHERE code = %s AND accepted_at IS NOT NULL
    """  # noqa: S608 (the table name comes from the model; the code is a parameter)


LOOKUP_SQL = _lookup_sql()
# The procedures' and desks' names by id, kept in this process for a few minutes: a province has a few
# thousand of each, and they change seldom. A change saved in this process clears them at once
# (`forget_names`, connected in apps.py); other processes see it within NAMES_SECONDS.
NAMES_SECONDS = 300
_names: dict[tuple[str, int], tuple[float, str]] = {}
_NAME_QUERIES = {
    "procedure": lambda pk: ProcedureVersion.objects.filter(pk=pk).values_list("procedure__name", flat=True),
    "agency": lambda pk: Agency.objects.filter(pk=pk).values_list("name", flat=True),
}


def _name(kind: str, pk: int) -> str:
    now = time.monotonic()
    kept = _names.get((kind, pk))
    if kept is not None and kept[0] > now:
        return kept[1]
    name = _NAME_QUERIES[kind](pk).first() or ""
    _names[(kind, pk)] = (now + NAMES_SECONDS, name)
    return name


def forget_names(**_signal) -> None:
    _names.clear()


def find(code: str) -> Dossier | None:
    """The accepted dossier with this code (a well-formed one: see public.is_dossier_code), with
    `procedure_name` and `agency_name`: one query through the unique index on the code, and one for a
    name not asked for in the last NAMES_SECONDS. Dossiers waiting for the desk's check have no code yet."""
    found = list(Dossier.objects.raw(LOOKUP_SQL, [code]))
    if not found:
        return None
    dossier = found[0]
    dossier.procedure_name = _name("procedure", dossier.version_id)
    dossier.agency_name = _name("agency", dossier.receiving_agency_id)
    return dossier


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
