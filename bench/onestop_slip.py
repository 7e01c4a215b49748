"""Benchmark: rendering the Mẫu 01 slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) as the desk prints it.

Run (a throw-away test database is created and dropped: in memory with the default SQLite, or
test_<name> on PostgreSQL when DATABASE_URL points there):

    .venv/bin/python bench/onestop_slip.py [--renders 50] [--warmup 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/egov_bench .venv/bin/python bench/onestop_slip.py

One accepted walk-in dossier with three papers is built (tests/onestop/factories_prints.py). Each measured
render reads the dossier as a view does (select_related of its version, procedure, desk and officer) and
calls onestop.prints.receipt: the papers query, the template, the QR code and WeasyPrint with the Tinos
fonts. The first renders warm the imports and caches and are not counted. Prints p50/p95/max in ms; the
target is p50 ≤ 100 ms.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from onestop import prints
        from onestop.models import Dossier, Status
        from tests.onestop.factories_prints import Desk

        pk = Desk().dossier(status=Status.ACCEPTED).pk

        def render() -> int:
            dossier = Dossier.objects.select_related(
                "version__procedure", "receiving_agency__parent", "received_by", "applicant_user"
            ).get(pk=pk)
            return len(prints.receipt(dossier))

        for _ in range(args.warmup):
            size = render()
        times = []
        for _ in range(args.renders):
            start = time.perf_counter()
            render()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        print(
            f"Mẫu 01 receipt, {args.renders} renders ({connection.vendor}), PDF {size / 1024:.1f} KB: "
            f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms "
            f"(target p50 ≤ 100 ms)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
