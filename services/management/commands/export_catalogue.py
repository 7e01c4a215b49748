from django.core.management.base import BaseCommand

from services.catalogue_io import export_catalogue


class Command(BaseCommand):
    help = "Export the procedure catalogue to an Excel workbook (procedures, papers, fees, steps)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        count = export_catalogue(file)
        self.stdout.write(f"Đã xuất {count} thủ tục vào {file}.")
