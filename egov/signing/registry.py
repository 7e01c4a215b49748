"""Documents registered for public verification: an issued PDF known by its SHA-256, and the link its QR
code points to."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from egov.audit.services import record

from . import pki
from .models import RegisteredDocument, _new_token


def register_issued_pdf(
    pdf_bytes: bytes,
    *,
    title: str,
    notation: str = "",
    agency=None,
    issued_at: datetime.datetime | None = None,
    verify_token: str | None = None,
) -> RegisteredDocument:
    """Record an issued PDF by its SHA-256 so the public page can recognise copies of it. Idempotent for
    the same bytes. The QR code printed on a document is drawn before it is signed, so the caller may
    choose the token then (new_verify_token) and pass it here once the final bytes exist."""
    digest = pki.sha256_hex(pdf_bytes)
    defaults = {
        "title": title[:500],
        "notation": notation[:100],
        "agency": agency,
        "issued_at": issued_at or timezone.now(),
    }
    if verify_token:
        defaults["verify_token"] = verify_token
    registered, created = RegisteredDocument.objects.get_or_create(sha256=digest, defaults=defaults)
    if created:
        record(None, "signing.register_document", registered, sha256=digest, notation=notation)
    return registered


def new_verify_token() -> str:
    return _new_token()


def verification_url(registered: RegisteredDocument | str, request=None) -> str:
    """The public verification link of a registered document (or of a token chosen for one)."""
    token = registered if isinstance(registered, str) else registered.verify_token
    path = reverse("signing:verify-token", args=[token])
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"
