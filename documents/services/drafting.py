"""Văn bản đi before numbering: drafts and their versions, recipients, appendices, review and approval."""

import os

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from egov.audit.services import record
from egov.errors import DomainError, NotPermitted
from egov.numbering.services import LIFETIME, next_number

from .. import access, signing_hooks
from ..models import (
    Appendix,
    DocType,
    Event,
    OutgoingDocument,
    OutgoingStatus,
    OutgoingVersion,
    Recipient,
    SignAuthority,
)
from ..queries import latest_version, outgoing_visible_to
from ..text import extract_pdf_text
from ..workflow import OUTGOING, SIGNING
from .common import (
    OUTSIDE_PORTAL_REFUSAL,
    PDF_MAGIC,
    document_url,
    log_event,
    read_upload,
    reindex,
    shown_subject,
)
from .notifications import notify, notify_clerks
from .printing import approval_pdf

SIGNER_FIELDS = ("sign_on_behalf", "sign_authority", "sign_for_title")
# what the drafter writes: the one list of the draft form, the API's draft serializers and the services
DRAFT_FIELDS = (
    "doc_type",
    "legal_normative",
    "subject",
    "body",
    "urgency",
    "secrecy",
    "due_date",
    "pages",
    "copies",
    *SIGNER_FIELDS,
)


def check_signer_block(document: OutgoingDocument) -> None:
    """The combinations of Phụ lục I II.7: KT., Q., TL. and TUQ. name the head's title they sign for;
    the title is written only with one of them."""
    authority = document.sign_authority
    if authority not in SignAuthority.values:
        raise DomainError("Thẩm quyền ký không hợp lệ: chọn KT., Q., TL., TUQ. hoặc để trống.")
    title = document.sign_for_title.strip()
    if authority and not title:
        label = SignAuthority(authority).label
        raise DomainError(f"Ký “{label}” phải ghi chức danh của người đứng đầu, ví dụ: {label} CHỦ TỊCH.")
    if title and not authority:
        raise DomainError("Chỉ ghi chức danh người đứng đầu khi ký KT., Q., TL. hoặc TUQ.")


def _check_drafter(actor, document: OutgoingDocument):
    if document.drafter_id != actor.pk and not actor.is_superuser:
        raise NotPermitted("Chỉ người soạn thảo mới được sửa dự thảo.")


def _save_version(actor, document, *, payload: bytes | None, filename: str, note: str) -> OutgoingVersion:
    version = OutgoingVersion(document=document, body=document.body, note=note, author=actor)
    if payload is not None:
        version.file.save(filename, ContentFile(payload), save=False)
        document.file.save(filename, ContentFile(payload), save=False)
        if payload.startswith(PDF_MAGIC):
            document.extracted_text = extract_pdf_text(payload)
        document.save()
    # the number last, so the counter is held only for the rest of the caller's short transaction
    version.number = next_number(version_scope(document.pk), LIFETIME)
    version.save()
    return version


def version_scope(document_pk: int) -> str:
    return f"documents.outgoing-version:{document_pk}"


def create_draft(actor, *, agency, department=None, data: dict, upload=None) -> OutgoingDocument:
    """A specialist's draft (uploaded .docx/PDF, or written in the page)."""
    if agency.pk not in access.agency_ids(actor) and not actor.is_superuser:
        raise NotPermitted("Chỉ soạn thảo văn bản của cơ quan mình.")
    if department is not None and department.agency_id != agency.pk:
        raise DomainError("Đơn vị soạn thảo không thuộc cơ quan.")
    if department is None:
        post = access.primary_assignment(actor, agency.pk)
        department = post.department if post else None
    if not (data.get("subject") or "").strip():
        raise DomainError("Phải nhập trích yếu.")
    if data.get("doc_type") not in DocType.values:
        raise DomainError("Loại văn bản không hợp lệ.")
    if data["doc_type"] == DocType.CV and department is None:
        raise DomainError("Công văn cần đơn vị soạn thảo để ghi ký hiệu (ví dụ UBND-VX).")
    payload = read_upload(upload, allow_docx=True) if upload is not None else None
    if payload is None and not (data.get("body") or "").strip():
        raise DomainError("Hãy tải lên tệp dự thảo hoặc nhập nội dung.")
    fields = {k: data[k] for k in (*DRAFT_FIELDS, "replaces_incoming") if k in data}
    check_signer_block(OutgoingDocument(**{k: v for k, v in fields.items() if k in SIGNER_FIELDS}))
    with transaction.atomic():
        document = OutgoingDocument.objects.create(
            agency=agency, department=department, drafter=actor, **fields
        )
        _save_version(
            actor, document, payload=payload, filename=getattr(upload, "name", ""), note="Dự thảo đầu tiên"
        )
        reindex(document)
        log_event(actor, "Tạo dự thảo", "draft", outgoing=document)
        record(actor, "documents.create_draft", document)
    return document


