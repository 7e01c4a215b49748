"""Every business action on a dossier: one function each, taking the acting user first.

Each function checks the actor's permission and the transition (`workflow.DOSSIER`), locks the dossier row,
writes the change, its timeline event and the audit entry (`egov.audit`) in one transaction, and queues the
applicant's and staff's notifications on commit. Bad input or a refused action raises a DomainError
subclass with a Vietnamese message (NotPermitted 403, TransitionNotAllowed 409); nothing is written then.

`at` (default: now) is the business time of the action; the demo and imports pass it, pages never do.

Intake
    receive_at_counter(officer, version, applicant: Applicant, papers: list[PaperIn], decision,
                       *, reason="", commune=None, channel=Channel.DIRECT, form_data=None, fees_paid=0,
                       at=None) -> Dossier
        decision: "accept" (code + appointment), "complete" (Mẫu 02, no clock) or "refuse" (Mẫu 03).
        The dossier is received by the officer's desk (any desk of the province may receive any procedure,
        NĐ 118/2025) and routed to the competent agency (`route`).
    submit_online(citizen, draft, *, agency=None, commune=None, at=None) -> Dossier
        from a checked FormDraft; submitting the same draft again returns the same dossier.
    resubmit(citizen, dossier, papers: list[PaperIn], *, form_data=None, at=None) -> Dossier
    accept_dossier(officer, dossier, *, papers=(), fees_paid=None, at=None) -> Dossier
    request_completion(officer, dossier, reason, *, at=None) -> Dossier      (once, before acceptance)
    refuse_intake(officer, dossier, reason, *, at=None) -> Dossier
Processing (each hand-over closes the open DossierStep, classing it, and opens the next)
    hand_over(actor, dossier, department, *, step=None, note="", at=None) -> Dossier
    assign(head, dossier, specialist, *, note="", at=None) -> Dossier
    record_appraisal(specialist, dossier, opinion, *, at=None) -> Dossier
    send_back(leader, dossier, reason, *, at=None) -> Dossier
    approve(leader, dossier, *, note="", at=None) -> Dossier
    request_supplement(actor, dossier, reason, *, at=None) -> Dossier   (pauses the clock; once per body)
    receive_supplement(actor, dossier, papers: list[PaperIn], *, at=None) -> Dossier   (resumes it)
    send_to_agency(actor, dossier, agency, budget_days, *, note="", at=None) -> Dossier   (liên thông)
    receive_back(actor, dossier, *, note="", at=None) -> Dossier
    apologise_and_reschedule(actor, dossier, reason, new_due_at, *, at=None) -> DossierApology  (Mẫu 04)
    stop(leader, dossier, reason, *, at=None) -> Dossier                      (Mẫu 05)
    refuse_after_review(leader, dossier, reason, *, at=None) -> Dossier
    withdraw(actor, dossier, reason, *, at=None) -> Dossier                   (applicant or desk)
Fees
    record_fee_payment(officer, dossier, amount, *, at=None) -> Dossier       (cash or card at the desk)
    grant_fee_exemption(officer, dossier, fee_ids, *, at=None) -> Dossier     (at intake, nothing paid yet)
Result
    attach_result(actor, dossier, *, result_file=None, result_name="", at=None) -> Dossier
        the uploaded PDF with the verification QR stamped on, or one produced from the record
    sign_result(leader, dossier, pin, *, at=None) -> Dossier      (the competent agency's leader)
    seal_result(clerk, dossier, pin, *, at=None) -> Dossier       (its clerk; registered for verification)
    return_result(actor, dossier, method: ReturnMethod, *, received_by_name="", post_dispatch="",
                  at=None) -> Dossier                     (only once `fees.dues(dossier).outstanding` is 0)
Reading
    allowed_actions(user, dossier) -> list[str]   the transitions this user may take now
    may_take_fees(user, dossier), may_grant_exemption(user, dossier) -> bool   the desk's fee forms
    route(version, *, commune=None) -> Agency     the competent agency
    compute_due(dossier) -> datetime | None       the appointment with its pauses and apologies
    classify(done_at, due_at) -> StepClass
    missing_papers(version, paper_ids) -> list[RequiredPaper]   mandatory papers not handed in
    dossier_code(agency_code, day, sequence) -> str
  and in onestop.queries: visible_to(user), the desk's, my, the department head's and the leader's queues,
  remaining_working_time(dossier), control_slip(dossier) (the Mẫu 06 rows and their class totals).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from documents import access
from egov.accounts.personal_id import validate_personal_id
from egov.accounts.roles import Role
from egov.audit.services import record
from egov.directory.models import Agency, Department
from egov.errors import DomainError, NotPermitted, TransitionNotAllowed
from egov.notify import services as notify_people
from egov.numbering.services import LIFETIME, next_number
from egov.pdf.anchors import anchor_box
from egov.signing import pki
from egov.signing import services as signing
from egov.text import vnd
from egov.workdays import clock
from egov.workdays.clock import TimeUnit
from services.forms_schema import check_upload
from services.models import FormDraft, HandlingLevel, ProcedureVersion, ProcessingStep, RequiredPaper
from services.services import complete_draft_check

from . import fees, queries, results
from .models import (
    FINAL_STATUSES,
    ApplicantKind,
    Channel,
    Dossier,
    DossierApology,
    DossierEvent,
    DossierPaper,
    DossierPause,
    DossierStep,
    ReturnMethod,
    Status,
    StepClass,
)
from .prints import public_url
from .signals import dossier_changed
from .workflow import DOSSIER, NEW, next_status

MAX_DAILY_SEQUENCE = 9999
MAX_INTERAGENCY_DAYS = 60  # an agency's part in a liên thông, in working days
CODE_SCOPE = "onestop.dossier:{agency}"
STEP_SCOPE = "onestop.step:{dossier}"  # a dossier's hand-overs are numbered 1, 2, 3… in order


# --- input shapes -------------------------------------------------------------------------------------
@dataclass
class Applicant:
    """Who files the dossier: a citizen's account (`user`), or a walk-in person or organisation."""

    name: str
    kind: str = ApplicantKind.PERSON
    personal_id: str = ""
    org_code: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    user: object = None


@dataclass
class PaperIn:
    """A paper handed in: the checklist row it answers (None: an extra paper), original/copy, count, scan."""

    required_paper: RequiredPaper | None
    kind: str = DossierPaper.Kind.ORIGINAL
    count: int = 1
    upload: object = None
    name: str = ""


# --- small helpers ------------------------------------------------------------------------------------
def _now(at=None) -> datetime.datetime:
    return at or timezone.now()


def _lock(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("version__procedure", "receiving_agency", "competent_agency")
        .get(pk=dossier.pk)
    )


def _event(dossier, actor, action: str, label: str, note: str = "", at=None) -> DossierEvent:
    event = DossierEvent.objects.create(
        dossier=dossier,
        at=_now(at),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        label=label[:300],
        note=note,
        status=dossier.status,
    )
    # every change of a dossier passes here: the statistics' summaries follow it in the same transaction
    dossier_changed.send(Dossier, dossier=dossier, action=action, status=dossier.status, at=event.at)
    return event


def _audit(actor, action: str, dossier, **details):
    record(actor, f"onestop.{action}", dossier, status=dossier.status, **details)


def _tell_applicant(dossier: Dossier, text: str, *, event: str, reason: str = "") -> None:
    """Tell the applicant: in the portal for an account, and by e-mail and SMS (egov.notify, sent after
    commit) to the account's or the walk-in's address and phone. `event` names what happened (accepted,
    supplement_requested, rescheduled, result_ready, result_returned, payment_received...) and picks the
    message templates; a message is keyed by the event and the dossier's latest timeline entry, so the
    same occurrence is never told twice."""
    from documents.services import notify

    latest = dossier.events.order_by("-pk").values_list("pk", flat=True).first() or 0
    key = f"onestop.dossier:{dossier.pk}:{event}:{latest}"
    if dossier.code:
        url = public_url(dossier.code)
    elif dossier.applicant_user_id:
        url = f"{settings.PUBLIC_BASE_URL.rstrip('/')}{reverse('onestop:citizen-dossier', args=[dossier.pk])}"
    else:
        url = ""
    user = dossier.applicant_user if dossier.applicant_user_id else None
    if user is not None:
        notify(user, key, text, url, email=False)  # the e-mail is egov.notify's
    notify_people.queue(
        event,
        user=user,
        email="" if user else dossier.applicant_email,
        phone="" if user else dossier.applicant_phone,
        context={
            "text": text,
            "reason": reason,
            "code": dossier.code,
            "name": dossier.applicant_name or (user.get_full_name() if user else ""),
            "procedure": dossier.version.procedure.name,
            "status": dossier.get_status_display(),
            "due_at": dossier.due_at,
            "method": dossier.get_return_method_display() if dossier.return_method else "",
            "fees_paid": vnd(dossier.fees_paid),
            "url": url,
        },
        key=key,
        related=f"onestop.dossier:{dossier.pk}",
    )


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(f"Hãy ghi rõ {what}.")
    return reason


