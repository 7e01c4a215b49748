"""Numbering, issue and delivery of outgoing documents (Điều 14–18), and their recall."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from egov.audit.services import record
from egov.errors import DomainError, NotPermitted
from egov.numbering.services import next_number
from egov.pdf.dates import official_date_line

from .. import access, signing_hooks
from ..models import (
    Channel,
    IncomingAppendix,
    IncomingDocument,
    IncomingStatus,
    OutboxMessage,
    OutgoingDocument,
    Recipient,
)
from ..notation import notation_for, place_name, sequence_for
from ..text import extract_pdf_text
from ..workflow import INCOMING, OUTBOX, OUTGOING, TASK, move_all
from .common import OUTSIDE_PORTAL_REFUSAL, log_event, reindex, shown_subject
from .incoming import allocate_incoming, notify_arrival
from .notifications import notify, notify_clerks
from .printing import render_issued_pdf


def issue(actor, document: OutgoingDocument, pin: str | None = None) -> OutgoingDocument:
    """Cấp số và phát hành (Điều 14–15): number from the right sequence, notation, place-and-date line,
    the final PDF, then delivery: portal agencies get it in their incoming registers with their own
    arrival numbers; recipients outside the portal are queued in the outbox (never a secret document).

    No lock is held while the PDF is rendered or signed: the number is taken first in a short transaction
    of its own (after the PIN is checked) and stays with the document, so a retry after a failed
    signature reuses it and no number is lost; the delivery transaction then locks the recipients'
    counters in the order of their agencies' keys, so two issues never wait on each other in a circle."""
    if not (actor.is_superuser or access.is_clerk_of(actor, document.agency_id)):
        raise NotPermitted("Chỉ văn thư của cơ quan mới được cấp số và phát hành.")
    recipients = list(document.recipients.select_related("agency"))
    if not recipients:
        raise DomainError("Văn bản chưa có nơi nhận.")
    if document.is_secret and any(r.kind != Recipient.Kind.AGENCY for r in recipients):
        raise DomainError(OUTSIDE_PORTAL_REFUSAL)
    document = OutgoingDocument.objects.select_related("agency", "department").get(pk=document.pk)
    OUTGOING.target(document.status, "issue")
    signing_hooks.check_issue_pin(document, actor, pin)
    document = _take_number(actor, document)
    pdf = signing_hooks.on_issue(document, actor, _issued_pdf(document), pin)
    extracted = document.extracted_text or extract_pdf_text(pdf)
    with transaction.atomic():
        locked = OutgoingDocument.objects.select_for_update(of=("self",)).get(pk=document.pk)
        document.status = OUTGOING.target(locked.status, "issue")
        document.extracted_text = extracted
        document.signed_file.save(f"{document.code.replace('/', '-')}.pdf", ContentFile(pdf), save=False)
        document.save(
            update_fields=["status", "signed_file", "extracted_text", "signing_state", "updated_at"]
        )
        reindex(document)
        log_event(
            actor,
            f"Cấp số {document.code} và phát hành",
            "issue",
            outgoing=document,
            comment=document.place_date_line,
        )
        record(actor, "documents.issue", document, code=document.code, sequence=document.sequence)
        # counters locked in one order for every issue: by the recipient agency's key
        for recipient in sorted(recipients, key=lambda r: (r.agency_id or 0, r.pk)):
            if recipient.kind == Recipient.Kind.AGENCY:
                _deliver(document, recipient, pdf, document.issued_at)
            else:
                OutboxMessage.objects.create(
                    document=document, recipient=recipient, payload=_edoc(document, recipient)
                )
        if document.correction_of_id:
            log_event(
                actor,
                f"Có công văn đính chính số {document.code}",
                "corrected",
                outgoing=document.correction_of,
            )
    return document


def _take_number(actor, document: OutgoingDocument) -> OutgoingDocument:
    """The number, notation and date line, in a transaction that holds the counter only for that. A
    document that already has its number (an earlier attempt failed at signing) keeps it."""
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        document = (
            OutgoingDocument.objects.select_for_update(of=("self",))
            .select_related("agency", "department")
            .get(pk=document.pk)
        )
        OUTGOING.target(document.status, "issue")
        if document.number is None:
            document.sequence = sequence_for(document)
            document.year = today.year
            document.number = next_number(
                f"documents.outgoing:{document.agency_id}:{document.sequence}", today.year
            )
            document.notation = notation_for(document)
            document.issued_date = today
            document.place_date_line = official_date_line(place_name(document.agency), today)
        document.numbered_by = actor
        document.issued_at = now
        document.save()
    return document


def _issued_pdf(document: OutgoingDocument) -> bytes:
    """What is sealed and sent: the page the leader signed, the uploaded PDF, or the rendered page."""
    if document.signing_state == signing_hooks.LEADER_SIGNED:
        with document.signed_file.open("rb") as handle:
            return handle.read()
    if document.file and document.file.name.lower().endswith(".pdf"):
        with document.file.open("rb") as handle:
            return handle.read()
    return render_issued_pdf(document)


def _edoc(document, recipient) -> dict:
    """The header fields an edXML exchange worker needs (QCVN 102 MessageHeader, regulations §5.2)."""
    return {
        "From": {"OrganId": document.agency.code, "OrganName": document.agency.name},
        "To": {"OrganId": recipient.organ_id, "OrganName": recipient.name, "Email": recipient.email},
        "Code": {"CodeNumber": f"{document.number:02d}", "CodeNotation": document.notation},
        "PromulgationInfo": {
            "Place": place_name(document.agency),
            "PromulgationDate": document.issued_date.isoformat(),
        },
        "DocumentType": {"TypeName": document.get_doc_type_display()},
        "Subject": document.subject,
        "SignerInfo": {"Position": document.signer_position, "FullName": document.signer_name},
        "Priority": document.urgency,
        "DueDate": document.due_date.isoformat() if document.due_date else None,
        "File": document.signed_file.name,
    }