def update_draft(
    actor, document: OutgoingDocument, *, data: dict, upload=None, note: str = ""
) -> OutgoingDocument:
    """A new version of the draft; every version is kept."""
    _check_drafter(actor, document)
    OUTGOING.target(document.status, "edit")
    payload = read_upload(upload, allow_docx=True) if upload is not None else None
    with transaction.atomic():
        for key in DRAFT_FIELDS:
            if key in data and data[key] is not None:
                setattr(document, key, data[key])
        check_signer_block(document)
        document.save()
        version = _save_version(
            actor, document, payload=payload, filename=getattr(upload, "name", ""), note=note or "Sửa dự thảo"
        )
        reindex(document)
        log_event(
            actor, f"Cập nhật dự thảo (phiên bản {version.number})", "edit", outgoing=document, comment=note
        )
        record(actor, "documents.update_draft", document, version=version.number)
    return document


def add_recipient(
    actor,
    document: OutgoingDocument,
    *,
    kind: str,
    agency=None,
    name: str = "",
    email: str = "",
    organ_id: str = "",
) -> Recipient:
    _check_drafter_or_clerk(actor, document)
    if document.is_frozen:
        raise DomainError("Văn bản đã ban hành, không sửa nơi nhận.")
    if kind == Recipient.Kind.AGENCY:
        if agency is None:
            raise DomainError("Hãy chọn cơ quan nhận.")
        if agency.pk == document.agency_id:
            raise DomainError("Không gửi văn bản cho chính cơ quan ban hành.")
        if document.recipients.filter(agency=agency).exists():
            raise DomainError("Cơ quan này đã có trong nơi nhận.")
        name, organ_id = agency.name, agency.code
    else:
        if kind not in Recipient.Kind.values:
            raise DomainError("Loại nơi nhận không hợp lệ.")
        if not name.strip():
            raise DomainError("Hãy nhập tên nơi nhận.")
        if document.is_secret:
            raise DomainError(OUTSIDE_PORTAL_REFUSAL)
        agency = None
    recipient = Recipient.objects.create(
        document=document, kind=kind, agency=agency, name=name, email=email, organ_id=organ_id
    )
    log_event(actor, f"Thêm nơi nhận: {name}", "recipient", outgoing=document)
    return recipient


def remove_recipient(actor, recipient: Recipient) -> None:
    _check_drafter_or_clerk(actor, recipient.document)
    if recipient.document.is_frozen:
        raise DomainError("Văn bản đã ban hành, không sửa nơi nhận.")
    log_event(actor, f"Bỏ nơi nhận: {recipient.name}", "recipient", outgoing=recipient.document)
    recipient.delete()


def add_appendix(actor, document: OutgoingDocument, title: str, upload) -> Appendix:
    _check_drafter(actor, document)
    OUTGOING.target(document.status, "edit")
    if not title.strip():
        raise DomainError("Hãy nhập tên phụ lục.")
    payload = read_upload(upload, allow_docx=True)
    appendix = Appendix(document=document, title=title)
    appendix.file.save(os.path.basename(upload.name), ContentFile(payload), save=True)
    log_event(actor, f"Thêm phụ lục: {title}", "appendix", outgoing=document)
    return appendix