# --- who may act --------------------------------------------------------------------------------------
def _is_officer(user, agency_id) -> bool:
    return bool(
        user
        and user.is_active
        and user.has_role(Role.ONESTOP_OFFICER)
        and agency_id in access.agency_ids(user)
    )


def _is_leader(user, agency_id) -> bool:
    return bool(user and user.is_active and agency_id in access.led_agency_ids(user))


def _is_applicant(user, dossier) -> bool:
    return bool(
        user and user.is_active and dossier.applicant_user_id and dossier.applicant_user_id == user.pk
    )


def _is_handler(user, dossier) -> bool:
    """The holder, the head of the holding department or a leader of the holding agency."""
    if not (user and user.is_active):
        return False
    if dossier.holder_id == user.pk:
        return True
    if dossier.holder_department_id and access.is_head_of(user, dossier.holder_department_id):
        return True
    return _is_leader(user, dossier.holder_agency_id or dossier.competent_agency_id)


def _open_step(dossier) -> DossierStep | None:
    return dossier.steps.filter(done_at__isnull=True).first()


def _may(action: str, user, d: Dossier) -> bool:
    desk = _is_officer(user, d.receiving_agency_id)
    if action in {"accept", "request_completion", "refuse_intake"}:
        return desk
    if action == "resubmit":
        return _is_applicant(user, d)
    if action == "hand_over":
        if d.status == Status.ACCEPTED:
            return desk or _is_officer(user, d.competent_agency_id)
        return _is_handler(user, d)
    if action == "assign":
        return bool(d.holder_department_id and access.is_head_of(user, d.holder_department_id)) or _is_leader(
            user, d.competent_agency_id
        )
    if action == "record_appraisal":
        return bool(user and d.holder_id == user.pk)
    if action in {"send_back", "approve", "stop", "refuse"}:
        return _is_leader(user, d.competent_agency_id)
    if action in {"request_supplement", "send_to_agency"}:
        return _is_handler(user, d)
    if action == "receive_supplement":
        return desk or _is_applicant(user, d) or _is_handler(user, d)
    if action == "receive_back":
        step = _open_step(d)
        other = step.to_agency_id if step else None
        return (
            _is_handler(user, d)
            or _is_leader(user, d.competent_agency_id)
            or bool(step and user and user.is_active and step.from_user_id == user.pk)  # the sender
            or (other is not None and other in access.agency_ids(user))
        )
    if action == "apologise":
        return desk or _is_leader(user, d.competent_agency_id)
    if action == "withdraw":
        return desk or _is_applicant(user, d)
    if action == "attach_result":
        return _is_leader(user, d.competent_agency_id) or bool(user and d.holder_id == user.pk)
    if action == "sign_result":
        return _is_leader(user, d.competent_agency_id)
    if action == "seal_result":
        return bool(user and user.is_active and access.is_clerk_of(user, d.competent_agency_id))
    if action == "return_result":
        return desk or _is_applicant(user, d)
    return False


def _require(action: str, user, dossier: Dossier) -> str:
    """The next status, after checking the transition and then the actor."""
    target = next_status(dossier.status, action)
    if not _may(action, user, dossier):
        label = DOSSIER.transitions[action].label
        raise NotPermitted(f"Bạn không có quyền “{label}” đối với hồ sơ này.")
    return target


def allowed_actions(user, dossier: Dossier) -> list[str]:
    """The transitions `user` may take on `dossier` now (for the dossier page's buttons)."""
    return [t.action for t in DOSSIER.allowed(dossier.status) if _may(t.action, user, dossier)]


# --- routing and the clock ----------------------------------------------------------------------------
def route(version: ProcedureVersion, *, commune: Agency | None = None) -> Agency:
    """The competent agency: the procedure's, or for a commune-level procedure the commune the applicant
    names (a dossier may be filed at any desk of the province, NĐ 118/2025)."""
    procedure = version.procedure
    if procedure.handling_level == HandlingLevel.COMMUNE:
        if commune is None:
            raise DomainError("Thủ tục cấp xã: hãy chọn xã, phường giải quyết hồ sơ.")
        if not queries.communes().filter(pk=commune.pk).exists():
            raise DomainError(f"“{commune}” không phải Ủy ban nhân dân cấp xã đang hoạt động của tỉnh.")
        return commune
    if procedure.competent_agency_id is None:
        raise DomainError("Thủ tục chưa có cơ quan có thẩm quyền giải quyết; hãy báo quản trị danh mục.")
    return procedure.competent_agency


def _pauses(dossier, since=None) -> list[tuple]:
    rows = dossier.pauses.order_by("started_at").values_list("started_at", "ended_at")
    return [(s, e) for s, e in rows if since is None or (e is None or e > since)]


def compute_due(dossier: Dossier):
    """The appointment: the version's limit from acceptance with every pause kept out of the count; after
    an apology, its new date moved by the pauses that came later. Raises DeadlinePaused while paused."""
    if dossier.accepted_at is None:
        return None
    apology = dossier.apologies.order_by("-created_at").first()
    if apology is None:
        return dossier.version.due_at(dossier.accepted_at, pauses=_pauses(dossier))
    due = apology.new_due_at
    for start, end in _pauses(dossier, since=apology.created_at):
        if end is None:
            raise clock.DeadlinePaused(clock.working_time_between(start, due), start)
        if start < due:
            due = clock.add_working_hours(
                due, clock.working_time_between(max(start, apology.created_at), end)
            )
    return due


def _step_due(given_at, budget, unit, pauses=()):
    """A step's due time: its budget of working time from when it was given, pauses kept out."""
    if budget is None:
        return None
    budget = Decimal(budget)
    if unit == TimeUnit.DAYS and budget != int(budget):
        unit, budget = TimeUnit.HOURS, budget * Decimal(clock.office_hours().day_us) / Decimal(3_600_000_000)
    amount = int(budget) if unit == TimeUnit.DAYS else datetime.timedelta(hours=float(budget))
    try:
        return clock.due_at(given_at, amount, unit, pauses=pauses)
    except clock.DeadlinePaused:
        return None


def classify(done_at: datetime.datetime, due_at: datetime.datetime | None) -> StepClass:
    """Trước hạn: done on a working day before the due day; đúng hạn: on the due day, by the due time;
    quá hạn: after it. No due time: đúng hạn."""
    if due_at is None:
        return StepClass.ON_TIME
    if done_at > due_at:
        return StepClass.LATE
    if timezone.localtime(done_at).date() < timezone.localtime(due_at).date():
        return StepClass.EARLY
    return StepClass.ON_TIME


def _close_step(dossier, at) -> DossierStep | None:
    step = _open_step(dossier)
    if step is None:
        return None
    if step.due_at is None and step.budget is not None:  # given during a pause: known now
        step.due_at = _step_due(step.given_at, step.budget, step.budget_unit, _pauses(dossier, step.given_at))
    step.done_at = max(at, step.given_at)
    step.received_at = step.received_at or step.done_at
    step.step_class = classify(step.done_at, step.due_at or dossier.due_at)
    step.save(update_fields=["done_at", "received_at", "step_class", "due_at"])
    return step


def _new_step(
    dossier,
    kind,
    *,
    from_user,
    to_agency,
    at,
    to_user=None,
    to_department=None,
    from_department=None,
    from_agency=None,
    budget=None,
    version_step=None,
    received=True,
    note="",
    due_at=None,
) -> DossierStep:
    previous = _close_step(dossier, at)
    unit = dossier.version.time_limit_unit
    step = DossierStep.objects.create(
        dossier=dossier,
        order=next_number(STEP_SCOPE.format(dossier=dossier.pk), LIFETIME),
        kind=kind,
        version_step=version_step,
        from_user=from_user if getattr(from_user, "pk", None) else None,
        from_department=from_department or (previous.to_department if previous else None),
        from_agency=from_agency or (previous.to_agency if previous else dossier.receiving_agency),
        to_user=to_user,
        to_department=to_department,
        to_agency=to_agency,
        given_at=at,
        received_at=at if received else None,
        budget=budget,
        budget_unit=unit,
        due_at=due_at or _step_due(at, budget, unit),
        note=note[:500],
    )
    dossier.holder = to_user
    dossier.holder_department = to_department
    dossier.holder_agency = to_agency
    return step


