"""The admin speaks Vietnamese to a superuser: no third-party app or model name, role (group) name or audit
code left in English on the index, the group list, the user list or the audit trail."""

import html
import re

import pytest
from django.contrib.auth.models import Group

from egov.accounts.roles import Role
from egov.audit.services import record

pytestmark = pytest.mark.django_db

LEFTOVERS = [
    "Auth Token",
    "Tokens",
    "Axes",
    "Access attempts",
    "Access failures",
    "Access logs",
    "Otp_Totp",
    "Otp_Static",
    "TOTP devices",
    "Static devices",
    "Django_Otp",
]
ROLE_CODES = [role.value for role in Role]


def visible_text(response) -> str:
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)  # attribute values (URLs, names) are not read by people
    return re.sub(r"\s+", " ", html.unescape(page))


@pytest.fixture
def superuser(staff_client):
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    record(client.user, "documents.approve", client.user)
    return client


@pytest.mark.parametrize("path", ["/admin/", "/admin/auth/group/", "/admin/audit/auditentry/"])
def test_no_english_app_or_model_name(superuser, path):
    text = visible_text(superuser.get(path, HTTP_ACCEPT_LANGUAGE="vi"))
    assert [word for word in LEFTOVERS if re.search(rf"\b{re.escape(word)}\b", text)] == []


@pytest.mark.parametrize("path", ["/admin/auth/group/", "/admin/accounts/user/"])
def test_roles_are_named_in_vietnamese(superuser, path):
    text = visible_text(superuser.get(path, HTTP_ACCEPT_LANGUAGE="vi"))
    assert [code for code in ROLE_CODES if re.search(rf"(?<![\w.]){code}(?![\w.])", text)] == []
    assert "Văn thư" in text and "Lãnh đạo" in text and "Quản trị cơ quan" in text
    # the groups keep their names: code looks them up by name
    assert Group.objects.filter(name=Role.CLERK.value).exists()


def test_the_audit_trail_shows_labels_not_codes(superuser):
    from egov.audit.models import AuditEntry

    listing = visible_text(superuser.get("/admin/audit/auditentry/", HTTP_ACCEPT_LANGUAGE="vi"))
    entry = AuditEntry.objects.get(action="documents.approve")
    detail = visible_text(
        superuser.get(f"/admin/audit/auditentry/{entry.pk}/change/", HTTP_ACCEPT_LANGUAGE="vi")
    )
    for text in (listing, detail):
        assert "documents.approve" not in text and "accounts.user" not in text
        assert "Người dùng" in text  # the object's kind, by its Vietnamese name
    assert "Duyệt" in detail or "duyệt" in detail