def comment_outgoing(actor, document: OutgoingDocument, text: str) -> Event:
    """A comment on a draft (góp ý), kept in its timeline; anyone who may see the draft may comment until
    it is issued. The drafter is notified."""
    if not text.strip():
        raise DomainError("Hãy nhập nội dung ý kiến.")
    if not outgoing_visible_to(actor).filter(pk=document.pk).exists():
        raise NotPermitted("Không có quyền xem văn bản này.")
    if document.is_frozen:
        raise DomainError("Văn bản đã ban hành, không góp ý thêm.")
    with transaction.atomic():
        event = log_event(actor, "Góp ý dự thảo", "comment", outgoing=document, comment=text.strip())
        record(actor, "documents.comment", document)
        if document.drafter_id != actor.pk:
            notify(
                document.drafter,
                f"outgoing:{document.pk}:comment:{event.pk}",
                f"Có góp ý cho dự thảo: {shown_subject(document)}",
                document_url(document),
            )
    return event


def _check_drafter_or_clerk(actor, document):
    if not (
        actor.is_superuser or document.drafter_id == actor.pk or access.is_clerk_of(actor, document.agency_id)
    ):
        raise NotPermitted("Chỉ người soạn thảo hoặc văn thư được sửa nơi nhận.")


def submit(actor, document: OutgoingDocument, comment: str = "") -> OutgoingDocument:
    """Trình duyệt: to the drafting department's head (or the leaders when the drafter is the head)."""
    _check_drafter(actor, document)
    from egov.directory.queries import agency_leaders, department_heads

    heads = [h for h in department_heads(document.department)] if document.department_id else []
    to_head = bool(heads) and actor not in heads
    with transaction.atomic():
        document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
        document.status = OUTGOING.target(document.status, "submit" if to_head else "submit_to_leader")
        document.save(update_fields=["status", "updated_at"])
        people = heads if to_head else list(agency_leaders(document.agency))
        target = "lãnh đạo phòng" if to_head else "lãnh đạo cơ quan"
        log_event(actor, f"Trình {target} duyệt", "submit", outgoing=document, comment=comment)
        record(actor, "documents.submit", document)
        version = document.versions.count()
        for person in people:
            notify(
                person,
                f"outgoing:{document.pk}:review:{version}:{document.status}",
                f"Dự thảo chờ duyệt: {shown_subject(document)}",
                document_url(document),
            )
    return document


def review(actor, document: OutgoingDocument, comment: str = "") -> OutgoingDocument:
    """The department head agrees and passes the draft to the agency leaders."""
    if not (actor.is_superuser or access.is_head_of(actor, document.department_id)):
        raise NotPermitted("Chỉ lãnh đạo đơn vị soạn thảo mới duyệt ở bước này.")
    from egov.directory.queries import agency_leaders

    with transaction.atomic():
        document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
        document.status = OUTGOING.target(document.status, "review")
        document.reviewer = actor
        document.save(update_fields=["status", "reviewer", "updated_at"])
        log_event(
            actor,
            "Lãnh đạo phòng đồng ý, trình lãnh đạo cơ quan",
            "review",
            outgoing=document,
            comment=comment,
        )
        record(actor, "documents.review", document)
        version = document.versions.count()
        for person in agency_leaders(document.agency):
            notify(
                person,
                f"outgoing:{document.pk}:approve:{version}",
                f"Dự thảo chờ phê duyệt: {shown_subject(document)}",
                document_url(document),
            )
    return document


def return_draft(actor, document: OutgoingDocument, reason: str) -> OutgoingDocument:
    """Trả lại để sửa, with a reason (department head, leader, or the clerk before numbering)."""
    if not reason.strip():
        raise DomainError("Phải ghi lý do trả lại.")
    document.refresh_from_db()
    allowed = (
        actor.is_superuser
        or (document.status == OutgoingStatus.IN_REVIEW and access.is_head_of(actor, document.department_id))
        or (
            document.status == OutgoingStatus.PENDING_APPROVAL
            and access.is_leader_of(actor, document.agency_id)
        )
        or (document.status == OutgoingStatus.APPROVED and access.is_clerk_of(actor, document.agency_id))
    )
    if not allowed:
        raise NotPermitted("Không có quyền trả lại dự thảo ở bước này.")
    with transaction.atomic():
        document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
        document.status = OUTGOING.target(document.status, "return")
        if document.signing_state in SIGNING.transitions["withdraw"].sources:
            document.signing_state = SIGNING.target(document.signing_state, "withdraw")
        document.save(update_fields=["status", "signing_state", "updated_at"])
        log_event(actor, "Trả lại để sửa", "return", outgoing=document, comment=reason)
        record(actor, "documents.return_draft", document, reason=reason)
        notify(
            document.drafter,
            f"outgoing:{document.pk}:returned:{document.events.count()}",
            f"Dự thảo bị trả lại: {shown_subject(document)}. Lý do: {reason}",
            document_url(document),
        )
    return document


