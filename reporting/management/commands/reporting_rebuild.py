"""Rebuild the statistics' summaries from the dossiers (existing data, the demo, after an import)."""

from django.core.management.base import BaseCommand

from reporting import ledger


class Command(BaseCommand):
    help = "Dựng lại bảng số liệu tổng hợp hồ sơ từ các hồ sơ (--check: chỉ đối soát, không ghi)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Chỉ đối soát và in chênh lệch.")

    def handle(self, *args, check=False, **options):
        if check:
            want, facts = ledger.expected()
            found = ledger.differences(want, ledger.stored())
            self.stdout.write(f"{len(facts)} hồ sơ, {len(found)} dòng chênh lệch.")
            for row in found[:50]:
                self.stdout.write(f"  {row}")
            return
        dossiers, rows = ledger.rebuild()
        self.stdout.write(f"Đã dựng lại số liệu tổng hợp: {dossiers} hồ sơ, {rows} dòng.")