def _version_step(version, kind, department=None) -> ProcessingStep | None:
    steps = version.steps.filter(kind=kind)
    if department is not None:
        steps = steps.filter(department=department) or steps
    return steps.order_by("order").first()


def _save(dossier, *fields):
    dossier.save(
        update_fields=[*fields, "status", "holder", "holder_department", "holder_agency", "updated_at"]
    )


# --- papers -------------------------------------------------------------------------------------------
def _check_papers(version, papers: list[PaperIn]) -> None:
    allowed = set(version.papers.values_list("pk", flat=True))
    problems = []
    for paper in papers:
        if paper.required_paper is not None and paper.required_paper.pk not in allowed:
            problems.append(f"“{paper.required_paper}” không thuộc thành phần hồ sơ của thủ tục này.")
        if paper.required_paper is None and not paper.name.strip():
            problems.append("Giấy tờ nộp thêm phải có tên.")
        if not isinstance(paper.count, int) or paper.count < 1:
            problems.append("Số lượng giấy tờ phải từ 1 trở lên.")
        if paper.kind not in DossierPaper.Kind.values:
            problems.append("Loại giấy tờ phải là bản chính, bản sao hoặc bản sao có chứng thực.")
        if paper.upload is not None:
            try:
                check_upload(paper.upload)
            except ValidationError as error:
                problems.extend(error.messages)
    if problems:
        raise DomainError(" ".join(problems))


def missing_papers(version, paper_ids) -> list[RequiredPaper]:
    """The version's mandatory papers not among `paper_ids`."""
    return [
        p for p in version.papers.filter(is_mandatory=True).order_by("order") if p.pk not in set(paper_ids)
    ]


def _require_complete(dossier) -> None:
    have = dossier.papers.filter(required_paper__isnull=False).values_list("required_paper_id", flat=True)
    missing = missing_papers(dossier.version, list(have))
    if missing:
        names = "; ".join(p.name for p in missing)
        raise DomainError(f"Chưa đủ thành phần hồ sơ bắt buộc, không thể tiếp nhận: {names}.")


def _store_papers(dossier, papers: list[PaperIn], at, *, supplement=False) -> None:
    for paper in papers:
        row = DossierPaper(
            dossier=dossier,
            required_paper=paper.required_paper,
            name=(paper.name or (paper.required_paper.name if paper.required_paper else ""))[:500],
            kind=paper.kind,
            count=paper.count,
            is_supplement=supplement,
            received_at=at,
        )
        if paper.upload is not None:
            paper.upload.seek(0)
            row.file.save(paper.upload.name, paper.upload, save=False)
        row.save()


def _check_applicant(applicant: Applicant) -> None:
    if applicant.user is not None:
        return
    problems = []
    if not applicant.name.strip():
        problems.append("Hãy nhập họ tên người nộp hoặc tên tổ chức.")
    if applicant.kind not in ApplicantKind.values:
        problems.append("Người nộp phải là cá nhân hoặc tổ chức.")
    if applicant.kind == ApplicantKind.PERSON or applicant.personal_id:
        try:
            validate_personal_id(applicant.personal_id)
        except ValidationError as error:
            problems.extend(error.messages)
    if applicant.email:
        from django.core.validators import validate_email

        try:
            validate_email(applicant.email)
        except ValidationError:
            problems.append("Địa chỉ thư điện tử không hợp lệ.")
    if problems:
        raise DomainError(" ".join(problems))


def _applicant_fields(applicant: Applicant) -> dict:
    user = applicant.user
    if user is not None:
        return {
            "applicant_user": user,
            "applicant_kind": ApplicantKind.PERSON,
            "applicant_name": applicant.name or user.full_name,
            "applicant_personal_id": user.personal_id or "",
            "applicant_address": applicant.address,
            "applicant_phone": applicant.phone or user.phone,
            "applicant_email": applicant.email or user.email,
        }
    return {
        "applicant_kind": applicant.kind,
        "applicant_name": applicant.name.strip()[:200],
        "applicant_personal_id": applicant.personal_id,
        "applicant_org_code": applicant.org_code.strip()[:20],
        "applicant_address": applicant.address.strip()[:300],
        "applicant_phone": applicant.phone.strip()[:20],
        "applicant_email": applicant.email.strip(),
    }


def _fees_due(version) -> int:
    return fees.assess(version).due


def _desk_of(officer) -> Agency:
    desk = queries.desk_agency(officer)
    if desk is None:
        raise NotPermitted("Chỉ cán bộ một cửa đang công tác tại một cơ quan mới được tiếp nhận hồ sơ.")
    return desk


# --- the code (§2.3) ----------------------------------------------------------------------------------
def dossier_code(agency_code: str, day: datetime.date, sequence: int) -> str:
    if not 1 <= sequence <= MAX_DAILY_SEQUENCE:
        raise DomainError(
            f"Đã hết số thứ tự hồ sơ trong ngày {day:%d/%m/%Y} (tối đa {vnd(MAX_DAILY_SEQUENCE)} hồ sơ); "
            "không thể cấp mã hồ sơ mới trong ngày."
        )
    return f"{agency_code}-{day:%y%m%d}-{sequence:04d}"


def _take_code(dossier, at) -> str:
    """The next code of the receiving desk for the day. Call last in the accepting transaction: the
    counter row stays locked until commit."""
    day = timezone.localtime(at).date()
    agency_code = dossier.receiving_agency.code_on(day) or dossier.receiving_agency.code
    if not agency_code:
        raise DomainError(
            f"“{dossier.receiving_agency}” chưa có mã định danh điện tử; không thể cấp mã hồ sơ."
        )
    sequence = next_number(CODE_SCOPE.format(agency=dossier.receiving_agency_id), f"{day:%y%m%d}")
    return dossier_code(agency_code, day, sequence)


# --- intake -------------------------------------------------------------------------------------------
def _accept(officer, dossier, at, fees_paid=None) -> Dossier:
    """Accept a locked dossier: the clock starts now (§2.4); the code is taken last."""
    _require_complete(dossier)
    dossier.status = next_status(dossier.status, "accept")
    due = dossier.version.due_at(at)
    if fees_paid is not None:
        if not 0 <= fees_paid <= dossier.fees_due:
            raise DomainError("Số tiền đã nộp phải từ 0 đến mức phí, lệ phí phải nộp.")
        dossier.fees_paid = fees_paid
    receive = _version_step(dossier.version, ProcessingStep.Kind.RECEIVE)
    dossier.received_by = officer
    _new_step(
        dossier,
        DossierStep.Kind.RECEIVE,
        from_user=officer,
        from_agency=dossier.receiving_agency,
        to_user=officer,
        to_agency=dossier.receiving_agency,
        at=at,
        budget=receive.budget if receive else None,
        version_step=receive,
    )
    dossier.code = _take_code(dossier, at)
    dossier.accepted_at = at
    dossier.due_at = dossier.original_due_at = due
    _save(dossier, "code", "accepted_at", "due_at", "original_due_at", "fees_paid", "received_by")
    _event(
        dossier,
        officer,
        "accept",
        f"Tiếp nhận hồ sơ, hẹn trả {timezone.localtime(due):%H:%M %d/%m/%Y}",
        at=at,
    )
    _audit(officer, "accept", dossier, code=dossier.code, due_at=due.isoformat())
    text = (
        f"Hồ sơ {dossier.code} đã được tiếp nhận; hẹn trả kết quả "
        f"{timezone.localtime(due):%H:%M ngày %d/%m/%Y}."
    )
    if fees.requires_prior_payment(dossier.version) and dossier.fees_due > dossier.fees_paid:
        _await_payment(officer, dossier, at)
        text += (
            f" Mời ông/bà nộp {vnd(dossier.fees_due - dossier.fees_paid)} đồng phí, lệ phí; thời hạn giải "
            "quyết được tính từ khi nộp đủ."
        )
    _tell_applicant(dossier, text, event="accepted")
    return dossier


