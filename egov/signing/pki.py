"""X.509 plumbing with `cryptography`: read certificates and PKCS#12 files, encrypt private keys at rest,
build the demo CA. No signature code here: signing and validation are pyHanko's."""

import datetime
import hashlib
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

from egov.errors import DomainError

PEM = serialization.Encoding.PEM
log = logging.getLogger(__name__)


@dataclass
class CertificateFacts:
    subject_name: str
    issuer_name: str
    serial_number: str
    fingerprint: str
    key_type: str
    not_before: datetime.datetime
    not_after: datetime.datetime


def _common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def key_type(public_key) -> str:
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return f"ECDSA {public_key.curve.name}"
    if isinstance(public_key, rsa.RSAPublicKey):
        return f"RSA-{public_key.key_size}"
    return type(public_key).__name__


def facts(cert: x509.Certificate) -> CertificateFacts:
    return CertificateFacts(
        subject_name=_common_name(cert.subject)[:300],
        issuer_name=_common_name(cert.issuer)[:300],
        serial_number=format(cert.serial_number, "x")[:80],
        fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
        key_type=key_type(cert.public_key()),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )


def to_pem(certs) -> str:
    return "".join(c.public_bytes(PEM).decode() for c in certs)


def load_pem_certs(text: str | bytes) -> list[x509.Certificate]:
    data = text.encode() if isinstance(text, str) else text
    if not data.strip():
        return []
    return x509.load_pem_x509_certificates(data)


# --- private keys at rest -----------------------------------------------------------------------------
def encrypt_key(private_key, pin: str) -> bytes:
    """PKCS#8, encrypted with the best algorithm cryptography offers, under the holder's PIN."""
    if not pin:
        raise DomainError("Mã PIN không được để trống.")
    return private_key.private_bytes(
        PEM, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(pin.encode())
    )


def decrypt_key(encrypted: bytes, pin: str):
    """The private key, or DomainError when the PIN is wrong (nothing else is revealed)."""
    try:
        return serialization.load_pem_private_key(bytes(encrypted), password=(pin or "").encode() or None)
    except (ValueError, TypeError) as error:
        raise DomainError("Mã PIN không đúng.", code="wrong_pin") from error


# --- PKCS#12 --------------------------------------------------------------------------------------------
@dataclass
class Pkcs12Content:
    key: object
    certificate: x509.Certificate
    chain: list[x509.Certificate]


def read_pkcs12(data: bytes, password: str) -> Pkcs12Content:
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, (password or "").encode() or None)
    except ValueError as error:
        raise DomainError("Không đọc được tệp PKCS#12: sai mật khẩu hoặc tệp hỏng.") from error
    if key is None or cert is None:
        raise DomainError("Tệp PKCS#12 phải chứa cả khóa bí mật và chứng thư.")
    if cert.public_key().public_numbers() != key.public_key().public_numbers():
        raise DomainError("Khóa bí mật không khớp với chứng thư trong tệp PKCS#12.")
    return Pkcs12Content(key=key, certificate=cert, chain=list(extra or []))


# --- trust anchors --------------------------------------------------------------------------------------
def demo_dir() -> Path:
    return Path(settings.SIGNING_DEMO_DIR)


def demo_root_path() -> Path:
    return demo_dir() / "demo-root-ca.pem"


def demo_mode() -> bool:
    return bool(settings.DEBUG or settings.SIGNING_DEMO_MODE)


CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der", ".cert"}


def load_certificate_file(path: Path) -> list[x509.Certificate]:
    """The certificates in one file, PEM (one or several) or DER (one, as CAs publish their roots)."""
    data = path.read_bytes()
    if b"-----BEGIN CERTIFICATE-----" in data:
        return load_pem_certs(data)
    return [x509.load_der_x509_certificate(data)]


@lru_cache(maxsize=16)
def _read_roots(paths: tuple[str, ...], stamps: tuple) -> tuple[x509.Certificate, ...]:
    roots, seen = [], set()
    for path in paths:
        try:
            certs = load_certificate_file(Path(path))
        except (OSError, ValueError) as error:
            log.error("signing: trust anchor %s is not a readable certificate (%s); skipped", path, error)
            continue
        for cert in certs:
            fingerprint = cert.fingerprint(hashes.SHA256())
            if fingerprint not in seen:
                seen.add(fingerprint)
                roots.append(cert)
    return tuple(roots)


def configured_trust_sources() -> list[str]:
    """SIGNING_TRUST_ROOTS (the environment variable, comma-separated). Each entry is a certificate file
    (PEM or DER) or a directory whose .pem/.crt/.cer/.der files are all anchors (e.g. the government
    specialised CA's root and the public CAs' roots as published)."""
    return [str(p).strip() for p in settings.SIGNING_TRUST_ROOTS if str(p).strip()]


def trust_root_paths() -> list[str]:
    paths = []
    for source in configured_trust_sources():
        source_path = Path(source)
        if source_path.is_dir():
            paths.extend(
                str(p)
                for p in sorted(source_path.iterdir())
                if p.is_file() and p.suffix.lower() in CERT_SUFFIXES
            )
        elif source_path.is_file():
            paths.append(str(source_path))
        else:
            log.error("signing: trust anchor %s does not exist; skipped", source)
    if demo_mode() and demo_root_path().exists():
        paths.append(str(demo_root_path()))
    return paths


def trust_roots() -> list[x509.Certificate]:
    """The configured trust anchors plus the demo root in DEBUG/demo mode. Re-read when a file changes
    (the cache key includes each file's mtime and size); an unreadable file is logged and skipped, so a
    bad anchor never breaks validation."""
    paths, stamps = [], []
    for path in trust_root_paths():
        try:
            stat = Path(path).stat()
        except OSError:
            continue
        paths.append(path)
        stamps.append((stat.st_mtime_ns, stat.st_size))
    return list(_read_roots(tuple(paths), tuple(stamps)))


# --- demo CA --------------------------------------------------------------------------------------------
def _name(common_name: str, organisation: str = "", title: str = "") -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]))
    if title:
        attrs.append(x509.NameAttribute(NameOID.TITLE, title[:64]))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]))
    return x509.Name(attrs)


def new_key():
    """Demo keys are ECDSA P-256: about 4x faster to sign with than RSA-2048 (stack-facts §3.6)."""
    return ec.generate_private_key(ec.SECP256R1())


def make_root_ca(common_name: str = "CA thử nghiệm Cổng dịch vụ công (DEMO)", *, years: int = 10):
    key = new_key()
    now = datetime.datetime.now(datetime.UTC)
    name = _name(common_name, "Cổng dịch vụ công - thử nghiệm")
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def issue_certificate(
    ca_key,
    ca_cert,
    common_name: str,
    *,
    organisation: str = "",
    title: str = "",
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
    key=None,
):
    """A signing certificate (digitalSignature + nonRepudiation) under the given CA."""
    key = key or new_key()
    now = datetime.datetime.now(datetime.UTC)
    not_before = not_before or now - datetime.timedelta(days=1)
    not_after = not_after or now + datetime.timedelta(days=3 * 365)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation, title))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
