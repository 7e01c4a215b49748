"""The audit trail cannot be switched off by the application (finding 6).

On PostgreSQL the application connects as a role that owns nothing (egov.audit.grants): it may add
and read entries, never change, remove or truncate them, disable or drop the triggers, or use the purge
setting, which is the owner's alone. On SQLite (one process, no roles) the triggers refuse the same
changes. Sign-in events no service sees are recorded, and no entry carries a secret document's subject."""

import os
import subprocess
import sys

import psycopg
import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from documents import services as documents_services
from egov.accounts.roles import Role
from egov.audit import purge
from egov.audit.grants import app_role_for, grant_app_role, migrate_alias
from egov.audit.models import AuditEntry
from egov.audit.services import SECRET_REPR, record
from tests.documents.factories import Office, incoming_data

APP_ROLE = "egov_app"
OWNER_ROLE = "egov_owner"
LOGIN = "/tai-khoan/dang-nhap/"
TOKEN = "/api/v1/auth/token/"
REWRITES = ["UPDATE audit_auditentry SET action = 'x'", "DELETE FROM audit_auditentry"]
SWITCH_OFF = [
    "TRUNCATE audit_auditentry",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_no_change",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_no_change ON audit_auditentry",
    f"ALTER TABLE audit_auditentry OWNER TO {APP_ROLE}",
    "SET session_replication_role = replica",  # would skip every trigger
    "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS 'BEGIN RETURN OLD; END' "
    "LANGUAGE plpgsql",
    "DROP FUNCTION audit_refuse_change() CASCADE",
]
ROW = (
    "INSERT INTO audit_auditentry (at, actor_name, action, target_type, target_id, target_repr, details) "
    "VALUES (now(), 'x', 'test.kept', '', '', '', '{}')"
)


def ensure_role(cursor, name):
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    if cursor.fetchone() is None:
        cursor.execute(f"CREATE ROLE {name} LOGIN")