# --- fees (phí, lệ phí) -------------------------------------------------------------------------------
def _await_payment(officer, dossier, at) -> None:
    """The procedure collects its fees before processing: the clock stops (an OBLIGATION pause, like a
    supplement's) until they are paid."""
    dossier.status = next_status(dossier.status, "await_payment")
    DossierPause.objects.create(
        dossier=dossier,
        kind=DossierPause.Kind.OBLIGATION,
        agency=dossier.competent_agency,
        reason=f"Chờ nộp phí, lệ phí: {vnd(dossier.fees_due - dossier.fees_paid)} đồng",
        started_at=at,
        requested_by=officer,
    )
    _save(dossier)
    _event(dossier, officer, "await_payment", "Chờ nộp phí, lệ phí (tạm dừng tính thời hạn)", at=at)
    _audit(officer, "await_payment", dossier, outstanding=dossier.fees_due - dossier.fees_paid)


def request_payment(officer, dossier: Dossier, *, at=None) -> Dossier:
    """The desk asks for the fees before processing an accepted dossier (its clock stops until paid)."""
    at = _now(at)
    with transaction.atomic():
        dossier = _lock(dossier)
        next_status(dossier.status, "await_payment")
        if not _is_officer(officer, dossier.receiving_agency_id):
            raise NotPermitted("Chỉ cán bộ một cửa của cơ quan tiếp nhận được yêu cầu nộp phí, lệ phí.")
        if dossier.fees_due <= dossier.fees_paid:
            raise DomainError("Hồ sơ không còn khoản phí, lệ phí nào phải nộp.")
        _await_payment(officer, dossier, max(at, dossier.accepted_at))
        _tell_applicant(
            dossier,
            f"Mời ông/bà nộp {vnd(dossier.fees_due - dossier.fees_paid)} đồng phí, lệ phí của hồ sơ "
            f"{dossier.code}.",
            event="payment_requested",
        )
    return dossier


def take_fees(actor, dossier: Dossier, amount: int, *, at, label: str) -> Dossier:
    """Record `amount` paid on a dossier ALREADY LOCKED by the caller's transaction (the counter, or a
    confirmed online payment with `actor` None): once everything due is paid, a dossier waiting for its
    fees resumes (its pause ends, its appointment moves by the time it waited)."""
    outstanding = dossier.fees_due - dossier.fees_paid
    if not isinstance(amount, int) or not 0 < amount <= outstanding:
        raise DomainError(
            f"Số tiền nộp phải lớn hơn 0 và không quá số còn phải nộp ({vnd(outstanding)} đồng)."
        )
    dossier.fees_paid += amount
    fields = ["fees_paid"]
    if dossier.status == Status.AWAITING_PAYMENT and dossier.fees_paid == dossier.fees_due:
        _resume_after_payment(actor, dossier, at)
        fields.append("due_at")
    _save(dossier, *fields)
    _event(dossier, actor, "take_fees", f"{label}: {vnd(amount)} đồng", at=at)
    _audit(actor, "take_fees", dossier, amount=amount, fees_paid=dossier.fees_paid)
    _tell_applicant(
        dossier,
        f"Đã nhận {vnd(amount)} đồng phí, lệ phí của hồ sơ {dossier.code}.",
        event="payment_received",
    )
    return dossier


def _resume_after_payment(actor, dossier, at) -> None:
    dossier.status = next_status(dossier.status, "receive_payment")
    pause = dossier.pauses.filter(ended_at__isnull=True, kind=DossierPause.Kind.OBLIGATION).first()
    if pause is not None:
        pause.ended_at = max(at, pause.started_at)
        pause.ended_by = actor if getattr(actor, "pk", None) else None
        pause.save(update_fields=["ended_at", "ended_by"])
    dossier.due_at = compute_due(dossier)


def may_take_fees(user, dossier: Dossier) -> bool:
    """The desk's officer (receiving or competent agency) may take what is still owed on a live dossier."""
    return (
        dossier.status not in FINAL_STATUSES
        and dossier.fees_paid < dossier.fees_due
        and (_is_officer(user, dossier.receiving_agency_id) or _is_officer(user, dossier.competent_agency_id))
    )


def may_grant_exemption(user, dossier: Dossier) -> bool:
    """At intake, before anything is paid, the receiving desk records an exemption the catalogue allows
    (a fee of the dossier's version that names who is exempt)."""
    return (
        dossier.status in EXEMPTION_STATUSES
        and not dossier.fees_paid
        and _is_officer(user, dossier.receiving_agency_id)
        and any(line.exemptions.strip() for line in fees.lines(dossier.version))
    )


EXEMPTION_STATUSES = frozenset({Status.WAITING_CHECK, Status.ACCEPTED, Status.AWAITING_PAYMENT})


def record_fee_payment(officer, dossier: Dossier, amount: int, *, at=None) -> Dossier:
    """Fees paid in cash or by card at the desk. An online attempt still open is cancelled first, so the
    dossier is never paid twice (a payment the gateway confirms for it later shows in reconciliation)."""
    from onestop.payments.workflow import cancel_open_attempts

    at = _now(at)
    with transaction.atomic():
        dossier = _lock(dossier)
        if not (
            _is_officer(officer, dossier.receiving_agency_id)
            or _is_officer(officer, dossier.competent_agency_id)
        ):
            raise NotPermitted(
                "Chỉ cán bộ một cửa của cơ quan tiếp nhận hoặc giải quyết được thu phí, lệ phí."
            )
        if dossier.status in FINAL_STATUSES:
            raise DomainError("Hồ sơ đã kết thúc; không thu phí, lệ phí.")
        cancel_open_attempts(dossier)
        return take_fees(officer, dossier, amount, at=at, label="Nộp phí, lệ phí tại Bộ phận Một cửa")


def grant_fee_exemption(officer, dossier: Dossier, fee_ids, *, at=None) -> Dossier:
    """The applicant qualifies for the catalogue's exemption of these fees (before anything is paid): the
    amount due is lowered and the reason kept; a dossier then owing nothing resumes."""
    at = _now(at)
    with transaction.atomic():
        dossier = _lock(dossier)
        if not _is_officer(officer, dossier.receiving_agency_id):
            raise NotPermitted("Chỉ cán bộ một cửa của cơ quan tiếp nhận được ghi nhận miễn, giảm phí.")
        if dossier.status not in EXEMPTION_STATUSES:
            raise DomainError("Chỉ ghi nhận miễn, giảm phí khi tiếp nhận hồ sơ.")
        if dossier.fees_paid:
            raise DomainError("Hồ sơ đã nộp phí, lệ phí; không thể ghi nhận miễn, giảm.")
        assessment = fees.assess(dossier.version, fee_ids)
        if not assessment.exemption_reason:
            raise DomainError("Hãy chọn khoản phí, lệ phí được miễn.")
        dossier.fees_due = assessment.due
        dossier.fee_exemption_reason = assessment.exemption_reason
        fields = ["fees_due", "fee_exemption_reason"]
        if dossier.status == Status.AWAITING_PAYMENT and dossier.fees_due == 0:
            _resume_after_payment(officer, dossier, at)
            fields.append("due_at")
        _save(dossier, *fields)
        _event(
            dossier,
            officer,
            "grant_fee_exemption",
            "Miễn, giảm phí, lệ phí",
            assessment.exemption_reason,
            at=at,
        )
        _audit(officer, "grant_fee_exemption", dossier, fees_due=dossier.fees_due)
    return dossier


