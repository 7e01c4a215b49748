from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from egov.accounts.demo import DEMO_TOTP_KEY_HEX


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo leader and admins (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp is for demo installations only (DEBUG on).")
        self.stdout.write(f"{totp(bytes.fromhex(DEMO_TOTP_KEY_HEX)):06d}")
