import datetime
import io
import re
import subprocess

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov.audit.models import AuditEntry
from egov.errors import DomainError, NotPermitted
from egov.signing import services
from egov.signing.demo_pki import issue_demo_certificate
from egov.signing.models import SigningCertificate
from egov.signing.validation import validate_pdf

from .conftest import LEADER_BOX, PIN


def _media_files(root) -> set:
    from pathlib import Path

    return {p for p in Path(root).rglob("*") if p.is_file()}


@pytest.mark.django_db
def test_two_signatures_validate_with_demo_root(doubly_signed):
    report = validate_pdf(doubly_signed)
    assert [s.field_name for s in report.signatures] == ["ChuKyLanhDao", "ChuKyCoQuan"]
    leader, organisation = report.signatures
    for s in report.signatures:
        assert s.intact and s.valid_signature and s.trusted and s.cert_valid_at_signing, s
        assert s.ok
    assert leader.signer_name == "Hoàng Văn Đức"
    assert organisation.signer_name == "Ủy ban nhân dân tỉnh Phú Thọ"
    assert not leader.covers_entire_file and organisation.covers_entire_file
    assert "phiên bản" in leader.coverage_text and "toàn bộ tệp" in organisation.coverage_text
    assert report.all_ok
    assert "hợp lệ" in report.summary
    assert AuditEntry.objects.filter(action="signing.sign_person").count() == 1
    assert AuditEntry.objects.filter(action="signing.seal_organisation").count() == 1


@pytest.mark.django_db
def test_empty_trust_store_intact_but_untrusted(doubly_signed):
    report = validate_pdf(doubly_signed, trust_roots=[])
    assert len(report.signatures) == 2
    for s in report.signatures:
        assert s.intact and s.valid_signature
        assert not s.trusted and not s.ok
    assert not report.all_ok and not report.any_tampered
    assert "tin cậy" in report.signatures[0].summary


@pytest.mark.django_db
def test_signing_time_is_vietnam_time(doubly_signed):
    report = validate_pdf(doubly_signed)
    when = report.signatures[0].signing_time
    assert when.utcoffset() == datetime.timedelta(hours=7)
    assert abs((timezone.now() - when).total_seconds()) < 120


