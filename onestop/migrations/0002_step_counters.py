"""A dossier's hand-overs are numbered by egov.numbering: each dossier's counter starts at its last step."""

from django.db import migrations
from django.db.models import Max


def seed_counters(apps, schema_editor):
    Counter = apps.get_model("numbering", "Counter")
    DossierStep = apps.get_model("onestop", "DossierStep")
    last = DossierStep.objects.values("dossier_id").annotate(last=Max("order"))
    Counter.objects.bulk_create(
        [Counter(scope=f"onestop.step:{row['dossier_id']}", period="all", value=row["last"]) for row in last],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("onestop", "0001_initial"),
        ("numbering", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed_counters, migrations.RunPython.noop)]
