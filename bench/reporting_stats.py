"""Benchmark: the dossier statistics (reporting.stats) at national scale (PostgreSQL; not a timed test).

    .venv/bin/python bench/reporting_stats.py [--dossiers 10000000] [--dossier-rows 2000000] [--repeat 100]
        [--server postgres://postgres@127.0.0.1:5432] [--keep]

It creates its own database `egov_bench_reporting` (dropped at the end unless --keep), migrates it, and
builds 34 provinces with 98 communes each (3,332 communes), a People's Committee per province and commune
and 20 provincial departments per province (4,046 agencies), and 60 procedures in 12 fields. Then, in SQL
with generate_series:
- the summary rows (reporting_summary, day / month / year buckets) of `--dossiers` dossiers spread over
  2023-01-01 .. 2026-11-30, computed the way reporting.ledger would (new by channel, results early / on time
  / late, withdrawals, refusals, overdue and supplement stocks, payments, ratings);
- `--dossier-rows` rows of the same dossiers in onestop_dossier (the first ones of the same series), for
  the straight GROUP BY over the dossier table that a report without summaries would run.
It times, sequentially on one connection, p50/p95 of: the province-year report by procedure, by agency and
by unit; a commune-month report; the dashboard's data (a year by month + by agency); and the straight
GROUP BY for the province-year, and prints the ratio.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")

DB = "egov_bench_reporting"
PROVINCES = 34
COMMUNES = 98
DEPARTMENTS = 20
PROCEDURES = 60
FIELDS = 12
FIRST_DAY = "2023-01-01"
DAYS = 1430  # to 2026-11-30

# Deterministic pseudo-random numbers in [0, 1) from the dossier's number n and a salt (no random(): the
# summaries and the dossier table are the same series).
R = "((hashint8(n::bigint * 64 + {a})::bigint & 2147483647)::float8 / 2147483648.0)"


def r(salt: int) -> str:
    return R.format(a=salt)


def admin_connection(server: str):
    import psycopg

    return psycopg.connect(f"{server}/postgres", autocommit=True)


def recreate(server: str) -> None:
    with admin_connection(server) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")


def drop(server: str) -> None:
    with admin_connection(server) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


def build_world():
    """Units, agencies and procedures; returns (province units, {province id: [agency ids]}, communes'
    agencies by unit id, procedure ids, version ids)."""
    import datetime

    from bench.procedure import bench_version
    from egov.directory.models import AdministrativeUnit, Agency
    from services.models import Field, Procedure

    start = datetime.date(2025, 7, 1)
    provinces = AdministrativeUnit.objects.bulk_create(
        [
            AdministrativeUnit(
                code=f"{p + 1:02d}",
                name=f"Tỉnh Đo {p + 1}",
                kind="tinh",
                level="province",
                path=f"{p + 1:02d}",
                valid_from=start,
            )
            for p in range(PROVINCES)
        ]
    )
    communes = AdministrativeUnit.objects.bulk_create(
        [
            AdministrativeUnit(
                code=f"{p.code}{c:03d}",
                name=f"Xã Đo {p.code}-{c}",
                kind="xa",
                level="commune",
                parent=p,
                path=f"{p.code}/{p.code}{c:03d}",
                valid_from=start,
            )
            for p in provinces
            for c in range(COMMUNES)
        ]
    )
    agencies = [Agency(name=f"UBND {u.name}", short_name="UBND", unit=u, level=u.level) for u in provinces]
    agencies += [
        Agency(name=f"Sở {d} {p.name}", short_name=f"S{d}", unit=p, level="province")
        for p in provinces
        for d in range(DEPARTMENTS)
    ]
    agencies += [Agency(name=f"UBND {u.name}", short_name="UBND", unit=u, level="commune") for u in communes]
    Agency.objects.bulk_create(agencies, batch_size=2000)
    by_province = {p.pk: [] for p in provinces}
    unit_province = {u.pk: u.parent_id or u.pk for u in provinces + communes}
    for a in Agency.objects.order_by("pk"):
        by_province[unit_province[a.unit_id]].append(a.pk)
    versions = [bench_version(f"9.9{k:05d}", f"Thủ tục đo {k}", 5 + k % 10) for k in range(PROCEDURES)]
    fields = [Field.objects.create(code=f"BF{f}", name=f"Lĩnh vực đo {f}") for f in range(FIELDS)]
    for k, v in enumerate(versions):
        Procedure.objects.filter(pk=v.procedure_id).update(field=fields[k % FIELDS])
    return provinces, communes, by_province, [v.procedure_id for v in versions], [v.pk for v in versions]


def _virtual(province_index: int, agency_ids: list[int], procedure_ids: list[int], lo: int, hi: int) -> str:
    """A SELECT of the dossiers n in [lo, hi] of one province: agency, procedure, channel, accepted day,
    finishing day and kind, due day, pause, payment and rating, as plain columns."""
    return f"""
        SELECT n,
            (%(agencies)s::int[])[1 + floor({r(1)} * {len(agency_ids)})::int] AS agency,
            (%(procedures)s::int[])[1 + floor(power({r(2)}, 2) * {len(procedure_ids)})::int] AS procedure,
            CASE WHEN {r(3)} < 0.40 THEN 'online' WHEN {r(3)} < 0.95 THEN 'direct' ELSE 'post' END AS channel,
            acc,
            CASE WHEN acc + dur < DATE '2026-12-03' AND {r(5)} < 0.97 THEN acc + dur END AS fin,
            CASE WHEN {r(6)} < 0.90 THEN 'result' WHEN {r(6)} < 0.94 THEN 'withdrawn'
                 WHEN {r(6)} < 0.98 THEN 'refused' ELSE 'stopped' END AS kind,
            acc + due_after AS due,
            {r(8)} < 0.10 AS paused,
            {r(9)} < 0.30 AS paid,
            {r(10)} < 0.20 AS rated,
            {r(11)} < 0.85 AS satisfied,
            {r(12)} < 0.60 AS digitised
        FROM (
            SELECT n, DATE '{FIRST_DAY}' + floor({r(4)} * {DAYS})::int AS acc,
                   floor(power({r(7)}, 2) * 30)::int AS dur, 3 + floor({r(13)} * 15)::int AS due_after
            FROM generate_series({lo}, {hi}) AS n
        ) AS base
    """  # noqa: S608 (constants and integers only)


EVENTS = """
    WITH v AS ({virtual})
    SELECT agency, procedure, day,
           SUM(new_online) AS new_online, SUM(new_direct) AS new_direct, SUM(new_post) AS new_post,
           SUM(early) AS early, SUM(on_time) AS on_time, SUM(late) AS late, SUM(withdrawn) AS withdrawn,
           SUM(refused) AS refused, SUM(stopped) AS stopped, SUM(overdue) AS overdue, SUM(supp) AS supp,
           SUM(paid_online) AS paid_online, SUM(paid_total) AS paid_total, SUM(digitised) AS digitised,
           SUM(ratings) AS ratings, SUM(satisfied) AS satisfied
    FROM (
        SELECT agency, procedure, acc AS day, (channel = 'online')::int AS new_online,
               (channel = 'direct')::int AS new_direct, (channel = 'post')::int AS new_post,
               0 AS early, 0 AS on_time, 0 AS late, 0 AS withdrawn, 0 AS refused, 0 AS stopped,
               0 AS overdue, 0 AS supp, 0 AS paid_online, 0 AS paid_total, digitised::int AS digitised,
               0 AS ratings, 0 AS satisfied FROM v
        UNION ALL
        SELECT agency, procedure, fin, 0, 0, 0,
               (kind = 'result' AND fin < due)::int, (kind = 'result' AND fin = due)::int,
               (kind = 'result' AND fin > due)::int, (kind = 'withdrawn')::int, (kind = 'refused')::int,
               (kind = 'stopped')::int, 0, 0, 0, 0, 0, 0, 0 FROM v WHERE fin IS NOT NULL
        UNION ALL
        SELECT agency, procedure, GREATEST(acc, due), 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0
        FROM v WHERE fin IS NULL OR due < fin
        UNION ALL
        SELECT agency, procedure, fin, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0
        FROM v WHERE fin IS NOT NULL AND due < fin
        UNION ALL
        SELECT agency, procedure, acc + 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0
        FROM v WHERE paused AND (fin IS NULL OR fin > acc + 1)
        UNION ALL
        SELECT agency, procedure, LEAST(acc + 4, fin), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0
        FROM v WHERE paused AND (fin IS NULL OR fin > acc + 1) AND (acc + 4 < DATE '2026-12-03')
        UNION ALL
        SELECT agency, procedure, acc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (channel = 'online')::int, 1, 0, 0, 0
        FROM v WHERE paid
        UNION ALL
        SELECT agency, procedure, fin, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, satisfied::int
        FROM v WHERE rated AND kind = 'result' AND fin IS NOT NULL
    ) AS e
    GROUP BY agency, procedure, day