def receive_at_counter(
    officer,
    version: ProcedureVersion,
    applicant: Applicant,
    papers: list[PaperIn],
    decision: str,
    *,
    reason: str = "",
    commune: Agency | None = None,
    channel: str = Channel.DIRECT,
    form_data: dict | None = None,
    fees_paid: int = 0,
    at=None,
) -> Dossier:
    """A dossier handed in at the counter (or arrived by post), and the officer's decision on it."""
    actions = {"accept": "accept", "complete": "request_completion", "refuse": "refuse_intake"}
    if decision not in actions:
        raise DomainError("Hãy chọn: tiếp nhận, yêu cầu hoàn thiện hoặc từ chối tiếp nhận.")
    target = next_status(NEW, actions[decision])
    if channel not in (Channel.DIRECT, Channel.POST):
        raise DomainError("Hồ sơ tại quầy được nộp trực tiếp hoặc qua bưu chính công ích.")
    if version.status != ProcedureVersion.Status.PUBLISHED:
        raise DomainError("Phiên bản thủ tục này không còn được công bố; hãy chọn quy định đang có hiệu lực.")
    desk = _desk_of(officer)
    competent = route(version, commune=commune)
    _check_applicant(applicant)
    _check_papers(version, papers)
    if decision == "accept":
        missing = missing_papers(version, [p.required_paper.pk for p in papers if p.required_paper])
        if missing:
            raise DomainError(
                "Chưa đủ thành phần hồ sơ bắt buộc, không thể tiếp nhận: "
                + "; ".join(p.name for p in missing)
                + "."
            )
    else:
        reason = _reason(reason, "lý do" if decision == "refuse" else "nội dung cần bổ sung, hoàn thiện")
    at = _now(at)
    fees_due = _fees_due(version)
    with transaction.atomic():
        dossier = Dossier(
            version=version,
            status=target if decision != "accept" else Status.WAITING_CHECK,
            channel=channel,
            receiving_agency=desk,
            competent_agency=competent,
            form_data=form_data or {},
            fees_due=fees_due,
            submitted_at=at,
            received_by=officer,
            **_applicant_fields(applicant),
        )
        if decision == "complete":
            dossier.completion_requested_at = at
            dossier.decision_reason = reason
        elif decision == "refuse":
            dossier.decision_reason = reason
            dossier.closed_at = at
        dossier.save()
        _store_papers(dossier, papers, at)
        if decision == "accept":
            return _accept(officer, dossier, at, fees_paid=fees_paid)
        label = DOSSIER.transitions[actions[decision]].label
        _event(dossier, officer, actions[decision], label, reason, at=at)
        _audit(officer, actions[decision], dossier, reason=reason)
    return dossier


def _draft_papers(draft: FormDraft) -> list[tuple]:
    slots = {paper.key: paper for paper in draft.version.papers.all()}
    out = []
    for attached in draft.files.all():
        paper = slots.get(attached.slot)
        if paper is None:
            continue
        with attached.file.open("rb") as handle:
            out.append((paper, attached.original_name, handle.read()))
    return out


def submit_online(
    citizen, draft: FormDraft, *, agency: Agency | None = None, commune: Agency | None = None, at=None
) -> Dossier:
    """A citizen's checked draft becomes a dossier waiting for the desk's check. The same draft submitted
    twice (double click, retry) gives the same dossier (one dossier per draft, a unique constraint)."""
    if draft.user_id != getattr(citizen, "pk", None):
        raise NotPermitted("Đây không phải hồ sơ nháp của bạn.")
    existing = Dossier.objects.filter(draft=draft).first()
    if existing is not None:
        return existing
    if not draft.passed_check:
        raise DomainError("Hãy bấm “Kiểm tra hồ sơ” và sửa hết lỗi trước khi nộp.")
    problems = complete_draft_check(draft)
    if problems:
        raise DomainError("Hồ sơ chưa đầy đủ: " + " ".join(p.message for p in problems))
    version = draft.version
    competent = route(version, commune=commune)
    desks = version.procedure.receiving_agencies.all()
    if agency is None:
        agency = competent
    elif desks.exists() and not desks.filter(pk=agency.pk).exists() and agency.pk != competent.pk:
        raise DomainError(f"“{agency}” không tiếp nhận trực tuyến thủ tục này.")
    next_status(NEW, "submit_online")
    at = _now(at)
    files = _draft_papers(draft)
    try:
        with transaction.atomic():
            FormDraft.objects.select_for_update().get(pk=draft.pk)
            existing = Dossier.objects.filter(draft=draft).first()
            if existing is not None:
                return existing
            dossier = Dossier.objects.create(
                version=version,
                status=Status.WAITING_CHECK,
                channel=Channel.ONLINE,
                applicant_user=citizen,
                applicant_name=citizen.full_name or citizen.get_username(),
                applicant_personal_id=citizen.personal_id or "",
                applicant_phone=citizen.phone,
                applicant_email=citizen.email,
                receiving_agency=agency,
                competent_agency=competent,
                draft=draft,
                form_data=draft.data,
                fees_due=_fees_due(version),
                submitted_at=at,
            )
            for paper, name, content in files:
                row = DossierPaper(
                    dossier=dossier,
                    required_paper=paper,
                    name=paper.name,
                    count=paper.quantity,
                    kind=_paper_kind(paper),
                    received_at=at,
                )
                row.file.save(name, ContentFile(content), save=False)
                row.save()
            _event(dossier, citizen, "submit_online", "Nộp hồ sơ trực tuyến", at=at)
            _audit(citizen, "submit_online", dossier, draft=draft.pk)
            _notify_desk(dossier, f"Hồ sơ trực tuyến mới chờ kiểm tra: {version.procedure.name}")
    except IntegrityError:
        # a concurrent submit of the same draft won the unique constraint
        existing = Dossier.objects.filter(draft=draft).first()
        if existing is None:
            raise
        return existing
    return dossier


def _paper_kind(paper: RequiredPaper) -> str:
    return paper.kind if paper.kind in DossierPaper.Kind.values else DossierPaper.Kind.ORIGINAL


def _notify_desk(dossier, text: str, key: str = "") -> int:
    from documents.services import notify
    from egov.directory.models import StaffAssignment

    officers = (
        StaffAssignment.objects.current()
        .filter(
            agency_id=dossier.receiving_agency_id,
            user__groups__name=Role.ONESTOP_OFFICER.value,
            user__is_active=True,
        )
        .select_related("user")
    )
    sent = 0
    for post in officers:
        if notify(post.user, key or f"onestop:{dossier.pk}:desk:{timezone.now():%Y%m%d%H%M%S%f}", text, ""):
            sent += 1
    return sent


def resubmit(
    citizen, dossier: Dossier, papers: list[PaperIn], *, form_data: dict | None = None, at=None
) -> Dossier:
    """The applicant sends the completed dossier back after a request to complete it (online)."""
    at = _now(at)
    _check_papers(dossier.version, papers)
    with transaction.atomic():
        dossier = _lock(dossier)
        dossier.status = _require("resubmit", citizen, dossier)
        _store_papers(dossier, papers, at, supplement=True)
        if form_data is not None:
            dossier.form_data = form_data
        _save(dossier, "form_data")
        _event(dossier, citizen, "resubmit", "Nộp lại hồ sơ đã hoàn thiện", at=at)
        _audit(citizen, "resubmit", dossier)
        _notify_desk(dossier, "Hồ sơ đã được công dân hoàn thiện, chờ kiểm tra.")
    return dossier


def accept_dossier(
    officer, dossier: Dossier, *, papers: list[PaperIn] = (), fees_paid: int | None = None, at=None
) -> Dossier:
    """Accept a dossier submitted online (or brought back complete): code, appointment, clock starts."""
    at = _now(at)
    _check_papers(dossier.version, list(papers))
    with transaction.atomic():
        dossier = _lock(dossier)
        _require("accept", officer, dossier)
        if papers:
            _store_papers(dossier, list(papers), at)
        return _accept(officer, dossier, max(at, dossier.submitted_at), fees_paid=fees_paid)


def request_completion(officer, dossier: Dossier, reason: str, *, at=None) -> Dossier:
    """Mẫu 02 before acceptance: once, in writing, everything that is missing; the clock does not start."""
    reason = _reason(reason, "nội dung cần bổ sung, hoàn thiện")
    at = _now(at)
    with transaction.atomic():
        dossier = _lock(dossier)
        dossier.status = _require("request_completion", officer, dossier)
        if dossier.completion_requested_at is not None:
            raise DomainError("Hồ sơ đã được hướng dẫn hoàn thiện một lần; chỉ được yêu cầu một lần.")
        dossier.completion_requested_at = at
        dossier.decision_reason = reason
        _save(dossier, "completion_requested_at", "decision_reason")
        _event(dossier, officer, "request_completion", "Yêu cầu hoàn thiện hồ sơ", reason, at=at)
        _audit(officer, "request_completion", dossier, reason=reason)
        _tell_applicant(
            dossier,
            f"Hồ sơ {dossier.version.procedure.name} cần bổ sung, hoàn thiện: {reason}",
            event="completion_requested",
            reason=reason,
        )
    return dossier


