"""Background jobs of the one-stop desk (beat schedule in settings: `onestop-deadline-sweep`).

The deadline sweep flags each dossier once per kind and due time: near due, overdue, apology due (the last
working day on which Mẫu 04 can still be sent), result not collected. A flag is set by an UPDATE that only
matches unflagged rows, on rows locked with SKIP LOCKED, and each reminder is a notification with a unique
key, so running it twice, or twice at once, sends nothing twice."""

import datetime

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from egov.accounts.roles import Role
from egov.audit.services import record
from egov.workdays import clock
from egov.workdays.clock import TimeUnit

from .models import OPEN_STATUSES, Dossier, Status

BATCH = 500
# paused dossiers have no due time to watch
RUNNING = OPEN_STATUSES - {Status.SUPPLEMENT, Status.AWAITING_PAYMENT}


def near_due_days() -> int:
    return settings.ONESTOP_NEAR_DUE_WORKING_DAYS


def uncollected_days() -> int:
    return settings.ONESTOP_UNCOLLECTED_WORKING_DAYS


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def sweep_querysets(now: datetime.datetime) -> dict:
    """kind → (dossiers to flag, the flag's field). Every filter is served by `dossier_sweep`."""
    open_ = Dossier.objects.filter(closed_at__isnull=True)
    soon = clock.due_at(now, near_due_days(), TimeUnit.DAYS)
    apology_limit = clock.due_at(now, 1, TimeUnit.DAYS)
    uncollected_since = _start_of(clock.add_working_days(timezone.localtime(now).date(), -uncollected_days()))
    return {
        "overdue": (
            open_.filter(status__in=RUNNING, due_at__lt=now, overdue_flagged_at__isnull=True),
            "overdue_flagged_at",
        ),
        "near_due": (
            open_.filter(
                status__in=RUNNING, due_at__gte=now, due_at__lte=soon, near_due_flagged_at__isnull=True
            ),
            "near_due_flagged_at",
        ),
        "apology_due": (
            open_.filter(
                status__in=RUNNING,
                due_at__gte=now,
                due_at__lte=apology_limit,
                apology_due_flagged_at__isnull=True,
            ),
            "apology_due_flagged_at",
        ),
        "uncollected": (
            open_.filter(
                status=Status.RESULT_READY,
                result_ready_at__lt=uncollected_since,
                uncollected_flagged_at__isnull=True,
            ),
            "uncollected_flagged_at",
        ),
    }


TEXTS = {
    "overdue": "Hồ sơ {code} đã quá hạn giải quyết (hẹn trả {due}).",
    "near_due": "Hồ sơ {code} sắp đến hạn trả kết quả ({due}).",
    "apology_due": "Hồ sơ {code}: hôm nay là hạn cuối gửi văn bản xin lỗi và hẹn lại (Mẫu 04) nếu không kịp "
    "trả kết quả {due}.",
    "uncollected": "Hồ sơ {code} đã có kết quả nhưng người nộp chưa nhận.",
}


def _people(rows: list[Dossier], kind: str) -> dict[int, set[int]]:
    """Whom to remind, by dossier: the step's assignee (or the department's heads, or the agency's
    leaders) and the receiving desk's officers. Three queries for a whole batch of dossiers."""
    from egov.directory.models import Position, StaffAssignment

    posts = StaffAssignment.objects.current().filter(user__is_active=True)

    def by(field: str, ids: set, condition: Q) -> dict[int, set[int]]:
        found: dict[int, set[int]] = {}
        if ids:
            rows = posts.filter(condition, **{f"{field}__in": ids}).values_list(field, "user_id")
            for key, user_id in rows:
                found.setdefault(key, set()).add(user_id)
        return found

    def holding_agency(dossier: Dossier) -> int:
        return dossier.holder_agency_id or dossier.competent_agency_id

    watched = [] if kind == "uncollected" else [d for d in rows if not d.holder_id]
    heads = by(
        "department_id",
        {d.holder_department_id for d in watched if d.holder_department_id},
        Q(position__rank=Position.Rank.DEPARTMENT_HEAD),
    )
    leaders = by(
        "agency_id",
        {holding_agency(d) for d in watched if not d.holder_department_id},
        Q(position__rank=Position.Rank.AGENCY_LEADER) | Q(user__groups__name=Role.LEADER.value),
    )
    officers = by(
        "agency_id", {d.receiving_agency_id for d in rows}, Q(user__groups__name=Role.ONESTOP_OFFICER.value)
    )
    people = {}
    for dossier in rows:
        mine = set(officers.get(dossier.receiving_agency_id, ()))
        if kind != "uncollected":
            if dossier.holder_id:
                mine.add(dossier.holder_id)
            elif dossier.holder_department_id:
                mine |= heads.get(dossier.holder_department_id, set())
            else:
                mine |= leaders.get(holding_agency(dossier), set())
        people[dossier.pk] = mine
    return people