"""

INSERT = """
    WITH written AS (
    INSERT INTO reporting_summary (agency_id, grain, day, procedure_id, new_online, new_direct, new_post,
        resolved_early, resolved_on_time, resolved_late, withdrawn, refused, stopped, overdue_net,
        supplement_net, paid_online, paid_total, digitised, ratings, satisfied)
    SELECT agency, g.grain,
           CASE g.grain WHEN 'd' THEN day WHEN 'm' THEN date_trunc('month', day)::date
                ELSE date_trunc('year', day)::date END,
           procedure, SUM(new_online), SUM(new_direct), SUM(new_post), SUM(early), SUM(on_time), SUM(late),
           SUM(withdrawn), SUM(refused), SUM(stopped), SUM(overdue), SUM(supp), SUM(paid_online),
           SUM(paid_total), SUM(digitised), SUM(ratings), SUM(satisfied)
    FROM ({events}) AS d CROSS JOIN (VALUES ('d'), ('m'), ('y')) AS g (grain)
    GROUP BY 1, 2, 3, 4
    RETURNING *)
    INSERT INTO reporting_agencysummary (agency_id, grain, day, {columns})
    SELECT agency_id, grain, day, {sums} FROM written GROUP BY 1, 2, 3
"""

COLUMNS = (
    "new_online, new_direct, new_post, resolved_early, resolved_on_time, resolved_late, withdrawn, refused, "
    "stopped, overdue_net, supplement_net, paid_online, paid_total, digitised, ratings, satisfied"
)
SUMS = ", ".join(f"SUM({c.strip()})" for c in COLUMNS.split(","))
# The generated tables: loaded without their indexes and unique constraints (built once at the end).
LOADED = ("reporting_summary", "reporting_agencysummary")

DOSSIERS = """
    WITH v AS ({virtual})
    INSERT INTO onestop_dossier (
        code, version_id, status, channel, applicant_kind, applicant_name, applicant_personal_id,
        applicant_org_code, applicant_address, applicant_phone, applicant_email, receiving_agency_id,
        competent_agency_id, form_data, fees_due, fees_paid, fee_exemption_reason, copies, submitted_at,
        accepted_at, original_due_at, due_at, result_name, result_file, decision_reason, return_method,
        returned_to, post_dispatch, result_verify_token, result_ready_at, returned_at, closed_at,
        created_at, updated_at)
    SELECT 'B-' || n, (%(versions)s::int[])[1 + (array_position(%(procedures)s::int[], procedure) - 1)],
        CASE WHEN fin IS NULL THEN 'processing' WHEN kind = 'result' THEN 'returned' ELSE kind END,
        channel, 'person', 'Người nộp', '', '', '', '', '', agency, agency, '{{}}', 0, 0, '', 1,
        acc + time '09:00', acc + time '09:00', due + time '17:00', due + time '17:00',
        '', '', '', '', '', '', '', CASE WHEN kind = 'result' THEN fin + time '10:00' END,
        CASE WHEN kind = 'result' THEN fin + time '11:00' END, fin + time '11:00', now(), now()
    FROM v
