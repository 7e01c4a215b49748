import base64
import datetime

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from egov.accounts.roles import Role
from egov.audit.models import AuditEntry
from egov.signing import pki, services
from egov.signing.models import SigningCertificate

from .conftest import LEADER_BOX, PIN


def _upload(data: bytes, name="van-ban.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.django_db
def test_verify_page_is_public_and_reports_a_good_file(client, doubly_signed, agency):
    registered = services.register_issued_pdf(
        doubly_signed, title="Quyết định chuyển đổi số", notation="15/QĐ-UBND", agency=agency
    )
    assert services.register_issued_pdf(doubly_signed, title="x").pk == registered.pk  # idempotent
    page = client.get("/chu-ky-so/xac-thuc/")
    assert page.status_code == 200 and "Xác thực văn bản" in page.content.decode()
    response = client.post("/chu-ky-so/xac-thuc/", {"file": _upload(doubly_signed)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "HỢP LỆ" in html and "Hoàng Văn Đức" in html and "Ủy ban nhân dân tỉnh Phú Thọ" in html
    assert "Khớp văn bản do Cổng phát hành" in html and "15/QĐ-UBND" in html


@pytest.mark.django_db
def test_verify_page_rejects_non_pdf_and_oversized(client, settings):
    response = client.post("/chu-ky-so/xac-thuc/", {"file": _upload(b"GIF89a....", "anh.pdf")})
    assert response.status_code == 400 and "không phải PDF" in response.content.decode()
    big = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024 + 1)
    response = client.post("/chu-ky-so/xac-thuc/", {"file": _upload(big)})
    assert response.status_code == 400 and "tối đa 10 MB" in response.content.decode()  # VERIFY_MAX_BYTES
    response = client.post("/chu-ky-so/xac-thuc/", {})
    assert response.status_code == 400


@pytest.mark.django_db
def test_qr_link_shows_the_registered_document(client, unsigned_pdf, agency):
    registered = services.register_issued_pdf(
        unsigned_pdf, title="Giấy tiếp nhận hồ sơ", notation="", agency=agency
    )
    url = services.verification_url(registered)
    assert url.endswith(f"/chu-ky-so/xac-thuc/{registered.verify_token}/")
    html = client.get(url).content.decode()
    assert "Giấy tiếp nhận hồ sơ" in html and registered.sha256 in html
    assert client.get(f"/chu-ky-so/xac-thuc/{registered.sha256}/").status_code == 200
    assert client.get("/chu-ky-so/xac-thuc/khong-co/").status_code == 404


@pytest.mark.django_db
def test_api_verify_multipart(client, doubly_signed):
    response = client.post("/api/v1/chu-ky-so/xac-thuc/", {"file": _upload(doubly_signed)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["all_ok"] is True and len(body["signatures"]) == 2
    assert body["signatures"][0]["signer_name"] == "Hoàng Văn Đức"
    bad = client.post("/api/v1/chu-ky-so/xac-thuc/", {"file": _upload(b"hello", "x.pdf")})
    assert bad.status_code == 400 and "PDF" in str(bad.json())


@pytest.mark.django_db
def test_api_remote_signing(client, unsigned_pdf, leader, leader_cert, agency, totp_device):
    from tests.directory.factories import PositionFactory, StaffAssignmentFactory

    key = pki.decrypt_key(leader_cert.encrypted_key, PIN)
    leader_cert.encrypted_key, leader_cert.backend = None, SigningCertificate.Backend.REMOTE
    leader_cert.save()
    # a leader who may approve (a post in the agency), past the second factor
    StaffAssignmentFactory(user=leader, agency=agency, position=PositionFactory())
    code = totp_device(leader)
    client.force_login(leader)
    assert client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": code()}).status_code == 302
    response = client.post(
        "/api/v1/chu-ky-so/ky-tu-xa/chuan-bi/",
        {"file": _upload(unsigned_pdf), "box": [str(v) for v in LEADER_BOX], "kind": "person"},
    )
    assert response.status_code == 201, response.content
    prepared = response.json()
    signature = key.sign(base64.b64decode(prepared["data_to_sign"]), ec.ECDSA(hashes.SHA256()))
    url = f"/api/v1/chu-ky-so/ky-tu-xa/{prepared['id']}/hoan-tat/"
    garbage = client.post(url, {"signature": "!!"}, content_type="application/json")
    assert garbage.status_code == 400
    done = client.post(
        url, {"signature": base64.b64encode(signature).decode()}, content_type="application/json"
    )
    assert done.status_code == 200 and done["Content-Type"] == "application/pdf"
    again = client.post(
        url, {"signature": base64.b64encode(signature).decode()}, content_type="application/json"
    )
    assert again.status_code == 400 and "hoàn tất" in again.json()["detail"]


@pytest.mark.django_db
def test_api_remote_prepare_needs_login(client, unsigned_pdf):
    response = client.post("/api/v1/chu-ky-so/ky-tu-xa/chuan-bi/", {"file": _upload(unsigned_pdf)})
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_openapi_schema_lists_the_signing_endpoints(client):
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert "/api/v1/chu-ky-so/xac-thuc/" in paths
    assert "multipart/form-data" in paths["/api/v1/chu-ky-so/xac-thuc/"]["post"]["requestBody"]["content"]
    assert "/api/v1/chu-ky-so/ky-tu-xa/chuan-bi/" in paths
    assert "/api/v1/chu-ky-so/ky-tu-xa/{id}/hoan-tat/" in paths


@pytest.mark.django_db
def test_expiry_warning_task_warns_once(leader, make_user):
    from egov.signing.demo_pki import issue_demo_certificate
    from egov.signing.tasks import warn_expiring_certificates

    soon = issue_demo_certificate(user=leader, not_after=timezone.now() + datetime.timedelta(days=10))
    issue_demo_certificate(user=leader, not_after=timezone.now() + datetime.timedelta(days=300))
    assert soon.expires_soon
    assert warn_expiring_certificates.delay().get() == 1
    assert warn_expiring_certificates.delay().get() == 0
    assert (
        AuditEntry.objects.filter(action="signing.certificate_expiring", target_id=str(soon.pk)).count() == 1
    )


@pytest.mark.django_db
def test_admin_lists_certificates_with_expiry_warning(client, leader, make_user, totp_device):
    from egov.signing.demo_pki import issue_demo_certificate

    issue_demo_certificate(user=leader, not_after=timezone.now() + datetime.timedelta(days=10))
    admin = make_user(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    code = totp_device(admin)
    client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": code()})
    html = client.get("/admin/signing/signingcertificate/").content.decode()
    assert "⚠" in html and "Hoàng Văn Đức" in html
    assert client.get("/admin/signing/signingcertificate/nhap-p12/").status_code == 200


@pytest.mark.django_db
def test_admin_pkcs12_import(client, leader, make_user, totp_device):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    from egov.signing.demo_pki import demo_root

    ca_key, ca_cert = demo_root()
    key, cert = pki.issue_certificate(ca_key, ca_cert, "Hoàng Văn Đức")
    p12 = pkcs12.serialize_key_and_certificates(
        b"x", key, cert, [ca_cert], serialization.BestAvailableEncryption(b"pw")
    )
    admin = make_user(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": totp_device(admin)()})
    response = client.post(
        "/admin/signing/signingcertificate/nhap-p12/",
        {
            "holder_kind": "user",
            "user": leader.pk,
            "file": SimpleUploadedFile("a.p12", p12),
            "password": "pw",
            "pin": "135790",
            "position": "Chủ tịch",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = SigningCertificate.objects.get(user=leader)
    assert stored.position == "Chủ tịch" and pki.decrypt_key(stored.encrypted_key, "135790")


@pytest.mark.django_db
def test_demo_pki_refused_with_debug_off(settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_pki")


@pytest.mark.django_db
def test_demo_pki_is_idempotent(agency, make_user):
    from egov.signing.demo_pki import ensure_demo_pki
    from egov.signing.models import SealImage, SignatureImage

    make_user(Role.LEADER, full_name="Hoàng Văn Đức")
    make_user(Role.CLERK, full_name="Phạm Thị Thu")
    first = ensure_demo_pki()
    assert first["certificates"] == 3 and first["seal_images"] == 1 and first["signature_images"] == 2
    assert ensure_demo_pki() == {"certificates": 0, "signature_images": 0, "seal_images": 0}
    assert SigningCertificate.objects.filter(is_demo=True, key_type="ECDSA secp256r1").count() == 3
    assert SealImage.objects.count() == 1 and SignatureImage.objects.count() == 2