def refuse_intake(officer, dossier: Dossier, reason: str, *, at=None) -> Dossier:
    """Mẫu 03: the dossier is not received, with the reasons."""
    reason = _reason(reason, "lý do từ chối tiếp nhận")
    at = _now(at)
    with transaction.atomic():
        dossier = _lock(dossier)
        dossier.status = _require("refuse_intake", officer, dossier)
        dossier.decision_reason = reason
        dossier.closed_at = at
        _save(dossier, "decision_reason", "closed_at")
        _event(dossier, officer, "refuse_intake", "Từ chối tiếp nhận hồ sơ", reason, at=at)
        _audit(officer, "refuse_intake", dossier, reason=reason)
        _tell_applicant(
            dossier,
            f"Hồ sơ {dossier.version.procedure.name} không được tiếp nhận: {reason}",
            event="intake_refused",
            reason=reason,
        )
    return dossier


# --- processing ---------------------------------------------------------------------------------------
def _pass_on(
    actor,
    dossier: Dossier,
    action: str,
    kind: str,
    label,
    *,
    at,
    note: str = "",
    version_kind: str | None = None,
    to=None,
    details=None,
) -> Dossier:
    """One hand-over: lock, check the transition and the actor, close the open step (classing it), open
    the next one for `to(locked dossier)` (its receiver; may refuse with a DomainError), and record it.
    The budget comes from the version's step of `version_kind` unless `to` gives one."""
    with transaction.atomic():
        dossier = _lock(dossier)
        target = _require(action, actor, dossier)
        fields = to(dossier)
        step = fields.pop("version_step", None)
        if step is None and version_kind is not None:
            step = _version_step(dossier.version, version_kind, fields.get("to_department"))
        if step is not None:
            fields.setdefault("budget", step.budget)
        _new_step(dossier, kind, from_user=actor, at=at, version_step=step, note=note, **fields)
        dossier.status = target
        _save(dossier)
        _event(dossier, actor, action, label(dossier) if callable(label) else label, note, at=at)
        _audit(actor, action, dossier, **(details or {}))
    return dossier


def hand_over(
    actor,
    dossier: Dossier,
    department: Department,
    *,
    step: ProcessingStep | None = None,
    note: str = "",
    at=None,
) -> Dossier:
    """Hand the dossier to a department of the competent agency (the version's step gives the budget)."""

    def to(locked):
        if department.agency_id != locked.competent_agency_id or not department.is_active:
            raise DomainError(
                f"“{department}” không thuộc {locked.competent_agency}; liên thông với cơ quan khác "
                "dùng “Chuyển cơ quan liên thông”."
            )
        if step is not None and step.version_id != locked.version_id:
            raise DomainError("Bước này không thuộc quy trình của phiên bản thủ tục đã tiếp nhận hồ sơ.")
        return {
            "to_department": department,
            "to_agency": locked.competent_agency,
            "version_step": step,
            "received": False,
        }

    return _pass_on(
        actor,
        dossier,
        "hand_over",
        DossierStep.Kind.HAND_OVER,
        f"Chuyển {department.name}",
        at=_now(at),
        note=note,
        version_kind=ProcessingStep.Kind.APPRAISE,
        to=to,
        details={"department": department.pk},
    )


def assign(head, dossier: Dossier, specialist, *, note: str = "", at=None) -> Dossier:
    """The department head gives the dossier to one of its specialists (or reassigns it); the specialist
    keeps what is left of the department's budget."""

    def to(locked):
        department_id = locked.holder_department_id
        if department_id is None or specialist.pk not in access.department_members_ids({department_id}):
            raise DomainError(f"{specialist} không công tác tại phòng đang giữ hồ sơ.")
        if not specialist.is_active:
            raise DomainError(f"Tài khoản {specialist} đã bị khoá.")
        current = _open_step(locked)
        fields = {
            "to_user": specialist,
            "from_department": locked.holder_department,
            "to_department": locked.holder_department,
            "to_agency": locked.holder_agency,
        }
        if current is not None and current.kind == DossierStep.Kind.HAND_OVER:
            fields.update(budget=current.budget, version_step=current.version_step, due_at=current.due_at)
        return fields

    return _pass_on(
        head,
        dossier,
        "assign",
        DossierStep.Kind.ASSIGN,
        f"Phân công {specialist} thẩm định",
        at=_now(at),
        note=note,
        to=to,
        details={"specialist": specialist.pk},
    )


def record_appraisal(specialist, dossier: Dossier, opinion: str, *, at=None) -> Dossier:
    """The specialist's appraisal, submitted to the agency's leaders for approval."""
    opinion = _reason(opinion, "ý kiến thẩm định")
    return _pass_on(
        specialist,
        dossier,
        "record_appraisal",
        DossierStep.Kind.APPROVE,
        "Trình kết quả thẩm định",
        at=_now(at),
        note=opinion,
        version_kind=ProcessingStep.Kind.APPROVE,
        to=lambda locked: {"to_agency": locked.competent_agency, "received": False},
    )


def send_back(leader, dossier: Dossier, reason: str, *, at=None) -> Dossier:
    """The leader returns the appraisal to the specialist who made it."""
    reason = _reason(reason, "lý do trả lại")

    def to(locked):
        appraisal = locked.steps.filter(kind=DossierStep.Kind.APPROVE).order_by("-order").first()
        assigned = locked.steps.filter(kind=DossierStep.Kind.ASSIGN).order_by("-order").first()
        return {
            "to_user": appraisal.from_user,
            "to_agency": locked.competent_agency,
            "to_department": assigned.to_department if assigned else None,
        }

    return _pass_on(
        leader,
        dossier,
        "send_back",
        DossierStep.Kind.ASSIGN,
        "Trả lại để thẩm định lại",
        at=_now(at),
        note=reason,
        to=to,
        details={"reason": reason},
    )


def approve(leader, dossier: Dossier, *, note: str = "", at=None) -> Dossier:
    """The leader approves; the leader's office then completes and signs the result."""
    at = _now(at)

    def to(locked):
        DossierStep.objects.filter(dossier=locked, done_at__isnull=True, received_at__isnull=True).update(
            to_user=leader, received_at=at
        )
        return {"to_user": leader, "to_agency": locked.competent_agency}

    return _pass_on(
        leader,
        dossier,
        "approve",
        DossierStep.Kind.RESULT,
        "Lãnh đạo phê duyệt",
        at=at,
        note=note,
        version_kind=ProcessingStep.Kind.SIGN,
        to=to,
    )


def request_supplement(actor, dossier: Dossier, reason: str, *, at=None) -> Dossier:
    """Mẫu 02 during processing: the clock pauses until the papers arrive; once per processing body."""
    reason = _reason(reason, "nội dung cần bổ sung và lý do")
    at = _now(at)
    with transaction.atomic():
        dossier = _lock(dossier)
        target = _require("request_supplement", actor, dossier)
        if not dossier.version.allows_supplement:
            raise DomainError(
                "Quy định của thủ tục không cho phép yêu cầu bổ sung hồ sơ trong khi giải quyết."
            )
        body = dossier.holder_agency or dossier.competent_agency
        if dossier.pauses.filter(kind=DossierPause.Kind.SUPPLEMENT, agency=body).exists():
            raise DomainError(
                f"{body} đã yêu cầu bổ sung hồ sơ này một lần; mỗi cơ quan chỉ được yêu cầu một lần."
            )
        DossierPause.objects.create(
            dossier=dossier,
            kind=DossierPause.Kind.SUPPLEMENT,
            agency=body,
            reason=reason,
            started_at=at,
            requested_by=actor,
        )
        dossier.status = target
        _save(dossier)
        _event(
            dossier,
            actor,
            "request_supplement",
            "Yêu cầu bổ sung hồ sơ (tạm dừng tính thời hạn)",
            reason,
            at=at,
        )
        _audit(actor, "request_supplement", dossier, reason=reason)
        _tell_applicant(
            dossier,
            f"Hồ sơ {dossier.code} cần bổ sung: {reason}",
            event="supplement_requested",
            reason=reason,
        )
    return dossier


