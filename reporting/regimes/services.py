"""Every action on a periodic report, one function each, taking the acting user first.

    check_regime(cells) -> None          the template's formulas and statistics (ValidationError)
    ensure_instances(regime, *, today=None, actor=None) -> int   the instances of every period begun by today
    create_due_instances(*, today=None) -> int          the same for every regime (the beat task)
    figures(instance, typed=None) -> Filled             statistics prefilled, typed cells, formulas computed
    save_values(actor, instance, typed) -> ReportInstance
    send_for_signature(actor, instance, typed=None) -> ReportInstance
    withdraw(actor, instance) -> ReportInstance
    sign(leader, instance, pin, *, at=None) -> ReportInstance   the signed PDF goes to the recipient
    accept(actor, instance) / return_for_correction(actor, instance, reason) -> ReportInstance
    send_reminders(*, today=None) -> int                once per instance and reminder step
    period_overview(regime, period_start) -> Overview   arrived, missing, late and the rollup

Each checks the actor's right and the transition (workflow.INSTANCE), locks the row for milliseconds,
writes the change and its audit entry in one transaction and queues the messages on commit. The PDF is
rendered and signed before any row lock. A refusal is a DomainError with a Vietnamese message; nothing
is written then."""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import access
from egov.audit.services import record
from egov.errors import DomainError, NotPermitted
from egov.notify import services as notify
from egov.text import clean
from egov.workdays.clock import working_days_between
from reporting.periods import Period

from . import formulas, queries
from .formulas import CellSpec, FormulaError
from .models import Reminder, ReportInstance, ReportRegime, StatisticsScope, Status, TemplateCell
from .periods import deadline_of, periods_until
from .workflow import INSTANCE, target

MAX_VALUE = 10**12  # a typed figure above this is a typing error
REMINDER_STEPS = (3, 1, 0)  # working days before the deadline; 0: the deadline day itself


def _today(today=None) -> datetime.date:
    return today or timezone.localdate()


# --- regimes and instances -----------------------------------------------------------------------------
def specs(cells) -> list[CellSpec]:
    return [CellSpec(c.code, c.source, c.statistic or "", c.formula or "") for c in cells]


def check_regime(cells: list[CellSpec]) -> None:
    """ValidationError (Vietnamese, one message per problem) when the template is not sound."""
    problems = formulas.check_template(cells)
    if problems:
        raise ValidationError([message for messages in problems.values() for message in messages])


def ensure_instances(regime: ReportRegime, *, today=None, actor=None) -> int:
    """An instance for every reporter and every period of the regime begun by `today` (idempotent)."""
    today = _today(today)
    reporters = list(queries.reporters_of(regime))
    created = 0
    for year, number, period in periods_until(regime, today):
        deadline = deadline_of(regime, period)
        for reporter in reporters:
            with transaction.atomic():
                _instance, new = ReportInstance.objects.get_or_create(
                    regime=regime,
                    reporter=reporter,
                    period_start=period.start,
                    defaults={"year": year, "number": number, "period_end": period.end, "deadline": deadline},
                )
                if new:
                    created += 1
                    record(actor, "report_regimes.instance_created", _instance, deadline=deadline.isoformat())
    return created


def create_due_instances(*, today=None) -> int:
    today = _today(today)
    total = 0
    for regime in ReportRegime.objects.filter(valid_from__lte=today).select_related("recipient"):
        total += ensure_instances(regime, today=today)
    return total


# --- the figures ---------------------------------------------------------------------------------------
@dataclass
class Filled:
    values: dict  # code -> int, float or None
    errors: dict = field(default_factory=dict)  # code -> message (typed cells refused)
    notes: list = field(default_factory=list)  # statistics that could not be read


def cells_of(regime) -> list[TemplateCell]:
    return list(regime.cells.order_by("order", "pk"))


def _number(value: Fraction):
    if value.denominator == 1:
        return int(value)
    return round(float(value), 2)