def _deliver(document: OutgoingDocument, recipient: Recipient, pdf: bytes, now) -> IncomingDocument:
    agency = recipient.agency
    year = timezone.localtime(now).year
    incoming = allocate_incoming(
        agency,
        year,
        arrived_at=now,
        channel=Channel.PORTAL,
        doc_type=document.doc_type,
        number=f"{document.number:02d}",
        notation=document.notation,
        issued_date=document.issued_date,
        issuing_organ=document.agency.name,
        issuing_agency=document.agency,
        subject=document.subject,
        signer_name=document.signer_name,
        signer_position=document.signer_position,
        urgency=document.urgency,
        secrecy=document.secrecy,
        due_date=document.due_date,
        pages=document.pages,
        status=IncomingStatus.REGISTERED,
        source_outgoing=document,
        extracted_text=document.extracted_text,
    )
    incoming.file.save(f"{document.code.replace('/', '-')}.pdf", ContentFile(pdf), save=False)
    incoming.save(update_fields=["file"])
    _deliver_appendices(document, incoming)
    reindex(incoming)
    recipient.delivered = incoming
    recipient.save(update_fields=["delivered"])
    log_event(
        None,
        f"Nhận liên thông từ {document.agency.name}, số đến {incoming.arrival_number}",
        "register",
        incoming=incoming,
    )
    log_event(
        None, f"{agency.name} đã nhận, số đến {incoming.arrival_number}", "delivered", outgoing=document
    )
    notify_arrival(incoming)
    notify_clerks(agency, incoming, "delivered", f"Văn bản đến liên thông: {shown_subject(incoming)}")
    return incoming


def _deliver_appendices(document: OutgoingDocument, incoming: IncomingDocument) -> None:
    """The recipient gets each appendix as issued: a PDF with the organisation's signature applied at
    issue (signing_hooks), a .docx unchanged, under the file name it was issued with."""
    for appendix in document.appendices.order_by("pk"):
        if not appendix.file:
            continue
        with appendix.file.open("rb") as handle:
            content = handle.read()
        copy = IncomingAppendix(document=incoming, title=appendix.title, source=appendix)
        copy.file.save(appendix.file.name.rsplit("/", 1)[-1], ContentFile(content), save=True)


def recall(actor, document: OutgoingDocument, reason: str) -> OutgoingDocument:
    """Thu hồi (Điều 18.4, Phụ lục VI III.8): the recipients' copies are destroyed (file and text removed,
    status recalled, hidden from their lists; the register line stays so arrival numbers keep no gap),
    recipients are notified, pending outbox messages are cancelled and a recall message queued for sent
    ones; the sender's record is frozen with the reason."""
    if not reason.strip():
        raise DomainError("Phải ghi lý do thu hồi.")
    if not (
        actor.is_superuser
        or access.is_leader_of(actor, document.agency_id)
        or access.is_clerk_of(actor, document.agency_id)
    ):
        raise NotPermitted("Chỉ lãnh đạo hoặc văn thư cơ quan ban hành được thu hồi văn bản.")
    now = timezone.now()
    with transaction.atomic():
        document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
        document.status = OUTGOING.target(document.status, "recall")
        document.recall_reason = reason[:500]
        document.recalled_at = now
        document.save(update_fields=["status", "recall_reason", "recalled_at", "updated_at"])
        copies = IncomingDocument.objects.select_for_update().filter(source_outgoing=document).order_by("pk")
        for incoming in copies:
            assignees = {t.assignee for t in incoming.tasks.filter(assignee__isnull=False)}
            if incoming.status != IncomingStatus.RECALLED:
                incoming.status = INCOMING.target(incoming.status, "recall")
            if incoming.file:
                incoming.file.delete(save=False)
            for appendix in incoming.appendices.all():  # destroyed with the copy (Phụ lục VI III.8)
                appendix.file.delete(save=False)
                appendix.delete()
            incoming.extracted_text = ""
            incoming.recall_reason = reason[:500]
            incoming.save()
            reindex(incoming)
            move_all(incoming.tasks.all(), TASK, "cancel")
            log_event(
                actor,
                f"Văn bản bị thu hồi bởi {document.agency.name}",
                "recall",
                incoming=incoming,
                comment=reason,
            )
            text = f"Văn bản {incoming.code} của {document.agency.name} đã bị thu hồi: {reason}"
            url = reverse("documents:notifications")  # the copy itself is gone
            notify_clerks(incoming.agency, incoming, "recalled", text, url=url)
            for person in assignees:
                notify(person, f"incoming:{incoming.pk}:recalled", text, url)
        move_all(OutboxMessage.objects.filter(document=document, kind="edoc"), OUTBOX, "cancel")
        for message in OutboxMessage.objects.filter(
            document=document, kind="edoc", status=OutboxMessage.Status.SENT
        ):
            OutboxMessage.objects.get_or_create(
                recipient=message.recipient,
                kind="recall",
                defaults={
                    "document": document,
                    "payload": {"Code": message.payload.get("Code"), "Reason": reason},
                },
            )
        log_event(actor, "Thu hồi văn bản", "recall", outgoing=document, comment=reason)
        record(actor, "documents.recall", document, reason=reason)
    return document
