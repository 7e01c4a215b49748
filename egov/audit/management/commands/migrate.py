"""`migrate` runs as the schema owner when one is configured (DATABASE_MIGRATE_URL, see egov.audit.grants);
an explicit --database still wins."""

from django.core.management.commands.migrate import Command as DjangoMigrate

from egov.audit.grants import migrate_alias


class Command(DjangoMigrate):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(database=None)

    def execute(self, *args, **options):
        options["database"] = options["database"] or migrate_alias()
        return super().execute(*args, **options)
