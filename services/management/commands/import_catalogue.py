from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from services.catalogue_io import import_catalogue


class Command(BaseCommand):
    help = (
        "Import the procedure catalogue from an Excel workbook (all or nothing; every bad row is reported)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", help="username recorded in the audit trail (default: the system)")

    def handle(self, *args, file, user=None, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{user}”.")
        try:
            with open(file, "rb") as stream:
                report = import_catalogue(stream, actor=actor)
        except OSError as error:
            raise CommandError(f"Không mở được tệp: {error}") from error
        for issue in report.issues:
            self.stderr.write(str(issue))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
