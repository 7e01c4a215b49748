"""Routing of work: assignment by the leader, delegation in a department, progress and completion."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from egov.audit.services import record
from egov.directory.models import Agency
from egov.errors import DomainError, NotPermitted

from .. import access
from ..models import IncomingDocument, IncomingStatus, OutgoingDocument, Task, Urgency
from ..workflow import INCOMING, TASK
from .common import document_url, local_today, log_event, may_see_secret, task_title
from .notifications import notify


def resolve_deadline(deadline=None, working_days=None) -> datetime.date:
    if deadline is None and working_days is None:
        raise DomainError("Phải có hạn xử lý (ngày hoặc số ngày làm việc).")
    if deadline is None:
        from egov.workdays.clock import add_working_days

        if int(working_days) < 1:
            raise DomainError("Số ngày làm việc phải từ 1 trở lên.")
        return add_working_days(local_today(), int(working_days))
    if deadline < local_today():
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
    url = document_url(doc) if doc else reverse("documents:task-detail", args=[task.pk])
    for person in people:
        notify(
            person,
            f"task:{task.pk}:assigned",
            f"{prefix}Được giao {task.get_role_display().lower()}: {task_title(task)} "
            f"(hạn {task.deadline:%d/%m/%Y})",
            url,
            urgent=urgent,
        )


def check_target_in_agency(agency, department, assignee):
    if department is None and assignee is None:
        raise DomainError("Phải chọn đơn vị hoặc người thực hiện.")
    if department is not None and department.agency_id != agency.pk:
        raise DomainError("Đơn vị được giao không thuộc cơ quan.")
    if assignee is not None and agency.pk not in access.agency_ids(assignee):
        raise DomainError("Người được giao không công tác tại cơ quan.")


def assign(
    actor,
    document: IncomingDocument,
    lead: dict,
    coordinators: list[dict] = (),
    comment: str = "",
    *,
    due_date: datetime.date | None = None,
):
    """Ý kiến lãnh đạo cơ quan (Phiếu giải quyết, Điều 23.4): one lead (chủ trì) and any number of
    coordinating (phối hợp) units or people, each a dict {department, assignee, deadline | working_days,
    instructions}. Returns the tasks created. The document's own due date (hạn giải quyết) is kept
    unless the leader sets a new one as `due_date`, which is recorded in the timeline and the audit."""
    if not (actor.is_superuser or access.is_leader_of(actor, document.agency_id)):
        raise NotPermitted("Chỉ lãnh đạo cơ quan mới được phân công xử lý văn bản.")
    if document.is_secret and not may_see_secret(actor, document):
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
            check_target_in_agency(document.agency, department, assignee)
            key = (getattr(department, "pk", None), getattr(assignee, "pk", None))
            if key in seen:
                raise DomainError("Một đơn vị hoặc người chỉ được giao một lần.")
            seen.add(key)
            deadline = resolve_deadline(entry.get("deadline"), entry.get("working_days"))
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
            log_event(
                actor,
                f"Giao {task.get_role_display().lower()}: {_target_display(department, assignee)}, "
                f"hạn {deadline:%d/%m/%Y}",
                "assign",
                incoming=document,
                task=task,
                comment=task.instructions,
            )
        document.status = target_state
        previous_due = document.due_date
        if due_date is not None and due_date != previous_due:
            if due_date < local_today():
                raise DomainError("Hạn giải quyết không được trước ngày hôm nay.")
            document.due_date = due_date
            was = f"{previous_due:%d/%m/%Y}" if previous_due else "chưa có"
            log_event(
                actor, f"Đổi hạn giải quyết: {was} → {due_date:%d/%m/%Y}", "due_date", incoming=document
            )
        document.save(update_fields=["status", "due_date", "updated_at"])
        if comment:
            log_event(actor, "Ý kiến chỉ đạo", "comment", incoming=document, comment=comment)
        record(
            actor,
            "documents.assign",
            document,
            tasks=[t.pk for t in tasks],
            due_date=document.due_date.isoformat() if document.due_date else None,
            previous_due_date=previous_due.isoformat() if previous_due else None,
        )
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
    deadline = resolve_deadline(deadline, working_days)
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
        log_event(
            actor,
            f"Chuyển xử lý cho {assignee}, hạn {deadline:%d/%m/%Y}",
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
        log_event(actor, "Cập nhật tiến độ", "progress", incoming=task.incoming, task=task, comment=text)
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
        task.status = TASK.target(task.status, "complete")
        task.result = result or (f"Trả lời bằng văn bản {reply.code or reply.subject}" if reply else "")
        task.completed_at = now
        task.save(update_fields=["status", "result", "completed_at"])
        comment = task.result
        log_event(
            actor, "Hoàn thành nhiệm vụ", "complete", incoming=task.incoming, task=task, comment=comment
        )
        # A delegated task completes its parent too (the department's work is done).
        parent = task.parent
        while parent is not None and parent.status == Task.Status.OPEN:
            parent.status = TASK.target(parent.status, "complete")
            parent.result, parent.completed_at = task.result, now
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
                log_event(actor, "Văn bản đã được giải quyết", "done", incoming=document, comment=task.result)
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
    check_target_in_agency(agency, department, assignee)
    deadline = resolve_deadline(deadline, working_days)
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
        log_event(
            actor,
            f"Giao nhiệm vụ cho {_target_display(department, assignee)}",
            "assign",
            task=task,
            comment=instructions,
        )
        record(actor, "documents.create_task", task, agency=agency.pk)
        _notify_task(task)
    return task
