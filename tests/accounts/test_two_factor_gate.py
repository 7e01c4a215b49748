"""The second factor has no way around it: a leader who gave only the password reaches the code page,
logout and static files, nothing else (every URL pattern of the site is tried); API tokens for such roles
are issued only with a valid code, and a token issued without one is refused everywhere."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from egov.accounts.roles import Role
from egov.audit.models import AuditEntry

PASSWORD = "Matkhau@2026"
SETUP = "/tai-khoan/xac-thuc-hai-lop/cai-dat/"
VERIFY = "/tai-khoan/xac-thuc-hai-lop/"
TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/auth/me/"
# what a password-only leader may open (GET answers 2xx): the code page, the logout confirmation, health
OPEN_VIEWS = {"accounts:otp-verify", "accounts:logout", "healthz"}
SAMPLES = {"int": "1", "uuid": str(uuid.uuid4()), "slug": "x", "str": "x", "path": "x"}


def _routes(resolver=None, prefix=""):
    """Every leaf URL pattern of the site, as the concatenated route text."""
    for entry in (resolver or get_resolver()).url_patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, text)
        elif isinstance(entry, URLPattern):
            yield text


def _sample_path(route: str) -> str:
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)  # regex groups (admin, router): any value will do
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    return "/" + path


def _login(client, user):
    response = client.post("/tai-khoan/dang-nhap/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content


def _code(device) -> str:
    return f"{totp(device.bin_key):06d}"


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADER)


@pytest.fixture
def device(leader):
    return TOTPDevice.objects.create(user=leader, name="điện thoại", confirmed=True)


@pytest.fixture
def password_only(client, leader, device):
    """A client that gave the leader's password, not the code."""
    _login(client, leader)
    return client


@pytest.mark.django_db
def test_every_url_pattern_is_closed_to_a_password_only_leader(password_only):
    routes = list(_routes())
    assert len(routes) > 100  # the whole site, admin included
    opened = {}
    for route in routes:
        path = _sample_path(route)
        try:
            name = resolve(path).view_name
        except Resolver404:
            name = ""
        response = password_only.get(path)
        if 200 <= response.status_code < 300:
            opened[path] = name
        if path.startswith("/api/v1/") and name != "auth-api:token":
            assert response.status_code in (403, 404), (path, response.status_code)
    assert set(opened.values()) <= OPEN_VIEWS, opened
    assert set(opened.values()) == OPEN_VIEWS


@pytest.mark.django_db
def test_staff_pages_admin_and_api_send_to_the_code_page(password_only):
    for path in ("/can-bo/", "/admin/", "/van-ban/", "/"):
        response = password_only.get(path)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), path
    response = password_only.get(ME)
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"


@pytest.mark.django_db
def test_no_new_device_without_the_current_one(password_only, leader, device):
    """The reported attack: enrol a new secret, confirm it, and the real device is gone."""
    response = password_only.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    attacker_device = TOTPDevice.objects.create(user=leader, name="kẻ gian", confirmed=False)
    response = password_only.post(SETUP, {"token": _code(attacker_device)})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=leader, confirmed=True)) == [device]
    assert password_only.get("/can-bo/").status_code == 302


@pytest.mark.django_db
def test_password_change_needs_the_second_factor(password_only, leader):
    response = password_only.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": "Khac@Hoan2026!", "new_password2": "Khac@Hoan2026!"},
    )
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    leader.refresh_from_db()
    assert leader.check_password(PASSWORD)


@pytest.mark.django_db
def test_after_the_code_everything_opens_and_a_new_device_may_replace_the_old(password_only, leader, device):
    response = password_only.post(VERIFY, {"token": _code(device)})
    assert response.status_code == 302
    assert password_only.get("/can-bo/").status_code == 200
    assert password_only.get(ME).status_code == 200
    assert password_only.get(SETUP).status_code == 200
    new = TOTPDevice.objects.get(user=leader, confirmed=False)
    assert password_only.post(SETUP, {"token": _code(new)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=leader, confirmed=True)) == [new]
    actions = set(AuditEntry.objects.filter(actor=leader).values_list("action", flat=True))
    assert {"accounts.otp_verified", "accounts.otp_enrolled"} <= actions


