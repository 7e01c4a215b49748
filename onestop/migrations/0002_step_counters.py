"""A dossier's hand-overs are numbered by egov.numbering: each dossier's counter starts at its last step."""

from django.db import migrations
from django.db.models import Max


def seed_counters(apps, schema_editor):
    db = schema_editor.connection.alias  # the migration's own connection (the owner, when configured)
    Counter = apps.get_model("numbering", "Counter")
    DossierStep = apps.get_model("onestop", "DossierStep")
    last = DossierStep.objects.using(db).values("dossier_id").annotate(last=Max("order"))
    Counter.objects.using(db).bulk_create(
        [Counter(scope=f"onestop.step:{row['dossier_id']}", period="all", value=row["last"]) for row in last],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("onestop", "0001_initial"),
        ("numbering", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed_counters, migrations.RunPython.noop)]
