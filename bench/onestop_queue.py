"""Benchmark: the officer's queue and the deadline sweep with a national-scale dossier table (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/egov_bench_onestop \\
        .venv/bin/python bench/onestop_queue.py [--rows 1000000] [--repeat 50] [--regenerate]

Rows are generated in SQL (INSERT ... SELECT generate_series, in batches of 200,000) across 50 agencies,
each with a department of 20 specialists; 85 % of the dossiers are finished (returned, refused, withdrawn)
and the rest open in every processing state, due from 60 days ago to 60 days ahead. Then VACUUM ANALYZE
and each call is repeated (`--repeat`), printing p50/p95 in milliseconds:

- queue: the first page (50) of `queries.my_dossiers(specialist)`, the department head's and the leader's
  queues and the desk's results to return, each through `visible_to`'s indexes;
- sweep: one full `tasks.sweep_deadlines()` over every open dossier, inside a transaction that is rolled
  back, so each repetition flags the same rows (notifications included). The rows are generated as if the
  sweep had last run an hour earlier (what was overdue or near due then is flagged already), the state a
  half-hourly sweep meets; the first sweep of a backlog flags and notifies every row once and is slower.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/egov_bench_onestop")

BATCH = 200_000
AGENCIES = 50
STAFF = 20


class Rollback(Exception):
    pass


def build_world():
    import datetime

    from django.contrib.auth.models import Group

    from bench.procedure import bench_version
    from egov.accounts.models import User
    from egov.accounts.roles import Role
    from egov.directory.models import Agency, Department, Position, StaffAssignment

    staff_rank, _ = Position.objects.get_or_create(name="Chuyên viên", rank=Position.Rank.STAFF)
    head_rank, _ = Position.objects.get_or_create(name="Trưởng phòng", rank=Position.Rank.DEPARTMENT_HEAD)
    leader_rank, _ = Position.objects.get_or_create(name="Chủ tịch", rank=Position.Rank.AGENCY_LEADER)
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    start = datetime.date(2020, 1, 1)
    world = []
    for a in range(AGENCIES):
        agency, created = Agency.objects.get_or_create(
            code=f"H25.98.{a:02d}",
            defaults={"name": f"UBND xã đo hiệu năng {a}", "short_name": "UBND", "level": "commune"},
        )
        department = Department.objects.get_or_create(agency=agency, name="Phòng Văn hóa - Xã hội")[0]
        people = []
        for s in range(STAFF + 3):
            user, created = User.objects.get_or_create(
                username=f"bench-{a}-{s}", defaults={"full_name": f"Cán bộ {s}"}
            )
            if created:
                role, rank, dep = (
                    (Role.ONESTOP_OFFICER, staff_rank, None)
                    if s == 0
                    else (Role.LEADER, leader_rank, None)
                    if s == 1
                    else (Role.SPECIALIST, head_rank, department)
                    if s == 2
                    else (Role.SPECIALIST, staff_rank, department)
                )
                user.groups.add(groups[role])
                StaffAssignment.objects.create(
                    user=user, agency=agency, department=dep, position=rank, valid_from=start
                )
            people.append(user)
        world.append((agency, department, people))
    version = bench_version("9.999902", "Thủ tục đo hiệu năng hàng đợi", 10, handling_level="commune")
    return version, world


def generate(rows: int, version, world) -> None:
    from django.db import connection

    agency_ids = [a.pk for a, _d, _p in world]
    department_ids = [d.pk for _a, d, _p in world]
    specialist_ids = [[u.pk for u in people[3:]] for _a, _d, people in world]
    flat_specialists = [pk for group in specialist_ids for pk in group]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE onestop_dossier CASCADE")
        for offset in range(0, rows, BATCH):
            cursor.execute(
                """
                WITH g AS (
                    SELECT n, (n %% %(agencies)s) AS a, random() AS r,
                           now() - (random() * interval '240 days') AS submitted
                    FROM generate_series(%(start)s, %(stop)s) AS n
                )
                INSERT INTO onestop_dossier (
                    code, version_id, status, channel, applicant_kind, applicant_name, applicant_personal_id,
                    applicant_org_code, applicant_address, applicant_phone, applicant_email,
                    receiving_agency_id, competent_agency_id, form_data, fees_due, fees_paid,
                    fee_exemption_reason, copies,
                    submitted_at, accepted_at, original_due_at, due_at, holder_id, holder_department_id,
                    holder_agency_id, result_name, result_file, decision_reason, return_method, returned_to,
                    post_dispatch, result_verify_token, closed_at, created_at, updated_at)
                SELECT
                    'H25.98.' || lpad(a::text, 2, '0') || '-B-' || n,
                    %(version)s,
                    CASE WHEN r < 0.80 THEN 'returned' WHEN r < 0.83 THEN 'refused'
                         WHEN r < 0.85 THEN 'withdrawn'
                         WHEN r < 0.89 THEN 'processing' WHEN r < 0.91 THEN 'transferred'
                         WHEN r < 0.93 THEN 'awaiting_approval' WHEN r < 0.95 THEN 'accepted'
                         WHEN r < 0.97 THEN 'supplement' ELSE 'result_ready' END,
                    CASE WHEN n %% 3 = 0 THEN 'online' ELSE 'direct' END,
                    'person', 'Người nộp ' || n, '', '', '', '', '',
                    (%(agency_ids)s::int[])[a + 1], (%(agency_ids)s::int[])[a + 1], '{}', 0, 0, '', 1,
                    submitted, submitted,
                    now() + (random() * interval '120 days') - interval '60 days',
                    now() + (random() * interval '120 days') - interval '60 days',
                    CASE WHEN r >= 0.85 AND r < 0.97
                         THEN (%(specialists)s::int[])[1 + a * %(staff)s + (n %% %(staff)s)] END,
                    CASE WHEN r >= 0.85 AND r < 0.97 THEN (%(department_ids)s::int[])[a + 1] END,
                    CASE WHEN r >= 0.85 AND r < 0.97 THEN (%(agency_ids)s::int[])[a + 1] END,
                    '', '', '', '', '', '', '',
                    CASE WHEN r < 0.85 THEN submitted + interval '10 days' END,
                    submitted, submitted
                FROM g
                """,
                {
                    "agencies": AGENCIES,
                    "start": offset + 1,
                    "stop": min(offset + BATCH, rows),
                    "version": version.pk,
                    "agency_ids": agency_ids,
                    "department_ids": department_ids,
                    "specialists": flat_specialists,
                    "staff": STAFF,
                },
            )
            print(f"  {min(offset + BATCH, rows):,} rows", flush=True)
        # as if the sweep had run an hour ago: what it finds now is what changed since (the steady state)
        cursor.execute(
            """
            UPDATE onestop_dossier SET
                overdue_flagged_at = CASE WHEN due_at < now() - interval '1 hour' THEN now() END,
                near_due_flagged_at = CASE WHEN due_at < now() + interval '20 hours' THEN now() END,
                apology_due_flagged_at = CASE WHEN due_at < now() + interval '20 hours' THEN now() END,
                uncollected_flagged_at = CASE WHEN status = 'result_ready' AND submitted_at < now() - interval
                    '10 days' THEN now() END
            WHERE closed_at IS NULL
            """
        )
        cursor.execute("VACUUM ANALYZE onestop_dossier")


def plain_static_files() -> None:
    """Static file names as in development: a bench has no collectstatic manifest (call after setup)."""
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def timed(repeat: int, call) -> str:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    q = statistics.quantiles(samples, n=20) if len(samples) > 1 else samples * 19
    return f"p50 {statistics.median(samples):.1f} ms, p95 {q[18]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from onestop import queries
    from onestop.models import Dossier
    from onestop.tasks import sweep_deadlines

    version, world = build_world()
    if args.regenerate or Dossier.objects.count() != args.rows:
        generate(args.rows, version, world)
    people = world[0][2]
    officer, leader, head, specialist = people[0], people[1], people[2], people[3]
    open_count = Dossier.objects.filter(closed_at__isnull=True).count()
    print(f"{Dossier.objects.count():,} dossiers, {open_count:,} open, {AGENCIES} agencies")
    for name, queue in [
        ("my dossiers (specialist)", lambda: list(queries.my_dossiers(specialist)[:50])),
        ("department head's queue", lambda: list(queries.department_head_queue(head)[:50])),
        ("leader's queue", lambda: list(queries.leader_queue(leader)[:50])),
        ("desk: results to return", lambda: list(queries.desk_results_to_return(officer)[:50])),
    ]:
        print(f"{name}: {timed(args.repeat, queue)}")

    def sweep():
        try:
            with transaction.atomic():
                flagged = sweep_deadlines()
                raise Rollback(flagged)
        except Rollback as done:
            return done.args[0]

    print(f"sweep flags {sweep()} (rolled back)")
    print(f"deadline sweep over all open dossiers: {timed(max(3, args.repeat // 10), sweep)}")


if __name__ == "__main__":
    main()