def parse_typed(raw) -> int:
    """A typed figure: a non-negative whole number up to MAX_VALUE (digits, with . or space as thousands
    separators); DomainError otherwise."""
    if isinstance(raw, bool):
        raise DomainError(_("Số liệu phải là số nguyên không âm."))
    if isinstance(raw, int):
        value = raw
    else:
        text = "".join(str(raw if raw is not None else "").split()).replace(".", "")
        if not text:
            return 0
        if not text.isascii() or not text.isdigit() or len(text) > 16:
            raise DomainError(_("Số liệu phải là số nguyên không âm (không có dấu thập phân)."))
        value = int(text)
    if value < 0:
        raise DomainError(_("Số liệu không được âm."))
    if value > MAX_VALUE:
        raise DomainError(_("Số liệu vượt quá giới hạn cho phép (%(max)s).") % {"max": f"{MAX_VALUE:,}"})
    return value


def statistics_for(instance, names: list[str]) -> tuple[dict, list[str]]:
    """{statistic: value} for the reporter's scope and the instance's period, through reporting.stats."""
    if not names:
        return {}, []
    from reporting import stats

    period = Period(instance.period_start, instance.period_end)
    reporter = instance.reporter
    try:
        if instance.regime.statistics_scope == StatisticsScope.UNIT and reporter.unit_id:
            figures = stats.dossier_figures(period, unit=reporter.unit)
        else:
            figures = stats.dossier_figures(period, agency=reporter)
    except DomainError as error:
        return {name: None for name in names}, [str(error)]
    return {name: getattr(figures, name.split(".", 1)[1], None) for name in names}, []


def figures(instance, typed: dict | None = None, *, cells=None) -> Filled:
    """Every cell's value: statistics recomputed now, typed cells from `typed` (else what was saved),
    formulas computed over them in dependency order (a division by zero leaves the cell empty)."""
    cells = cells if cells is not None else cells_of(instance.regime)
    saved = instance.values or {}
    values, errors = {}, {}
    stat_values, notes = statistics_for(instance, [c.statistic for c in cells if c.source == "statistic"])
    for cell in cells:
        if cell.source == TemplateCell.Source.TYPED:
            raw = saved.get(cell.code) if typed is None else typed.get(cell.code, saved.get(cell.code))
            try:
                values[cell.code] = parse_typed(raw)
            except DomainError as error:
                errors[cell.code] = str(error)
                values[cell.code] = None
        elif cell.source == TemplateCell.Source.STATISTIC:
            values[cell.code] = stat_values.get(cell.statistic)
    _compute_formulas(cells, values)
    return Filled(values=values, errors=errors, notes=notes)


def _compute_formulas(cells, values: dict) -> None:
    for spec in formulas.evaluation_order(specs(cells)):
        try:
            values[spec.code] = _number(formulas.compute(spec.formula, values))
        except FormulaError:
            values[spec.code] = None


# --- permissions --------------------------------------------------------------------------------------
def _require(action: str, actor, instance: ReportInstance) -> str:
    """The state `action` leads to, or NotPermitted / TransitionNotAllowed with the reason."""
    checks = {
        "save": queries.can_fill,
        "send_for_signature": queries.can_fill,
        "withdraw": lambda user, inst: queries.can_fill(user, inst) or queries.can_sign(user, inst),
        "sign": queries.can_sign,
        "accept": queries.can_review,
        "return": queries.can_review,
    }
    if not checks[action](actor, instance):
        reasons = {
            "sign": _("Chỉ lãnh đạo của cơ quan báo cáo được ký số và gửi báo cáo."),
            "accept": _("Chỉ cán bộ của cơ quan nhận báo cáo được tiếp nhận hoặc trả lại báo cáo."),
            "return": _("Chỉ cán bộ của cơ quan nhận báo cáo được tiếp nhận hoặc trả lại báo cáo."),
        }
        raise NotPermitted(reasons.get(action, _("Bạn không có quyền lập báo cáo này của cơ quan báo cáo.")))
    if instance.status == Status.ACCEPTED and action in ("save", "send_for_signature", "sign"):
        raise DomainError(_("Báo cáo đã được tiếp nhận; không gửi lại hay sửa được nữa."), code="accepted")
    if action in ("send_for_signature", "sign") and instance.regime.is_closed_on(timezone.localdate()):
        raise DomainError(
            _("Chế độ báo cáo “%(name)s” đã kết thúc từ ngày %(day)s; không nhận báo cáo gửi đến nữa.")
            % {"name": instance.regime.name, "day": f"{instance.regime.closed_on:%d/%m/%Y}"},
            code="regime_closed",
        )
    return target(instance.status, action)