"""

# The straight report over the dossier table: the same columns, counted from the dossiers (Asia/Ho_Chi_Minh
# days), for a set of agencies and a period.
GROUP_BY = """
    SELECT v.procedure_id,
        COUNT(*) FILTER (WHERE d.accepted_at < %(a)s AND (d.closed_at IS NULL OR d.closed_at >= %(a)s)),
        COUNT(*) FILTER (WHERE d.accepted_at >= %(a)s AND d.accepted_at < %(b)s AND d.channel = 'online'),
        COUNT(*) FILTER (WHERE d.accepted_at >= %(a)s AND d.accepted_at < %(b)s AND d.channel = 'direct'),
        COUNT(*) FILTER (WHERE d.accepted_at >= %(a)s AND d.accepted_at < %(b)s AND d.channel = 'post'),
        COUNT(*) FILTER (WHERE d.result_ready_at >= %(a)s AND d.result_ready_at < %(b)s
                         AND d.result_ready_at <= d.due_at),
        COUNT(*) FILTER (WHERE d.result_ready_at >= %(a)s AND d.result_ready_at < %(b)s
                         AND d.result_ready_at > d.due_at),
        COUNT(*) FILTER (WHERE d.accepted_at < %(b)s AND (d.closed_at IS NULL OR d.closed_at >= %(b)s)),
        COUNT(*) FILTER (WHERE d.accepted_at < %(b)s AND (d.closed_at IS NULL OR d.closed_at >= %(b)s)
                         AND d.due_at < %(b)s),
        COUNT(*) FILTER (WHERE d.status IN ('withdrawn', 'refused', 'stopped')
                         AND d.closed_at >= %(a)s AND d.closed_at < %(b)s)
    FROM onestop_dossier d JOIN services_procedureversion v ON v.id = d.version_id
    WHERE d.competent_agency_id = ANY(%(agencies)s) AND d.accepted_at < %(b)s
      AND (d.closed_at IS NULL OR d.closed_at >= %(a)s)
    GROUP BY v.procedure_id
