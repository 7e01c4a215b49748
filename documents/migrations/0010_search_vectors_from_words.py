"""The search vectors are built from folded words (egov.search.vector): rows stored before get theirs again,
from the folded text they keep (what documents.services.reindex builds the vector from). PostgreSQL only."""

from django.db import migrations


def recompute_search_vectors(apps, schema_editor):
    db = schema_editor.connection.alias  # the migration's own connection (the owner, when configured)
    if schema_editor.connection.vendor != "postgresql":
        return
    from egov.search import vector

    for name in ("IncomingDocument", "OutgoingDocument"):
        model = apps.get_model("documents", name)
        rows = model.objects.using(db).exclude(search_text="").values_list("pk", "search_text")
        for pk, text in rows.iterator(chunk_size=500):
            model.objects.using(db).filter(pk=pk).update(search_vector=vector(text))


class Migration(migrations.Migration):
    dependencies = [("documents", "0009_version_counters")]

    operations = [migrations.RunPython(recompute_search_vectors, migrations.RunPython.noop, elidable=True)]
