"""Indexes for the incoming list and the visibility rule at a province's scale (documents.queries).

- documents_in_order (urgency DESC, arrived_at DESC): the order of every incoming list, page and API. The
  database walks it and stops after a page instead of sorting every visible document or search hit.
- three small partial indexes on secret documents only (secrecy > 0): the secret documents a user
  registered, that were presented to them, or that arrived in their agency without a registering clerk.
  They let `incoming_visible_to` look these up directly instead of testing every document.

Plain SQL kept out of the model state on purpose (the model's Meta is not part of this change); on
PostgreSQL they are built CONCURRENTLY (no write lock on a million-row table), hence a non-atomic migration.
SQLite gets the same indexes built the ordinary way."""

from django.db import migrations

INDEXES = {
    "documents_in_order": "(urgency DESC, arrived_at DESC)",
    "documents_in_secret_reg": "(registered_by_id) WHERE secrecy > 0",
    "documents_in_secret_pres": "(presented_to_id) WHERE secrecy > 0",
    "documents_in_secret_agency": "(agency_id) WHERE secrecy > 0 AND registered_by_id IS NULL",
}


def forwards(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for name, definition in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX {concurrently}IF NOT EXISTS {name} ON documents_incomingdocument {definition}"
        )


def backwards(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("documents", "0004_incoming_arrived_without_number")]

    operations = [migrations.RunPython(forwards, backwards)]