def allowed_actions(user, instance) -> list[str]:
    found = []
    for transition in INSTANCE.allowed(instance.status):
        try:
            _require(transition.action, user, instance)
        except DomainError:
            continue
        found.append(transition.action)
    return found


def _lock(instance) -> ReportInstance:
    return ReportInstance.objects.select_for_update().select_related("regime", "reporter").get(pk=instance.pk)


def _fresh(instance) -> ReportInstance:
    return ReportInstance.objects.select_related(
        "regime", "regime__recipient", "reporter", "reporter__unit"
    ).get(pk=instance.pk)


def _values_or_refuse(instance, typed) -> dict:
    filled = figures(instance, typed)
    if filled.errors:
        raise DomainError(
            "; ".join(f"{code}: {message}" for code, message in filled.errors.items()), code="invalid_values"
        )
    return filled.values


def _move(actor, instance, action: str, audit: str, **changes) -> ReportInstance:
    with transaction.atomic():
        locked = _lock(instance)
        new = _require(action, actor, locked)
        locked.status = new
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", "updated_at", *changes])
        record(actor, audit, locked, status=new, **{k: v for k, v in changes.items() if k == "values"})
    return locked


# --- the reporter -------------------------------------------------------------------------------------
def save_values(actor, instance, typed: dict) -> ReportInstance:
    instance = _fresh(instance)
    _require("save", actor, instance)
    values = _values_or_refuse(instance, typed)
    return _move(actor, instance, "save", "report_regimes.values_saved", values=values, prepared_by=actor)


def send_for_signature(actor, instance, typed: dict | None = None) -> ReportInstance:
    """The reporter checks the figures and sends the report to their leader to sign."""
    instance = _fresh(instance)
    _require("send_for_signature", actor, instance)
    values = _values_or_refuse(instance, typed)
    locked = _move(
        actor,
        instance,
        "send_for_signature",
        "report_regimes.sent_for_signature",
        values=values,
        prepared_by=actor,
    )
    for leader in queries.staff_of(locked.reporter_id, queries.SIGN):
        _tell(
            leader,
            locked,
            _("Báo cáo chờ ký"),
            _("Báo cáo “%(report)s” đang chờ đồng chí ký số và gửi.") % {"report": _title(locked)},
            f"report_regimes:{locked.pk}:sign:{locked.submissions}:{leader.pk}",
        )
    return locked


def withdraw(actor, instance) -> ReportInstance:
    return _move(actor, _fresh(instance), "withdraw", "report_regimes.withdrawn")


# --- the leader's signature ----------------------------------------------------------------------------
SIGNATURE_BOX = {"anchor": "signature-box", "width_mm": 70, "height_mm": 32}