@pytest.mark.django_db
def test_pdfsig_lists_both_signatures_as_valid(doubly_signed, tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(doubly_signed)
    out = subprocess.run(["/usr/bin/pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout
    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert "ChuKyLanhDao" in out and "ChuKyCoQuan" in out
    assert "Total document signed" in out


@pytest.mark.django_db
def test_stamp_text_in_vietnamese_is_extractable(doubly_signed):
    reader = pypdf.PdfReader(io.BytesIO(doubly_signed))
    annots = [a.get_object() for a in reader.pages[-1]["/Annots"]]
    leader = next(a for a in annots if a["/T"] == "ChuKyLanhDao")
    stream = leader["/AP"]["/N"].get_object().get_data()
    # the ActualText of the stamp carries the Unicode text (UTF-16BE)
    assert "Hoàng Văn Đức".encode("utf-16-be") in stream.replace(b"\\", b"") or b"ActualText" in stream


@pytest.mark.django_db
def test_seal_overlaps_left_third_of_the_signature_image(doubly_signed):
    from egov.signing.appearance import Rect, leader_image_rect, load_image
    from egov.signing.models import SignatureImage

    reader = pypdf.PdfReader(io.BytesIO(doubly_signed))
    rects = {
        str(a.get_object()["/T"]): [float(v) for v in a.get_object()["/Rect"]]
        for a in reader.pages[-1]["/Annots"]
    }
    leader_box = Rect(*rects["ChuKyLanhDao"])
    image = SignatureImage.objects.get()
    img = leader_image_rect(leader_box, load_image(image.image.path).size)
    seal = Rect(*rects["ChuKyCoQuan"])
    assert abs(seal.x2 - (img.x1 + img.width / 3)) <= 1.5
    assert seal.x1 < img.x1  # the seal sits to the left, covering the first third
    assert seal.y1 < (img.y1 + img.y2) / 2 < seal.y2
    assert 100 <= seal.width <= 103  # 36 mm real size


# --- refusals -------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_wrong_pin_signs_nothing_and_writes_nothing(unsigned_pdf, leader, leader_cert, settings):
    before_audit = AuditEntry.objects.count()
    before_files = _media_files(settings.MEDIA_ROOT)
    with pytest.raises(DomainError) as caught:
        services.sign_as_person(unsigned_pdf, user=leader, pin="000000", box=LEADER_BOX)
    assert "PIN" in str(caught.value)
    assert AuditEntry.objects.count() == before_audit
    assert _media_files(settings.MEDIA_ROOT) == before_files
    assert not default_storage.exists("signed.pdf")


@pytest.mark.django_db
def test_expired_certificate_cannot_sign(unsigned_pdf, leader, leader_cert):
    leader_cert.delete()
    past = timezone.now() - datetime.timedelta(days=400)
    expired = issue_demo_certificate(
        user=leader, not_before=past, not_after=timezone.now() - datetime.timedelta(days=1)
    )
    audit = AuditEntry.objects.count()
    with pytest.raises(DomainError, match="hết hạn"):
        services.sign_as_person(unsigned_pdf, user=leader, pin=PIN, box=LEADER_BOX)
    with pytest.raises(DomainError, match="hết hạn"):
        services.sign_as_person(unsigned_pdf, user=leader, pin=PIN, box=LEADER_BOX, certificate=expired)
    assert AuditEntry.objects.count() == audit


@pytest.mark.django_db
def test_revoked_certificate_cannot_sign(unsigned_pdf, leader, leader_cert, make_user):
    admin = make_user(None, is_superuser=True, is_staff=True)
    services.revoke_certificate(leader_cert, reason="Mất thiết bị", actor=admin)
    with pytest.raises(DomainError, match="thu hồi"):
        services.sign_as_person(unsigned_pdf, user=leader, pin=PIN, box=LEADER_BOX)
    assert AuditEntry.objects.filter(action="signing.revoke_certificate").count() == 1
    assert not AuditEntry.objects.filter(action="signing.sign_person").exists()


@pytest.mark.django_db
def test_revoke_needs_a_reason(leader_cert, make_user):
    with pytest.raises(DomainError):
        services.revoke_certificate(leader_cert, reason="  ", actor=None)
    leader_cert.refresh_from_db()
    assert not leader_cert.revoked


@pytest.mark.django_db
def test_revoked_after_signing_is_reported(doubly_signed, leader_cert):
    leader_cert.status, leader_cert.revoked_reason = SigningCertificate.Status.REVOKED, "Lộ khóa"
    leader_cert.revoked_at = timezone.now() - datetime.timedelta(days=1)
    leader_cert.save()  # as if revoked yesterday, after the document was signed
    report = validate_pdf(doubly_signed)
    assert report.signatures[0].revoked_in_portal and not report.signatures[0].ok


@pytest.mark.django_db
def test_organisation_signature_needs_the_leader_signature_first(unsigned_pdf, agency, agency_cert, clerk):
    with pytest.raises(DomainError, match="người có thẩm quyền"):
        services.seal_as_organisation(unsigned_pdf, agency=agency, clerk_user=clerk, pin=PIN)


@pytest.mark.django_db
def test_only_a_clerk_applies_the_organisation_signature(
    unsigned_pdf, leader, leader_cert, agency, agency_cert
):
    signed = services.sign_as_person(unsigned_pdf, user=leader, pin=PIN, box=LEADER_BOX)
    with pytest.raises(NotPermitted):
        services.seal_as_organisation(signed, agency=agency, clerk_user=leader, pin=PIN)


@pytest.mark.django_db
def test_a_person_signs_only_with_their_own_certificate(unsigned_pdf, leader_cert, make_user):
    other = make_user(None)
    with pytest.raises(NotPermitted):
        services.sign_as_person(unsigned_pdf, user=other, pin=PIN, certificate=leader_cert)


@pytest.mark.django_db
def test_not_a_pdf_is_refused(leader, leader_cert):
    with pytest.raises(DomainError, match="PDF"):
        services.sign_as_person(b"hello", user=leader, pin=PIN)


# --- appendix -------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_appendix_signature_top_right_with_notation_and_iso_time(unsigned_pdf, agency, agency_cert, clerk):
    signed = services.seal_appendix(
        unsigned_pdf, agency=agency, clerk_user=clerk, pin=PIN, notation="15/QĐ-UBND"
    )
    report = validate_pdf(signed)
    assert len(report.signatures) == 1 and report.signatures[0].ok
    reader = pypdf.PdfReader(io.BytesIO(signed))
    page = reader.pages[0]
    annot = next(a.get_object() for a in page["/Annots"] if a.get_object()["/T"] == "ChuKyCoQuanPhuLuc")
    _x1, _y1, x2, y2 = (float(v) for v in annot["/Rect"])
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert x2 > width * 0.8 and y2 > height * 0.9  # top right of page 1
    appearance = annot["/AP"]["/N"].get_object()
    assert "/XObject" not in appearance["/Resources"] or not appearance["/Resources"]["/XObject"]  # no image
    stream = appearance.get_data()
    assert b"/F1 10 Tf" in stream  # 10 pt
    assert not re.search(rb"0\.\d+ 0 0 0\.\d+ \S+ \S+ cm", stream)  # not shrunk below 10 pt
    assert b" rg" not in stream or b"0 0 0 rg" in stream  # black
    entry = AuditEntry.objects.get(action="signing.seal_appendix")
    iso = entry.details["signed_at"]
    assert iso.endswith("+07:00") and len(iso) == 25
    text = f"15/QĐ-UBND {iso}"
    assert text.encode("utf-16-be") in stream.replace(b"\\", b"") or _actual_text(stream) == text


def _actual_text(stream: bytes) -> str:
    import re

    parts = re.findall(rb"/ActualText \((.*?)\)\s*>>", stream, re.S)
    decoded = []
    for raw in parts:
        data = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), raw)
        data = re.sub(rb"\\(.)", rb"\1", data)
        decoded.append(data.decode("utf-16"))
    return "".join(decoded)


def test_iso_vn_format():
    moment = datetime.datetime(2026, 3, 5, 7, 30, tzinfo=datetime.UTC)
    assert services.iso_vn(moment) == "2026-03-05T14:30:00+07:00"


# --- tampering ------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_changing_the_case_of_one_hex_digit_in_a_signature_is_detected(doubly_signed):
    """Hex digits read the same in either case, so this edit leaves each signature's bytes as they were;
    only the file changed. It must still not pass as intact."""
    for match in re.finditer(rb"/Contents <([0-9A-Fa-f]+)>", doubly_signed):
        letter = next(i for i in range(match.start(1), match.end(1)) if doubly_signed[i : i + 1] in b"ABCDEF")
        data = bytearray(doubly_signed)
        data[letter] ^= 0x20
        report = validate_pdf(bytes(data))
        assert not report.all_ok
        assert any(not s.intact for s in report.signatures)


@pytest.mark.django_db
def test_single_byte_flip_is_always_detected(doubly_signed):
    size = len(doubly_signed)

    @settings(max_examples=30, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        position=st.integers(min_value=0, max_value=size - 1), mask=st.sampled_from([0x01, 0x20, 0x80, 0xFF])
    )
    def check(position, mask):
        data = bytearray(doubly_signed)
        data[position] ^= mask
        report = validate_pdf(bytes(data))
        assert not report.all_ok
        assert (
            all(not s.ok for s in report.signatures)
            or report.malformed
            or not report.is_pdf
            or any(not s.intact or s.error for s in report.signatures)
        )
        # never reported as two good signatures
        assert not (len(report.signatures) == 2 and all(s.ok for s in report.signatures))

    check()


@pytest.mark.django_db
def test_flip_in_signature_padding_is_detected(doubly_signed):
    # the /Contents of the last signature: hex digits then zero padding, outside the signed byte range
    reader = pypdf.PdfReader(io.BytesIO(doubly_signed))
    last = doubly_signed.rfind(b"/Contents <")
    end = doubly_signed.index(b">", last)
    assert doubly_signed[end - 4 : end] == b"0000"
    data = bytearray(doubly_signed)
    data[end - 2] = ord("1")
    report = validate_pdf(bytes(data))
    assert report.signatures[-1].intact is False or report.signatures[-1].error
    assert not report.all_ok
    assert reader is not None


@pytest.mark.django_db
def test_malformed_and_unsigned_files_are_reported_not_raised(unsigned_pdf):
    assert validate_pdf(b"not a pdf").is_pdf is False
    truncated = validate_pdf(b"%PDF-1.7\n garbage")
    assert truncated.malformed or not truncated.signed
    unsigned = validate_pdf(unsigned_pdf)
    assert not unsigned.signed and "không có chữ ký" in unsigned.summary
