"""Benchmark: the work statistics (reporting/work) at a million documents on PostgreSQL.

Run (its own database, created, migrated, filled in SQL and dropped at the end unless --keep):

    .venv/bin/python bench/reporting_documents.py [--documents 1000000] [--repeat 30] [--keep]
    # DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/egov_bench_work

What it builds (INSERT ... SELECT generate_series, no Python per row): 100 agencies (a province's People's
Committee and 99 agencies under it), 6 departments and 18 staff each; half the documents incoming
(arrival over 2024–2026, one in three electronic, one in ten from another agency of the portal, one in
fifty secret), half outgoing (issued, signed and sealed for two in three, one recipient each: an agency of
the portal (delivered) or, one in four, an outside organisation through the exchange axis, whose outbox
message is sent for half of them); a lead task to a department for four in five incoming documents,
delegated to a person for two in five of those, done (on time or late) or still open. Then VACUUM ANALYZE.

Measured, p50/p95 in milliseconds over --repeat runs (each after a warm-up):
- agency-year: document_table by department and task_table by department and by person for one agency and
  one calendar year (the page of an agency leader);
- province-year: document_table and task_table by agency over the 100 agencies (the province leader's
  page), the largest request the page makes.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/egov_bench_work")

AGENCIES = 100
DEPARTMENTS = 6
STAFF = 18  # per agency, three per department


def _admin_url(url: str) -> tuple[str, str]:
    return url.rsplit("/", 1)[0] + "/postgres", url.rsplit("/", 1)[-1].split("?")[0]


def _create_database(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _drop_database(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _defaults(model, given: dict[str, str]) -> dict[str, str]:
    """Every NOT NULL column of `model` without a value in `given` gets a neutral SQL default."""
    from django.db import models

    values = dict(given)
    for field in model._meta.concrete_fields:
        column = field.column
        if column in values or field.null or field.primary_key:
            continue
        if isinstance(field, (models.DateTimeField,)):
            values[column] = "now()"
        elif isinstance(field, models.DateField):
            values[column] = "current_date"
        elif isinstance(field, models.BooleanField):
            values[column] = "false"
        elif isinstance(field, (models.IntegerField, models.PositiveSmallIntegerField)):
            values[column] = "0"
        elif isinstance(field, models.JSONField):
            values[column] = "'{}'::jsonb"
        else:
            values[column] = "''"
    return values


def _insert(cursor, model, given: dict[str, str], source: str, params=None) -> int:
    values = _defaults(model, given)
    columns = ", ".join(values)
    # the expressions write modulo as " % "; with parameters, psycopg needs it doubled
    expressions = ", ".join(values.values()).replace(" % ", " %% ")
    source = source.replace(" % ", " %% ")
    cursor.execute(
        f"INSERT INTO {model._meta.db_table} ({columns}) SELECT {expressions} {source}",
        params or {},
    )
    return cursor.rowcount


def _people():
    from django.contrib.auth import get_user_model

    from egov.directory.models import Agency, Department, Level

    User = get_user_model()
    root = Agency.objects.create(name="Ủy ban nhân dân tỉnh Bench", short_name="UBND", place_name="Bench")
    agencies = [root] + [
        Agency.objects.create(
            name=f"Cơ quan {i:02d} tỉnh Bench",
            short_name=f"CQ{i:02d}",
            parent=root,
            level=Level.COMMUNE if i > 20 else Level.PROVINCE,
        )
        for i in range(1, AGENCIES)
    ]
    departments = {
        a.pk: Department.objects.bulk_create(
            [Department(agency=a, name=f"Phòng {j}", abbreviation=f"P{j}") for j in range(DEPARTMENTS)]
        )
        for a in agencies
    }
    users = User.objects.bulk_create(
        [
            User(username=f"bench.{a.pk}.{k}", full_name=f"Cán bộ {k} cơ quan {a.pk}", password="!")  # noqa: S106 (unusable)
            for a in agencies
            for k in range(STAFF)
        ]
    )
    return agencies, departments, users


def _generate(documents: int, agencies, departments, users) -> None:
    from django.db import connection

    from documents.models import IncomingDocument, OutboxMessage, OutgoingDocument, Recipient, Task

    half = documents // 2
    first_agency = agencies[0].pk
    first_department = departments[first_agency][0].pk
    first_user = users[0].pk
    params = {"n": half, "a0": first_agency, "d0": first_department, "u0": first_user, "na": AGENCIES}
    # ids were created consecutively: agency i is a0 + i, its department j is d0 + 6 i + j, its staff
    # member k is u0 + 18 i + k (checked below)
    assert [a.pk for a in agencies] == list(range(first_agency, first_agency + AGENCIES))
    assert departments[agencies[-1].pk][-1].pk == first_department + AGENCIES * DEPARTMENTS - 1
    assert users[-1].pk == first_user + AGENCIES * STAFF - 1
    day = "(timestamp with time zone '2024-01-01 08:00+07' + (g % 1065) * interval '1 day')"
    with connection.cursor() as cursor:
        started = time.perf_counter()
        rows = _insert(
            cursor,
            IncomingDocument,
            {
                "agency_id": "%(a0)s + g % %(na)s",
                "arrival_year": f"extract(year from {day})::int",
                "arrival_number": "g / %(na)s + 1",
                "arrived_at": day,
                "channel": "CASE WHEN (g / %(na)s) % 10 = 0 THEN 'portal' "
                "WHEN (g / %(na)s) % 3 = 0 THEN 'electronic' ELSE 'paper' END",
                "doc_type": "'CV'",
                "issued_date": f"({day})::date",
                "issuing_organ": "'Bộ Nội vụ'",
                "subject": "'Về việc triển khai kế hoạch'",
                "secrecy": "CASE WHEN (g / %(na)s) % 50 = 7 THEN 1 ELSE 0 END",
                "pages": "1",
                "language": "'Tiếng Việt'",
                "status": "CASE WHEN (g / %(na)s) % 5 = 0 THEN 'registered' ELSE 'done' END",
            },
            "FROM generate_series(0, %(n)s - 1) AS g",
            params,
        )
        print(f"  {rows:,} incoming documents ({time.perf_counter() - started:.0f} s)", flush=True)
        started = time.perf_counter()
        rows = _insert(
            cursor,
            OutgoingDocument,
            {
                "agency_id": "%(a0)s + g % %(na)s",
                "department_id": "%(d0)s + 6 * (g % %(na)s) + (g / %(na)s) % 6",
                "doc_type": "'CV'",
                "subject": "'V/v báo cáo'",
                "status": "CASE WHEN (g / %(na)s) % 40 = 0 THEN 'recalled' ELSE 'issued' END",
                "drafter_id": "%(u0)s + 18 * (g % %(na)s) + (g / %(na)s) % 18",
                "secrecy": "CASE WHEN (g / %(na)s) % 50 = 7 THEN 1 ELSE 0 END",
                "year": f"extract(year from {day})::int",
                "number": "g / %(na)s + 1",
                "notation": "'UBND-VP'",
                "sequence": "'CV'",
                "issued_date": f"({day})::date",
                "issued_at": day,
                "signing_state": "CASE WHEN (g / %(na)s) % 3 = 0 THEN 'issued_unsigned' ELSE 'sealed' END",
                "pages": "1",
                "copies": "1",
            },
            "FROM generate_series(0, %(n)s - 1) AS g",
            params,
        )
        print(f"  {rows:,} outgoing documents ({time.perf_counter() - started:.0f} s)", flush=True)
        started = time.perf_counter()
        # one recipient each: an outside organisation for one in four, else an agency of the portal, the
        # copy being the incoming document of the same rank (unique: a OneToOne)
        rows = _insert(
            cursor,
            Recipient,
            {
                "document_id": "o.id",
                "kind": "CASE WHEN (o.rn / %(na)s) % 4 = 0 THEN 'external' ELSE 'agency' END",
                "agency_id": "CASE WHEN (o.rn / %(na)s) % 4 = 0 THEN NULL ELSE i.agency_id END",
                "name": "'Nơi nhận'",
                "delivered_id": "CASE WHEN (o.rn / %(na)s) % 4 = 0 THEN NULL ELSE i.id END",
            },
            """FROM (SELECT id, agency_id, row_number() OVER (ORDER BY id) AS rn
                     FROM documents_outgoingdocument) o
               LEFT JOIN (SELECT id, agency_id, row_number() OVER (ORDER BY id) + 1 AS rn
                          FROM documents_incomingdocument) i ON i.rn = o.rn""",
            params,
        )
        rows += _insert(
            cursor,
            OutboxMessage,
            {
                "document_id": "r.document_id",
                "recipient_id": "r.id",
                "kind": "'edoc'",
                "status": "CASE WHEN (r.id / 7) % 2 = 0 THEN 'sent' ELSE 'pending' END",
            },
            "FROM documents_recipient r WHERE r.kind = 'external'",
            params,
        )
        print(
            f"  {rows:,} recipients and outbox messages ({time.perf_counter() - started:.0f} s)", flush=True
        )
        started = time.perf_counter()
        # a lead task to a department for four in five incoming documents: done 1–20 days after arrival
        # against a 10-day deadline (late past it), or still open for those still registered
        rows = _insert(
            cursor,
            Task,
            {
                "incoming_id": "d.id",
                "role": "'lead'",
                "title": "''",
                "assigning_agency_id": "d.agency_id",
                "agency_id": "d.agency_id",
                "department_id": "%(d0)s + 6 * (d.agency_id - %(a0)s) + d.arrival_number % 6",
                "assigned_by_id": "%(u0)s + 18 * (d.agency_id - %(a0)s)",
                "assigned_at": "d.arrived_at",
                "deadline": "(d.arrived_at + interval '10 days')::date",
                "status": "CASE WHEN d.status = 'done' THEN 'done' ELSE 'open' END",
                "completed_at": "CASE WHEN d.status = 'done' "
                "THEN d.arrived_at + (1 + d.arrival_number % 20) * interval '1 day' END",
            },
            "FROM documents_incomingdocument d WHERE d.arrival_number % 5 <> 4",
            params,
        )
        # two in five delegated to a staff member of the department, with the parent's dates
        rows += _insert(
            cursor,
            Task,
            {
                "incoming_id": "t.incoming_id",
                "parent_id": "t.id",
                "role": "'lead'",
                "title": "''",
                "assigning_agency_id": "t.agency_id",
                "agency_id": "t.agency_id",
                "department_id": "t.department_id",
                "assignee_id": "%(u0)s + 18 * (t.agency_id - %(a0)s) "
                "+ 3 * (t.department_id - %(d0)s - 6 * (t.agency_id - %(a0)s)) + (t.id / 100) % 3",
                "assigned_by_id": "t.assigned_by_id",
                "assigned_at": "t.assigned_at",
                "deadline": "t.deadline",
                "status": "t.status",
                "completed_at": "t.completed_at",
            },
            "FROM documents_task t WHERE (t.id / 100) % 5 < 2",
            params,
        )
        print(f"  {rows:,} tasks ({time.perf_counter() - started:.0f} s)", flush=True)
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        started = time.perf_counter()
        for table in ("incomingdocument", "outgoingdocument", "recipient", "outboxmessage", "task"):
            cursor.execute(f"VACUUM ANALYZE documents_{table}")
        print(f"  vacuum analyze ({time.perf_counter() - started:.0f} s)", flush=True)


def _measure(label: str, call, repeat: int) -> float:
    call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"  {label:<60} p50 {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   ({result})", flush=True
    )
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the database (default: drop it at the end)")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL (DATABASE_URL=postgres://…/egov_bench_work).")
    _drop_database(url)
    _create_database(url)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from documents.models import IncomingDocument, OutgoingDocument, Task
        from reporting.periods import Frequency, Period
        from reporting.work import queries
        from reporting.work.scope import Selection

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"Migrated ({time.perf_counter() - started:.0f} s). Generating {args.documents:,} documents…")
        agencies, departments, users = _people()
        started = time.perf_counter()
        _generate(args.documents, agencies, departments, users)
        print(
            f"Generated in {time.perf_counter() - started:.0f} s: "
            f"{IncomingDocument.objects.count():,} incoming, "
            f"{OutgoingDocument.objects.count():,} outgoing, {Task.objects.count():,} tasks over "
            f"{len(agencies)} agencies; {args.repeat} runs each"
        )
        year = Period.calendar(Frequency.YEAR, 2025)
        one = agencies[7]
        agency_year = Selection(agencies=(one,), label=one.name)
        province_year = Selection(agencies=tuple(agencies), label=agencies[0].name)
        today = __import__("datetime").date(2026, 12, 1)

        def documents(selection, by):
            return lambda: f"{queries.document_table(year, selection, by).total.incoming:,} incoming"

        def tasks(selection, by):
            return lambda: f"{len(queries.task_table(year, selection, by, today).rows)} rows"

        results = {
            "agency-year documents by department": _measure(
                "agency-year: document_table by department", documents(agency_year, "department"), args.repeat
            ),
            "agency-year tasks by department": _measure(
                "agency-year: task_table by department", tasks(agency_year, "department"), args.repeat
            ),
            "agency-year tasks by person": _measure(
                "agency-year: task_table by person", tasks(agency_year, "person"), args.repeat
            ),
            "province-year documents by agency": _measure(
                "province-year (100 agencies): document_table by agency",
                documents(province_year, "agency"),
                args.repeat,
            ),
            "province-year tasks by agency": _measure(
                "province-year (100 agencies): task_table by agency",
                tasks(province_year, "agency"),
                args.repeat,
            ),
        }
        # PostgreSQL's JIT compiles a query whose estimated cost is high (the hashed sub-plans of the
        # "sent electronically" test reach it at the province level); measured again without it
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            jit = cursor.fetchone()[0]
            cursor.execute("SET jit = off")
        print(f"  (jit was {jit}; now off for this connection)")
        for label, selection, by in (
            ("agency-year: document_table by department, jit off", agency_year, "department"),
            ("province-year: document_table by agency, jit off", province_year, "agency"),
        ):
            results[label] = _measure(label, documents(selection, by), args.repeat)
        _measure("province-year: task_table by agency, jit off", tasks(province_year, "agency"), args.repeat)
        slow = [k for k, p95 in results.items() if p95 > 200]
        print("Summary tables needed:", ", ".join(slow) if slow else "no (every p95 within 200 ms)")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _drop_database(url)
            print("Database dropped.")


if __name__ == "__main__":
    main()