def _digest(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def render_pdf(instance, token: str, *, signer=None, day: datetime.date | None = None) -> bytes:
    from egov.pdf.dates import official_date_line
    from egov.pdf.qr import qr_svg
    from egov.pdf.render import render_pdf as render
    from egov.signing.registry import verification_url

    url = verification_url(token)
    reporter = instance.reporter
    post = access.primary_assignment(signer, reporter.pk) if signer is not None else None
    cells = cells_of(instance.regime)
    values = instance.values or {}
    return render(
        "report_regimes/pdf/report.html",
        {
            "instance": instance,
            "regime": instance.regime,
            "rows": [(cell, values.get(cell.code)) for cell in cells],
            "agency_name": reporter.name,
            "parent_agency_name": reporter.parent.name if reporter.parent_id else "",
            "date_line": official_date_line(reporter.place_name or "", day or timezone.localdate()),
            "signer_title": f"TM. {reporter.name}",
            "signer_position": post.position.name if post else "",
            "signer_name": signer.get_full_name() if signer is not None else "",
            "verify_url": url,
            "verify_qr": qr_svg(url, scale=2),
        },
    )


def sign(leader, instance, pin: str, *, at=None) -> ReportInstance:
    """The reporter's leader signs the report's PDF and sends it: rendered and signed outside any lock,
    then the row is locked, checked unchanged, and the signed file kept and registered for verification.
    A submission after the deadline is recorded as late."""
    from egov.pdf.anchors import anchor_box
    from egov.signing import services as signing

    instance = _fresh(instance)
    _require("sign", leader, instance)
    if not pin:
        raise DomainError(_("Nhập mã PIN chữ ký số để ký báo cáo."), code="pin_required")
    digest = _digest(instance.values or {})
    at = at or timezone.now()
    token = signing.new_verify_token()
    pdf = render_pdf(instance, token, signer=leader, day=timezone.localtime(at).date())
    located = anchor_box(pdf, **SIGNATURE_BOX)
    page, box = located if located else (-1, None)
    post = access.primary_assignment(leader, instance.reporter_id)
    signed = signing.sign_as_person(
        pdf,
        user=leader,
        pin=pin,
        box=box,
        page=page,
        reason=f"Ký gửi báo cáo: {_title(instance)}"[:200],
        position=post.position.name if post else "",
        location=instance.reporter.place_name,
    )
    with transaction.atomic():
        locked = _lock(instance)
        if locked.status != instance.status or _digest(locked.values or {}) != digest:
            raise DomainError(_("Báo cáo vừa được thay đổi trong khi ký; hãy tải lại trang và ký lại."))
        new = _require("sign", leader, locked)
        late = timezone.localtime(at).date() > locked.deadline
        locked.status = new
        locked.signed_by = leader
        locked.submitted_at = at
        locked.submissions += 1
        locked.is_late = late
        locked.verify_token = token
        locked.signed_file.save("bao-cao.pdf", ContentFile(signed), save=False)
        locked.save(
            update_fields=[
                "status",
                "signed_by",
                "submitted_at",
                "submissions",
                "is_late",
                "verify_token",
                "signed_file",
                "updated_at",
            ]
        )
        signing.register_issued_pdf(
            signed,
            title=_title(locked),
            notation="",
            agency=locked.reporter,
            issued_at=at,
            verify_token=token,
        )
        record(
            leader,
            "report_regimes.submitted",
            locked,
            late=late,
            submission=locked.submissions,
            sha256=hashlib.sha256(signed).hexdigest(),
        )
        for reviewer in queries.staff_of(locked.regime.recipient_id, queries.REVIEW):
            _tell(
                reviewer,
                locked,
                _("Báo cáo đã đến"),
                _("%(reporter)s đã gửi báo cáo “%(report)s”%(late)s.")
                % {
                    "reporter": locked.reporter.name,
                    "report": _title(locked),
                    "late": _(" (gửi muộn)") if late else "",
                },
                f"report_regimes:{locked.pk}:arrived:{locked.submissions}:{reviewer.pk}",
            )
    return locked


# --- the recipient ------------------------------------------------------------------------------------
def accept(actor, instance) -> ReportInstance:
    return _move(
        actor,
        _fresh(instance),
        "accept",
        "report_regimes.accepted",
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )


def return_for_correction(actor, instance, reason: str) -> ReportInstance:
    reason = " ".join(clean(reason or "").split())[:2000]
    if not reason:
        raise DomainError(_("Ghi lý do trả lại báo cáo để cơ quan báo cáo sửa."), code="reason_required")
    locked = _move(
        actor,
        _fresh(instance),
        "return",
        "report_regimes.returned",
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        return_reason=reason,
    )
    for user in queries.staff_of(locked.reporter_id, queries.FILL):
        _tell(
            user,
            locked,
            _("Báo cáo bị trả lại"),
            _("Báo cáo “%(report)s” bị trả lại để sửa. Lý do: %(reason)s")
            % {"report": _title(locked), "reason": reason},
            f"report_regimes:{locked.pk}:returned:{locked.submissions}:{user.pk}",
        )
    return locked


# --- reminders ----------------------------------------------------------------------------------------
def reminder_step(deadline: datetime.date, today: datetime.date) -> int | None:
    """The reminder step due today: the smallest step not below the working days left; None when the
    deadline is further than the first step, or has passed."""
    left = working_days_between(today, deadline)
    if left < 0:
        return None
    steps = [step for step in REMINDER_STEPS if left <= step]
    return min(steps) if steps else None


def send_reminders(*, today=None) -> int:
    """A reminder to the reporter's staff for each instance not yet sent whose deadline is near: once per
    instance and step (the Reminder row is the claim)."""
    today = _today(today)
    sent = 0
    horizon = today + datetime.timedelta(days=max(REMINDER_STEPS) * 3 + 10)
    pending = ReportInstance.objects.filter(
        status__in=[Status.DRAFT, Status.AWAITING_SIGNATURE, Status.RETURNED],
        deadline__gte=today,
        deadline__lte=horizon,
    ).select_related("regime", "reporter")
    for instance in pending:
        if instance.regime.is_closed_on(today):
            continue
        step = reminder_step(instance.deadline, today)
        if step is None:
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(instance=instance, step=step)
                users = list(queries.staff_of(instance.reporter_id, queries.FILL))
                text = (
                    _("Hôm nay là hạn gửi báo cáo “%(report)s”.")
                    if step == 0
                    else _("Còn %(n)s ngày làm việc đến hạn gửi báo cáo “%(report)s” (hạn %(day)s).")
                ) % {"n": step, "report": _title(instance), "day": f"{instance.deadline:%d/%m/%Y}"}
                for user in users:
                    _tell(
                        user,
                        instance,
                        _("Nhắc hạn gửi báo cáo"),
                        text,
                        f"report_regimes:{instance.pk}:due:{step}:{user.pk}",
                    )
                reminder.recipients = len(users)
                reminder.save(update_fields=["recipients"])
                record(None, "report_regimes.reminded", instance, step=step, recipients=len(users))
        except IntegrityError:
            continue  # this step was sent already
        sent += 1
    return sent


# --- the recipient's view of a period ------------------------------------------------------------------
@dataclass
class Overview:
    regime: ReportRegime
    period_start: datetime.date | None
    instances: list
    arrived: list
    missing: list
    late: list
    cells: list
    totals: dict  # code -> the rollup of the arrived reports (formulas recomputed on the sums)


def period_overview(regime: ReportRegime, period_start: datetime.date | None) -> Overview:
    cells = cells_of(regime)
    instances = list(
        ReportInstance.objects.filter(regime=regime, period_start=period_start)
        .select_related("reporter", "signed_by")
        .order_by("reporter__name", "pk")
    )
    arrived = [i for i in instances if i.status in queries.ARRIVED]
    totals: dict = {}
    for cell in cells:
        if cell.source != TemplateCell.Source.FORMULA:
            totals[cell.code] = sum(int(i.values.get(cell.code) or 0) for i in arrived)
    _compute_formulas(cells, totals)
    for cell in cells:
        cell.total = totals.get(cell.code)
    return Overview(
        regime=regime,
        period_start=period_start,
        instances=instances,
        arrived=arrived,
        missing=[i for i in instances if i.status not in queries.ARRIVED],
        late=[
            i
            for i in instances
            if i.is_late or (i.status not in queries.ARRIVED and i.deadline < timezone.localdate())
        ],
        cells=cells,
        totals=totals,
    )


# --- messages -----------------------------------------------------------------------------------------
def _title(instance) -> str:
    return f"{instance.regime.name} – {instance.period_label}"


def _tell(user, instance, status: str, text: str, key: str) -> None:
    from django.conf import settings

    url = f"{settings.PUBLIC_BASE_URL.rstrip('/')}{reverse('report_regimes:detail', args=[instance.pk])}"
    notify.queue(
        "report_regime",
        user=user,
        context={"status": status, "name": user.get_full_name(), "text": text, "url": url},
        key=key[:100],
        related=f"report_regimes.reportinstance:{instance.pk}",
    )
