"""Keeping the summary tables (`reporting.models.Summary`) equal to a recount of the dossiers.

On every change of a dossier (onestop sends `onestop.signals.dossier_changed` from inside the transaction)
`record(dossier)` computes the dossier's contribution from its row as it is now (`contribution`), compares
it with what it contributed last time (`DossierFact.deltas`) and adds the difference to its day's, month's
and year's Summary rows with one INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n: two transitions
at once never lose a count, and the rows are written in key order so two transactions never deadlock.
The dossier row itself is locked by onestop's services, so two changes of one dossier are serialized.
The same deltas go to the rollups (`UnitSummary`) of every unit whose `UnitMember`s include the agency;
`refresh_units` makes the members follow the directory (nightly, and on a rebuild), rebuilding the rollups
of the units whose agencies changed from the agencies' rows.

What a dossier contributes (local days, Asia/Ho_Chi_Minh), only once it is accepted (accepted_at set):
- new_<channel> +1 on the day it was accepted; digitised +1 then if it has papers and all were scanned;
- finished on the day of its result (result ready or returned: resolved_early / on_time / late by
  `onestop.services.classify(result time, due_at)`), or of its closing (withdrawn / refused / stopped);
  open (counted in the stocks) from the acceptance day until the finishing day;
- overdue_net +1 on the day it becomes overdue while open (the local day of due_at: on that day's end it is
  past due) and -1 on the day it finishes; supplement_net the same for each supplement pause;
- paid_total +1 (paid_online too if any payment was online) on the day its fees were paid in full;
- ratings +1 (satisfied +1 at "Hài lòng" or above) on the day of its rating.
"""

import datetime
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.utils import timezone

from .models import COLUMNS, AgencySummary, DossierFact, Grain, Summary, UnitMember, UnitSummary

RESOLVED_STATUSES = frozenset({"result_ready", "returned"})
CLOSED_COLUMNS = {"withdrawn": "withdrawn", "refused": "refused", "stopped": "stopped"}
SATISFIED_FROM = 3  # onestop.models.Rating.SATISFIED


