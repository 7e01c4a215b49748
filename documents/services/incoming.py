"""Văn bản đến: arrival of electronic documents, registration (vào sổ) and return (Điều 21–22)."""

import os

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from egov.audit.services import record
from egov.directory.models import Agency
from egov.errors import DomainError, NotPermitted
from egov.numbering.services import next_number
from egov.text import fold

from .. import access
from ..models import Channel, DocType, IncomingDocument, IncomingStatus, Urgency
from ..text import extract_pdf_text
from ..workflow import INCOMING
from .common import PDF_MAGIC, document_url, local_today, log_event, read_upload, reindex, shown_subject
from .notifications import notify, notify_clerks


def find_duplicates(agency, *, number: str, notation: str, issuing_organ: str, year: int, exclude_pk=None):
    """Documents already registered this year with the same số, ký hiệu and issuing organ (Phụ lục VI)."""
    if not (number or notation):
        return IncomingDocument.objects.none()
    found = IncomingDocument.objects.filter(
        agency=agency,
        arrival_year=year,
        number__iexact=(number or "").strip(),
        notation__iexact=(notation or "").strip(),
    ).exclude(status__in=[IncomingStatus.RECALLED, IncomingStatus.ARRIVED, IncomingStatus.RETURNED])
    found = [d for d in found if fold(d.issuing_organ) == fold(issuing_organ)]
    return [d for d in found if d.pk != exclude_pk]


def _check_register_rights(actor, agency):
    if not (actor.is_superuser or access.is_clerk_of(actor, agency.pk)):
        raise NotPermitted("Chỉ văn thư của cơ quan mới được vào sổ văn bản đến.")


def allocate_incoming(agency, year: int, **fields) -> IncomingDocument:
    number = next_number(f"documents.incoming:{agency.pk}", year)
    return IncomingDocument.objects.create(agency=agency, arrival_year=year, arrival_number=number, **fields)


INCOMING_FIELDS = (
    "doc_type",
    "number",
    "notation",
    "issued_date",
    "issuing_organ",
    "subject",
    "signer_name",
    "signer_position",
    "urgency",
    "secrecy",
    "due_date",
    "pages",
    "attachments_note",
    "description",
    "channel",
)


def _incoming_fields(data: dict) -> dict:
    """The Phụ lục VI metadata of an incoming document (paper or electronic), required ones checked."""
    fields = {k: data[k] for k in INCOMING_FIELDS if k in data and data[k] is not None}
    for required in ("doc_type", "issued_date", "issuing_organ", "subject"):
        if not fields.get(required):
            raise DomainError(
                "Thiếu thông tin bắt buộc: loại văn bản, ngày văn bản, cơ quan ban hành, trích yếu."
            )
    if fields["doc_type"] not in DocType.values:
        raise DomainError("Loại văn bản không hợp lệ.")
    return fields


def register_incoming(
    actor, agency, data: dict, *, upload=None, confirm_duplicate: bool = False, presented_to=None
):
    """Vào sổ văn bản đến: the next arrival number of the agency's year, shared by paper and electronic
    documents. A probable duplicate is refused unless the clerk confirms it."""
    _check_register_rights(actor, agency)
    fields = _incoming_fields(data)
    if fields["issued_date"] > local_today():
        raise DomainError("Ngày văn bản không được sau ngày hôm nay.")
    fields["number"] = (fields.get("number") or "").strip()
    fields["notation"] = (fields.get("notation") or "").strip()
    payload = read_upload(upload) if upload is not None else None
    if presented_to is not None and not access.is_leader_of(presented_to, agency.pk):
        raise DomainError("Chỉ trình được lãnh đạo của cơ quan.")
    now = timezone.now()
    year = timezone.localtime(now).year
    extracted = extract_pdf_text(payload) if payload is not None else ""  # before any lock
    with transaction.atomic():
        _lock_register(agency)
        duplicates = _check_duplicates(
            agency,
            year,
            fields["number"],
            fields["notation"],
            fields["issuing_organ"],
            confirmed=confirm_duplicate,
        )
        document = allocate_incoming(
            agency,
            year,
            arrived_at=now,
            status=IncomingStatus.REGISTERED,
            registered_by=actor,
            presented_to=presented_to,
            **fields,
        )
        if payload is not None:
            document.extracted_text = extracted
            document.file.save(
                os.path.basename(upload.name) or "van-ban.pdf", ContentFile(payload), save=False
            )
            document.save(update_fields=["file", "extracted_text"])
        reindex(document)
        label = f"Vào sổ văn bản đến, số đến {document.arrival_number}"
        if duplicates:
            label += " (đã xác nhận không trùng)"
        log_event(actor, label, "register", incoming=document)
        record(
            actor,
            "documents.register_incoming",
            document,
            arrival_number=document.arrival_number,
            duplicate_confirmed=bool(duplicates),
        )
        notify_arrival(document)
    return document


