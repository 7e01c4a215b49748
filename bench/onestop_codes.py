"""Benchmark: concurrent acceptances at one desk on one day get distinct, consecutive dossier codes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/egov_bench_onestop \\
        .venv/bin/python bench/onestop_codes.py [--processes 8] [--per-process 250]

A dedicated database (`createdb -h 127.0.0.1 -U postgres egov_bench_onestop` once; migrated when
needed; the script's own earlier rows are removed first). One agency's desk, one procedure version without
mandatory papers, processes × per-process dossiers waiting for the desk's check; then the processes,
released together, each accept their share through `onestop.services.accept_dossier`. It checks that the
codes are <e-ID>-<yymmdd>-0001 … N with no gap and
no repeat, and prints the wall time and the p50/p95 of one acceptance in milliseconds.
"""

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/egov_bench_onestop")

AGENCY_CODE = "H25.99.01"


def setup(total: int) -> tuple[int, list[int]]:
    import datetime

    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from bench.procedure import bench_version
    from egov.accounts.models import User
    from egov.accounts.roles import Role
    from egov.directory.models import Agency, Position, StaffAssignment
    from egov.numbering.models import Counter
    from onestop.models import Dossier, Status

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE onestop_dossier CASCADE")  # a previous run's dossiers (bench database only)
    Counter.objects.filter(scope__startswith="onestop.").delete()
    agency, _ = Agency.objects.get_or_create(
        code=AGENCY_CODE,
        defaults={"name": "Bộ phận Một cửa (đo hiệu năng)", "short_name": "MC", "level": "commune"},
    )
    officer, created = User.objects.get_or_create(
        username="bench-motcua", defaults={"full_name": "Cán bộ một cửa"}
    )
    if created:
        officer.groups.add(Group.objects.get_or_create(name=Role.ONESTOP_OFFICER.value)[0])
        position, _ = Position.objects.get_or_create(name="Công chức một cửa", rank=Position.Rank.STAFF)
        StaffAssignment.objects.create(
            user=officer, agency=agency, position=position, valid_from=datetime.date(2020, 1, 1)
        )
    version = bench_version(
        "9.999901", "Thủ tục đo hiệu năng", 5, handling_level="province", competent_agency=agency
    )
    Dossier.objects.bulk_create(
        Dossier(
            version=version,
            status=Status.WAITING_CHECK,
            channel="direct",
            applicant_name=f"Người nộp {n}",
            receiving_agency=agency,
            competent_agency=agency,
        )
        for n in range(total)
    )
    return officer.pk, list(Dossier.objects.order_by("pk").values_list("pk", flat=True))


def accept_share(officer_id: int, dossier_ids: list[int], start, results) -> None:
    import django

    django.setup()
    from egov.accounts.models import User
    from onestop import services
    from onestop.models import Dossier

    officer = User.objects.get(pk=officer_id)
    dossiers = list(Dossier.objects.filter(pk__in=dossier_ids))
    start.wait()
    timings = []
    for dossier in dossiers:
        began = time.perf_counter()
        services.accept_dossier(officer, dossier)
        timings.append((time.perf_counter() - began) * 1000)
    results.put(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--per-process", type=int, default=250)
    args = parser.parse_args()
    total = args.processes * args.per_process

    import django

    django.setup()
    officer_id, ids = setup(total)
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    shares = [ids[i :: args.processes] for i in range(args.processes)]
    workers = [
        context.Process(target=accept_share, args=(officer_id, share, start, results)) for share in shares
    ]
    for worker in workers:
        worker.start()
    time.sleep(2)
    began = time.perf_counter()
    start.set()
    timings = [t for _ in workers for t in results.get()]
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - began

    from django.utils import timezone

    from onestop.models import Dossier

    codes = sorted(Dossier.objects.exclude(code=None).values_list("code", flat=True))
    day = f"{timezone.localdate():%y%m%d}"
    expected = [f"{AGENCY_CODE}-{day}-{n:04d}" for n in range(1, total + 1)]
    quantiles = statistics.quantiles(timings, n=100)
    print(f"{args.processes} processes × {args.per_process} acceptances = {total} in {wall:.1f} s")
    print(f"one acceptance: p50 {quantiles[49]:.1f} ms, p95 {quantiles[94]:.1f} ms")
    print(f"codes distinct and consecutive 0001–{total:04d}: {codes == expected}")
    if codes != expected:
        sys.exit(1)


if __name__ == "__main__":
    main()
