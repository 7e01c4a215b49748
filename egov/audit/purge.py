"""Whether this process may empty the audit table: only a test suite, to reset its own test database.

Each new database connection is told at connect time (see AuditConfig.ready): on SQLite through the
function the DELETE trigger calls, on PostgreSQL through a session setting the trigger reads, which it
honours only for the table's owner (migration 0003): the application's own role cannot purge."""

PURGE_ALLOWED = False


def on_connection_created(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("audit_purge_allowed", 0, lambda: int(PURGE_ALLOWED))
    elif connection.vendor == "postgresql" and PURGE_ALLOWED:
        with connection.cursor() as cursor:
            cursor.execute("SET egov.audit_purge = 'on'")
