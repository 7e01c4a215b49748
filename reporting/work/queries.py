"""The figures of the work statistics, read from the documents app's own tables with indexed GROUP BY queries
(one query per table; no summary table: see bench/reporting_documents.py for the times at a million
documents).

What is counted, for a period (local days, Asia/Ho_Chi_Minh):

Incoming documents (văn bản đến): the lines of the incoming register whose arrival day is in the period
(an arrival number was given: documents returned before registration and electronic arrivals still waiting
for the clerk are not in the register). Recalled copies keep their register line and are counted.
- received electronically: arrived through the exchange axis (channel `electronic`) or delivered inside the
  portal by another agency (channel `portal`); the rest were registered from paper. The system records no
  separate e-mail channel: a document received by e-mail is registered as electronic or paper by the clerk.
- per department: the documents whose processing the leader gave to the department as lead (chủ trì; a
  top-level task), counted once per department; those not (yet) given to a department as lead are shown on
  a line of their own.

Outgoing documents (văn bản đi): those issued (numbered and sent; recalled ones included) with an issue
date in the period, per agency and per drafting department.
- leader's signature: the leader signed the document digitally at approval (signing state leader_signed or
  sealed); organisation's signature: the clerk applied the agency's digital signature at issue (sealed).
- sent electronically: every recipient (a document is issued only with one) received it electronically,
  inside the portal (delivered to the agency's incoming register) or through the exchange axis (its
  outbox message was sent). Documents with a message still waiting for (or failed on) the axis are
  counted as waiting. The system does not record a paper dispatch (no post register), so "sent on paper"
  is not a figure here: what is not sent electronically is waiting or was never delivered electronically.

Tasks (nhiệm vụ: routing steps of incoming documents with a deadline, and stand-alone tasks), per executing
agency, department and person:
- done on time / done late: completed in the period, on or before / after the deadline's day (as
  documents.models.tracking_state);
- in progress within the deadline / overdue: assigned by the end of the period (or today, when the period
  has not ended) and not completed then; overdue when the deadline is before that day.
- per agency and department: the tasks the leaders assigned (top level: no parent); per person: every task
  held by the person by name, delegated ones included (so the person table need not add up to the
  department's).
- cancelled tasks (their document was recalled) are not counted: the time of a cancellation is not stored,
  so a past period could not tell whether the task was still open then.

Secret documents (mật) are counted in every figure and in a column of their own; nothing here reads or
returns a subject, a title or any other content of a document or a task.
"""

import datetime
from dataclasses import dataclass, fields
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.models import (
    Channel,
    IncomingDocument,
    OutboxMessage,
    OutgoingDocument,
    OutgoingStatus,
    Recipient,
    SigningState,
    Task,
)
from egov.directory.models import Department
from reporting.periods import Period

from .scope import Selection