def local_day(instant: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(instant).date() if instant is not None else None


def finish_of(row) -> tuple[datetime.datetime | None, str]:
    """When and how a dossier finished for the statistics: (instant, column) or (None, "")."""
    from onestop.services import classify

    status = row["status"]
    if status in RESOLVED_STATUSES:
        at = row["result_ready_at"] or row["returned_at"] or row["closed_at"]
        if at is None:
            return None, ""
        return at, f"resolved_{classify(at, row['due_at']).value}"
    if status in CLOSED_COLUMNS:
        return row["closed_at"], CLOSED_COLUMNS[status]
    return None, ""


_FIELDS = (
    "id",
    "status",
    "channel",
    "competent_agency_id",
    "version__procedure_id",
    "accepted_at",
    "due_at",
    "result_ready_at",
    "returned_at",
    "closed_at",
    "fees_due",
    "fees_paid",
)


def _interval(deltas, column, start: datetime.date, end: datetime.date | None):
    """+1 on `start`, -1 on `end` (when it ends), nothing when empty."""
    if end is not None and end <= start:
        return
    deltas[(start, column)] += 1
    if end is not None:
        deltas[(end, column)] -= 1


def contribution(row, *, pauses=(), papers=(), payments=(), rating=None) -> Counter:
    """{(day, column): delta} for one dossier. `row`: the dossier's _FIELDS; `pauses`: its supplement
    pauses' (started_at, ended_at); `papers`: each paper's has-a-file flag; `payments`: (at, online) of each
    fee taking; `rating`: (created_at, score) or None."""
    deltas: Counter = Counter()
    if row["accepted_at"] is None:
        return deltas
    accepted = local_day(row["accepted_at"])
    deltas[(accepted, f"new_{row['channel']}")] += 1
    if papers and all(papers):
        deltas[(accepted, "digitised")] += 1
    finished_at, column = finish_of(row)
    finished = local_day(finished_at)
    if finished is not None:
        finished = max(finished, accepted)
        deltas[(finished, column)] += 1
    if row["due_at"] is not None:
        _interval(deltas, "overdue_net", max(accepted, local_day(row["due_at"])), finished)
    for started_at, ended_at in pauses:
        start = max(accepted, local_day(started_at))
        ends = [day for day in (local_day(ended_at), finished) if day is not None]
        _interval(deltas, "supplement_net", start, min(ends) if ends else None)
    if row["fees_due"] > 0 and row["fees_paid"] >= row["fees_due"]:
        paid_at = max((at for at, _online in payments), default=row["accepted_at"])
        day = local_day(paid_at)
        deltas[(day, "paid_total")] += 1
        if any(online for _at, online in payments):
            deltas[(day, "paid_online")] += 1
    if rating is not None:
        day = local_day(rating[0])
        deltas[(day, "ratings")] += 1
        if rating[1] >= SATISFIED_FROM:
            deltas[(day, "satisfied")] += 1
    return Counter({key: n for key, n in deltas.items() if n})


def _related(dossier_ids):
    """Pauses, papers, fee takings and ratings of these dossiers, in four queries."""
    from onestop.models import DossierEvent, DossierPaper, DossierPause, DossierRating

    pauses, papers, payments, ratings = defaultdict(list), defaultdict(list), defaultdict(list), {}
    for d, started, ended in DossierPause.objects.filter(
        dossier_id__in=dossier_ids, kind=DossierPause.Kind.SUPPLEMENT
    ).values_list("dossier_id", "started_at", "ended_at"):
        pauses[d].append((started, ended))
    for d, file in DossierPaper.objects.filter(dossier_id__in=dossier_ids).values_list("dossier_id", "file"):
        papers[d].append(bool(file))
    for d, at, actor in DossierEvent.objects.filter(
        dossier_id__in=dossier_ids, action="take_fees"
    ).values_list("dossier_id", "at", "actor_id"):
        payments[d].append((at, actor is None))  # an online payment is taken by the gateway, no officer
    for d, at, score in DossierRating.objects.filter(dossier_id__in=dossier_ids).values_list(
        "dossier_id", "created_at", "score"
    ):
        ratings[d] = (at, score)
    return pauses, papers, payments, ratings


def contributions(dossier_ids) -> dict[int, tuple[int, int, Counter]]:
    """{dossier id: (agency id, procedure id, deltas)} computed from the dossiers' rows now."""
    from onestop.models import Dossier

    rows = list(Dossier.objects.filter(pk__in=dossier_ids, accepted_at__isnull=False).values(*_FIELDS))
    pauses, papers, payments, ratings = _related([r["id"] for r in rows])
    return {
        r["id"]: (
            r["competent_agency_id"],
            r["version__procedure_id"],
            contribution(
                r,
                pauses=pauses[r["id"]],
                papers=papers[r["id"]],
                payments=payments[r["id"]],
                rating=ratings.get(r["id"]),
            ),
        )
        for r in rows
    }


def _to_json(deltas: Counter) -> dict:
    out: dict = defaultdict(dict)
    for (day, column), n in sorted(deltas.items()):
        out[day.isoformat()][column] = n
    return dict(out)


def _from_json(data: dict) -> Counter:
    return Counter(
        {
            (datetime.date.fromisoformat(day), column): n
            for day, columns in data.items()
            for column, n in columns.items()
        }
    )


def buckets_of(day: datetime.date) -> tuple[tuple[str, datetime.date], ...]:
    return ((Grain.DAY, day), (Grain.MONTH, day.replace(day=1)), (Grain.YEAR, day.replace(month=1, day=1)))


def add(changes: dict[tuple[int, int], Counter]) -> None:
    """Add {(agency, procedure): {(day, column): delta}} to the day, month and year rows of the three tables
    (by agency and procedure, by agency alone, by unit and procedure), each in key order."""
    rows: dict[tuple, Counter] = defaultdict(Counter)
    totals: dict[tuple, Counter] = defaultdict(Counter)
    for (agency, procedure), deltas in changes.items():
        for (day, column), n in deltas.items():
            for grain, bucket in buckets_of(day):
                rows[(agency, str(grain), bucket, procedure)][column] += n
                totals[(agency, str(grain), bucket)][column] += n
    _upsert(Summary._meta.db_table, ("agency_id", "grain", "day", "procedure_id"), rows)
    _upsert(AgencySummary._meta.db_table, ("agency_id", "grain", "day"), totals)
    # read after writing Summary: a refresh_units waiting on that write then sees these members' rows
    units = defaultdict(list)
    for unit, agency in UnitMember.objects.filter(agency_id__in={a for a, _p in changes}).values_list(
        "unit_id", "agency_id"
    ):
        units[agency].append(unit)
    rolled: dict[tuple, Counter] = defaultdict(Counter)
    for (agency, grain, bucket, procedure), cols in rows.items():
        for unit in units[agency]:
            rolled[(unit, grain, bucket, procedure)].update(cols)
    _upsert(UnitSummary._meta.db_table, ("unit_id", "grain", "day", "procedure_id"), rolled)


def _upsert(table: str, keys: tuple[str, ...], rows: dict[tuple, Counter]) -> None:
    rows = {key: cols for key, cols in rows.items() if any(cols.values())}
    if not rows:
        return
    names = ", ".join(COLUMNS)
    key_names = ", ".join(keys)
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COLUMNS)
    placeholders = "(" + ", ".join(["%s"] * (len(keys) + len(COLUMNS))) + ")"
    ordered = sorted(rows.items())
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            params = []
            for key, cols in chunk:
                params += [*key, *(cols.get(c, 0) for c in COLUMNS)]
            cursor.execute(
                f"INSERT INTO {table} ({key_names}, {names}) VALUES "  # noqa: S608 (our own names)
                + ", ".join([placeholders] * len(chunk))
                + f" ON CONFLICT ({key_names}) DO UPDATE SET {updates}",
                params,
            )


