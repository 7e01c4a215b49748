import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core import mail

from egov.accounts.models import User
from egov.accounts.roles import Role
from egov.audit.models import AuditEntry

LOGIN = "/tai-khoan/dang-nhap/"
OTP_VERIFY = "/tai-khoan/xac-thuc-hai-lop/"
STAFF_HOME = "/can-bo/"


@pytest.mark.django_db
@pytest.mark.parametrize("login_as", ["username", "email", "EMAIL_UPPER"])
def test_login_with_username_or_email(client, make_user, login_as):
    user = make_user(Role.SPECIALIST, username="chuyenvien1", email="cv1@example.vn")
    login = {"username": "chuyenvien1", "email": "cv1@example.vn", "EMAIL_UPPER": "CV1@EXAMPLE.VN"}[login_as]
    response = client.post(LOGIN, {"username": login, "password": "Matkhau@2026"})
    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME
    assert AuditEntry.objects.filter(actor=user, action="accounts.login").exists()


@pytest.mark.django_db
def test_wrong_password_shows_vietnamese_error(client, make_user):
    make_user(Role.CITIZEN, username="dan")
    response = client.post(LOGIN, {"username": "dan", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, make_user):
    make_user(Role.CITIZEN, username="dan")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "dan", "password": "sai"})
    response = client.post(LOGIN, {"username": "dan", "password": "Matkhau@2026"})
    assert response.status_code == 429 or response.status_code == 403
    body = response.content.decode()
    assert "tạm bị khóa" in body
    assert "30 phút" in body


@pytest.mark.django_db
def test_citizen_cannot_open_staff_pages(client, make_user):
    client.force_login(make_user(Role.CITIZEN))
    assert client.get(STAFF_HOME).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(STAFF_HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ONESTOP_OFFICER, Role.SPECIALIST, Role.CLERK])
def test_roles_without_two_factor_reach_staff_home(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(STAFF_HOME).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.LEADER, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN])
def test_leaders_and_admins_must_pass_totp(client, make_user, totp_device, role):
    user = make_user(role)
    code = totp_device(user)
    client.force_login(user)
    response = client.get(STAFF_HOME)
    assert response.status_code == 302 and response["Location"].startswith(OTP_VERIFY)
    bad = client.post(OTP_VERIFY, {"token": "000000" if code() != "000000" else "111111"})
    assert "Mã xác thực không đúng" in bad.content.decode()
    assert client.get(STAFF_HOME).status_code == 302
    # right after a wrong code even the right one waits: the throttle stops guessing
    throttled = client.post(OTP_VERIFY, {"token": code()})
    assert "Vui lòng chờ" in throttled.content.decode()
    time.sleep(1.1)
    good = client.post(f"{OTP_VERIFY}?next={STAFF_HOME}", {"token": code(), "next": STAFF_HOME})
    assert good.status_code == 302 and good["Location"] == STAFF_HOME
    assert client.get(STAFF_HOME).status_code == 200


@pytest.mark.django_db
def test_leader_without_device_is_sent_to_setup_and_can_enrol(client, make_user):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user(Role.LEADER)
    client.force_login(user)
    response = client.get(STAFF_HOME)
    assert response["Location"].startswith("/tai-khoan/xac-thuc-hai-lop/cai-dat/")
    page = client.get(response["Location"])
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/tai-khoan/xac-thuc-hai-lop/cai-dat/", {"token": "12345"}).status_code == 200
    response = client.post("/tai-khoan/xac-thuc-hai-lop/cai-dat/", {"token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(STAFF_HOME).status_code == 200


@pytest.mark.django_db
def test_admin_requires_second_factor_too(client, make_user, totp_device):
    user = make_user(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    code = totp_device(user)
    client.force_login(user)
    assert client.get("/admin/").headers["Location"].startswith(OTP_VERIFY)
    client.post(OTP_VERIFY, {"token": code()})
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Quản trị" in response.content.decode()


@pytest.mark.django_db
def test_citizen_registration_validates_personal_id_and_logs_in(client):
    data = {
        "full_name": "Nguyễn Văn An",
        "personal_id": "025090012345",
        "birth_date": "1991-03-04",  # digits 5-6 say 90: refused
        "sex": "M",
        "email": "an@example.vn",
        "phone": "0912345678",
        "password1": "Rat-an-toan-2026",
        "password2": "Rat-an-toan-2026",
    }
    response = client.post("/tai-khoan/dang-ky/", data)
    assert response.status_code == 200
    assert "không khớp với năm sinh" in response.content.decode()
    assert not User.objects.filter(personal_id="025090012345").exists()

    data["birth_date"] = "1990-03-04"
    response = client.post("/tai-khoan/dang-ky/", data)
    assert "Kiểm tra hộp thư" in response.content.decode()  # the account exists once its link is confirmed
    link = mail.outbox[-1].body.split("http://testserver")[1].split()[0]
    assert client.post(link).status_code == 302
    user = User.objects.get(personal_id="025090012345")
    assert user.username == "025090012345"
    assert user.has_role(Role.CITIZEN)
    again = client.post("/tai-khoan/dang-ky/", data)  # logged in now: sent home, nothing created
    assert again.status_code == 302
    assert User.objects.filter(personal_id="025090012345").count() == 1


@pytest.mark.django_db
def test_password_reset_sends_a_working_link(client, make_user):
    make_user(Role.CITIZEN, username="dan", email="dan@example.vn")
    client.post("/tai-khoan/quen-mat-khau/", {"email": "dan@example.vn"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/dat-lai-mat-khau/" in line).strip()
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get(f"/{path}", follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Moi-rat-an-toan-9", "new_password2": "Moi-rat-an-toan-9"},
    )
    assert response.status_code == 302
    client.logout()
    login = client.post(LOGIN, {"username": "dan", "password": "Moi-rat-an-toan-9"})
    assert login.status_code == 302


@pytest.mark.django_db
def test_the_second_factor_page_keeps_the_whole_next_address(client, make_user, totp_device):
    """A page address with its own query ('&', '?') comes back whole after the code, not cut at '&'."""
    user = make_user(Role.LEADER)
    totp_device(user)
    client.force_login(user)
    wanted = f"{STAFF_HOME}?q=a%26b&trang=2&x=?y"
    response = client.get(wanted)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == OTP_VERIFY
    assert parse_qs(location.query) == {"next": [wanted]}
