"""/admin/ never sends anyone round in circles: each kind of visitor reaches an answer in two hops at most
(the portal's login page, the second-factor page, a clear 403, or the admin itself)."""

import pytest
from django.test import Client

from egov.accounts.roles import Role

pytestmark = pytest.mark.django_db

PATHS = [
    "/admin/",
    "/admin/login/",
    "/admin/login/?next=/admin/",
    "/admin/logout/",
    "/admin/accounts/user/",
    "/admin/password_change/",
    "/tai-khoan/dang-nhap/?next=/admin/",
    "/tai-khoan/dang-nhap/?next=/admin/login/%3Fnext%3D/admin/",
]


@pytest.fixture
def visitor(make_user, totp_device):
    """visitor(kind) -> a client: anonymous, a citizen, a clerk, a leader or an admin with or without
    the second factor done."""

    def make(kind):
        client = Client()
        if kind == "anonymous":
            return client
        role, passed = {
            "citizen": (Role.CITIZEN, False),
            "clerk": (Role.CLERK, False),
            "leader-no-2fa": (Role.LEADER, False),
            "leader": (Role.LEADER, True),
            "agency-admin-no-2fa": (Role.AGENCY_ADMIN, False),
            "agency-admin": (Role.AGENCY_ADMIN, True),
            "superuser": (Role.SYSTEM_ADMIN, True),
        }[kind]
        user = make_user(role, is_staff=role in (Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN))
        if kind == "superuser":
            user.is_superuser = True
            user.save()
        client.force_login(user)
        if kind.endswith("-no-2fa"):
            totp_device(user)
        if passed:
            assert (
                client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": totp_device(user)()}).status_code == 302
            )
        return client

    return make


KINDS = [
    "anonymous",
    "citizen",
    "clerk",
    "leader-no-2fa",
    "leader",
    "agency-admin-no-2fa",
    "agency-admin",
    "superuser",
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("kind", KINDS)
def test_admin_paths_end_in_an_answer_within_two_hops(visitor, kind, path):
    response = visitor(kind).get(path, follow=True)  # the test client raises on a redirect cycle
    assert len(response.redirect_chain) <= 2, response.redirect_chain
    assert response.status_code in (200, 403, 405), (response.status_code, response.redirect_chain)
    final = response.request["PATH_INFO"]
    if kind == "anonymous":
        assert final == "/tai-khoan/dang-nhap/"
    elif kind == "leader-no-2fa":  # the second factor comes first, everywhere
        assert final.startswith("/tai-khoan/xac-thuc-hai-lop/")
    elif kind in ("citizen", "clerk", "leader") and path.startswith("/admin/"):
        assert response.status_code == 403
        assert "Không có quyền vào trang quản trị" in response.content.decode()
    elif kind == "agency-admin-no-2fa":
        assert final.startswith("/tai-khoan/xac-thuc-hai-lop/")


@pytest.mark.parametrize("kind", ["agency-admin", "superuser"])
def test_an_admin_past_the_second_factor_reaches_the_admin_index(visitor, kind):
    for path in ["/admin/", "/admin/login/?next=/admin/", "/tai-khoan/dang-nhap/?next=/admin/"]:
        response = visitor(kind).get(path, follow=True)
        assert response.status_code == 200 and response.request["PATH_INFO"] == "/admin/", path


def test_the_admin_logout_is_the_portal_logout(visitor):
    from egov.audit.models import AuditEntry

    client = visitor("superuser")
    assert "Đăng xuất" in client.get("/admin/logout/").content.decode()  # a confirmation page, not a 405
    response = client.post("/admin/logout/")
    assert response.status_code == 302 and response.url == "/"
    assert AuditEntry.objects.filter(action="accounts.logout").count() == 1
    assert client.get("/admin/", follow=True).request["PATH_INFO"] == "/tai-khoan/dang-nhap/"