NO_DEPARTMENT = "none"
ISSUED = (OutgoingStatus.ISSUED, OutgoingStatus.RECALLED)
LEADER_SIGNED = (SigningState.LEADER_SIGNED, SigningState.SEALED)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class DocumentFigures:
    incoming: int = 0
    incoming_exchange: int = 0  # through the exchange axis (channel electronic)
    incoming_portal: int = 0  # delivered inside the portal
    incoming_secret: int = 0
    outgoing: int = 0
    outgoing_electronic: int = 0  # every recipient reached electronically
    outgoing_waiting: int = 0  # a message still waiting for (or failed on) the exchange axis
    outgoing_leader_signed: int = 0
    outgoing_sealed: int = 0
    outgoing_secret: int = 0

    COUNTS = (
        "incoming",
        "incoming_exchange",
        "incoming_portal",
        "incoming_secret",
        "outgoing",
        "outgoing_electronic",
        "outgoing_waiting",
        "outgoing_leader_signed",
        "outgoing_sealed",
        "outgoing_secret",
    )
    RATES = ("incoming_electronic_rate", "outgoing_electronic_rate", "leader_signed_rate", "sealed_rate")
    LABELS = {
        "incoming": gettext_lazy("Văn bản đến"),
        "incoming_electronic": gettext_lazy("Nhận điện tử"),
        "incoming_exchange": gettext_lazy("Qua trục liên thông"),
        "incoming_portal": gettext_lazy("Liên thông trong hệ thống"),
        "incoming_paper": gettext_lazy("Văn bản giấy"),
        "incoming_secret": gettext_lazy("Văn bản đến mật"),
        "incoming_electronic_rate": gettext_lazy("Tỷ lệ nhận điện tử (%)"),
        "outgoing": gettext_lazy("Văn bản đi"),
        "outgoing_electronic": gettext_lazy("Gửi điện tử"),
        "outgoing_waiting": gettext_lazy("Chờ gửi qua trục"),
        "outgoing_electronic_rate": gettext_lazy("Tỷ lệ gửi điện tử (%)"),
        "outgoing_leader_signed": gettext_lazy("Lãnh đạo ký số"),
        "leader_signed_rate": gettext_lazy("Tỷ lệ lãnh đạo ký số (%)"),
        "outgoing_sealed": gettext_lazy("Ký số của cơ quan"),
        "sealed_rate": gettext_lazy("Tỷ lệ ký số của cơ quan (%)"),
        "outgoing_secret": gettext_lazy("Văn bản đi mật"),
    }

    @property
    def incoming_electronic(self) -> int:
        return self.incoming_exchange + self.incoming_portal

    @property
    def incoming_paper(self) -> int:
        return self.incoming - self.incoming_electronic

    @property
    def incoming_electronic_rate(self) -> float | None:
        return _rate(self.incoming_electronic, self.incoming)

    @property
    def outgoing_electronic_rate(self) -> float | None:
        return _rate(self.outgoing_electronic, self.outgoing)

    @property
    def leader_signed_rate(self) -> float | None:
        return _rate(self.outgoing_leader_signed, self.outgoing)

    @property
    def sealed_rate(self) -> float | None:
        return _rate(self.outgoing_sealed, self.outgoing)

    def as_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(
            incoming_electronic=self.incoming_electronic,
            incoming_paper=self.incoming_paper,
            **{name: getattr(self, name) for name in self.RATES},
        )
        return data


@dataclass(frozen=True)
class TaskFigures:
    done_on_time: int = 0
    done_late: int = 0
    in_progress_within: int = 0
    overdue: int = 0

    LABELS = {
        "total": gettext_lazy("Tổng số nhiệm vụ"),
        "done_on_time": gettext_lazy("Hoàn thành đúng hạn"),
        "done_late": gettext_lazy("Hoàn thành quá hạn"),
        "in_progress_within": gettext_lazy("Đang thực hiện trong hạn"),
        "overdue": gettext_lazy("Đang thực hiện quá hạn"),
        "on_time_rate": gettext_lazy("Tỷ lệ hoàn thành đúng hạn (%)"),
    }

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def in_progress(self) -> int:
        return self.in_progress_within + self.overdue

    @property
    def total(self) -> int:
        return self.done + self.in_progress

    @property
    def on_time_rate(self) -> float | None:
        """Of the tasks completed in the period, the share completed by their deadline."""
        return _rate(self.done_on_time, self.done)

    def as_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(done=self.done, in_progress=self.in_progress, total=self.total)
        data["on_time_rate"] = self.on_time_rate
        return data


@dataclass(frozen=True)
class Row:
    key: str  # agency id, department id ("none": no department), user id
    label: str
    figures: DocumentFigures | TaskFigures


@dataclass(frozen=True)
class Table:
    period: Period
    scope_label: str
    by: str
    rows: list[Row]
    total: DocumentFigures | TaskFigures
    notes: list[str]


# --- time -------------------------------------------------------------------------------------------------
def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def midnight(day: datetime.date) -> datetime.datetime:
    """The start of a local day, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=_zone())


def bounds(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    return midnight(period.start), midnight(period.end + datetime.timedelta(days=1))


def cutoff(period: Period, today: datetime.date | None = None) -> datetime.date:
    """The day on which the tasks still open are classified: the period's last day, or today."""
    return min(period.end, today or timezone.localdate())


# --- documents --------------------------------------------------------------------------------------------
def incoming_in(period: Period):
    lo, hi = bounds(period)
    return IncomingDocument.objects.filter(
        arrival_number__isnull=False, arrived_at__gte=lo, arrived_at__lt=hi
    )


def outgoing_in(period: Period):
    return OutgoingDocument.objects.filter(
        number__isnull=False,
        status__in=ISSUED,
        issued_date__gte=period.start,
        issued_date__lte=period.end,
    )


