"""Every state change of the documents app: one function per business action, taking the acting user.

Each checks permission and the transition (workflow.py), writes the audit trail and the document's
timeline (Event), and queues side effects (e-mail) on commit. Numbers come from egov.numbering inside the
same transaction as the record they number (DESIGN principle 3)."""

import datetime
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from egov.audit.services import record
from egov.directory.models import Agency
from egov.errors import DomainError, NotPermitted
from egov.numbering.services import next_number

from . import access, signing_hooks
from .models import (
    TYPES_WITHOUT_ABBREVIATION,
    Appendix,
    Channel,
    DocType,
    Event,
    IncomingAppendix,
    IncomingDocument,
    IncomingStatus,
    Notification,
    OutboxMessage,
    OutgoingDocument,
    OutgoingStatus,
    OutgoingVersion,
    Recipient,
    Task,
    Urgency,
    WorkFile,
    WorkFileItem,
)
from .text import extract_pdf_text, fold
from .workflow import INCOMING, OUTGOING

PDF_MAGIC = b"%PDF-"
DOCX_MAGIC = b"PK\x03\x04"
ARCHIVE_WARNING_DAYS = 30


# --- helpers ------------------------------------------------------------------------------------------
def _today() -> datetime.date:
    return timezone.localdate()


def _event(
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
    """The bytes of an uploaded PDF (or .docx when allowed), checked for type and size."""
    limit = getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
    if upload.size is not None and upload.size > limit:
        raise DomainError(f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.")
    upload.seek(0)
    data = upload.read()
    if len(data) > limit:
        raise DomainError(f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.")
    if data.startswith(PDF_MAGIC):
        return data
    if allow_docx and data.startswith(DOCX_MAGIC) and upload.name.lower().endswith(".docx"):
        return data
    raise DomainError("Tệp phải là PDF." if not allow_docx else "Tệp phải là PDF hoặc Word (.docx).")


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
        from django.contrib.postgres.search import SearchVector

        type(document).objects.filter(pk=document.pk).update(
            search_vector=SearchVector("search_text", config="vn_unaccent")
        )


HIDDEN_SUBJECT = "Văn bản mật"


def shown_subject(document) -> str:
    """The subject as it may leave the portal (notifications, mail, SMS): never a secret document's."""
    return HIDDEN_SUBJECT if document.is_secret else document.subject


def _task_title(task) -> str:
    """A task's title is its document's subject: hidden the same way for a secret document."""
    documents = (getattr(task, "incoming", None), getattr(task, "outgoing", None))
    return HIDDEN_SUBJECT if any(d is not None and d.is_secret for d in documents) else task.title


def notify(user, key: str, text: str, url: str = "", *, urgent: bool = False, email: bool = True):
    """An in-app notification, once per (user, key); e-mail on commit. None if already sent."""
    if user is None:
        return None
    notification, created = Notification.objects.get_or_create(
        user=user, key=key[:120], defaults={"text": text[:500], "url": url, "urgent": urgent}
    )
    if not created:
        return None
    if email and user.email:
        from .tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.delay(notification.pk))
    return notification


# --- incoming -----------------------------------------------------------------------------------------
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


def _allocate_incoming(agency, year: int, **fields) -> IncomingDocument:
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
    if fields["issued_date"] > _today():
        raise DomainError("Ngày văn bản không được sau ngày hôm nay.")
    fields["number"] = (fields.get("number") or "").strip()
    fields["notation"] = (fields.get("notation") or "").strip()
    payload = read_upload(upload) if upload is not None else None
    if presented_to is not None and not access.is_leader_of(presented_to, agency.pk):
        raise DomainError("Chỉ trình được lãnh đạo của cơ quan.")
    now = timezone.now()
    year = timezone.localtime(now).year
    duplicates = _check_duplicates(
        agency,
        year,
        fields["number"],
        fields["notation"],
        fields["issuing_organ"],
        confirmed=confirm_duplicate,
    )
    with transaction.atomic():
        document = _allocate_incoming(
            agency,
            year,
            arrived_at=now,
            status=IncomingStatus.REGISTERED,
            registered_by=actor,
            presented_to=presented_to,
            **fields,
        )
        if payload is not None:
            document.extracted_text = extract_pdf_text(payload)
            document.file.save(
                os.path.basename(upload.name) or "van-ban.pdf", ContentFile(payload), save=False
            )
            document.save(update_fields=["file", "extracted_text"])
        reindex(document)
        label = f"Vào sổ văn bản đến, số đến {document.arrival_number}"
        if duplicates:
            label += " (đã xác nhận không trùng)"
        _event(actor, label, "register", incoming=document)
        record(
            actor,
            "documents.register_incoming",
            document,
            arrival_number=document.arrival_number,
            duplicate_confirmed=bool(duplicates),
        )
        _notify_arrival(document)
    return document


def _document_url(document) -> str:
    if isinstance(document, IncomingDocument):
        return reverse("documents:incoming-detail", args=[document.pk])
    return reverse("documents:outgoing-detail", args=[document.pk])


def _notify_arrival(document: IncomingDocument) -> None:
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
            _document_url(document),
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
        _event(None, f"Văn bản điện tử đến từ {document.issuing_organ}", "arrived", incoming=document)
        record(None, "documents.receive_electronic", document)
        _notify_clerks(agency, document, "arrived-electronic", "Văn bản điện tử đến chờ vào sổ")
    return document


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
    _check_duplicates(
        document.agency,
        year,
        document.number,
        document.notation,
        document.issuing_organ,
        confirmed=confirm_duplicate,
        exclude_pk=document.pk,
    )
    with transaction.atomic():
        document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
        document.status = INCOMING.target(document.status, "register")
        document.arrival_year = year
        document.arrival_number = next_number(f"documents.incoming:{document.agency_id}", year)
        document.registered_by = actor
        document.presented_to = presented_to
        document.save()
        reindex(document)
        _event(actor, f"Vào sổ văn bản đến, số đến {document.arrival_number}", "register", incoming=document)
        record(actor, "documents.register_incoming", document, arrival_number=document.arrival_number)
        _notify_arrival(document)
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
        _event(actor, "Trả lại văn bản", "return", incoming=document, comment=reason)
        record(actor, "documents.return_incoming", document, reason=reason)
    return document


def _resolve_deadline(deadline=None, working_days=None) -> datetime.date:
    if deadline is None and working_days is None:
        raise DomainError("Phải có hạn xử lý (ngày hoặc số ngày làm việc).")
    if deadline is None:
        from egov.workdays.clock import add_working_days

        if int(working_days) < 1:
            raise DomainError("Số ngày làm việc phải từ 1 trở lên.")
        return add_working_days(_today(), int(working_days))
    if deadline < _today():
        raise DomainError("Hạn xử lý không được trước ngày hôm nay.")
    return deadline


def _target_display(department, assignee) -> str:
    if assignee is not None and department is not None:
        return f"{assignee} ({department.name})"
    return str(assignee or department.name)


def _notify_task(task: Task) -> None:
    from egov.directory.queries import department_heads

    doc = task.incoming
    urgent = bool(doc and doc.urgency > Urgency.NORMAL)
    people = [task.assignee] if task.assignee else list(department_heads(task.department))
    prefix = f"[{doc.get_urgency_display()}] " if urgent else ""
    url = _document_url(doc) if doc else reverse("documents:task-detail", args=[task.pk])
    for person in people:
        notify(
            person,
            f"task:{task.pk}:assigned",
            f"{prefix}Được giao {task.get_role_display().lower()}: {_task_title(task)} "
            f"(hạn {task.deadline:%d/%m/%Y})",
            url,
            urgent=urgent,
        )


def _check_target_in_agency(agency, department, assignee):
    if department is None and assignee is None:
        raise DomainError("Phải chọn đơn vị hoặc người thực hiện.")
    if department is not None and department.agency_id != agency.pk:
        raise DomainError("Đơn vị được giao không thuộc cơ quan.")
    if assignee is not None and agency.pk not in access.agency_ids(assignee):
        raise DomainError("Người được giao không công tác tại cơ quan.")


def assign(actor, document: IncomingDocument, lead: dict, coordinators: list[dict] = (), comment: str = ""):
    """Ý kiến lãnh đạo cơ quan (Phiếu giải quyết, Điều 23.4): one lead (chủ trì) and any coordinating
    (phối hợp) units or people, each with instructions and a deadline. Returns the tasks created."""
    if not (actor.is_superuser or access.is_leader_of(actor, document.agency_id)):
        raise NotPermitted("Chỉ lãnh đạo cơ quan mới được phân công xử lý văn bản.")
    if document.is_secret and not _may_see_secret(actor, document):
        raise NotPermitted("Văn bản mật chỉ người được giao mới được xem.")
    entries = [(Task.Role.LEAD, lead)] + [(Task.Role.COORDINATE, c) for c in coordinators or ()]
    seen = set()
    with transaction.atomic():
        document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
        target_state = INCOMING.target(document.status, "assign")
        if document.tasks.filter(role=Task.Role.LEAD, parent__isnull=True, status=Task.Status.OPEN).exists():
            raise DomainError("Văn bản đã có đơn vị chủ trì đang xử lý.")
        tasks = []
        for role, entry in entries:
            department, assignee = entry.get("department"), entry.get("assignee")
            _check_target_in_agency(document.agency, department, assignee)
            key = (getattr(department, "pk", None), getattr(assignee, "pk", None))
            if key in seen:
                raise DomainError("Một đơn vị hoặc người chỉ được giao một lần.")
            seen.add(key)
            deadline = _resolve_deadline(entry.get("deadline"), entry.get("working_days"))
            task = Task.objects.create(
                incoming=document,
                role=role,
                title=document.subject,
                instructions=entry.get("instructions", ""),
                assigning_agency=document.agency,
                agency=document.agency,
                department=department,
                assignee=assignee,
                assigned_by=actor,
                deadline=deadline,
            )
            tasks.append(task)
            _event(
                actor,
                f"Giao {task.get_role_display().lower()}: {_target_display(department, assignee)}, "
                f"hạn {deadline:%d/%m/%Y}",
                "assign",
                incoming=document,
                task=task,
                comment=task.instructions,
            )
        lead_deadline = tasks[0].deadline
        document.status = target_state
        if document.due_date is None or lead_deadline < document.due_date:
            document.due_date = lead_deadline
        document.save(update_fields=["status", "due_date", "updated_at"])
        if comment:
            _event(actor, "Ý kiến chỉ đạo", "comment", incoming=document, comment=comment)
        record(actor, "documents.assign", document, tasks=[t.pk for t in tasks])
        for task in tasks:
            _notify_task(task)
    return tasks


def delegate(
    actor, task: Task, assignee, *, deadline=None, working_days=None, instructions: str = ""
) -> Task:
    """Ý kiến lãnh đạo đơn vị: a department head passes a task on to a person of the department."""
    if task.department_id is None or not (actor.is_superuser or access.is_head_of(actor, task.department_id)):
        raise NotPermitted("Chỉ lãnh đạo đơn vị được giao mới được giao tiếp trong đơn vị.")
    if task.status != Task.Status.OPEN:
        raise DomainError("Nhiệm vụ đã kết thúc.")
    if task.department_id not in access.department_ids(assignee):
        raise DomainError("Người được giao không thuộc đơn vị.")
    deadline = _resolve_deadline(deadline, working_days)
    if deadline > task.deadline:
        raise DomainError("Hạn giao tiếp không được sau hạn của đơn vị.")
    with transaction.atomic():
        child = Task.objects.create(
            incoming=task.incoming,
            parent=task,
            role=task.role,
            title=task.title,
            instructions=instructions,
            assigning_agency=task.agency,
            agency=task.agency,
            department=task.department,
            assignee=assignee,
            assigned_by=actor,
            deadline=deadline,
        )
        if task.incoming is not None:
            document = IncomingDocument.objects.select_for_update().get(pk=task.incoming_id)
            document.status = INCOMING.target(document.status, "delegate")
            document.save(update_fields=["status", "updated_at"])
        _event(
            actor,
            f"Giao tiếp cho {assignee}, hạn {deadline:%d/%m/%Y}",
            "delegate",
            incoming=task.incoming,
            task=child,
            comment=instructions,
        )
        record(actor, "documents.delegate", child, parent=task.pk)
        _notify_task(child)
    return child


def may_act_on_task(user, task: Task) -> bool:
    if user.is_superuser or task.assignee_id == user.pk:
        return True
    return task.assignee_id is None and access.is_head_of(user, task.department_id)


def record_progress(actor, task: Task, text: str) -> Task:
    if not text.strip():
        raise DomainError("Hãy nhập nội dung tiến độ.")
    if not may_act_on_task(actor, task):
        raise NotPermitted("Chỉ người được giao mới cập nhật tiến độ.")
    if task.status != Task.Status.OPEN:
        raise DomainError("Nhiệm vụ đã kết thúc.")
    with transaction.atomic():
        task.progress = text
        task.save(update_fields=["progress"])
        if task.incoming is not None:
            document = IncomingDocument.objects.select_for_update().get(pk=task.incoming_id)
            document.status = INCOMING.target(document.status, "progress")
            document.save(update_fields=["status", "updated_at"])
        _event(actor, "Cập nhật tiến độ", "progress", incoming=task.incoming, task=task, comment=text)
        record(actor, "documents.progress", task)
    return task


def complete_task(actor, task: Task, result: str, *, reply: OutgoingDocument | None = None) -> Task:
    """The assignee completes with a result or a reply document. When the lead task is done, the
    incoming document is done (coordinating tasks still open are closed with it)."""
    if not result.strip() and reply is None:
        raise DomainError("Phải nhập kết quả giải quyết hoặc chọn văn bản trả lời.")
    if not may_act_on_task(actor, task):
        raise NotPermitted("Chỉ người được giao mới hoàn thành nhiệm vụ.")
    if task.status != Task.Status.OPEN:
        raise DomainError("Nhiệm vụ đã kết thúc.")
    if reply is not None and reply.agency_id != task.agency_id:
        raise DomainError("Văn bản trả lời phải của cùng cơ quan.")
    now = timezone.now()
    with transaction.atomic():
        task.status = Task.Status.DONE
        task.result = result or (f"Trả lời bằng văn bản {reply.code or reply.subject}" if reply else "")
        task.completed_at = now
        task.save(update_fields=["status", "result", "completed_at"])
        comment = task.result
        _event(actor, "Hoàn thành nhiệm vụ", "complete", incoming=task.incoming, task=task, comment=comment)
        # A delegated task completes its parent too (the department's work is done).
        parent = task.parent
        while parent is not None and parent.status == Task.Status.OPEN:
            parent.status, parent.result, parent.completed_at = Task.Status.DONE, task.result, now
            parent.save(update_fields=["status", "result", "completed_at"])
            parent = parent.parent
        document = task.incoming
        if document is not None:
            document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
            lead_open = document.tasks.filter(role=Task.Role.LEAD, status=Task.Status.OPEN).exists()
            if task.role == Task.Role.LEAD and not lead_open:
                document.status = INCOMING.target(document.status, "complete")
                document.result = task.result
                document.reply = reply
                document.completed_at = now
                document.save(update_fields=["status", "result", "reply", "completed_at", "updated_at"])
                _event(actor, "Văn bản đã được giải quyết", "done", incoming=document, comment=task.result)
            elif document.status == IncomingStatus.ASSIGNED:
                document.status = INCOMING.target(document.status, "progress")
                document.save(update_fields=["status", "updated_at"])
        record(actor, "documents.complete_task", task, reply=getattr(reply, "pk", None))
    return task


def create_task(
    actor,
    *,
    agency,
    title: str,
    department=None,
    assignee=None,
    deadline=None,
    working_days=None,
    instructions: str = "",
) -> Task:
    """A stand-alone task a leader gives their own agency or a lower agency (its child in the directory)."""
    if not title.strip():
        raise DomainError("Phải nhập nội dung nhiệm vụ.")
    own = access.led_agency_ids(actor)
    if not own and not actor.is_superuser:
        raise NotPermitted("Chỉ lãnh đạo cơ quan mới được giao nhiệm vụ.")
    giver = None
    if agency.pk in own:
        giver = agency
    elif agency.parent_id in own:
        giver = Agency.objects.get(pk=agency.parent_id)
    elif actor.is_superuser:
        giver = agency.parent or agency
    if giver is None:
        raise NotPermitted("Chỉ giao nhiệm vụ cho cơ quan mình hoặc cơ quan cấp dưới trực tiếp.")
    _check_target_in_agency(agency, department, assignee)
    deadline = _resolve_deadline(deadline, working_days)
    with transaction.atomic():
        task = Task.objects.create(
            role=Task.Role.TASK,
            title=title,
            instructions=instructions,
            assigning_agency=giver,
            agency=agency,
            department=department,
            assignee=assignee,
            assigned_by=actor,
            deadline=deadline,
        )
        _event(
            actor,
            f"Giao nhiệm vụ cho {_target_display(department, assignee)}",
            "assign",
            task=task,
            comment=instructions,
        )
        record(actor, "documents.create_task", task, agency=agency.pk)
        _notify_task(task)
    return task


# --- outgoing -----------------------------------------------------------------------------------------
def _check_drafter(actor, document: OutgoingDocument):
    if document.drafter_id != actor.pk and not actor.is_superuser:
        raise NotPermitted("Chỉ người soạn thảo mới được sửa dự thảo.")


def _save_version(actor, document, *, payload: bytes | None, filename: str, note: str) -> OutgoingVersion:
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = OutgoingVersion(document=document, number=last + 1, body=document.body, note=note, author=actor)
    if payload is not None:
        version.file.save(filename, ContentFile(payload), save=False)
        document.file.save(filename, ContentFile(payload), save=False)
        if payload.startswith(PDF_MAGIC):
            document.extracted_text = extract_pdf_text(payload)
        document.save()
    version.save()
    return version


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
    fields = {
        k: data[k]
        for k in (
            "doc_type",
            "legal_normative",
            "subject",
            "body",
            "urgency",
            "secrecy",
            "due_date",
            "pages",
            "copies",
            "replaces_incoming",
        )
        if k in data
    }
    with transaction.atomic():
        document = OutgoingDocument.objects.create(
            agency=agency, department=department, drafter=actor, **fields
        )
        _save_version(
            actor, document, payload=payload, filename=getattr(upload, "name", ""), note="Dự thảo đầu tiên"
        )
        reindex(document)
        _event(actor, "Tạo dự thảo", "draft", outgoing=document)
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
        for key in (
            "subject",
            "body",
            "urgency",
            "secrecy",
            "due_date",
            "pages",
            "copies",
            "doc_type",
            "legal_normative",
        ):
            if key in data and data[key] is not None:
                setattr(document, key, data[key])
        document.save()
        version = _save_version(
            actor, document, payload=payload, filename=getattr(upload, "name", ""), note=note or "Sửa dự thảo"
        )
        reindex(document)
        _event(
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
    _event(actor, f"Thêm nơi nhận: {name}", "recipient", outgoing=document)
    return recipient


def remove_recipient(actor, recipient: Recipient) -> None:
    _check_drafter_or_clerk(actor, recipient.document)
    if recipient.document.is_frozen:
        raise DomainError("Văn bản đã ban hành, không sửa nơi nhận.")
    _event(actor, f"Bỏ nơi nhận: {recipient.name}", "recipient", outgoing=recipient.document)
    recipient.delete()


def add_appendix(actor, document: OutgoingDocument, title: str, upload) -> Appendix:
    _check_drafter(actor, document)
    OUTGOING.target(document.status, "edit")
    if not title.strip():
        raise DomainError("Hãy nhập tên phụ lục.")
    payload = read_upload(upload, allow_docx=True)
    appendix = Appendix(document=document, title=title)
    appendix.file.save(os.path.basename(upload.name), ContentFile(payload), save=True)
    _event(actor, f"Thêm phụ lục: {title}", "appendix", outgoing=document)
    return appendix


def comment_outgoing(actor, document: OutgoingDocument, text: str) -> Event:
    """A comment on a draft (góp ý), kept in its timeline; anyone who may see the draft may comment until
    it is issued. The drafter is notified."""
    from .queries import outgoing_visible_to

    if not text.strip():
        raise DomainError("Hãy nhập nội dung ý kiến.")
    if not outgoing_visible_to(actor).filter(pk=document.pk).exists():
        raise NotPermitted("Không có quyền xem văn bản này.")
    if document.is_frozen:
        raise DomainError("Văn bản đã ban hành, không góp ý thêm.")
    with transaction.atomic():
        event = _event(actor, "Góp ý dự thảo", "comment", outgoing=document, comment=text.strip())
        record(actor, "documents.comment", document)
        if document.drafter_id != actor.pk:
            notify(
                document.drafter,
                f"outgoing:{document.pk}:comment:{event.pk}",
                f"Có góp ý cho dự thảo: {shown_subject(document)}",
                _document_url(document),
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
        _event(actor, f"Trình {target} duyệt", "submit", outgoing=document, comment=comment)
        record(actor, "documents.submit", document)
        version = document.versions.count()
        for person in people:
            notify(
                person,
                f"outgoing:{document.pk}:review:{version}:{document.status}",
                f"Dự thảo chờ duyệt: {shown_subject(document)}",
                _document_url(document),
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
        _event(
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
                _document_url(document),
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
        document.save(update_fields=["status", "updated_at"])
        _event(actor, "Trả lại để sửa", "return", outgoing=document, comment=reason)
        record(actor, "documents.return_draft", document, reason=reason)
        notify(
            document.drafter,
            f"outgoing:{document.pk}:returned:{document.events.count()}",
            f"Dự thảo bị trả lại: {shown_subject(document)}. Lý do: {reason}",
            _document_url(document),
        )
    return document


def approve(actor, document: OutgoingDocument, comment: str = "", pin: str | None = None) -> OutgoingDocument:
    """The leader approves the document and, given the PIN of their signing certificate, signs it."""
    if not (actor.is_superuser or access.is_leader_of(actor, document.agency_id)):
        raise NotPermitted("Chỉ lãnh đạo cơ quan mới được phê duyệt.")
    post = access.primary_assignment(actor, document.agency_id)
    with transaction.atomic():
        document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
        document.status = OUTGOING.target(document.status, "approve")
        document.approver = actor
        document.approved_at = timezone.now()
        document.signer_name = actor.get_full_name() or actor.get_username()
        document.signer_position = post.position.name if post else ""
        document.save()
        _event(actor, "Lãnh đạo phê duyệt", "approve", outgoing=document, comment=comment)
        record(actor, "documents.approve", document)
        signing_hooks.on_approve(document, actor, _approval_pdf(document) if pin else None, pin)
        from egov.accounts.roles import Role
        from egov.directory.queries import agency_staff

        for person in agency_staff(document.agency):
            if person.has_role(Role.CLERK):
                notify(
                    person,
                    f"outgoing:{document.pk}:approved",
                    f"Văn bản chờ cấp số: {shown_subject(document)}",
                    _document_url(document),
                    urgent=document.urgency > Urgency.NORMAL,
                )
    return document


def sequence_for(document: OutgoingDocument) -> str:
    """Điều 15: secret documents and each type of legal-normative document have their own sequence;
    administrative documents share one per agency and year."""
    if document.is_secret:
        return "mat"
    if document.legal_normative:
        return f"qppl-{document.doc_type}"
    return "hanh-chinh"


def notation_for(document: OutgoingDocument, year: int | None = None) -> str:
    """Phụ lục I II.3: `QĐ-UBND`; a công văn: organ plus drafting unit, `UBND-VX`; a legal-normative
    document carries its year, `2026/QĐ-UBND`. `year` defaults to the document's (set at numbering)."""
    organ = document.agency.short_name
    if document.legal_normative:  # VBQPPL: "01/2026/QĐ-UBND" (the year is part of the ký hiệu)
        return f"{year or document.year}/{document.doc_type}-{organ}"
    if document.doc_type in TYPES_WITHOUT_ABBREVIATION:
        unit = document.department.abbreviation if document.department_id else ""
        return f"{organ}-{unit}" if unit else organ
    return f"{document.doc_type}-{organ}"


def format_code(number: int, notation: str) -> str:
    """'05/UBND-VX': numbers below 10 take a leading zero; no spaces."""
    return f"{number:02d}/{notation}"


def place_name(agency) -> str:
    if agency.place_name:
        return agency.place_name
    if agency.unit_id:
        return agency.unit.short_name or agency.unit.name
    return ""


OUTSIDE_PORTAL_REFUSAL = (
    "Văn bản mật không được gửi điện tử ra ngoài hệ thống; "
    "chỉ gửi cho cơ quan trong hệ thống hoặc gửi bản giấy."
)


def header_blanks(document: OutgoingDocument) -> tuple[str, str]:
    """The number line and the place-and-date line with blanks, as on paper before numbering:
    ("Số:      /UBND-VX", "Phú Thọ, ngày      tháng      năm 2026")."""
    year = timezone.localdate().year
    blank = "\u00a0" * 6  # non-breaking, so the printed blanks keep their width
    return (
        f"Số:{blank}/{notation_for(document, year)}",
        f"{place_name(document.agency)}, ngày{blank}tháng{blank}năm {year}",
    )


def render_issued_pdf(document: OutgoingDocument, *, for_signature: bool = False) -> bytes:
    """The document as printed. Before numbering (what the leader signs) the number and the day are
    blanks, as on paper: Decree 30 assigns them after the signature. `for_signature`: the two lines are
    left as marked boxes where the leader's signing adds text fields showing the blanks, which the clerk
    fills at issue without touching the signed page (signing_hooks)."""
    from egov.pdf.qr import qr_svg
    from egov.pdf.render import render_pdf

    if document.code:
        number_line, date_line = f"Số: {document.code}", document.place_date_line
    else:
        number_line, date_line = header_blanks(document)
    as_fields = for_signature and not document.code
    verify_url = signing_hooks.verification_link(document)
    return render_pdf(
        "documents/pdf/outgoing.html",
        {
            "document": document,
            "agency_name": document.agency.name,
            "parent_agency_name": document.agency.parent.name if document.agency.parent_id else "",
            "number_line": number_line,
            "date_line": date_line,
            "number_field": as_fields,
            "date_field": as_fields,
            "recipients": list(document.recipients.all()),
            "verify_url": verify_url,
            "verify_qr": qr_svg(verify_url, scale=2),
        },
    )


def _approval_pdf(document: OutgoingDocument) -> bytes | None:
    """What the leader signs: the uploaded PDF, or the page rendered from the text; None for a .docx."""
    if document.file:
        if not document.file.name.lower().endswith(".pdf"):
            return None
        with document.file.open("rb") as handle:
            return handle.read()
    return render_issued_pdf(document, for_signature=True)


def issue(actor, document: OutgoingDocument, pin: str | None = None) -> OutgoingDocument:
    """Cấp số và phát hành (Điều 14–15): number from the right sequence, notation, place-and-date line,
    the final PDF, then delivery: portal agencies get it in their incoming registers with their own
    arrival numbers; recipients outside the portal are queued in the outbox (never a secret document)."""
    if not (actor.is_superuser or access.is_clerk_of(actor, document.agency_id)):
        raise NotPermitted("Chỉ văn thư của cơ quan mới được cấp số và phát hành.")
    recipients = list(document.recipients.select_related("agency"))
    if not recipients:
        raise DomainError("Văn bản chưa có nơi nhận.")
    if document.is_secret and any(r.kind != Recipient.Kind.AGENCY for r in recipients):
        raise DomainError(OUTSIDE_PORTAL_REFUSAL)
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        document = (
            OutgoingDocument.objects.select_for_update(of=("self",))
            .select_related("agency", "department")
            .get(pk=document.pk)
        )
        document.status = OUTGOING.target(document.status, "issue")
        from egov.pdf.dates import official_date_line

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
        if document.signing_state == signing_hooks.LEADER_SIGNED:
            with document.signed_file.open("rb") as handle:
                pdf = handle.read()
        elif document.file and document.file.name.lower().endswith(".pdf"):
            with document.file.open("rb") as handle:
                pdf = handle.read()
        else:
            pdf = render_issued_pdf(document)
        pdf = signing_hooks.on_issue(document, actor, pdf, pin)
        slug = document.code.replace("/", "-")
        document.signed_file.save(f"{slug}.pdf", ContentFile(pdf), save=False)
        if not document.extracted_text:
            document.extracted_text = extract_pdf_text(pdf)
        document.save(update_fields=["signed_file", "extracted_text", "signing_state", "updated_at"])
        reindex(document)
        _event(
            actor,
            f"Cấp số {document.code} và phát hành",
            "issue",
            outgoing=document,
            comment=document.place_date_line,
        )
        record(actor, "documents.issue", document, code=document.code, sequence=document.sequence)
        for recipient in recipients:
            if recipient.kind == Recipient.Kind.AGENCY:
                _deliver(document, recipient, pdf, now)
            else:
                OutboxMessage.objects.create(
                    document=document, recipient=recipient, payload=_edoc(document, recipient)
                )
        if document.correction_of_id:
            _event(
                actor,
                f"Có công văn đính chính số {document.code}",
                "corrected",
                outgoing=document.correction_of,
            )
    return document


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
    incoming = _allocate_incoming(
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
    _event(
        None,
        f"Nhận liên thông từ {document.agency.name}, số đến {incoming.arrival_number}",
        "register",
        incoming=incoming,
    )
    _event(None, f"{agency.name} đã nhận, số đến {incoming.arrival_number}", "delivered", outgoing=document)
    _notify_arrival(incoming)
    _notify_clerks(agency, incoming, "delivered", "Văn bản đến liên thông")
    return incoming


def _notify_clerks(agency, document: IncomingDocument, event: str, what: str) -> None:
    """Tell the agency's clerks that an incoming document waits for them (urgent ones marked so)."""
    from egov.accounts.roles import Role
    from egov.directory.queries import agency_staff

    for person in agency_staff(agency):
        if person.has_role(Role.CLERK):
            notify(
                person,
                f"incoming:{document.pk}:{event}",
                f"{what}: {shown_subject(document)}",
                _document_url(document),
                urgent=document.urgency > Urgency.NORMAL,
            )


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
        for incoming in IncomingDocument.objects.select_for_update().filter(source_outgoing=document):
            people = {t.assignee for t in incoming.tasks.filter(assignee__isnull=False)}
            from egov.accounts.roles import Role
            from egov.directory.queries import agency_staff

            people |= {p for p in agency_staff(incoming.agency) if p.has_role(Role.CLERK)}
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
            incoming.tasks.filter(status=Task.Status.OPEN).update(status=Task.Status.CANCELLED)
            _event(
                actor,
                f"Văn bản bị thu hồi bởi {document.agency.name}",
                "recall",
                incoming=incoming,
                comment=reason,
            )
            for person in people:
                notify(
                    person,
                    f"incoming:{incoming.pk}:recalled",
                    f"Văn bản {incoming.code} của {document.agency.name} đã bị thu hồi: {reason}",
                    reverse("documents:notifications"),
                )
        OutboxMessage.objects.filter(
            document=document, status=OutboxMessage.Status.PENDING, kind="edoc"
        ).update(status=OutboxMessage.Status.CANCELLED)
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
        _event(actor, "Thu hồi văn bản", "recall", outgoing=document, comment=reason)
        record(actor, "documents.recall", document, reason=reason)
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
        _event(actor, "Bắt đầu dự thảo công văn đính chính", "correction", outgoing=original)
        record(actor, "documents.start_correction", draft, original=original.pk)
    return draft


# --- secrecy --------------------------------------------------------------------------------------------
def _may_see_secret(user, document: IncomingDocument) -> bool:
    from .queries import incoming_visible_to

    return incoming_visible_to(user).filter(pk=document.pk).exists()


# --- work files -----------------------------------------------------------------------------------------
def create_work_file(
    actor,
    *,
    agency,
    notation: str,
    title: str,
    year: int | None = None,
    maintenance: str = "10 năm",
    start_date=None,
    end_date=None,
    archive_due=None,
    description: str = "",
) -> WorkFile:
    if agency.pk not in access.agency_ids(actor) and not actor.is_superuser:
        raise NotPermitted("Chỉ lập hồ sơ của cơ quan mình.")
    notation = notation.strip()
    if not notation or not title.strip():
        raise DomainError("Phải nhập số, ký hiệu và tiêu đề hồ sơ.")
    year = year or _today().year
    if WorkFile.objects.filter(agency=agency, year=year, notation=notation).exists():
        raise DomainError("Số và ký hiệu hồ sơ đã có trong năm.")
    if archive_due is None and end_date is not None:
        archive_due = end_date.replace(year=end_date.year + 1)  # Điều 30: one year after the work ends
    work_file = WorkFile.objects.create(
        agency=agency,
        year=year,
        notation=notation,
        title=title,
        maintenance=maintenance,
        creator=actor,
        start_date=start_date or _today(),
        end_date=end_date,
        archive_due=archive_due,
        description=description,
    )
    record(actor, "documents.create_work_file", work_file)
    return work_file


def add_to_work_file(actor, work_file: WorkFile, document) -> WorkFileItem:
    """Put a document in a file without copying it; it gets the next ordinal of the file (DocOrdinal)."""
    if work_file.agency_id not in access.agency_ids(actor) and not actor.is_superuser:
        raise NotPermitted("Chỉ cập nhật hồ sơ của cơ quan mình.")
    if document.agency_id != work_file.agency_id:
        raise DomainError("Văn bản không thuộc cơ quan lập hồ sơ.")
    key = {"incoming": document} if isinstance(document, IncomingDocument) else {"outgoing": document}
    if WorkFileItem.objects.filter(work_file=work_file, **key).exists():
        raise DomainError("Văn bản đã có trong hồ sơ này.")
    with transaction.atomic():
        ordinal = next_number(f"documents.workfile:{work_file.pk}", work_file.year)
        item = WorkFileItem.objects.create(work_file=work_file, ordinal=ordinal, **key)
        record(actor, "documents.add_to_work_file", work_file, ordinal=ordinal)
    return item


def work_files_due_for_archive(agency=None, today=None):
    """Files whose archive transfer is due within 30 days (Phụ lục VI)."""
    today = today or _today()
    files = WorkFile.objects.filter(
        archive_due__isnull=False, archive_due__lte=today + datetime.timedelta(days=ARCHIVE_WARNING_DAYS)
    )
    return files.filter(agency=agency) if agency is not None else files


# --- reminders (beat jobs) ------------------------------------------------------------------------------
REMIND_DAYS_BEFORE = 1


def send_deadline_reminders(today: datetime.date | None = None) -> int:
    """Before the deadline (REMIND_DAYS_BEFORE working days) and once overdue: one notification per task
    and kind, never twice (Notification.key is unique per user)."""
    from egov.directory.queries import department_heads
    from egov.workdays.clock import add_working_days

    today = today or _today()
    soon = add_working_days(today, REMIND_DAYS_BEFORE)
    sent = 0
    open_tasks = (
        Task.objects.filter(status=Task.Status.OPEN, deadline__lte=soon)
        .select_related("incoming", "department")
        .exclude(incoming__status=IncomingStatus.RECALLED)
    )
    for task in open_tasks.filter(children__isnull=True).distinct():
        overdue = task.deadline < today
        kind = "overdue" if overdue else "soon"
        people = [task.assignee] if task.assignee else list(department_heads(task.department))
        url = (
            _document_url(task.incoming)
            if task.incoming
            else reverse("documents:task-detail", args=[task.pk])
        )
        text = (
            f"Quá hạn xử lý ({task.deadline:%d/%m/%Y}): {_task_title(task)}"
            if overdue
            else f"Sắp đến hạn xử lý ({task.deadline:%d/%m/%Y}): {_task_title(task)}"
        )
        for person in people:
            if notify(person, f"task:{task.pk}:{kind}", text, url, urgent=overdue):
                sent += 1
    return sent


def send_leader_digests(today: datetime.date | None = None) -> int:
    """The morning digest: each agency leader gets the list of what is overdue in their agency, once a day."""
    from egov.directory.queries import agency_leaders

    today = today or _today()
    sent = 0
    overdue = Task.objects.filter(status=Task.Status.OPEN, deadline__lt=today, parent__isnull=True).exclude(
        incoming__status=IncomingStatus.RECALLED
    )
    by_agency: dict[int, list[Task]] = {}
    for task in overdue.select_related("agency", "incoming"):
        by_agency.setdefault(task.agency_id, []).append(task)
    for agency_id, tasks in by_agency.items():
        agency = tasks[0].agency
        lines = "; ".join(f"{_task_title(t)[:60]} (hạn {t.deadline:%d/%m})" for t in tasks[:10])
        text = f"{agency.short_name}: {len(tasks)} việc quá hạn. {lines}"
        for leader in agency_leaders(agency):
            if notify(
                leader,
                f"digest:{agency_id}:{today.isoformat()}",
                text,
                reverse("documents:tracking"),
                urgent=True,
            ):
                sent += 1
    return sent


def mark_notifications_read(user, ids=None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
