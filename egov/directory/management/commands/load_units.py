import time

from django.core.management.base import BaseCommand

from egov.directory.services import load_units


class Command(BaseCommand):
    help = (
        "Load the administrative units before and after 1 July 2025 and the old → new mapping from the "
        "vietnam-provinces package. Idempotent: a second run changes nothing."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        result = load_units()
        elapsed = time.monotonic() - started
        counts = ", ".join(f"{level}: {n}" for level, n in sorted(result.counts.items()))
        self.stdout.write(
            f"Administrative units ({counts}): {result.created} created, {result.updated} updated; "
            f"successions: {result.successions_created} created, {result.successions_removed} removed; "
            f"{elapsed:.1f} s."
        )
        if result.unknown_sources:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(result.unknown_sources)} mapping entries name units the package does not list; "
                    "skipped."
                )
            )
        if result.stale:
            self.stdout.write(f"{result.stale} stored units are not in the package; left unchanged.")