def _unreached(outgoing):
    """Recipients of the documents in `outgoing` that did not receive them electronically (yet)."""
    sent = OutboxMessage.objects.filter(
        recipient=OuterRef("pk"), kind="edoc", status=OutboxMessage.Status.SENT
    )
    return Recipient.objects.filter(document__in=outgoing, delivered__isnull=True).exclude(Exists(sent))


def _waiting(outgoing):
    return OutboxMessage.objects.filter(
        document__in=outgoing,
        kind="edoc",
        status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.FAILED],
    )


def _incoming_counts(prefix: str = "", distinct: bool = False) -> dict:
    target = f"{prefix}pk" if not prefix else f"{prefix}id"
    return {
        "incoming": Count(target, distinct=distinct),
        "incoming_exchange": Count(
            target, distinct=distinct, filter=Q(**{f"{prefix}channel": Channel.ELECTRONIC})
        ),
        "incoming_portal": Count(target, distinct=distinct, filter=Q(**{f"{prefix}channel": Channel.PORTAL})),
        "incoming_secret": Count(target, distinct=distinct, filter=Q(**{f"{prefix}secrecy__gt": 0})),
    }


def _outgoing_counts() -> dict:
    return {
        "outgoing": Count("pk"),
        "outgoing_leader_signed": Count("pk", filter=Q(signing_state__in=LEADER_SIGNED)),
        "outgoing_sealed": Count("pk", filter=Q(signing_state=SigningState.SEALED)),
        "outgoing_secret": Count("pk", filter=Q(secrecy__gt=0)),
    }


def _documents_counted():
    return {"n": Count("document_id", distinct=True)}


def _outgoing_grouped(outgoing, key: str) -> dict[str, dict]:
    """The outgoing figures per group. Whether a document reached every recipient electronically is
    counted from its recipients (joined to the period's documents by the recipients' document index),
    not with a sub-query per document, which PostgreSQL would answer by hashing every recipient."""
    found = _grouped(outgoing, key, _outgoing_counts())
    unreached = _grouped(_unreached(outgoing), f"document__{key}", _documents_counted())
    waiting = _grouped(_waiting(outgoing), f"document__{key}", _documents_counted())
    for group, row in found.items():
        row["outgoing_electronic"] = row["outgoing"] - unreached.get(group, {}).get("n", 0)
        row["outgoing_waiting"] = waiting.get(group, {}).get("n", 0)
    return found


def _outgoing_total(outgoing) -> dict:
    row = _total(outgoing, _outgoing_counts())
    row["outgoing_electronic"] = row["outgoing"] - _total(_unreached(outgoing), _documents_counted())["n"]
    row["outgoing_waiting"] = _total(_waiting(outgoing), _documents_counted())["n"]
    return row


def _grouped(queryset, key: str, counts: dict) -> dict[str, dict]:
    """{group: {figure: n}}. The aggregates are named c_<figure> in SQL: a figure named like a field of the
    model (a task's `incoming`) would otherwise shadow it."""
    found = {}
    aliased = {f"c_{name}": aggregate for name, aggregate in counts.items()}
    for row in queryset.order_by().values(key).annotate(**aliased):
        group = row.pop(key)
        found[NO_DEPARTMENT if group is None else str(group)] = {k[2:]: v for k, v in row.items()}
    return found


def _merge(*groups: dict[str, dict]) -> dict[str, DocumentFigures]:
    keys = set().union(*groups)
    return {k: DocumentFigures(**{n: v for g in groups for n, v in g.get(k, {}).items()}) for k in keys}


def _total(queryset, counts: dict) -> dict:
    aliased = {f"c_{name}": aggregate for name, aggregate in counts.items()}
    return {k[2:]: v for k, v in queryset.order_by().aggregate(**aliased).items()}


def _led_tasks():
    return Task.objects.filter(parent__isnull=True, role=Task.Role.LEAD, department__isnull=False)


