from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Load the demo data (idempotent). Each project app contributes through its own demo.seed()."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never in production)"
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with published passwords; it refuses to run with DEBUG off."
            )
        # The demo's notifications stay in the app: mailing them would flood the console of `make run`.
        with override_settings(
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
        ):
            for config in apps.get_app_configs():
                if not config.name.startswith(("egov.", "services", "documents", "onestop", "reporting")):
                    continue
                if find_spec(f"{config.name}.demo") is None:
                    continue
                with transaction.atomic():
                    import_module(f"{config.name}.demo").seed(self.stdout)
        from .demo_accounts import print_accounts

        print_accounts(self.stdout)
