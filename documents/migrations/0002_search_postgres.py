"""PostgreSQL full-text search: the unaccent extension, the vn_unaccent configuration (created only when
missing: another app may create the same one) and GIN indexes. Nothing on SQLite, which searches the
accent-free `search_text` column instead."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vn_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION vn_unaccent (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION vn_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        END IF;
    END
    $$;
    """,
    "CREATE INDEX IF NOT EXISTS documents_in_search_gin ON documents_incomingdocument USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS documents_out_search_gin ON documents_outgoingdocument USING gin (search_vector)",
]
DROP = [
    "DROP INDEX IF EXISTS documents_in_search_gin",
    "DROP INDEX IF EXISTS documents_out_search_gin",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
