"""A declared purge (egov.audit_purge = 'on') empties the trail only for the table's owner: the
application's role, which owns nothing (egov.audit.grants), cannot use it even if it were granted DELETE."""

from django.db import migrations

OWNER_ONLY = """CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
   BEGIN
     IF TG_OP <> 'UPDATE' AND current_setting('egov.audit_purge', true) = 'on'
        AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
       RETURN OLD;
     END IF;
     RAISE EXCEPTION 'audit entries are append-only';
   END; $$ LANGUAGE plpgsql;"""
ANYONE = """CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
   BEGIN
     IF TG_OP <> 'UPDATE' AND current_setting('egov.audit_purge', true) = 'on' THEN
       RETURN OLD;
     END IF;
     RAISE EXCEPTION 'audit entries are append-only';
   END; $$ LANGUAGE plpgsql;"""


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(_run(OWNER_ONLY), _run(ANYONE))]
