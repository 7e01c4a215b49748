import os
import subprocess

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from egov.audit.models import AuditEntry
from egov.errors import DomainError
from egov.signing import certificates, pki, services
from egov.signing.demo_pki import demo_root
from egov.signing.models import PendingSignature, SigningCertificate
from egov.signing.validation import validate_pdf

from .conftest import LEADER_BOX, PIN

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


def test_key_encrypted_at_rest_and_pin_checked():
    key = pki.new_key()
    blob = pki.encrypt_key(key, "123456")
    assert b"ENCRYPTED PRIVATE KEY" in blob
    assert pki.decrypt_key(blob, "123456").private_numbers() == key.private_numbers()
    with pytest.raises(DomainError, match="PIN"):
        pki.decrypt_key(blob, "654321")
    with pytest.raises(DomainError):
        pki.encrypt_key(key, "")


@pytest.mark.django_db
def test_pkcs12_import(leader, make_user):
    from cryptography.hazmat.primitives.serialization import pkcs12

    ca_key, ca_cert = demo_root()
    key, cert = pki.issue_certificate(ca_key, ca_cert, "Hoàng Văn Đức", title="Chủ tịch")
    p12 = pkcs12.serialize_key_and_certificates(
        b"duc", key, cert, [ca_cert], serialization.BestAvailableEncryption(b"matkhau")
    )
    admin = make_user(None, is_superuser=True)
    with pytest.raises(DomainError, match="PKCS#12"):
        services.import_pkcs12(p12, "sai", pin="123456", actor=admin, user=leader)
    stored = services.import_pkcs12(
        p12, "matkhau", pin="123456", actor=admin, user=leader, position="Chủ tịch"
    )
    assert stored.subject_name == "Hoàng Văn Đức" and stored.key_type == "ECDSA secp256r1"
    assert pki.load_pem_certs(stored.chain_pem)[0] == ca_cert
    assert b"ENCRYPTED" in bytes(stored.encrypted_key)
    with pytest.raises(DomainError, match="đã được nhập"):
        services.import_pkcs12(p12, "matkhau", pin="123456", actor=admin, user=leader)
    assert AuditEntry.objects.filter(action="signing.import_certificate", target_id=str(stored.pk)).exists()


# --- remote (client-side) signing: the test plays the external signer ------------------------------------
@pytest.mark.django_db
def test_remote_signing_end_to_end(unsigned_pdf, leader, leader_cert, agency, agency_cert, clerk):
    # the "client" holds the private key; the server only has the certificate
    leader_key = pki.decrypt_key(leader_cert.encrypted_key, PIN)
    leader_cert.encrypted_key = None
    leader_cert.backend = SigningCertificate.Backend.REMOTE
    leader_cert.save()
    with pytest.raises(DomainError, match="từ xa"):
        services.sign_as_person(unsigned_pdf, user=leader, pin=PIN, box=LEADER_BOX)

    pending = services.prepare_remote_signature(unsigned_pdf, user=leader, box=LEADER_BOX)
    to_sign = bytes(pending.signed_attrs)
    signature = leader_key.sign(to_sign, ec.ECDSA(hashes.SHA256()))  # done by the external signer
    signed = services.finish_remote_signature(pending, user=leader, signature=signature)
    report = validate_pdf(signed)
    assert len(report.signatures) == 1 and report.signatures[0].ok, report.signatures[0]
    assert report.signatures[0].signer_name == "Hoàng Văn Đức"
    with pytest.raises(DomainError, match="hoàn tất"):
        services.finish_remote_signature(pending, user=leader, signature=signature)

    # then the clerk seals it with the server-held organisation key
    sealed = services.seal_as_organisation(signed, agency=agency, clerk_user=clerk, pin=PIN)
    assert validate_pdf(sealed).all_ok
    assert AuditEntry.objects.filter(action="signing.remote_finish_person").count() == 1


@pytest.mark.django_db
def test_remote_signing_refuses_a_wrong_signature(unsigned_pdf, leader, leader_cert):
    pending = services.prepare_remote_signature(unsigned_pdf, user=leader, box=LEADER_BOX)
    stranger = ec.generate_private_key(ec.SECP256R1())
    bad = stranger.sign(bytes(pending.signed_attrs), ec.ECDSA(hashes.SHA256()))
    with pytest.raises(DomainError):
        services.finish_remote_signature(pending, user=leader, signature=bad)
    pending.refresh_from_db()
    assert pending.completed_at is None
    assert not AuditEntry.objects.filter(action__startswith="signing.remote_finish").exists()


@pytest.mark.django_db
def test_remote_signing_with_a_cms_from_the_client(unsigned_pdf, leader, leader_cert):
    """The external signer may return a whole CMS: here built with pyHanko's ExternalSigner on the client."""
    import asyncio

    from asn1crypto import cms
    from pyhanko.sign import signers

    from egov.signing.backends import certificate_chain

    key = pki.decrypt_key(leader_cert.encrypted_key, PIN)
    pending = services.prepare_remote_signature(unsigned_pdf, user=leader, box=LEADER_BOX)
    attrs = cms.CMSAttributes.load(bytes(pending.signed_attrs))
    raw = key.sign(bytes(pending.signed_attrs), ec.ECDSA(hashes.SHA256()))
    cert, _chain = certificate_chain(leader_cert)
    client = signers.ExternalSigner(cert, None, signature_value=raw)
    cms_obj = asyncio.run(client.async_sign_prescribed_attributes("sha256", signed_attrs=attrs))
    signed = services.finish_remote_signature(pending, user=leader, cms_der=cms_obj.dump())
    assert validate_pdf(signed).signatures[0].ok
    assert PendingSignature.objects.get(pk=pending.pk).completed_at is not None


# --- PKCS#11 (SoftHSM) ----------------------------------------------------------------------------------
@pytest.fixture
def softhsm_token(tmp_path, monkeypatch):
    tokens = tmp_path / "tokens"
    tokens.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            "egov-test",
            "--pin",
            "246810",
            "--so-pin",
            "13579",
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "SOFTHSM2_CONF": str(conf)},
    )
    return conf


@pytest.mark.django_db
def test_pkcs11_token_signs(unsigned_pdf, leader, softhsm_token, tmp_path):
    ca_key, ca_cert = demo_root()
    key, cert = pki.issue_certificate(ca_key, ca_cert, "Hoàng Văn Đức", title="Chủ tịch")
    key_file = tmp_path / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    subprocess.run(
        [
            "softhsm2-util",
            "--import",
            str(key_file),
            "--token",
            "egov-test",
            "--label",
            "leader-key",
            "--id",
            "01",
            "--pin",
            "246810",
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "SOFTHSM2_CONF": str(softhsm_token)},
    )
    key_file.unlink()
    record = certificates.store_certificate(
        cert,
        [ca_cert],
        None,
        pin=None,
        actor=None,
        user=leader,
        position="Chủ tịch",
        backend=SigningCertificate.Backend.PKCS11,
        pkcs11_module=SOFTHSM_MODULE,
        pkcs11_token_label="egov-test",
        pkcs11_key_label="leader-key",
    )
    with pytest.raises(DomainError, match="PIN"):
        services.sign_as_person(unsigned_pdf, user=leader, pin="000000", box=LEADER_BOX, certificate=record)
    signed = services.sign_as_person(
        unsigned_pdf, user=leader, pin="246810", box=LEADER_BOX, certificate=record
    )
    report = validate_pdf(signed)
    assert report.signatures[0].ok and report.signatures[0].signer_name == "Hoàng Văn Đức"
