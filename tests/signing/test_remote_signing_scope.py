"""Remote signing follows the staff pages' rules: the organisation's signature only by a clerk of that
agency, a personal signature only by a leader who may approve, and a signing session finished only by the
person who prepared it (anyone else is told it does not exist)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.accounts.roles import Role
from egov.signing.demo_pki import issue_demo_certificate
from egov.signing.models import PendingSignature
from tests.directory.factories import AgencyFactory, PositionFactory, StaffAssignmentFactory

PREPARE = "/api/v1/chu-ky-so/ky-tu-xa/chuan-bi/"


def _finish(pk) -> str:
    return f"/api/v1/chu-ky-so/ky-tu-xa/{pk}/hoan-tat/"


def _upload(data: bytes):
    return SimpleUploadedFile("van-ban.pdf", data, content_type="application/pdf")


def _log_in(client, user):
    """Logged in, past the second factor when the role needs it."""
    client.force_login(user)
    if user.requires_two_factor:
        device = TOTPDevice.objects.create(user=user, name="điện thoại", confirmed=True)
        response = client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": f"{totp(device.bin_key):06d}"})
        assert response.status_code == 302
    return client


def _post_in(user, agency):
    StaffAssignmentFactory(user=user, agency=agency, position=PositionFactory())
    return user


@pytest.fixture
def other_agency(db):
    agency = AgencyFactory(name="Ủy ban nhân dân huyện Khác")
    issue_demo_certificate(agency=agency)
    return agency


@pytest.fixture
def own_clerk(clerk, agency, agency_cert):
    return _post_in(clerk, agency)


def _appendix(client, unsigned_pdf, **fields):
    data = {"file": _upload(unsigned_pdf), "kind": "appendix", "notation": "15/QĐ-UBND", **fields}
    return client.post(PREPARE, data)


@pytest.mark.django_db
def test_a_clerk_seals_only_for_their_own_agency(client, unsigned_pdf, own_clerk, agency, other_agency):
    _log_in(client, own_clerk)
    for agency_id in (other_agency.pk, 999_999):  # another agency, or none at all: the same answer
        response = _appendix(client, unsigned_pdf, agency=agency_id)
        assert response.status_code == 403, response.content
        assert "văn thư của cơ quan" in response.json()["detail"]
    assert not PendingSignature.objects.exists()
    assert _appendix(client, unsigned_pdf, agency=agency.pk).status_code == 201
    # without `agency`: the one agency they are a clerk of
    response = _appendix(client, unsigned_pdf)
    assert response.status_code == 201, response.content
    assert {p.certificate.agency_id for p in PendingSignature.objects.all()} == {agency.pk}


@pytest.mark.django_db
def test_a_clerk_without_a_post_seals_nothing(client, unsigned_pdf, clerk, agency, agency_cert):
    _log_in(client, clerk)
    assert _appendix(client, unsigned_pdf, agency=agency.pk).status_code == 403
    assert _appendix(client, unsigned_pdf).status_code == 403


@pytest.mark.django_db
def test_a_personal_signature_only_by_a_leader_who_may_approve(client, unsigned_pdf, make_user, agency):
    specialist = _post_in(make_user(Role.SPECIALIST, full_name="Lê Văn Chuyên"), agency)
    issue_demo_certificate(user=specialist, position="Chuyên viên")
    _log_in(client, specialist)
    response = client.post(PREPARE, {"file": _upload(unsigned_pdf), "kind": "person"})
    assert response.status_code == 403 and "lãnh đạo" in response.json()["detail"]
    assert not PendingSignature.objects.exists()


@pytest.mark.django_db
def test_a_session_is_finished_only_by_who_prepared_it(
    client, unsigned_pdf, leader, leader_cert, make_user, agency
):
    _log_in(client, _post_in(leader, agency))
    response = client.post(PREPARE, {"file": _upload(unsigned_pdf), "kind": "person"})
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    client.logout()

    other = _post_in(make_user(Role.LEADER, full_name="Trần Văn Khác"), agency)
    _log_in(client, other)
    response = client.post(_finish(pk), {"signature": "AAAA"}, content_type="application/json")
    assert response.status_code == 404
    assert PendingSignature.objects.get(pk=pk).completed_at is None