def approve(
    actor,
    document: OutgoingDocument,
    comment: str = "",
    pin: str | None = None,
    *,
    shown_version: int | None = None,
) -> OutgoingDocument:
    """The leader approves the document and, given the PIN of their signing certificate, signs it. The
    page is rendered and signed before the document is locked; the lock then only records the result.

    `shown_version` is the version whose page the leader was shown (the page and the API send it): the
    leader approves and signs that version, never a later one."""
    if not (actor.is_superuser or access.is_leader_of(actor, document.agency_id)):
        raise NotPermitted("Chỉ lãnh đạo cơ quan mới được phê duyệt.")
    post = access.primary_assignment(actor, document.agency_id)
    document = OutgoingDocument.objects.select_related("agency", "department").get(pk=document.pk)
    OUTGOING.target(document.status, "approve")
    document.signer_name = actor.get_full_name() or actor.get_username()
    document.signer_position = post.position.name if post else ""
    check_signer_block(document)
    version = latest_version(document)
    if shown_version is not None and shown_version != version:
        raise DomainError("Dự thảo đã thay đổi từ khi trang được mở: hãy xem lại bản sẽ ký.", "stale_version")
    signed = signing_hooks.sign_for_approval(document, actor, approval_pdf(document) if pin else None, pin)
    with transaction.atomic():
        locked = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
        document.status = OUTGOING.target(locked.status, "approve")
        if latest_version(locked) != version:
            raise DomainError("Dự thảo vừa có phiên bản mới trong lúc ký; hãy xem lại và phê duyệt lại.")
        document.signing_state = locked.signing_state
        document.approver = actor
        document.approved_at = timezone.now()
        document.save()
        log_event(actor, "Lãnh đạo phê duyệt", "approve", outgoing=document, comment=comment)
        record(actor, "documents.approve", document)
        signing_hooks.on_approve(document, actor, signed)
        notify_clerks(document.agency, document, "approved", f"Văn bản chờ cấp số: {shown_subject(document)}")
    return document


def start_correction(
    actor, original: OutgoingDocument, *, subject: str = "", body: str = ""
) -> OutgoingDocument:
    """Đính chính (Điều 18.3): a công văn đính chính drafted by the same unit, to the same recipients."""
    if original.status != OutgoingStatus.ISSUED:
        raise DomainError("Chỉ đính chính văn bản đã ban hành và chưa bị thu hồi.")
    if not (
        actor.is_superuser
        or actor.pk in (original.drafter_id,)
        or original.agency_id in access.agency_ids(actor)
    ):
        raise NotPermitted("Chỉ cán bộ của cơ quan ban hành được đính chính.")
    with transaction.atomic():
        draft = create_draft(
            actor,
            agency=original.agency,
            department=original.department,
            data={
                "doc_type": DocType.CV,
                "subject": subject or f"V/v đính chính văn bản số {original.code}",
                "body": body
                or f"Đính chính sai sót về thể thức, kỹ thuật trình bày của văn bản số {original.code}.",
                "secrecy": original.secrecy,
            },
        )
        draft.correction_of = original
        draft.save(update_fields=["correction_of"])
        for r in original.recipients.all():
            Recipient.objects.create(
                document=draft, kind=r.kind, agency=r.agency, name=r.name, email=r.email, organ_id=r.organ_id
            )
        log_event(actor, "Bắt đầu dự thảo công văn đính chính", "correction", outgoing=original)
        record(actor, "documents.start_correction", draft, original=original.pk)
    return draft
