"""What every documents service shares: the timeline event, uploads, search text, hidden subjects."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from egov import files
from egov.errors import DomainError
from egov.search import vector
from egov.text import fold

from ..models import Event, IncomingDocument
from ..queries import incoming_visible_to

PDF_MAGIC = b"%PDF-"


DOCX_MAGIC = b"PK\x03\x04"


def local_today() -> datetime.date:
    return timezone.localdate()


def log_event(
    actor, label: str, action: str, *, incoming=None, outgoing=None, task=None, comment: str = ""
) -> Event:
    return Event.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        label=label[:300],
        comment=comment,
        incoming=incoming,
        outgoing=outgoing,
        task=task,
    )


def read_upload(upload, *, allow_docx: bool = False) -> bytes:
    """The bytes of an uploaded PDF that parses (or .docx when allowed), checked by egov.files."""
    try:
        return files.check_upload(upload, (files.PDF, files.DOCX) if allow_docx else (files.PDF,)).data
    except ValidationError as error:
        raise DomainError(error.messages[0]) from error


def reindex(document) -> None:
    """Refresh the accent-free search text (and the PostgreSQL vector) of an incoming or outgoing document."""
    parts = [document.subject, document.notation, getattr(document, "code", ""), document.extracted_text]
    if isinstance(document, IncomingDocument):
        parts += [document.issuing_organ, document.signer_name, str(document.arrival_number or "")]
    else:
        parts += [document.agency.name, document.body]
    text = fold(" ".join(p for p in parts if p))
    type(document).objects.filter(pk=document.pk).update(search_text=text)
    document.search_text = text
    if transaction.get_connection().vendor == "postgresql":
        type(document).objects.filter(pk=document.pk).update(search_vector=vector(text))


HIDDEN_SUBJECT = "Văn bản mật"


def shown_subject(document) -> str:
    """The subject as it may leave the portal (notifications, mail, SMS): never a secret document's."""
    return HIDDEN_SUBJECT if document.is_secret else document.subject


def task_title(task) -> str:
    """A task's title is its document's subject: hidden the same way for a secret document."""
    documents = (getattr(task, "incoming", None), getattr(task, "outgoing", None))
    return HIDDEN_SUBJECT if any(d is not None and d.is_secret for d in documents) else task.title


def document_url(document) -> str:
    if isinstance(document, IncomingDocument):
        return reverse("documents:incoming-detail", args=[document.pk])
    return reverse("documents:outgoing-detail", args=[document.pk])


def may_see_secret(user, document: IncomingDocument) -> bool:
    return incoming_visible_to(user).filter(pk=document.pk).exists()


OUTSIDE_PORTAL_REFUSAL = (
    "Văn bản mật không được gửi điện tử ra ngoài hệ thống; "
    "chỉ gửi cho cơ quan trong hệ thống hoặc gửi bản giấy."
)
