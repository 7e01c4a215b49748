"""Draft versions are numbered by egov.numbering: each draft's counter starts at its last version."""

from django.db import migrations
from django.db.models import Max


def seed_counters(apps, schema_editor):
    db = schema_editor.connection.alias  # the migration's own connection (the owner, when configured)
    Counter = apps.get_model("numbering", "Counter")
    OutgoingVersion = apps.get_model("documents", "OutgoingVersion")
    last = OutgoingVersion.objects.using(db).values("document_id").annotate(last=Max("number"))
    Counter.objects.using(db).bulk_create(
        [
            Counter(scope=f"documents.outgoing-version:{row['document_id']}", period="all", value=row["last"])
            for row in last
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0008_state_tables"),
        ("numbering", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed_counters, migrations.RunPython.noop)]