def document_table(period: Period, selection: Selection, by: str = "agency") -> Table:
    """Incoming and outgoing documents of the selection, a row per agency or per department."""
    notes = []
    incoming, outgoing = incoming_in(period), outgoing_in(period)
    if selection.whole_agencies:
        incoming = incoming.filter(agency_id__in=selection.agency_ids)
        outgoing = outgoing.filter(agency_id__in=selection.agency_ids)
        total = DocumentFigures(**_total(incoming, _incoming_counts()), **_outgoing_total(outgoing))
    else:
        led = _led_tasks().filter(department_id__in=selection.department_ids, incoming__in=incoming)
        outgoing = outgoing.filter(department_id__in=selection.department_ids)
        total = DocumentFigures(
            **_total(led, _incoming_counts("incoming__", distinct=True)),
            **_outgoing_total(outgoing),
        )
    if by == "agency" and selection.whole_agencies:
        figures = _merge(
            _grouped(incoming, "agency_id", _incoming_counts()),
            _outgoing_grouped(outgoing, "agency_id"),
        )
        rows = [Row(str(a.pk), a.name, figures.get(str(a.pk), DocumentFigures())) for a in selection.agencies]
    else:
        by = "department"
        if selection.whole_agencies:
            departments = list(
                Department.objects.filter(agency_id__in=selection.agency_ids).select_related("agency")
            )
            led = _led_tasks().filter(incoming__in=incoming, department__agency_id__in=selection.agency_ids)
        else:
            departments = list(selection.departments)
        in_groups = _grouped(led, "department_id", _incoming_counts("incoming__", distinct=True))
        out_groups = _outgoing_grouped(outgoing, "department_id")
        figures = _merge(in_groups, out_groups)
        several = len({d.agency_id for d in departments}) > 1
        rows = [
            Row(str(d.pk), _department_label(d, several), figures.get(str(d.pk), DocumentFigures()))
            for d in sorted(departments, key=lambda d: (d.agency.name if several else "", d.name))
            if d.is_active or str(d.pk) in figures
        ]
        if selection.whole_agencies:
            without = incoming.exclude(Exists(_led_tasks().filter(incoming=OuterRef("pk"))))
            rest = DocumentFigures(**_total(without, _incoming_counts()), **out_groups.get(NO_DEPARTMENT, {}))
            if rest.incoming or rest.outgoing:
                rows.append(
                    Row(NO_DEPARTMENT, _("Chưa giao phòng, ban chủ trì hoặc không ghi đơn vị soạn"), rest)
                )
            notes.append(
                _(
                    "Văn bản đến được tính cho phòng, ban được giao chủ trì; một văn bản lần lượt giao cho "
                    "nhiều phòng, ban được tính ở mỗi phòng, ban, nên cộng các dòng có thể lớn hơn dòng tổng."
                )
            )
    return Table(period, selection.label, by, rows, total, notes + document_notes())


def document_notes() -> list[str]:
    return [
        _(
            "Văn bản đến: các dòng của sổ văn bản đến có ngày đến trong kỳ. Nhận điện tử gồm văn bản "
            "qua trục liên thông và văn bản liên thông trong hệ thống; hệ thống không ghi riêng văn bản "
            "nhận qua thư điện tử."
        ),
        _(
            "Văn bản đi: văn bản đã ban hành có ngày ban hành trong kỳ. Gửi điện tử: mọi nơi nhận đã nhận "
            "bằng đường điện tử (trong hệ thống hoặc qua trục). Hệ thống không ghi việc gửi bản giấy qua bưu "
            "điện nên không có số văn bản gửi bằng giấy."
        ),
        _("Văn bản mật chỉ được đếm, không hiển thị trích yếu hay nội dung."),
    ]


def _department_label(department: Department, with_agency: bool) -> str:
    return f"{department.name} ({department.agency.short_name})" if with_agency else department.name


# --- tasks ------------------------------------------------------------------------------------------------
def tasks_in(period: Period, today: datetime.date | None = None):
    """Tasks completed in the period or still open at its end (cutoff), cancelled ones left out."""
    lo, hi = bounds(period)
    open_until = midnight(cutoff(period, today) + datetime.timedelta(days=1))
    done_in = Q(status=Task.Status.DONE, completed_at__gte=lo, completed_at__lt=hi)
    still_open = Q(assigned_at__lt=open_until) & (
        Q(status=Task.Status.OPEN) | Q(status=Task.Status.DONE, completed_at__gte=open_until)
    )
    return Task.objects.exclude(status=Task.Status.CANCELLED).filter(done_in | still_open)