@pytest.fixture
def as_app_role(monkeypatch):
    """The test's connection acts as the application's role (PostgreSQL) or declares no purge (SQLite)."""
    if connection.vendor != "postgresql":
        monkeypatch.setattr(purge, "PURGE_ALLOWED", False)
        yield
        return
    with connection.cursor() as cursor:
        ensure_role(cursor, APP_ROLE)
        grant_app_role(connection, APP_ROLE)
        cursor.execute(f"SET ROLE {APP_ROLE}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def refused(statements):
    for statement in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


@pytest.mark.django_db
def test_the_application_cannot_rewrite_or_switch_off_the_trail(as_app_role, make_user):
    record(None, "test.kept")
    refused(REWRITES + (SWITCH_OFF if connection.vendor == "postgresql" else []))
    # The purge setting, declared by the application itself, changes nothing.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL egov.audit_purge = 'on'")
        cursor.execute("DELETE FROM audit_auditentry")
    # Its ordinary work still runs: new entries, and rows of the other tables.
    user = make_user(Role.CITIZEN, full_name="Trần Thị B")
    added, user_pk = record(user, "test.added", user), user.pk
    user.delete()  # a deleted person's entries stay as written
    assert AuditEntry.objects.filter(action__in=["test.kept", "test.added"]).count() == 2
    added.refresh_from_db()
    assert added.actor_id == user_pk and added.actor_name == "Trần Thị B"


@pytest.mark.django_db
def test_the_purge_setting_is_the_owners_alone_even_with_delete_granted(monkeypatch):
    record(None, "test.kept")
    if connection.vendor != "postgresql":  # SQLite: the purge is a flag of the test process, off in the app
        monkeypatch.setattr(purge, "PURGE_ALLOWED", False)
        refused(["DELETE FROM audit_auditentry"])
        return
    with connection.cursor() as cursor:
        ensure_role(cursor, APP_ROLE)
        grant_app_role(connection, APP_ROLE)
        cursor.execute(f"GRANT DELETE, TRUNCATE ON audit_auditentry TO {APP_ROLE}")  # a mistaken grant
        cursor.execute(f"SET ROLE {APP_ROLE}")
    try:
        for statement in ["DELETE FROM audit_auditentry", "TRUNCATE audit_auditentry"]:
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL egov.audit_purge = 'on'")
                cursor.execute(statement)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AuditEntry.objects.filter(action="test.kept").count() == 1


@pytest.mark.django_db
def test_tables_of_later_migrations_are_granted_to_the_application(as_app_role):
    if connection.vendor != "postgresql":  # one role: nothing to grant
        assert app_role_for("default") is None
        return
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute(
            "CREATE TABLE audit_later_table (id bigint GENERATED BY DEFAULT AS IDENTITY, name text)"
        )
        cursor.execute(f"SET ROLE {APP_ROLE}")
        cursor.execute("INSERT INTO audit_later_table (name) VALUES ('a')")
        cursor.execute("UPDATE audit_later_table SET name = 'b'")
        cursor.execute("DELETE FROM audit_later_table")
    refused(["DROP TABLE audit_later_table"])


def test_migrate_runs_as_the_owner_and_leaves_the_application_append_only():
    """A fresh database migrated the documented way: DATABASE_URL the application, DATABASE_MIGRATE_URL
    the owner (neither a superuser)."""
    if connection.vendor != "postgresql":  # no owner configured: migrate and the app share one connection
        assert migrate_alias() == "default" and app_role_for("default") is None
        return
    params = connection.get_connection_params()
    server = {"host": params.get("host") or "127.0.0.1", "port": params.get("port") or 5432}
    scratch = f"{connection.settings_dict['NAME']}_roles"
    with psycopg.connect(**server, user=params["user"], dbname="postgres", autocommit=True) as admin:
        for role in (OWNER_ROLE, APP_ROLE):
            ensure_role(admin.cursor(), role)
        admin.execute(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {scratch} OWNER {OWNER_ROLE}")
        try:
            url = f"postgres://{{}}@{server['host']}:{server['port']}/{scratch}"
            env = {
                **os.environ,
                "DATABASE_URL": url.format(APP_ROLE),
                "DATABASE_MIGRATE_URL": url.format(OWNER_ROLE),
            }
            done = subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                cwd=settings.BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, done.stderr[-2000:]
            with psycopg.connect(**server, user=APP_ROLE, dbname=scratch, autocommit=True) as app:
                owners = app.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
                assert [row[0] for row in owners] == [OWNER_ROLE]
                app.execute(ROW)
                for statement in REWRITES + SWITCH_OFF:
                    with pytest.raises(psycopg.errors.InsufficientPrivilege):
                        app.execute(statement)
                with pytest.raises(psycopg.errors.InsufficientPrivilege), app.transaction():
                    app.execute("SET LOCAL egov.audit_purge = 'on'")
                    app.execute("DELETE FROM audit_auditentry")
                assert app.execute("SELECT count(*) FROM audit_auditentry").fetchone() == (1,)
                app.execute("INSERT INTO auth_group (name) VALUES ('thử')")
                app.execute("DELETE FROM auth_group WHERE name = 'thử'")
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")


# --- sign-in events -------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_failed_logins_are_recorded_without_the_password_and_outlive_a_success(client, make_user):
    user = make_user(Role.CITIZEN, username="dan")
    for _ in range(2):
        client.post(LOGIN, {"username": "dan", "password": "sai-mat-khau-1"})
    client.post(LOGIN, {"username": "khongcoai", "password": "sai-mat-khau-2"})
    client.post(TOKEN, {"username": "dan", "password": "sai-mat-khau-3"})
    assert AccessAttempt.objects.filter(username="dan").exists()
    assert client.post(LOGIN, {"username": "dan", "password": "Matkhau@2026"}).status_code == 302
    assert not AccessAttempt.objects.filter(username="dan").exists()  # axes forgets; the trail does not
    failed = AuditEntry.objects.filter(action="accounts.login_failed")
    assert failed.filter(target_id=str(user.pk), details__username="dan").count() == 3
    assert failed.filter(details__username="khongcoai", target_id="").count() == 1
    assert set(failed.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    assert "sai-mat-khau" not in str(list(AuditEntry.objects.values()))


@pytest.mark.django_db
def test_a_lockout_is_recorded(client, make_user):
    make_user(Role.CITIZEN, username="dan")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(LOGIN, {"username": "dan", "password": "sai"})
    entry = AuditEntry.objects.filter(action="accounts.locked_out").first()
    assert entry is not None and entry.details == {"username": "dan"} and entry.ip_address == "127.0.0.1"


@pytest.mark.django_db
def test_logins_and_logouts_are_recorded(client, make_user):
    user = make_user(Role.CITIZEN, username="dan")
    client.post(LOGIN, {"username": "dan", "password": "Matkhau@2026"})
    client.post("/tai-khoan/dang-xuat/")
    actions = list(AuditEntry.objects.filter(actor=user).order_by("id").values_list("action", flat=True))
    assert actions == ["accounts.login", "accounts.logout"]


# --- content ----------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_entries_never_carry_a_secret_documents_subject():
    office = Office()
    subject = "Kế hoạch nhân sự tuyệt mật"
    document = documents_services.register_incoming(
        office.clerk, office.agency, incoming_data(subject=subject, notation="M-9", secrecy=1)
    )
    entry = record(office.clerk, "test.secret", document)
    assert entry.target_repr.endswith(SECRET_REPR)
    assert subject not in str(list(AuditEntry.objects.values()))
    plain = documents_services.register_incoming(office.clerk, office.agency, incoming_data(notation="T-1"))
    assert plain.subject[:40] in record(office.clerk, "test.plain", plain).target_repr


@pytest.mark.django_db
def test_an_entry_is_written_whatever_characters_it_is_given(make_user):
    """A NUL (PostgreSQL refuses it) in a reason or a name must not make the change it records fail."""
    user = make_user(None)
    user.full_name = "Lê\x00 Văn C"  # as a form would hand it over, unsaved
    entry = record(user, "test.hostile", user, reason="lý do\x00", items=["a\x00", {"b\x00": "c\x00"}])
    entry.refresh_from_db()
    assert entry.details == {"reason": "lý do", "items": ["a", {"b": "c"}]}
    assert "\x00" not in entry.actor_name + entry.target_repr
