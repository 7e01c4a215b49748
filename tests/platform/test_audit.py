import pytest
from django.db import DatabaseError, connection, transaction

from egov.audit import purge
from egov.audit.models import AuditEntry
from egov.audit.services import record


@pytest.mark.django_db
def test_record_keeps_actor_target_and_address(rf, make_user):
    from egov.audit.context import client_ip

    user = make_user(None, full_name="Nguyễn Văn A")
    token = client_ip.set("203.0.113.5")
    try:
        entry = record(user, "test.action", user, reason="thử")
    finally:
        client_ip.reset(token)
    assert entry.actor_name == "Nguyễn Văn A"
    assert entry.target_type == "accounts.user" and entry.target_id == str(user.pk)
    assert entry.ip_address == "203.0.113.5"
    assert entry.details == {"reason": "thử"}


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted_by_the_model(make_user):
    entry = record(None, "test.action")
    entry.action = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.fixture
def purge_forbidden(monkeypatch):
    """The application's own connections: no purge declared (the test suite declares one)."""
    monkeypatch.setattr(purge, "PURGE_ALLOWED", False)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET egov.audit_purge = 'off'")
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET egov.audit_purge = 'on'")


@pytest.mark.django_db
def test_database_refuses_update_and_delete(purge_forbidden):
    record(None, "test.action")
    statements = ["UPDATE audit_auditentry SET action = 'x'", "DELETE FROM audit_auditentry"]
    if connection.vendor == "postgresql":
        statements.append("TRUNCATE audit_auditentry")
    for statement in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEntry.objects.filter(action="test.action").count() == 1
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.all().delete()


@pytest.mark.django_db
def test_update_is_refused_even_when_a_purge_is_declared():
    record(None, "test.action")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'x'")


@pytest.mark.django_db
def test_admin_shows_entries_read_only(staff_client):
    from egov.accounts.roles import Role

    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    entry = record(client.user, "test.visible")
    listing = client.get("/admin/audit/auditentry/?q=visible")
    assert listing.status_code == 200 and "test.visible" in listing.content.decode()
    detail = client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