def _remind(kind: str, rows: list[Dossier]) -> None:
    """One notification per dossier and person (documents' Notification, once per user and key, the
    e-mail announced on commit as `documents.services.notify` does), written in three queries a batch:
    the people, the keys already sent, one INSERT."""
    from documents.models import Notification
    from documents.services.notifications import mail_queued
    from egov.accounts.models import User

    people = _people(rows, kind)
    wanted = {}
    for dossier in rows:
        due = f"{timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}" if dossier.due_at else ""
        key = f"onestop:{dossier.pk}:{kind}" + (f":{dossier.due_at:%Y%m%d%H%M}" if dossier.due_at else "")
        for user_id in people[dossier.pk]:
            wanted[user_id, key[:120]] = (TEXTS[kind].format(code=dossier.code, due=due), dossier.code)
    if not wanted:
        return
    users = {user_id for user_id, _key in wanted}
    sent = set(
        Notification.objects.filter(user_id__in=users, key__in={key for _user, key in wanted}).values_list(
            "user_id", "key"
        )
    )
    mailed = set(User.objects.filter(pk__in=users).exclude(email="").values_list("pk", flat=True))
    created = Notification.objects.bulk_create(
        Notification(
            user_id=user_id,
            key=key,
            text=text[:500],
            url=f"/tra-cuu-ho-so/{code}/",
            urgent=kind == "overdue",
            mail=Notification.Mail.PENDING if user_id in mailed else Notification.Mail.NONE,
        )
        for (user_id, key), (text, code) in wanted.items()
        if (user_id, key) not in sent
    )
    pending = [n.pk for n in created if n.mail == Notification.Mail.PENDING]
    if pending:
        transaction.on_commit(lambda: [mail_queued.send(Notification, notification_id=pk) for pk in pending])


def sweep_deadlines(now: datetime.datetime | None = None) -> dict[str, int]:
    """Flag and remind; returns how many dossiers were flagged, by kind. A batch is a few set-based
    queries whatever its size (take, read, flag, remind), so a sweep's work grows with what it flags."""
    now = now or timezone.now()
    flagged = {}
    for kind, (queryset, flag) in sweep_querysets(now).items():
        flagged[kind] = 0
        while True:
            with transaction.atomic():
                ids = list(
                    queryset.select_for_update(skip_locked=True)
                    .order_by("due_at", "pk")
                    .values_list("pk", flat=True)[:BATCH]
                )
                if not ids:
                    break
                taken = queryset.filter(pk__in=ids)
                rows = list(
                    taken.only(
                        "pk",
                        "code",
                        "due_at",
                        "holder",
                        "holder_department",
                        "holder_agency",
                        "competent_agency",
                        "receiving_agency",
                    )
                )
                taken.update(**{flag: now})
                _remind(kind, rows)
                flagged[kind] += len(rows)
    if any(flagged.values()):
        record(None, "onestop.deadline_sweep", None, **flagged)
    return flagged


@shared_task(acks_late=True)
def deadline_sweep() -> dict[str, int]:
    return sweep_deadlines()
