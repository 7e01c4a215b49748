"""Benchmark: due instants for 1,000,000 (accepted_at, limit) pairs.

Run: .venv/bin/python bench/bench_workdays.py [N]   (default N = 1,000,000)
Uses the configured database when the workdays table exists there, else a throwaway test database.
Prints the rate per second for the whole mix and for each kind of limit.
"""

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

from egov.workdays import clock  # noqa: E402
from egov.workdays.clock import TimeUnit, due_at  # noqa: E402


def make_pairs(n: int, seed: int = 2026):
    """Acceptance instants spread over 2025–2027 (any hour, weekends included) with the limits the
    catalogue actually uses: same-day with a 15:00 cut-off, 1–30 working days, 4–40 working hours."""
    rng = random.Random(seed)
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    span = 3 * 365 * 86400
    cutoff = dt.time(15, 0)
    pairs = []
    for _ in range(n):
        accepted = start + dt.timedelta(seconds=rng.randrange(span))
        r = rng.random()
        if r < 0.15:
            pairs.append((accepted, 0, TimeUnit.DAYS, cutoff))
        elif r < 0.85:
            pairs.append((accepted, rng.choice((1, 2, 3, 5, 7, 10, 12, 15, 20, 30)), TimeUnit.DAYS, None))
        else:
            pairs.append((accepted, rng.choice((4, 8, 16, 24, 40)), TimeUnit.HOURS, None))
    return pairs


def run(pairs) -> float:
    t0 = time.perf_counter()
    for accepted, amount, unit, cutoff in pairs:
        due_at(accepted, amount, unit, cutoff=cutoff)
    return time.perf_counter() - t0


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    test_db = None
    if "workdays_calendaroverride" not in connection.introspection.table_names():
        test_db = setup_databases(verbosity=0, interactive=False)
    try:
        clock.invalidate_calendar()
        pairs = make_pairs(n)
        t0 = time.perf_counter()
        for year in (2025, 2026, 2027, 2028):
            clock.is_working_day(dt.date(year, 6, 1))
        warm = time.perf_counter() - t0
        elapsed = run(pairs)
        print(f"workdays.due_at: {n:,} due instants in {elapsed:.2f} s = {n / elapsed:,.0f} per second")
        print(f"  (calendar build for 4 years, once: {warm * 1000:.0f} ms)")
        for label, pick in [
            ("same-day, 15:00 cut-off", lambda p: p[1] == 0),
            ("1–30 working days", lambda p: p[2] == TimeUnit.DAYS and p[1] > 0),
            ("4–40 working hours", lambda p: p[2] == TimeUnit.HOURS),
        ]:
            subset = [p for p in pairs if pick(p)][:200_000]
            seconds = run(subset)
            print(f"  {label:<26} {len(subset) / seconds:>12,.0f} per second")
        paused = pairs[:100_000]
        t0 = time.perf_counter()
        for accepted, amount, unit, cutoff in paused:
            due_at(
                accepted,
                amount,
                unit,
                cutoff=cutoff,
                pauses=[(accepted + dt.timedelta(days=1), accepted + dt.timedelta(days=3))],
            )
        seconds = time.perf_counter() - t0
        print(f"  {'with one pause':<26} {len(paused) / seconds:>12,.0f} per second")
    finally:
        if test_db is not None:
            teardown_databases(test_db, verbosity=0)


if __name__ == "__main__":
    main()