@pytest.mark.django_db
def test_first_enrolment_stays_possible_and_counts_as_the_second_factor(client, leader):
    _login(client, leader)
    response = client.get("/can-bo/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    assert client.get(SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    assert client.post(SETUP, {"token": _code(device)}).status_code == 302
    assert client.get("/can-bo/").status_code == 200
    assert AuditEntry.objects.filter(actor=leader, action="accounts.otp_enrolled").exists()


@pytest.mark.django_db
def test_a_wrong_code_is_in_the_audit_trail(password_only, leader, device):
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = password_only.post(VERIFY, {"token": wrong})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(actor=leader, action="accounts.otp_failed").exists()
    assert password_only.get("/can-bo/").status_code == 302


# --- API tokens ------------------------------------------------------------------------------------------
def _token(client, user, **extra):
    return client.post(TOKEN, {"username": user.username, "password": PASSWORD, **extra})


@pytest.mark.django_db
def test_token_for_a_leader_needs_the_code(client, leader, device):
    response = _token(client, leader)
    assert response.status_code == 400
    assert "otp" in response.json()["detail"] and "xác thực hai lớp" in response.json()["detail"]
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    assert _token(client, leader, otp=wrong).status_code == 400
    malformed = _token(client, leader, otp="12ab")
    assert malformed.status_code == 400 and malformed.json() == {"otp": ["Mã xác thực gồm đúng 6 chữ số."]}
    assert not Token.objects.filter(user=leader).exists()
    refused = AuditEntry.objects.filter(actor=leader, action="accounts.token_refused")
    assert sorted(refused.values_list("details__reason", flat=True)) == ["otp_invalid", "otp_required"]
    assert AuditEntry.objects.filter(actor=leader, action="accounts.otp_failed").exists()

    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes one wait after a wrong code
    response = _token(client, leader, otp=_code(device))
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    assert client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert client.get("/api/v1/van-ban/thong-bao/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert AuditEntry.objects.filter(actor=leader, action="accounts.token_issued").exists()


@pytest.mark.django_db
def test_token_for_a_leader_without_a_device_is_refused(client, leader):
    response = _token(client, leader, otp="123456")
    assert response.status_code == 400
    assert response.json()["code"] == "second_factor_not_enrolled"


@pytest.mark.django_db
def test_a_password_only_token_is_refused_everywhere(client, leader, make_user):
    """Tokens issued before the fix (or before the role was granted) carry no second factor."""
    old = Token.objects.create(user=leader)
    auth = {"HTTP_AUTHORIZATION": f"Token {old.key}"}
    for path in (ME, "/api/v1/van-ban/thong-bao/"):
        response = client.get(path, **auth)
        assert response.status_code in (401, 403), path
        assert "xác thực hai lớp" in response.json()["detail"]
    response = client.post("/api/v1/chu-ky-so/ky-tu-xa/chuan-bi/", {}, **auth)
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_a_token_issued_before_a_promotion_is_refused(client, make_user):
    specialist = make_user(Role.SPECIALIST)
    response = _token(client, specialist)
    assert response.status_code == 200  # no second factor for this role
    key = response.json()["token"]
    assert client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    specialist.groups.add(*make_user(Role.LEADER).groups.all())
    assert client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code in (401, 403)


@pytest.mark.django_db
def test_a_new_device_revokes_the_tokens_of_the_old_one(client, leader, device):
    key = _token(client, leader, otp=_code(device)).json()["token"]
    assert client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    _login(client, leader)
    device.refresh_from_db()
    device.last_t = -1  # the same code again within its 30 s: django-otp refuses a replay
    device.save(update_fields=["last_t"])
    assert client.post(VERIFY, {"token": _code(device)}).status_code == 302
    assert client.get(SETUP).status_code == 200
    new = TOTPDevice.objects.get(user=leader, confirmed=False)
    assert client.post(SETUP, {"token": _code(new)}).status_code == 302
    client.logout()
    assert client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code in (401, 403)


@pytest.mark.django_db
def test_password_change_works_after_the_second_factor(password_only, leader, device):
    assert password_only.post(VERIFY, {"token": _code(device)}).status_code == 302
    response = password_only.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": "Khac@Hoan2026!", "new_password2": "Khac@Hoan2026!"},
    )
    assert response.status_code == 302 and "xong" in response["Location"]
    leader.refresh_from_db()
    assert leader.check_password("Khac@Hoan2026!")