def notify_arrival(document: IncomingDocument) -> None:
    """Urgent documents are presented at once (Điều 24): to the chosen leader, else all leaders."""
    if document.urgency == Urgency.NORMAL and document.presented_to is None:
        return
    from egov.directory.queries import agency_leaders

    people = [document.presented_to] if document.presented_to else list(agency_leaders(document.agency))
    if document.is_secret:
        people = [p for p in people if p == document.presented_to]
    for person in people:
        notify(
            person,
            f"incoming:{document.pk}:arrived",
            f"[{document.get_urgency_display()}] Văn bản đến số {document.arrival_number}: "
            f"{shown_subject(document)}",
            document_url(document),
            urgent=document.urgency > Urgency.NORMAL,
        )


def receive_electronic(
    agency, data: dict, payload: bytes | None = None, *, filename: str = ""
) -> IncomingDocument:
    """Đã đến (edXML 01): an electronic document has arrived from outside the portal (the exchange worker
    calls this) and waits for the clerk to check it (Điều 21.2), then register it (03) or return it (02).
    It has no arrival number until it is registered, so refused documents leave no gap in the register."""
    fields = _incoming_fields(data)
    if payload is not None and not payload.startswith(PDF_MAGIC):
        raise DomainError("Tệp phải là PDF.")
    fields["channel"] = Channel.ELECTRONIC
    now = timezone.now()
    with transaction.atomic():
        document = IncomingDocument.objects.create(
            agency=agency,
            arrival_year=timezone.localtime(now).year,
            arrival_number=None,
            arrived_at=now,
            status=IncomingStatus.ARRIVED,
            **fields,
        )
        if payload is not None:
            document.extracted_text = extract_pdf_text(payload)
            document.file.save(filename or "van-ban.pdf", ContentFile(payload), save=False)
            document.save(update_fields=["file", "extracted_text"])
        reindex(document)
        log_event(None, f"Văn bản điện tử đến từ {document.issuing_organ}", "arrived", incoming=document)
        record(None, "documents.receive_electronic", document)
        notify_clerks(
            agency,
            document,
            "arrived-electronic",
            f"Văn bản điện tử đến chờ vào sổ: {shown_subject(document)}",
        )
    return document


def _lock_register(agency) -> None:
    """Registrations of one agency check for duplicates one at a time: the agency's row is locked
    before the check and before the number (they would queue on the arrival counter anyway), so of two
    simultaneous registrations of the same document the second sees the first and takes no number."""
    list(Agency.objects.select_for_update().filter(pk=agency.pk).values_list("pk", flat=True))


def _check_duplicates(agency, year, number, notation, issuing_organ, *, confirmed, exclude_pk=None):
    """Phụ lục VI: warn the clerk of a probable duplicate (same number, notation and issuing organ in the
    year) unless they confirmed it is another document; returns the probable duplicates."""
    duplicates = find_duplicates(
        agency,
        number=number,
        notation=notation,
        issuing_organ=issuing_organ,
        year=year,
        exclude_pk=exclude_pk,
    )
    if duplicates and not confirmed:
        first = duplicates[0]
        raise DomainError(
            f"Có thể trùng văn bản đã vào sổ: số đến {first.arrival_number} "
            f"({first.code}, {first.issuing_organ}). "
            "Kiểm tra lại, hoặc đánh dấu “Xác nhận vẫn vào sổ” nếu đây là văn bản khác.",
            code="duplicate",
        )
    return duplicates


def register_arrived(
    actor, document: IncomingDocument, *, confirm_duplicate: bool = False, presented_to=None
) -> IncomingDocument:
    """Vào sổ an arrived electronic document: the next arrival number of the year (shared with paper)."""
    _check_register_rights(actor, document.agency)
    if presented_to is not None and not access.is_leader_of(presented_to, document.agency_id):
        raise DomainError("Chỉ trình được lãnh đạo của cơ quan.")
    now = timezone.now()
    year = timezone.localtime(now).year
    with transaction.atomic():
        _lock_register(document.agency)
        document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
        _check_duplicates(
            document.agency,
            year,
            document.number,
            document.notation,
            document.issuing_organ,
            confirmed=confirm_duplicate,
            exclude_pk=document.pk,
        )
        document.status = INCOMING.target(document.status, "register")
        document.arrival_year = year
        document.arrival_number = next_number(f"documents.incoming:{document.agency_id}", year)
        document.registered_by = actor
        document.presented_to = presented_to
        document.save()
        reindex(document)
        log_event(
            actor, f"Vào sổ văn bản đến, số đến {document.arrival_number}", "register", incoming=document
        )
        record(actor, "documents.register_incoming", document, arrival_number=document.arrival_number)
        notify_arrival(document)
    return document


def return_incoming(actor, document: IncomingDocument, reason: str) -> IncomingDocument:
    """Trả lại văn bản sai, gửi nhầm (Điều 21.2)."""
    if not reason.strip():
        raise DomainError("Phải ghi lý do trả lại.")
    _check_register_rights(actor, document.agency)
    with transaction.atomic():
        document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
        document.status = INCOMING.target(document.status, "return")
        document.description = reason[:500]
        document.save(update_fields=["status", "description", "updated_at"])
        log_event(actor, "Trả lại văn bản", "return", incoming=document, comment=reason)
        record(actor, "documents.return_incoming", document, reason=reason)
    return document
