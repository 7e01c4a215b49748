"""Trust anchors come from certificate files (PEM or DER, files or folders) named by SIGNING_TRUST_ROOTS,
the setting (its environment variable, comma-separated); a bad file is skipped, never a crash."""

import pytest
from cryptography.hazmat.primitives import serialization

from egov.signing import appearance, pki
from egov.signing.demo_pki import demo_root
from egov.signing.validation import validate_pdf


@pytest.fixture
def production(settings):
    settings.DEBUG = False  # the demo root is no longer trusted implicitly
    settings.SIGNING_DEMO_MODE = False
    return settings


@pytest.mark.django_db
def test_without_anchors_nothing_is_trusted_in_production(doubly_signed, production):
    production.SIGNING_TRUST_ROOTS = []
    assert pki.trust_roots() == []
    report = validate_pdf(doubly_signed)
    assert all(s.intact and not s.trusted for s in report.signatures) and not report.all_ok


@pytest.mark.django_db
def test_der_root_in_a_folder_named_by_the_setting(doubly_signed, production, tmp_path):
    folder = tmp_path / "anchors"
    folder.mkdir()
    (folder / "demo-root.cer").write_bytes(demo_root()[1].public_bytes(serialization.Encoding.DER))
    (folder / "broken.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----")
    (folder / "garbage.der").write_bytes(b"\x00\x01garbage")
    (folder / "readme.txt").write_text("ignored")
    production.SIGNING_TRUST_ROOTS = [str(folder), f" {tmp_path / 'missing.pem'}"]
    assert pki.trust_roots() == [demo_root()[1]]
    assert validate_pdf(doubly_signed).all_ok


@pytest.mark.django_db
def test_pem_file_named_by_the_setting(doubly_signed, production, tmp_path):
    bundle = tmp_path / "roots.pem"
    stranger = pki.make_root_ca("CA khác")[1]
    bundle.write_bytes(pki.to_pem([stranger, demo_root()[1]]).encode())
    production.SIGNING_TRUST_ROOTS = [bundle]
    assert len(pki.trust_roots()) == 2
    assert validate_pdf(doubly_signed).all_ok
    bundle.write_bytes(b"not a certificate at all")  # replaced by a bad file: re-read, skipped, no crash
    assert pki.trust_roots() == []
    report = validate_pdf(doubly_signed)
    assert report.signed and not report.all_ok and not report.any_tampered


def test_seal_field_is_the_seal_wide_with_its_right_edge_on_the_one_third_line():
    image = appearance.Rect(400, 500, 550, 580)
    field = appearance.seal_rect(image, 102, 20)
    assert field.x2 == round(image.x1 + image.width / 3) and field.width == 102 and field.height == 122
    assert (field.y2 + field.y1 + 20) / 2 == (image.y1 + image.y2) / 2  # the seal centred on the image
