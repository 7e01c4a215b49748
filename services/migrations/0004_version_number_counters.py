"""Version numbers now come from egov.numbering: each procedure's counter starts at its highest number."""

from django.db import migrations
from django.db.models import Max


def seed_counters(apps, schema_editor):
    db = schema_editor.connection.alias  # the migration's own connection (the owner, when configured)
    ProcedureVersion = apps.get_model("services", "ProcedureVersion")
    Counter = apps.get_model("numbering", "Counter")
    tops = ProcedureVersion.objects.using(db).values("procedure_id").annotate(top=Max("number"))
    for row in tops:
        Counter.objects.using(db).update_or_create(
            scope=f"services.version:{row['procedure_id']}", period="all", defaults={"value": row["top"]}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0003_publish_permission"),
        ("numbering", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed_counters, migrations.RunPython.noop)]
