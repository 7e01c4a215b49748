"""Signer backends behind one interface: `backend.open()` is a context manager giving a pyHanko Signer.

* SoftwareKeyBackend: the key is kept on the server as encrypted PKCS#8 and unlocked by the holder's PIN
  for each use (a wrong PIN raises DomainError before anything is written).
* Pkcs11Backend: the key stays on a USB token or HSM, used through pyHanko's PKCS#11 support.
* Remote (client-side) signing is a two-step protocol, not a Signer: see services.prepare_remote_signature
  and services.finish_remote_signature (pyHanko interrupted signing).
"""

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Iterator

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from egov.errors import DomainError

from . import pki
from .models import SigningCertificate


def asn1_cert(cert) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def certificate_chain(record: SigningCertificate):
    """(signing certificate, other certificates of its chain) as asn1crypto objects."""
    signing = pki.load_pem_certs(record.certificate_pem)[0]
    chain = pki.load_pem_certs(record.chain_pem)
    return asn1_cert(signing), [asn1_cert(c) for c in chain]


class SignerBackend(ABC):
    """Where the private key lives. Subclasses open a pyHanko Signer for one signing operation."""

    def __init__(self, record: SigningCertificate):
        self.record = record

    @abstractmethod
    def open(self) -> contextlib.AbstractContextManager[signers.Signer]: ...


class SoftwareKeyBackend(SignerBackend):
    def __init__(self, record: SigningCertificate, pin: str):
        super().__init__(record)
        if not record.encrypted_key:
            raise DomainError("Chứng thư này không có khóa lưu trên máy chủ.")
        # Decrypt now, so a wrong PIN fails before any work (and before anything is written).
        self._key = pki.decrypt_key(record.encrypted_key, pin)

    @contextlib.contextmanager
    def open(self) -> Iterator[signers.Signer]:
        cert, chain = certificate_chain(self.record)
        der = self._key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        yield signers.SimpleSigner(
            signing_cert=cert,
            signing_key=asn1_keys.PrivateKeyInfo.load(der),
            cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),
        )


class Pkcs11Backend(SignerBackend):
    """A key on a PKCS#11 token (USB token, HSM, SoftHSM in tests). The certificate comes from our record;
    the token only has to hold the key, found by its label."""

    def __init__(self, record: SigningCertificate, pin: str):
        super().__init__(record)
        if not (record.pkcs11_module and record.pkcs11_key_label):
            raise DomainError("Chứng thư này chưa khai báo thiết bị ký số (PKCS#11).")
        self.pin = pin

    @contextlib.contextmanager
    def open(self) -> Iterator[signers.Signer]:
        from pkcs11 import exceptions as p11_errors
        from pyhanko.sign import pkcs11 as p11

        cert, chain = certificate_chain(self.record)
        try:
            session = p11.open_pkcs11_session(
                self.record.pkcs11_module,
                token_criteria=p11.TokenCriteria(label=self.record.pkcs11_token_label or None),
                user_pin=self.pin,
            )
        except p11_errors.PinIncorrect as error:
            raise DomainError("Mã PIN của thiết bị ký số không đúng.", code="wrong_pin") from error
        except (p11_errors.PKCS11Error, OSError, RuntimeError) as error:
            raise DomainError(f"Không mở được thiết bị ký số: {type(error).__name__}.") from error
        try:
            yield p11.PKCS11Signer(
                session,
                signing_cert=cert,
                key_label=self.record.pkcs11_key_label,
                other_certs_to_pull=(),
                bulk_fetch=False,
                ca_chain=chain,
                # SoftHSM and many tokens lack CKM_ECDSA_SHA256: hash in software, sign with raw CKM_ECDSA.
                use_raw_mechanism=cert.public_key.algorithm == "ec",
            )
        finally:
            session.close()


def backend_for(record: SigningCertificate, *, pin: str) -> SignerBackend:
    if record.backend == SigningCertificate.Backend.SOFTWARE:
        return SoftwareKeyBackend(record, pin)
    if record.backend == SigningCertificate.Backend.PKCS11:
        return Pkcs11Backend(record, pin)
    raise DomainError(
        "Chứng thư này dùng hình thức ký từ xa: hãy dùng chức năng chuẩn bị và hoàn tất ký từ xa."
    )
