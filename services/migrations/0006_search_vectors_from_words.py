"""The search vectors are built from folded words (egov.search.vector): procedures stored before get theirs
again, through the function every save uses (services.search.refresh_search_vector). PostgreSQL only."""

from django.db import migrations


def recompute_search_vectors(apps, schema_editor):
    db = schema_editor.connection.alias  # the migration's own connection (the owner, when configured)
    if schema_editor.connection.vendor != "postgresql":
        return
    from services.search import refresh_search_vector

    Procedure = apps.get_model("services", "Procedure")
    for procedure in Procedure.objects.using(db).select_related("field").iterator(chunk_size=500):
        refresh_search_vector(procedure)


class Migration(migrations.Migration):
    dependencies = [("services", "0005_draft_client_token")]

    operations = [migrations.RunPython(recompute_search_vectors, migrations.RunPython.noop, elidable=True)]
