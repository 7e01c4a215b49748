"""The one-stop desk's printed forms (TT 03/2025/TT-VPCP, Phụ lục I; field lists of TT 01/2018).

Mẫu 01–06 are A5 slips, each with the dossier code and a QR code to the dossier's public page
`/tra-cuu-ho-so/<code>/`; Mẫu 07, the Sổ theo dõi hồ sơ of a desk for a period, is an A4 landscape PDF
and an Excel workbook. Each function reads what the dossier recorded (papers, pauses, steps, apologies,
reasons) and returns bytes; nothing here writes to the database. The templates get a plain `slip`
dictionary, so what a form shows is decided here and tested on the rendered PDF.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import quote

from django.conf import settings
from django.db.models import Min, Q
from django.utils import timezone

from egov.pdf.dates import official_date_line
from egov.pdf.qr import qr_svg
from egov.pdf.render import render_pdf
from egov.spreadsheets import write_row
from egov.text import clean

from .models import Channel, Dossier, DossierPause, DossierStep, ReturnMethod, Status

TEMPLATES = {
    "01": "onestop/print/01_receipt.html",
    "02": "onestop/print/02_supplement.html",
    "03": "onestop/print/03_refusal.html",
    "04": "onestop/print/04_apology.html",
    "05": "onestop/print/05_stop.html",
    "06": "onestop/print/06_control.html",
}
# Until the applicant chooses how the result comes back, it comes the way the dossier came in.
RETURN_BY_CHANNEL = {
    Channel.DIRECT: ReturnMethod.COUNTER,
    Channel.ONLINE: ReturnMethod.ONLINE,
    Channel.POST: ReturnMethod.POST,
}
REGISTER_TITLE = "SỔ THEO DÕI HỒ SƠ"
# Mẫu 07's columns; the five dates stand under one heading "Ngày, tháng, năm".
REGISTER_DATES = (
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức",
)
REGISTER_BEFORE = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên người nộp hồ sơ",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
)
REGISTER_AFTER = ("Người nhận kết quả (ký nhận)", "Ghi chú")
REGISTER_COLUMNS = [*REGISTER_BEFORE, *REGISTER_DATES, *REGISTER_AFTER]


def public_url(code: str) -> str:
    """The dossier's public page (DESIGN: /tra-cuu-ho-so/<mã hồ sơ>/), absolute from PUBLIC_BASE_URL."""
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/tra-cuu-ho-so/{quote(code, safe='')}/"


def moment(value: datetime | None) -> str:
    """'09 giờ 05 phút, ngày 05/01/2026' in local time, as the forms write a time; '' when unknown."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def _short(value: datetime | None) -> str:
    """'09:05, 05/01/2026': the control slip's narrow cells."""
    return f"{timezone.localtime(value):%H:%M, %d/%m/%Y}" if value else ""


