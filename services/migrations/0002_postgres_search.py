"""PostgreSQL full-text search with unaccent: the extension, the `vn_unaccent` configuration and a GIN index
on procedures' search vector. On any other database this migration does nothing (services.search falls back
to the accent-free search_text column)."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

FORWARD = [
    """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vn_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION vn_unaccent (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION vn_unaccent
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
      END IF;
    END $$;
    """,
    "CREATE INDEX IF NOT EXISTS services_procedure_search_gin ON services_procedure USING gin (search_vector);",
]
BACKWARD = [
    "DROP INDEX IF EXISTS services_procedure_search_gin;",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS vn_unaccent;",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
