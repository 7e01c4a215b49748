"""Benchmark: the Excel export of a province-year statistics table by procedure (≈ 2,000 rows).

Run (no database is needed: the table is built in memory):

    .venv/bin/python bench/reporting_export.py [--rows 2000] [--runs 5] [--pdf]

A reporting.stats.Report of `--rows` procedure rows is made with varied figures (the same shape
dossier_report returns for a province and a year); each run builds the whole .xlsx as the export job
does (reporting.exports.excel.workbook: title, merged headers, every cell through
egov.spreadsheets.write_row, borders, widths, frozen header) and the bytes are opened again with
openpyxl once to check the row count. The query behind the table is timed by bench/reporting_stats.py.
Prints min/median/max in seconds; the target is ≤ 3 s. `--pdf` also
times the A4 landscape PDF of the same table once (WeasyPrint; runs in Celery, no target).
"""

import argparse
import dataclasses
import datetime
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")


def make_report(rows: int):
    from reporting import stats
    from reporting.periods import Frequency, Period

    rng = random.Random(2026)
    names = [f.name for f in dataclasses.fields(stats.DossierFigures)]

    def figures():
        values = {name: rng.randint(0, 400) for name in names}
        values["paid_online"] = min(values["paid_online"], values["paid_total"])
        values["satisfied"] = min(values["satisfied"], values["ratings"])
        return stats.DossierFigures(**values)

    items = [
        stats.Row(
            key=f"1.{index:06d}",
            label=f"Thủ tục hành chính số {index} về cấp giấy chứng nhận, đăng ký và điều chỉnh",
            figures=figures(),
            filters={"procedure": index},
        )
        for index in range(1, rows + 1)
    ]
    total = stats.DossierFigures(
        **{name: sum(getattr(item.figures, name) for item in items) for name in names}
    )
    return stats.Report(
        period=Period.calendar(Frequency.YEAR, 2026),
        scope_label="Tỉnh Phú Thọ",
        by="procedure",
        rows=items,
        total=total,
        notes=[],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from openpyxl import load_workbook

    from reporting.exports import excel, pdf

    report = make_report(args.rows)
    excel.workbook(make_report(10))  # imports and styles warmed
    times, size = [], 0
    for _ in range(args.runs):
        start = time.perf_counter()
        data = excel.workbook(report)
        times.append(time.perf_counter() - start)
        size = len(data)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.max_row >= args.rows + 8, sheet.max_row
    print(
        f"{datetime.date.today()} Excel export, {args.rows} rows × {len(report.rows[0].figures.FIGURES)} "
        f"figures, {args.runs} runs: min {min(times):.2f} s, median {statistics.median(times):.2f} s, "
        f"max {max(times):.2f} s; {size / 1024:.0f} KB (target ≤ 3 s)"
    )
    if args.pdf:
        start = time.perf_counter()
        data = pdf.document(report)
        print(f"PDF of the same table: {time.perf_counter() - start:.1f} s, {len(data) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