def record(dossier_ids) -> None:
    """Bring the summaries up to date with these dossiers (the signal's receiver calls it with one)."""
    dossier_ids = list(dossier_ids)
    with transaction.atomic():
        facts = {
            f.dossier_id: f
            for f in DossierFact.objects.select_for_update().filter(dossier_id__in=dossier_ids).order_by("pk")
        }
        now = contributions(dossier_ids)
        changes: dict[tuple[int, int], Counter] = defaultdict(Counter)
        for dossier_id in dossier_ids:
            fact = facts.get(dossier_id)
            new = now.get(dossier_id)
            if fact is not None:
                old = _from_json(fact.deltas)
                changes[(fact.agency_id, fact.procedure_id)].subtract(old)
            if new is not None:
                agency, procedure, deltas = new
                changes[(agency, procedure)].update(deltas)
                if fact is None:
                    DossierFact.objects.create(
                        dossier_id=dossier_id,
                        agency_id=agency,
                        procedure_id=procedure,
                        deltas=_to_json(deltas),
                    )
                elif (fact.agency_id, fact.procedure_id) != (agency, procedure) or _from_json(
                    fact.deltas
                ) != deltas:
                    fact.agency_id, fact.procedure_id, fact.deltas = agency, procedure, _to_json(deltas)
                    fact.save(update_fields=["agency", "procedure", "deltas"])
            elif fact is not None:
                fact.delete()
        add({key: Counter({k: n for k, n in c.items() if n}) for key, c in changes.items()})


def on_dossier_changed(sender, dossier, **kwargs) -> None:
    record([dossier.pk])


def members() -> dict[int, set[int]]:
    """{unit id: agency ids} the units' rollups should hold now (units of one agency have none)."""
    from egov.directory.models import AdministrativeUnit

    from .stats import rollup_agencies

    out = {}
    for unit in AdministrativeUnit.objects.all():
        agencies = rollup_agencies(unit)
        if len(agencies) > 1:
            out[unit.pk] = agencies
    return out


def _stored_members() -> dict[int, set[int]]:
    out = defaultdict(set)
    for unit, agency in UnitMember.objects.values_list("unit_id", "agency_id"):
        out[unit].add(agency)
    return out


_COLUMN_NAMES = ", ".join(COLUMNS)
_ROLLUP = (
    f"INSERT INTO {UnitSummary._meta.db_table} (unit_id, grain, day, procedure_id, {_COLUMN_NAMES}) "  # noqa: S608
    f"SELECT %s, grain, day, procedure_id, {', '.join(f'SUM({c})' for c in COLUMNS)} "
    f"FROM {Summary._meta.db_table} WHERE agency_id IN "
    f"(SELECT agency_id FROM {UnitMember._meta.db_table} WHERE unit_id = %s) "
    "GROUP BY grain, day, procedure_id"
)


def refresh_units() -> int:
    """Make the units' members follow the directory; the units whose agencies changed get their rollups
    summed again from their agencies' rows. Returns how many units changed."""
    want, have = members(), _stored_members()
    changed = sorted(u for u in set(want) | set(have) if want.get(u) != have.get(u))
    if not changed:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # waits for the transactions that wrote Summary with the old members, and holds new ones back
            # until the new members are committed (SQLite has a single writer anyway)
            cursor.execute(f"LOCK TABLE {Summary._meta.db_table} IN SHARE MODE")
        UnitSummary.objects.filter(unit_id__in=changed).delete()
        UnitMember.objects.filter(unit_id__in=changed).delete()
        UnitMember.objects.bulk_create(
            [UnitMember(unit_id=u, agency_id=a) for u in changed for a in sorted(want.get(u, ()))],
            batch_size=2000,
        )
        for unit in changed:
            if unit in want:
                cursor.execute(_ROLLUP, [unit, unit])
    return len(changed)