def _day(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def _person(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def time_limit_words(version) -> str:
    """'5 ngày làm việc', '0,5 ngày làm việc' (a decimal comma), or 'trong ngày làm việc' for 0."""
    amount = version.time_limit_amount.normalize()
    if amount == 0:
        return "trong ngày làm việc"
    return f"{amount:f} {version.get_time_limit_unit_display()}".replace(".", ",")


def _render(form: str, dossier: Dossier, agency, when: datetime | None, **fields) -> bytes:
    """Form `form` from `agency`, dated the local day of `when` (today if the moment is not recorded)."""
    day = timezone.localtime(when).date() if when else timezone.localdate()
    code = dossier.code or ""
    url = public_url(code) if code else ""
    slip = {
        "code": code or "(chưa cấp mã)",
        "public_url": url,
        "qr": qr_svg(url, scale=2) if url else "",
        "desk": dossier.receiving_agency.name,
        "issuer": agency.name,
        "procedure": dossier.version.procedure.name,
        "applicant": {
            "name": dossier.applicant_name or _person(dossier.applicant_user),
            "address": dossier.applicant_address,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email or getattr(dossier.applicant_user, "email", ""),
        },
        **fields,
    }
    return render_pdf(
        TEMPLATES[form],
        {
            "title": f"Mẫu {form} - {slip['code']}",
            "slip": slip,
            "agency_name": agency.name,
            "parent_agency_name": agency.parent.name if agency.parent_id else "",
            "date_line": official_date_line(agency.place_name or agency.name, day),
        },
    )


def receipt(dossier: Dossier) -> bytes:
    """Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả: what was received and the appointment given."""
    papers = [
        {"name": p.name, "kind": p.get_kind_display(), "count": p.count}
        for p in dossier.papers.all()
        if not p.is_supplement
    ]
    received = dossier.accepted_at or dossier.submitted_at
    return _render(
        "01",
        dossier,
        dossier.receiving_agency,
        received,
        papers=papers,
        sets=f"{dossier.copies:02d}",
        time_limit=time_limit_words(dossier.version),
        received_at=moment(received),
        due_at=moment(dossier.original_due_at or dossier.due_at),
        return_method=(dossier.return_method and dossier.get_return_method_display())
        or RETURN_BY_CHANNEL[dossier.channel].label,
        officer=_person(dossier.received_by),
    )


def _decided_by(dossier: Dossier, action: str):
    """Who took the decision the form reports: the timeline's latest event of that action (an online
    dossier has no receiving officer until it is accepted)."""
    event = dossier.events.filter(action=action).select_related("actor").order_by("-at", "-id").first()
    return event.actor if event is not None and event.actor_id else dossier.received_by


def missing_papers(dossier: Dossier) -> list[str]:
    """The version's mandatory papers that the dossier does not hold."""
    held = {p.required_paper_id for p in dossier.papers.all()}
    return [p.name for p in dossier.version.papers.all() if p.is_mandatory and p.pk not in held]


def supplement_request(dossier: Dossier, pause: DossierPause | None = None) -> bytes:
    """Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: at intake (not accepted: the dossier's reason) or
    during processing (the pause that stopped the clock, by default the latest supplement pause)."""
    if pause is None and dossier.status != Status.NEEDS_COMPLETION:
        pause = dossier.pauses.filter(kind=DossierPause.Kind.SUPPLEMENT).order_by("-started_at").first()
    if pause is not None:
        agency, reason, officer, at = pause.agency, pause.reason, pause.requested_by, pause.started_at
    else:
        agency, reason, at = (
            dossier.receiving_agency,
            dossier.decision_reason,
            dossier.completion_requested_at,
        )
        officer = _decided_by(dossier, "request_completion")
    # At intake the checklist says what is missing; the officer's text adds what else and why.
    items = [f"{name}: thành phần hồ sơ bắt buộc, chưa nộp." for name in missing_papers(dossier)]
    return _render(
        "02",
        dossier,
        agency,
        at,
        items=items + _lines(reason),
        officer=_person(officer),
        contact_phone=agency.phone,
    )


def refusal(dossier: Dossier) -> bytes:
    """Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reasons recorded (one per line)."""
    return _render(
        "03",
        dossier,
        dossier.receiving_agency,
        dossier.closed_at,
        reasons=_lines(dossier.decision_reason),
        officer=_person(_decided_by(dossier, "refuse_intake")),
    )


def apology(dossier: Dossier, apology=None) -> bytes:
    """Mẫu 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (by default the latest apology)."""
    apology = apology or dossier.apologies.order_by("-created_at").first()
    if apology is None:
        raise ValueError("Hồ sơ chưa có văn bản xin lỗi, hẹn lại.")
    return _render(
        "04",
        dossier,
        apology.agency,
        apology.created_at,
        received_day=_day(dossier.accepted_at),
        due_at=moment(apology.previous_due_at),
        new_due_at=moment(apology.new_due_at),
        reason=apology.reason,
        signer_name=_person(apology.created_by),
    )


def stop_notice(dossier: Dossier) -> bytes:
    """Mẫu 05 Thông báo dừng giải quyết hồ sơ, from the competent agency, with the recorded reason."""
    return _render(
        "05",
        dossier,
        dossier.competent_agency,
        dossier.closed_at,
        received_day=_day(dossier.accepted_at),
        reason=dossier.decision_reason,
        signer_name=_person(_decided_by(dossier, "stop")),
    )


def _unit(agency, department, home) -> str:
    """A department by its name; the agency named too when it is not the dossier's competent one."""
    if department is None:
        return agency.name
    return department.name if agency.pk == home.pk else f"{department.name}, {agency.name}"


def control_slip(dossier: Dossier) -> bytes:
    """Mẫu 06 Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-over, with its class."""
    steps = dossier.steps.select_related(
        "from_user", "from_department", "from_agency", "to_user", "to_department", "to_agency"
    ).order_by("order")
    rows = [
        {
            "from_unit": _unit(s.from_agency, s.from_department, dossier.competent_agency),
            "to_unit": _unit(s.to_agency, s.to_department, dossier.competent_agency),
            "from_person": _person(s.from_user),
            "to_person": _person(s.to_user),
            "given_at": _short(s.given_at),
            "received_at": _short(s.received_at),
            "due_at": _short(s.due_at),
            "done_at": _short(s.done_at),
            "outcome": s.get_step_class_display() if s.step_class else "",
            "note": s.note or s.get_kind_display(),
        }
        for s in steps
    ]
    received = dossier.accepted_at or dossier.submitted_at
    return _render(
        "06",
        dossier,
        dossier.receiving_agency,
        received,
        steps=rows,
        received_at=moment(received),
        due_at=moment(dossier.due_at),
        issuer=dossier.competent_agency.name,
    )


# --- Mẫu 07 Sổ theo dõi hồ sơ -------------------------------------------------------------------------
def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def register_rows(desk, date_from: date, date_to: date) -> list[list]:
    """One row per dossier the desk accepted from `date_from` to `date_to` (inclusive), in code order."""
    dossiers = (
        Dossier.objects.filter(
            # A range of instants (local midnights), so the (desk, accepted_at) index serves it.
            receiving_agency=desk,
            accepted_at__gte=_midnight(date_from),
            accepted_at__lt=_midnight(date_to + timedelta(days=1)),
        )
        .select_related("version__procedure", "competent_agency", "applicant_user")
        .annotate(first_hand_over=Min("steps__given_at", filter=~Q(steps__kind=DossierStep.Kind.RECEIVE)))
        .order_by("accepted_at", "code")
    )
    out = []
    for number, d in enumerate(dossiers, start=1):
        contact = ", ".join(part for part in (d.applicant_address, d.applicant_phone) if part)
        if d.returned_at:
            note = "Trả quá hạn" if d.returned_at > d.due_at else ""
        else:
            note = d.get_status_display() + (" (quá hạn)" if d.is_overdue else "")
        out.append(
            [
                number,
                d.code,
                d.version.procedure.name,
                d.copies,
                d.applicant_name or _person(d.applicant_user),
                contact,
                d.competent_agency.name,
                _day(d.accepted_at),
                _day(d.due_at),
                _day(d.first_hand_over),
                _day(d.result_ready_at),
                _day(d.returned_at),
                d.returned_to,
                note,
            ]
        )
    return [[clean(v) if isinstance(v, str) else v for v in row] for row in out]


def register_pdf(desk, date_from: date, date_to: date) -> bytes:
    """Mẫu 07 as an A4 landscape PDF."""
    return render_pdf(
        "onestop/print/07_register.html",
        {
            "title": REGISTER_TITLE,
            "agency_name": desk.name,
            "parent_agency_name": desk.parent.name if desk.parent_id else "",
            "before": REGISTER_BEFORE,
            "dates": REGISTER_DATES,
            "after": REGISTER_AFTER,
            "width": len(REGISTER_COLUMNS),
            "rows": register_rows(desk, date_from, date_to),
            "date_from": date_from,
            "date_to": date_to,
        },
    )


def register_xlsx(desk, date_from: date, date_to: date) -> bytes:
    """Mẫu 07 as an Excel workbook: the heading, the columns of the form, one row per dossier. Text cells
    are always text (egov.spreadsheets), never formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = REGISTER_TITLE
    heading = [
        [clean(desk.name)],
        [REGISTER_TITLE],
        [f"Từ ngày {date_from:%d/%m/%Y} đến ngày {date_to:%d/%m/%Y}"],
        REGISTER_COLUMNS,
    ]
    for number, values in enumerate(heading + register_rows(desk, date_from, date_to), start=1):
        write_row(sheet, number, values)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [5, 24, 40, 9, 24, 30, 30, 12, 12, 14, 14, 14, 20, 18]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=4, column=index).column_letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class PrintedForm:
    title: str
    render: Callable[[Dossier], bytes]
    applies: Callable[[Dossier], bool]


# Mẫu 01-06 of a dossier and when each one exists for it (the desk's page offers only those)
FORMS = {
    "01": PrintedForm("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", receipt, lambda d: bool(d.accepted_at)),
    "02": PrintedForm(
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        supplement_request,
        lambda d: (
            bool(d.completion_requested_at) or d.pauses.filter(kind=DossierPause.Kind.SUPPLEMENT).exists()
        ),
    ),
    "03": PrintedForm(
        "Phiếu từ chối tiếp nhận giải quyết hồ sơ", refusal, lambda d: d.status == Status.REFUSED_INTAKE
    ),
    "04": PrintedForm("Phiếu xin lỗi và hẹn lại ngày trả kết quả", apology, lambda d: d.apologies.exists()),
    "05": PrintedForm("Phiếu dừng giải quyết hồ sơ", stop_notice, lambda d: d.status == Status.STOPPED),
    "06": PrintedForm(
        "Phiếu kiểm soát quá trình giải quyết hồ sơ", control_slip, lambda d: bool(d.accepted_at)
    ),
}


def applicable(dossier: Dossier) -> list[tuple[str, PrintedForm]]:
    """The printed forms that exist for this dossier now, by form number."""
    return [(code, form) for code, form in FORMS.items() if form.applies(dossier)]
