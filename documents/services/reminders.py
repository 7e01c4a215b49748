"""Beat jobs: deadline reminders and the leaders' morning digest."""

import datetime

from django.urls import reverse

from ..models import IncomingStatus, Task
from .common import document_url, local_today, task_title
from .notifications import notify

REMIND_DAYS_BEFORE = 1


def send_deadline_reminders(today: datetime.date | None = None) -> int:
    """Before the deadline (REMIND_DAYS_BEFORE working days) and once overdue: one notification per task
    and kind, never twice (Notification.key is unique per user)."""
    from egov.directory.queries import department_heads
    from egov.workdays.clock import add_working_days

    today = today or local_today()
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
            document_url(task.incoming) if task.incoming else reverse("documents:task-detail", args=[task.pk])
        )
        text = (
            f"Quá hạn xử lý ({task.deadline:%d/%m/%Y}): {task_title(task)}"
            if overdue
            else f"Sắp đến hạn xử lý ({task.deadline:%d/%m/%Y}): {task_title(task)}"
        )
        for person in people:
            if notify(person, f"task:{task.pk}:{kind}", text, url, urgent=overdue):
                sent += 1
    return sent


def send_leader_digests(today: datetime.date | None = None) -> int:
    """The morning digest: each agency leader gets the list of what is overdue in their agency, once a day."""
    from egov.directory.queries import agency_leaders

    today = today or local_today()
    sent = 0
    overdue = Task.objects.filter(status=Task.Status.OPEN, deadline__lt=today, parent__isnull=True).exclude(
        incoming__status=IncomingStatus.RECALLED
    )
    by_agency: dict[int, list[Task]] = {}
    for task in overdue.select_related("agency", "incoming"):
        by_agency.setdefault(task.agency_id, []).append(task)
    for agency_id, tasks in by_agency.items():
        agency = tasks[0].agency
        lines = "; ".join(f"{task_title(t)[:60]} (hạn {t.deadline:%d/%m})" for t in tasks[:10])
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
