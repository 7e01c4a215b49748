"""Two PostgreSQL roles: the owner of the schema runs migrations; the application connects as a role
that owns nothing, so it can neither disable the audit triggers nor rewrite the trail.

`DATABASE_URL` is the application's connection. `DATABASE_MIGRATE_URL`, when set, is the owner's (the
`owner` alias): `manage.py migrate` uses it, then grants the application's role (the user of
`DATABASE_URL`) what it needs: rows of every table, but only SELECT and INSERT on the audit trail. Default
privileges grant the tables later migrations create in the same way. With one URL (or on SQLite) there is
a single role and nothing is granted."""

from django.db import DEFAULT_DB_ALIAS, connections

OWNER_ALIAS = "owner"
AUDIT_TABLE = "audit_auditentry"
ROWS = "SELECT, INSERT, UPDATE, DELETE"


def migrate_alias() -> str:
    return OWNER_ALIAS if OWNER_ALIAS in connections.settings else DEFAULT_DB_ALIAS


def grant_app_role(connection, role: str) -> None:
    """Idempotent: run by the owner before every migrate (so the default privileges cover the tables it
    creates, for the post_migrate handlers that write to them) and after it (existing tables, audit)."""
    role = connection.ops.quote_name(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = connection.ops.quote_name(cursor.fetchone()[0])
        for statement in (
            f"GRANT USAGE ON SCHEMA {schema} TO {role}",
            f"GRANT {ROWS} ON ALL TABLES IN SCHEMA {schema} TO {role}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT {ROWS} ON TABLES TO {role}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {role}",
        ):
            cursor.execute(statement)
        cursor.execute("SELECT to_regclass(%s)", [AUDIT_TABLE])
        if cursor.fetchone()[0]:
            # The trail is append-only for the application, whatever a session setting says.
            cursor.execute(f"REVOKE ALL ON {AUDIT_TABLE} FROM {role}")
            cursor.execute(f"GRANT SELECT, INSERT ON {AUDIT_TABLE} TO {role}")


def app_role_for(using: str) -> str | None:
    """The application's role when `using` connects as someone else (the owner), else None."""
    app_user = connections.settings[DEFAULT_DB_ALIAS].get("USER")
    owner_user = connections.settings[using].get("USER")
    if using == DEFAULT_DB_ALIAS or not app_user or app_user == owner_user:
        return None
    return app_user


def grant_around_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    connection = connections[using]
    role = app_role_for(using)
    if connection.vendor == "postgresql" and role:
        grant_app_role(connection, role)
