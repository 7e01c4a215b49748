from django.core.management.base import BaseCommand, CommandError

from egov.errors import DomainError
from egov.signing.demo_pki import ensure_demo_pki


class Command(BaseCommand):
    help = (
        "Demo PKI: a demo root CA, a certificate per agency, leader and clerk (ECDSA P-256, PIN 123456), "
        "and drawn signature and seal images. Refused with DEBUG off. Idempotent."
    )

    def handle(self, *args, **options):
        try:
            ensure_demo_pki(self.stdout)
        except DomainError as error:
            raise CommandError(str(error)) from error
