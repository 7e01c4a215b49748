"""The demo PKI: a demo root CA (kept under var/signing-demo), a certificate per agency and per leader and
clerk (ECDSA P-256, key encrypted under the demo PIN), and drawn signature and seal images. Demo only:
refused with DEBUG off. Idempotent."""

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from egov.errors import DomainError

from . import images, pki
from .certificates import store_certificate
from .models import SealImage, SignatureImage, SigningCertificate

DEMO_PIN = "123456"
ROOT_KEY_PASSWORD = b"demo-root-ca"


def _root_key_path():
    return pki.demo_dir() / "demo-root-ca.key"


def demo_root(*, create: bool = True):
    """(key, certificate) of the demo root CA, created on first use."""
    cert_path, key_path = pki.demo_root_path(), _root_key_path()
    if cert_path.exists() and key_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=ROOT_KEY_PASSWORD)
        return key, x509.load_pem_x509_certificate(cert_path.read_bytes())
    if not create:
        raise FileNotFoundError(cert_path)
    key, cert = pki.make_root_ca()
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(ROOT_KEY_PASSWORD),
        )
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def _ensure_allowed():
    if not settings.DEBUG and not settings.SIGNING_DEMO_MODE:
        raise DomainError("Chỉ tạo chứng thư thử nghiệm khi DEBUG bật (không bao giờ trên hệ thống thật).")


def issue_demo_certificate(
    *,
    user=None,
    agency=None,
    position: str = "",
    organisation: str = "",
    not_before=None,
    not_after=None,
    pin: str = DEMO_PIN,
) -> SigningCertificate:
    """Issue and store a demo certificate for a person or an agency, signed by the demo root."""
    _ensure_allowed()
    ca_key, ca_cert = demo_root()
    name = user.get_full_name() if user is not None else agency.name
    org = organisation or (agency.name if agency is not None else "")
    key, cert = pki.issue_certificate(
        ca_key, ca_cert, name, organisation=org, title=position, not_before=not_before, not_after=not_after
    )
    return store_certificate(
        cert, [ca_cert], key, pin=pin, actor=None, user=user, agency=agency, position=position, is_demo=True
    )


def _position_of(user) -> tuple[str, object]:
    try:
        from egov.directory.models import StaffAssignment

        assignment = StaffAssignment.objects.current().filter(user=user).select_related("position", "agency")
        found = assignment.order_by("-is_primary").first()
        if found is not None:
            return found.position.name, found.agency
    except Exception:  # noqa: S110 - the directory may not be seeded yet
        pass
    return "", None


def ensure_demo_pki(stdout=None) -> dict:
    """Create what is missing: root CA, certificates, images. Returns counts of what was created."""
    from django.contrib.auth import get_user_model

    from egov.accounts.roles import Role
    from egov.directory.models import Agency

    _ensure_allowed()
    created = {"certificates": 0, "signature_images": 0, "seal_images": 0}
    demo_root()
    now = datetime.datetime.now(datetime.UTC)
    with transaction.atomic():
        for agency in Agency.objects.filter(is_active=True):
            if not SigningCertificate.objects.filter(agency=agency).usable(now).exists():
                issue_demo_certificate(agency=agency)
                created["certificates"] += 1
            if not SealImage.objects.filter(agency=agency).exists():
                seal = SealImage(agency=agency)
                seal.image.save(
                    f"con-dau-{agency.pk}.png",
                    ContentFile(images.seal_png(agency.name, agency.place_name)),
                    save=False,
                )
                seal.save()
                created["seal_images"] += 1
        users = (
            get_user_model().objects.filter(groups__name__in=[Role.LEADER.value, Role.CLERK.value]).distinct()
        )
        for user in users:
            position, agency = _position_of(user)
            if not position:
                position = "Lãnh đạo" if user.has_role(Role.LEADER) else "Văn thư"
            if not SigningCertificate.objects.filter(user=user).usable(now).exists():
                issue_demo_certificate(
                    user=user, position=position, organisation=agency.name if agency else settings.SITE_NAME
                )
                created["certificates"] += 1
            if not SignatureImage.objects.filter(user=user).exists():
                image = SignatureImage(user=user)
                image.image.save(
                    f"chu-ky-{user.pk}.png",
                    ContentFile(images.signature_png(user.get_full_name())),
                    save=False,
                )
                image.save()
                created["signature_images"] += 1
    if stdout is not None:
        stdout.write(
            f"  signing: demo root CA {pki.demo_root_path()}; {created['certificates']} certificates, "
            f"{created['signature_images']} signature images, {created['seal_images']} seal images created "
            f"(demo PIN {DEMO_PIN})"
        )
    return created