def _task_counts(period: Period, today: datetime.date | None = None) -> dict:
    lo, hi = bounds(period)
    day = cutoff(period, today)
    open_until = midnight(day + datetime.timedelta(days=1))
    done_in = Q(status=Task.Status.DONE, completed_at__gte=lo, completed_at__lt=hi)
    still_open = Q(assigned_at__lt=open_until) & (
        Q(status=Task.Status.OPEN) | Q(completed_at__gte=open_until)
    )
    done_day = TruncDate("completed_at", tzinfo=_zone())
    return {
        "done_on_time": Count("pk", filter=done_in & Q(LessThanOrEqual(done_day, F("deadline")))),
        "done_late": Count("pk", filter=done_in & Q(GreaterThan(done_day, F("deadline")))),
        "in_progress_within": Count("pk", filter=still_open & Q(deadline__gte=day)),
        "overdue": Count("pk", filter=still_open & Q(deadline__lt=day)),
    }


def task_table(period: Period, selection: Selection, by: str = "agency", today=None) -> Table:
    """Tasks of the selection, a row per agency, department or person."""
    tasks = tasks_in(period, today)
    if selection.whole_agencies:
        tasks = tasks.filter(agency_id__in=selection.agency_ids)
    else:
        tasks = tasks.filter(department_id__in=selection.department_ids)
    counts = _task_counts(period, today)
    notes = [
        _(
            "Hoàn thành đúng hạn, quá hạn: nhiệm vụ hoàn thành trong kỳ. Đang thực hiện trong hạn, quá hạn: "
            "nhiệm vụ chưa hoàn thành vào ngày %(day)s."
        )
        % {"day": cutoff(period, today).strftime("%d/%m/%Y")},
        _("Nhiệm vụ đã hủy (văn bản bị thu hồi) không được tính."),
    ]
    if by == "person":
        held = tasks.filter(assignee__isnull=False)
        found = _grouped(held, "assignee_id", counts)
        users = get_user_model().objects.in_bulk([int(k) for k in found])
        rows = sorted(
            (Row(k, _person_label(users.get(int(k))), TaskFigures(**v)) for k, v in found.items()),
            key=lambda r: (r.label.casefold(), r.key),
        )
        total = TaskFigures(**_total(held, counts))
        notes.append(
            _(
                "Theo cán bộ: mọi nhiệm vụ giao đích danh cho từng người, kể cả nhiệm vụ lãnh đạo phòng giao "
                "tiếp, nên tổng có thể khác bảng theo cơ quan hoặc phòng, ban."
            )
        )
        return Table(period, selection.label, by, rows, total, notes)
    top = tasks.filter(parent__isnull=True)
    total = TaskFigures(**_total(top, counts))
    if by == "agency" and selection.whole_agencies:
        found = _grouped(top, "agency_id", counts)
        rows = [Row(str(a.pk), a.name, TaskFigures(**found.get(str(a.pk), {}))) for a in selection.agencies]
    else:
        by = "department"
        found = _grouped(top, "department_id", counts)
        if selection.whole_agencies:
            departments = list(
                Department.objects.filter(agency_id__in=selection.agency_ids).select_related("agency")
            )
        else:
            departments = list(selection.departments)
        several = len({d.agency_id for d in departments}) > 1
        rows = [
            Row(str(d.pk), _department_label(d, several), TaskFigures(**found.get(str(d.pk), {})))
            for d in sorted(departments, key=lambda d: (d.agency.name if several else "", d.name))
            if d.is_active or str(d.pk) in found
        ]
        if NO_DEPARTMENT in found:
            rows.append(
                Row(NO_DEPARTMENT, _("Giao trực tiếp cho cán bộ"), TaskFigures(**found[NO_DEPARTMENT]))
            )
    notes.append(
        _("Theo cơ quan, phòng, ban: nhiệm vụ do lãnh đạo giao (không kể nhiệm vụ giao tiếp trong phòng).")
    )
    return Table(period, selection.label, by, rows, total, notes)


def _person_label(user) -> str:
    if user is None:
        return "—"
    return getattr(user, "full_name", "") or user.get_username()


__all__ = [
    "DocumentFigures",
    "Row",
    "Table",
    "TaskFigures",
    "bounds",
    "cutoff",
    "document_table",
    "incoming_in",
    "outgoing_in",
    "task_table",
    "tasks_in",
]