def expected(batch: int = 2000):
    """The rows a recount of every accepted dossier gives: {(table, owner, grain, day, procedure): Counter}
    with table "agency" (procedure None for the agency's total) or "unit" (over the stored members), and the
    facts {dossier id: (agency, procedure, deltas)}, streamed in batches of ids."""
    from onestop.models import Dossier

    rows: dict[tuple, Counter] = defaultdict(Counter)
    facts = {}
    ids = list(Dossier.objects.filter(accepted_at__isnull=False).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        for dossier_id, (agency, procedure, deltas) in contributions(ids[start : start + batch]).items():
            facts[dossier_id] = (agency, procedure, deltas)
            for (day, column), n in deltas.items():
                for grain, bucket in buckets_of(day):
                    rows[("agency", agency, str(grain), bucket, procedure)][column] += n
    units = defaultdict(list)
    for unit, agencies in _stored_members().items():
        for agency in agencies:
            units[agency].append(unit)
    totals: dict[tuple, Counter] = defaultdict(Counter)
    for (_table, agency, grain, day, procedure), cols in list(rows.items()):
        totals[("agency", agency, grain, day, None)].update(cols)
        for unit in units[agency]:
            totals[("unit", unit, grain, day, procedure)].update(cols)
    return {k: v for k, v in {**rows, **totals}.items() if any(v.values())}, facts


def stored() -> dict[tuple, Counter]:
    """The three tables' rows, keyed as `expected` keys them."""
    out = {}
    for table, model, owner, procedure in (
        ("agency", Summary, "agency_id", "procedure_id"),
        ("agency", AgencySummary, "agency_id", None),
        ("unit", UnitSummary, "unit_id", "procedure_id"),
    ):
        names = [owner, "grain", "day"] + ([procedure] if procedure else [])
        for row in model.objects.values(*names, *COLUMNS).iterator():
            cols = Counter({c: row[c] for c in COLUMNS if row[c]})
            if cols:
                out[(table, row[owner], row["grain"], row["day"], row.get(procedure))] = cols
    return out


def _order(key: tuple) -> tuple:
    table, owner, grain, day, procedure = key
    return table, owner, grain, day, procedure or 0


def differences(want: dict, have: dict) -> list[dict]:
    """Every bucket where the stored counts differ from the recount."""
    out = []
    for key in sorted(set(want) | set(have), key=_order):
        w, h = want.get(key, Counter()), have.get(key, Counter())
        if w != h:
            table, owner, grain, day, procedure = key
            out.append(
                {
                    table: owner,
                    "grain": grain,
                    "day": day.isoformat(),
                    "procedure": procedure,
                    "columns": {c: [h.get(c, 0), w.get(c, 0)] for c in COLUMNS if h.get(c, 0) != w.get(c, 0)},
                }
            )
    return out


def rebuild() -> tuple[int, int]:
    """Throw the summaries away and write them again from the dossiers and the directory: (dossiers,
    rows)."""
    with transaction.atomic():
        for model in (Summary, AgencySummary, UnitSummary, UnitMember, DossierFact):
            model.objects.all().delete()
        UnitMember.objects.bulk_create(
            [
                UnitMember(unit_id=u, agency_id=a)
                for u, agencies in sorted(members().items())
                for a in agencies
            ],
            batch_size=2000,
        )
        want, facts = expected()
        DossierFact.objects.bulk_create(
            [
                DossierFact(dossier_id=d, agency_id=a, procedure_id=p, deltas=_to_json(deltas))
                for d, (a, p, deltas) in facts.items()
            ],
            batch_size=2000,
        )
        ordered = sorted(want.items(), key=lambda kv: _order(kv[0]))
        for model, owner, table, by_procedure in (
            (Summary, "agency_id", "agency", True),
            (AgencySummary, "agency_id", "agency", False),
            (UnitSummary, "unit_id", "unit", True),
        ):
            model.objects.bulk_create(
                [
                    model(
                        **{owner: o, "grain": g, "day": day, **({"procedure_id": p} if by_procedure else {})},
                        **cols,
                    )
                    for (t, o, g, day, p), cols in ordered
                    if t == table and (p is not None) == by_procedure
                ],
                batch_size=2000,
            )
    return len(facts), len(want)