"""


def without_indexes(cursor) -> list[str]:
    """Drop the loaded tables' unique constraints and secondary indexes; returns the statements that put
    them back."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid::regclass::text = ANY(%s) AND contype = 'u'",
        [list(LOADED)],
    )
    constraints = cursor.fetchall()
    restore = [f"ALTER TABLE {t} ADD CONSTRAINT {name} {definition}" for t, name, definition in constraints]
    for table, name, _definition in constraints:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes "
        "WHERE tablename = ANY(%s) AND indexname NOT LIKE '%%_pkey'",
        [list(LOADED)],
    )
    for name, definition in cursor.fetchall():
        restore.append(definition)
        cursor.execute(f"DROP INDEX {name}")
    return restore


def load(server: str, jobs: list[tuple[str, dict]]) -> None:
    """Run the generating statements on two connections at once (one per core), each without logging
    or foreign-key triggers (the bench database is thrown away)."""
    import queue
    import threading

    import psycopg

    pending: queue.Queue = queue.Queue()
    for job in jobs:
        pending.put(job)
    errors = []

    def worker():
        with psycopg.connect(f"{server}/{DB}", autocommit=True) as conn:
            conn.execute("SET session_replication_role = replica")
            while True:
                try:
                    sql, params = pending.get_nowait()
                except queue.Empty:
                    return
                try:
                    conn.execute(sql, params)
                except Exception as error:  # reported below; the other worker finishes its job
                    errors.append(error)
                    return

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def timed(repeat: int, call) -> tuple[float, float]:
    import statistics

    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    q = statistics.quantiles(samples, n=20) if len(samples) > 1 else samples * 19
    return statistics.median(samples), q[18]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=10_000_000)
    parser.add_argument("--dossier-rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    parts = urlsplit(args.server)
    assert parts.scheme.startswith("postgres"), "PostgreSQL only"
    recreate(args.server)
    os.environ["DATABASE_URL"] = f"{args.server}/{DB}"
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop(args.server)
            print(f"database {DB} dropped")


def run(args) -> None:
    import datetime

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - began:.0f} s")
    from reporting import ledger, stats
    from reporting.periods import Frequency, Period

    provinces, communes, by_province, procedure_ids, version_ids = build_world()
    per_province = args.dossiers // PROVINCES
    began = time.perf_counter()
    with connection.cursor() as cursor:
        for table in LOADED:
            cursor.execute(f"ALTER TABLE {table} SET UNLOGGED")
        restore = without_indexes(cursor)
    jobs = []
    for index, province in enumerate(provinces):
        lo = index * per_province + 1
        hi = lo + per_province - 1
        params = {"agencies": by_province[province.pk], "procedures": procedure_ids}
        virtual = _virtual(index, by_province[province.pk], procedure_ids, lo, hi)
        events = EVENTS.format(virtual=virtual)
        jobs.append((INSERT.format(events=events, columns=COLUMNS, sums=SUMS), params))
        rows_here = min(hi, lo - 1 + max(0, args.dossier_rows // PROVINCES))
        if rows_here >= lo:
            virtual = _virtual(index, by_province[province.pk], procedure_ids, lo, rows_here)
            jobs.append((DOSSIERS.format(virtual=virtual), {**params, "versions": version_ids}))
    load(args.server, jobs)
    print(f"  rows written in {time.perf_counter() - began:.0f} s", flush=True)
    with connection.cursor() as cursor:
        for statement in restore:
            cursor.execute(statement)
        print(f"  indexes built in {time.perf_counter() - began:.0f} s", flush=True)
        cursor.execute("VACUUM ANALYZE reporting_summary")
        cursor.execute("VACUUM ANALYZE reporting_agencysummary")
        cursor.execute("ANALYZE onestop_dossier")
    units = ledger.refresh_units()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reporting_unitsummary")
        print(f"  {units} units' rollups summed in {time.perf_counter() - began:.0f} s", flush=True)
        cursor.execute(
            "SELECT count(*), pg_size_pretty(pg_total_relation_size('reporting_summary')) "
            "FROM reporting_summary"
        )
        summary_rows, size = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM onestop_dossier")
        dossier_rows = cursor.fetchone()[0]
    print(
        f"generated in {time.perf_counter() - began:.0f} s: {args.dossiers:,} dossiers' summaries "
        f"({summary_rows:,} rows, {size}), {dossier_rows:,} rows in onestop_dossier"
    )

    province, commune = provinces[0], communes[0]
    year = Period.calendar(Frequency.YEAR, 2025)
    month = Period.calendar(Frequency.MONTH, 2025, 11)
    total = stats.dossier_figures(year, unit=province)
    print(
        f"{province.name}, 2025: received {total.received_total:,}, new {total.new_total:,}, resolved "
        f"{total.resolved_total:,} ({total.on_time_rate}% on time), in progress {total.in_progress_total:,}"
    )

    def dashboard():
        stats.dossier_report(year, unit=province, by="month")
        stats.dossier_report(year, unit=province, by="agency")

    results = {}
    for name, call in [
        ("province-year figures (total)", lambda: stats.dossier_figures(year, unit=province)),
        ("province-year report by procedure", lambda: stats.dossier_report(year, unit=province)),
        ("province-year report by agency", lambda: stats.dossier_report(year, unit=province, by="agency")),
        ("province-year report by unit", lambda: stats.dossier_report(year, unit=province, by="unit")),
        (
            "province closing year (15/12→14/12)",
            lambda: stats.dossier_report(Period.closing(Frequency.YEAR, 2025), unit=province),
        ),
        ("commune-month report by procedure", lambda: stats.dossier_report(month, unit=commune)),
        ("dashboard data (by month + by agency)", dashboard),
    ]:
        results[name] = timed(args.repeat, call)
        print(f"{name}: p50 {results[name][0]:.1f} ms, p95 {results[name][1]:.1f} ms", flush=True)

    agencies = by_province[province.pk]
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    stop = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))

    def group_by():
        with connection.cursor() as cursor:
            cursor.execute(GROUP_BY, {"agencies": agencies, "a": start, "b": stop})
            return cursor.fetchall()

    straight = timed(max(5, args.repeat // 10), group_by)
    share = dossier_rows / max(1, args.dossiers)
    print(
        f"straight GROUP BY over onestop_dossier ({dossier_rows:,} rows, {share:.0%} of the dossiers), "
        f"province-year: p50 {straight[0]:.1f} ms, p95 {straight[1]:.1f} ms"
    )
    ours = results["province-year report by procedure"]
    print(
        f"ratio (GROUP BY / summaries), province-year by procedure: p50 {straight[0] / ours[0]:.0f}x, "
        f"p95 {straight[1] / ours[1]:.0f}x (the GROUP BY read {share:.0%} of the dossiers the summaries hold)"
    )


if __name__ == "__main__":
    main()
