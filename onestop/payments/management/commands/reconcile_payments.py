import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from egov.errors import DomainError
from onestop.payments.services import reconcile


class Command(BaseCommand):
    help = "Đối soát giao dịch thanh toán của một ngày với cổng thanh toán (querydr); mặc định: hôm qua."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="ngày đối soát, dạng YYYY-MM-DD")

    def handle(self, *args, day=None, **options):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        try:
            when = datetime.date.fromisoformat(day) if day else yesterday
        except ValueError:
            raise CommandError("Ngày đối soát phải có dạng YYYY-MM-DD.") from None
        try:
            found = reconcile(when)
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{when:%d/%m/%Y}: {len(found)} chênh lệch")
        for row in found:
            self.stdout.write(f"  {row.txn_ref}: {row.get_kind_display()}")