def receive_supplement(actor, dossier: Dossier, papers: list[PaperIn], *, at=None) -> Dossier:
    """The supplement arrives (at the counter or uploaded): the clock resumes where it stopped."""
    if not papers:
        raise DomainError("Hãy ghi nhận ít nhất một giấy tờ bổ sung.")
    at = _now(at)
    _check_papers(dossier.version, papers)
    with transaction.atomic():
        dossier = _lock(dossier)
        target = _require("receive_supplement", actor, dossier)
        pause = dossier.pauses.get(ended_at__isnull=True)
        pause.ended_at = max(at, pause.started_at)
        pause.ended_by = actor
        pause.save(update_fields=["ended_at", "ended_by"])
        _store_papers(dossier, papers, at, supplement=True)
        dossier.status = target
        dossier.due_at = compute_due(dossier)
        step = _open_step(dossier)
        if step is not None and step.budget is not None:
            step.due_at = _step_due(
                step.given_at, step.budget, step.budget_unit, _pauses(dossier, step.given_at)
            )
            step.save(update_fields=["due_at"])
        if dossier.holder_id is None:
            dossier.holder = pause.requested_by
        _save(dossier, "due_at")
        _event(
            dossier,
            actor,
            "receive_supplement",
            f"Nhận hồ sơ bổ sung, hẹn trả {timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}",
            at=at,
        )
        _audit(actor, "receive_supplement", dossier, due_at=dossier.due_at.isoformat())
    return dossier


def send_to_agency(
    actor, dossier: Dossier, agency: Agency, budget_days, *, note: str = "", at=None
) -> Dossier:
    """Liên thông: another agency does its part within its own time budget (working days)."""
    try:
        budget = Decimal(str(budget_days))
        in_range = 0 < budget <= MAX_INTERAGENCY_DAYS
    except ArithmeticError:  # not a number, NaN
        raise DomainError("Thời gian giải quyết của cơ quan liên thông phải là số ngày làm việc.") from None
    if not in_range:
        raise DomainError(
            f"Thời gian giải quyết của cơ quan liên thông phải lớn hơn 0 và không quá "
            f"{MAX_INTERAGENCY_DAYS} ngày làm việc."
        )

    def to(locked):
        if agency.pk == locked.competent_agency_id or not agency.is_active:
            raise DomainError("Hãy chọn một cơ quan khác, đang hoạt động, để liên thông.")
        return {
            "from_agency": locked.holder_agency or locked.competent_agency,
            "to_agency": agency,
            "budget": budget,
            "received": False,
        }

    return _pass_on(
        actor,
        dossier,
        "send_to_agency",
        DossierStep.Kind.INTERAGENCY,
        f"Chuyển liên thông {agency}",
        at=_now(at),
        note=note,
        to=to,
        details={"agency": agency.pk, "budget": str(budget)},
    )


def receive_back(actor, dossier: Dossier, *, note: str = "", at=None) -> Dossier:
    """The other agency's part is back: the dossier returns to whoever sent it."""

    def to(locked):
        sent = _open_step(locked)
        return {
            "from_agency": sent.to_agency,
            "to_user": sent.from_user,
            "to_department": sent.from_department,
            "to_agency": locked.competent_agency,
        }

    return _pass_on(
        actor,
        dossier,
        "receive_back",
        DossierStep.Kind.ASSIGN,
        "Nhận lại từ cơ quan liên thông",
        at=_now(at),
        note=note,
        to=to,
    )


def _in_office_hours(instant: datetime.datetime) -> bool:
    """On a working day, inside a period of office hours (its closing time included)."""
    local = timezone.localtime(instant)
    tod = ((local.hour * 60 + local.minute) * 60 + local.second) * 1_000_000 + local.microsecond
    return clock.is_working_day(local.date()) and any(a <= tod <= b for a, b in clock.office_hours().periods)


def apologise_and_reschedule(
    actor, dossier: Dossier, reason: str, new_due_at: datetime.datetime, *, at=None
) -> DossierApology:
    """Mẫu 04: at least one working day before the due time, an apology with the reason and a new date."""
    reason = _reason(reason, "lý do chậm trả kết quả")
    at = _now(at)
    with transaction.atomic():
        dossier = _lock(dossier)
        _require("apologise", actor, dossier)
        due = dossier.due_at
        if clock.working_days_between(timezone.localtime(at).date(), timezone.localtime(due).date()) < 1:
            raise DomainError(
                "Văn bản xin lỗi và hẹn lại phải gửi chậm nhất trước 01 ngày làm việc so với hạn trả "
                f"({timezone.localtime(due):%H:%M %d/%m/%Y})."
            )
        if new_due_at <= due:
            raise DomainError("Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.")
        if not _in_office_hours(new_due_at):
            raise DomainError("Ngày hẹn trả mới phải rơi vào giờ làm việc của một ngày làm việc.")
        apology = DossierApology.objects.create(
            dossier=dossier,
            agency=dossier.holder_agency or dossier.competent_agency,
            reason=reason,
            previous_due_at=due,
            new_due_at=new_due_at,
            created_at=at,
            created_by=actor,
        )
        dossier.due_at = new_due_at
        dossier.near_due_flagged_at = dossier.overdue_flagged_at = dossier.apology_due_flagged_at = None
        _save(dossier, "due_at", "near_due_flagged_at", "overdue_flagged_at", "apology_due_flagged_at")
        label = f"Xin lỗi và hẹn lại ngày trả: {timezone.localtime(new_due_at):%H:%M %d/%m/%Y}"
        _event(dossier, actor, "apologise", label, reason, at=at)
        _audit(
            actor, "apologise", dossier, previous=due.isoformat(), new=new_due_at.isoformat(), reason=reason
        )
        _tell_applicant(
            dossier,
            f"Xin lỗi: hồ sơ {dossier.code} được hẹn lại ngày trả {timezone.localtime(new_due_at):%d/%m/%Y}. "
            f"Lý do: {reason}",
            event="rescheduled",
            reason=reason,
        )
    return apology


# action: (what the reason is called when missing, the timeline label, what the applicant is told, the
# message event)
_CLOSINGS = {
    "stop": ("lý do dừng giải quyết", "Dừng giải quyết hồ sơ", "Hồ sơ {} đã dừng giải quyết.", "stopped"),
    "refuse": (
        "lý do từ chối giải quyết",
        "Từ chối giải quyết",
        "Hồ sơ {} không đủ điều kiện giải quyết.",
        "refused",
    ),
    "withdraw": ("lý do rút hồ sơ", "Rút hồ sơ", "Hồ sơ {} đã được rút.", "withdrawn"),
}


def _finish(actor, dossier, action: str, reason: str, at) -> Dossier:
    reason_name, label, message, event = _CLOSINGS[action]
    reason = _reason(reason, reason_name)
    message = message.format(dossier.code or dossier.version.procedure.name)
    at = _now(at)
    with transaction.atomic():
        dossier = _lock(dossier)
        target = _require(action, actor, dossier)
        _close_step(dossier, at)
        open_pause = dossier.pauses.filter(ended_at__isnull=True).first()
        if open_pause is not None:
            open_pause.ended_at = max(at, open_pause.started_at)
            open_pause.ended_by = actor
            open_pause.save(update_fields=["ended_at", "ended_by"])
        dossier.status = target
        dossier.decision_reason = reason
        dossier.closed_at = at
        dossier.holder = dossier.holder_department = dossier.holder_agency = None
        _save(dossier, "decision_reason", "closed_at")
        _event(dossier, actor, action, label, reason, at=at)
        _audit(actor, action, dossier, reason=reason)
        _tell_applicant(dossier, f"{message} Lý do: {reason}", event=event, reason=reason)
    return dossier


def stop(leader, dossier: Dossier, reason: str, *, at=None) -> Dossier:
    """Mẫu 05 Thông báo dừng giải quyết hồ sơ."""
    return _finish(leader, dossier, "stop", reason, at)


def refuse_after_review(leader, dossier: Dossier, reason: str, *, at=None) -> Dossier:
    """Not eligible after review: the dossier is returned with a refusal notice."""
    return _finish(leader, dossier, "refuse", reason, at)


def withdraw(actor, dossier: Dossier, reason: str, *, at=None) -> Dossier:
    """The applicant withdraws the dossier (online, or at the desk on their written request)."""
    return _finish(actor, dossier, "withdraw", reason, at)


