from django.core.management.base import BaseCommand

from egov.accounts.demo import DEMO_PASSWORD, DEMO_USERS


def print_accounts(stdout) -> None:
    stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
    for username, full_name, role, *_ in DEMO_USERS:
        stdout.write(f"  {username:<12} {role.label:<24} {full_name}")
    stdout.write(
        "Leaders and admins need a TOTP code: `python manage.py demo_totp` prints the current one.\n"
    )


class Command(BaseCommand):
    help = "List the demo accounts."

    def handle(self, *args, **options):
        print_accounts(self.stdout)