# --- result -------------------------------------------------------------------------------------------
def attach_result(actor, dossier: Dossier, *, result_file=None, result_name: str = "", at=None) -> Dossier:
    """The approved result (permit, certificate, decision) goes to the leader for signature: an uploaded
    PDF, with the verification QR code and link stamped on its last page, or, without one, the result
    produced from the dossier's record (onestop.results). The PDF is made before the row is locked."""
    content = None
    if result_file is not None:
        try:
            kind = check_upload(result_file)
        except ValidationError as error:
            raise DomainError(" ".join(error.messages)) from None
        if kind != "application/pdf":
            raise DomainError("Kết quả giải quyết phải là tệp PDF.")
        result_file.seek(0)
        content = result_file.read()
    dossier = _fresh(dossier)
    _require("attach_result", actor, dossier)
    name = (result_name.strip() or dossier.version.result_name)[:300]
    token = signing.new_verify_token()
    pdf = results.rendered(dossier, name, token) if content is None else results.stamped(content, token)
    at = _now(at)
    with transaction.atomic():
        dossier = _lock(dossier)
        target = _require("attach_result", actor, dossier)
        dossier.status = target
        dossier.result_name = name
        dossier.result_verify_token = token
        dossier.result_file.save("ket-qua.pdf", ContentFile(pdf), save=False)
        _save(dossier, "result_name", "result_file", "result_verify_token")
        _event(dossier, actor, "attach_result", f"Có kết quả: {dossier.result_name}, chờ ký số", at=at)
        _audit(actor, "attach_result", dossier, sha256=pki.sha256_hex(pdf), uploaded=content is not None)
    return dossier


def _fresh(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_related("version__procedure", "receiving_agency", "competent_agency").get(
        pk=dossier.pk
    )


def _result_bytes(dossier: Dossier) -> bytes:
    if not dossier.result_file:
        raise DomainError("Hồ sơ chưa có tệp kết quả.")
    with dossier.result_file.open("rb") as handle:
        return handle.read()


def _write_signed(actor, dossier: Dossier, action: str, before: bytes, signed: bytes, at, finish=None):
    """After a signature made outside any lock: lock the row, check that neither its status nor its
    result file changed meanwhile, then keep the signed file and move on. `finish(dossier)` runs in the
    same transaction."""
    with transaction.atomic():
        locked = _lock(dossier)
        if locked.status != dossier.status:
            raise DomainError("Hồ sơ vừa được xử lý ở nơi khác; hãy tải lại trang.")
        target = _require(action, actor, locked)
        if pki.sha256_hex(_result_bytes(locked)) != pki.sha256_hex(before):
            raise DomainError("Tệp kết quả vừa được thay đổi trong khi ký; hãy tải lại trang và ký lại.")
        locked.status = target
        locked.result_file.save("ket-qua-da-ky.pdf", ContentFile(signed), save=False)
        fields = ["result_file"]
        if finish is not None:
            fields += finish(locked)
        _save(locked, *fields)
        label = DOSSIER.transitions[action].label
        _event(locked, actor, action, f"{label}: {locked.result_name}", at=at)
        _audit(actor, action, locked, sha256=pki.sha256_hex(signed))
    return locked


def sign_result(leader, dossier: Dossier, pin: str, *, at=None) -> Dossier:
    """The competent agency's leader signs the result with their certificate (in the box the produced
    result leaves, or the default place on an uploaded one), leaving the agency's seal field for the clerk."""
    dossier = _fresh(dossier)
    _require("sign_result", leader, dossier)
    pdf = _result_bytes(dossier)
    located = anchor_box(pdf, **results.SIGNATURE_BOX)
    page, box = located if located else (-1, None)
    agency = dossier.competent_agency
    signed = signing.sign_as_person(
        pdf,
        user=leader,
        pin=pin,
        box=box,
        page=page,
        reason=f"Ký kết quả giải quyết hồ sơ {dossier.code}",
        location=agency.place_name,
        organisation=agency,
        organisation_lines=_seal_lines(dossier),
    )
    return _write_signed(leader, dossier, "sign_result", pdf, signed, _now(at))


def _seal_lines(dossier: Dossier) -> list[str]:
    return [f"Hồ sơ {dossier.code}", "Ký số lúc %(time)s (GMT+7)"]


def seal_result(clerk, dossier: Dossier, pin: str, *, at=None) -> Dossier:
    """The competent agency's clerk seals the signed result with the agency's certificate; the sealed file
    is registered for public verification under the token its QR code shows, and goes to the receiving
    desk to be returned. The applicant and the desk are told."""
    dossier = _fresh(dossier)
    _require("seal_result", clerk, dossier)
    pdf = _result_bytes(dossier)
    agency = dossier.competent_agency
    sealed = signing.seal_as_organisation(
        pdf,
        agency=agency,
        clerk_user=clerk,
        pin=pin,
        stamp_lines=_seal_lines(dossier),
        reason=f"Đóng dấu kết quả giải quyết hồ sơ {dossier.code}",
    )
    at = _now(at)

    def finish(locked: Dossier) -> list[str]:
        signing.register_issued_pdf(
            sealed,
            title=f"{locked.result_name} (hồ sơ {locked.code})",
            notation=locked.code,
            agency=agency,
            issued_at=at,
            verify_token=locked.result_verify_token or None,
        )
        step = _version_step(locked.version, ProcessingStep.Kind.RETURN)
        _new_step(
            locked,
            DossierStep.Kind.RETURN,
            from_user=clerk,
            from_agency=locked.competent_agency,
            to_agency=locked.receiving_agency,
            at=at,
            budget=step.budget if step else None,
            version_step=step,
        )
        locked.result_ready_at = at
        _tell_applicant(
            locked, f"Hồ sơ {locked.code} đã có kết quả; mời ông/bà nhận kết quả.", event="result_ready"
        )
        _notify_desk(locked, f"Hồ sơ {locked.code} có kết quả, chờ trả.", f"onestop:{locked.pk}:result")
        return ["result_ready_at"]

    return _write_signed(clerk, dossier, "seal_result", pdf, sealed, at, finish)


def _require_fees_settled(dossier: Dossier, desk: bool) -> None:
    """The result leaves the desk only once its fees are settled (paid, or waived by an exemption): level 3
    procedures take them in person when the result is received, level 4 also online."""
    owed = fees.dues(dossier).outstanding
    if not owed:
        return
    then = (
        "hãy ghi nhận thu phí trước khi trả kết quả" if desk else "hãy nộp phí, lệ phí trước khi nhận kết quả"
    )
    raise TransitionNotAllowed(f"Hồ sơ còn phải nộp {vnd(owed)} đồng phí, lệ phí: {then}.", code="fees_owed")


def return_result(
    actor, dossier: Dossier, method: str, *, received_by_name: str = "", post_dispatch: str = "", at=None
) -> Dossier:
    """Trả kết quả: at the counter (who received it, when), online (the applicant downloaded it) or by
    post (the dispatch number). Refused (TransitionNotAllowed, 409 in the API) while fees are owed."""
    if method not in ReturnMethod.values:
        raise DomainError("Hình thức trả kết quả phải là tại quầy, trực tuyến hoặc qua bưu chính.")
    if method == ReturnMethod.COUNTER:
        received_by_name = _reason(received_by_name, "họ tên người nhận kết quả")
    if method == ReturnMethod.POST:
        post_dispatch = _reason(post_dispatch, "số vận đơn bưu chính")
    at = _now(at)
    with transaction.atomic():
        dossier = _lock(dossier)
        target = _require("return_result", actor, dossier)
        desk = _is_officer(actor, dossier.receiving_agency_id)
        if method != ReturnMethod.ONLINE and not desk:
            raise NotPermitted("Chỉ Bộ phận Một cửa trả kết quả tại quầy hoặc qua bưu chính.")
        _require_fees_settled(dossier, desk)
        _close_step(dossier, at)
        dossier.status = target
        dossier.return_method = method
        dossier.returned_to = (received_by_name or dossier.applicant_name)[:200]
        dossier.post_dispatch = post_dispatch[:60]
        dossier.returned_at = dossier.closed_at = max(at, dossier.result_ready_at or at)
        dossier.holder = dossier.holder_department = dossier.holder_agency = None
        _save(dossier, "return_method", "returned_to", "post_dispatch", "returned_at", "closed_at")
        _event(dossier, actor, "return_result", f"Trả kết quả ({ReturnMethod(method).label})", at=at)
        _audit(actor, "return_result", dossier, method=method)
        _tell_applicant(
            dossier,
            f"Hồ sơ {dossier.code} đã được trả kết quả ({ReturnMethod(method).label}).",
            event="result_returned",
        )
    return dossier
