"""The registers of Phụ lục IV, as rows, Excel (openpyxl) and PDF (A4 landscape, egov.pdf)."""

import tempfile
from collections.abc import Iterator
from typing import IO

from django.utils import timezone
from openpyxl.utils import get_column_letter

from egov.spreadsheets import append_row
from egov.text import clean

from . import queries
from .models import IncomingStatus

INCOMING_COLUMNS = [
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]
OUTGOING_COLUMNS = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]
TRACKING_COLUMNS = [
    "Số đến",
    "Tên loại, số, ký hiệu, ngày tháng, cơ quan ban hành",
    "Đơn vị hoặc người nhận",
    "Thời hạn giải quyết",
    "Tiến độ giải quyết",
    "Số, ký hiệu văn bản trả lời",
    "Ghi chú",
]
TITLES = {
    "den": "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
    "di": "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
    "giai-quyet": "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN",
}


def _d(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _receivers(doc) -> str:
    return "; ".join(
        f"{t.get_role_display()}: {t.assignee or t.department}"
        for t in doc.tasks.all()
        if t.parent_id is None
    )


def _first_transfer(doc):
    times = [t.assigned_at for t in doc.tasks.all()]
    return timezone.localtime(min(times)).date() if times else None


def _cleaned(lines: Iterator[list]) -> Iterator[list]:
    """Sender-supplied text may hold control characters (Word's Shift+Enter): one bad document must not
    break the register of a period (openpyxl refuses them, IllegalCharacterError)."""
    for line in lines:
        yield [clean(value) if isinstance(value, str) else value for value in line]


# a year's register of a large agency has tens of thousands of lines: read in chunks (with their prefetched
# tasks and recipients), never all at once
CHUNK = 2000


def rows(kind: str, agency, date_from, date_to) -> tuple[list[str], Iterator[list]]:
    """The register's columns and its lines, produced as they are read."""
    columns, lines = _REGISTERS[kind]
    return columns, _cleaned(lines(agency, date_from, date_to))


def _incoming_lines(agency, date_from, date_to) -> Iterator[list]:
    for doc in queries.incoming_register(agency, date_from, date_to).iterator(CHUNK):
        note = "Đã thu hồi" if doc.status == IncomingStatus.RECALLED else ("Mật" if doc.is_secret else "")
        subject = "" if doc.is_secret else doc.subject
        yield [
            _d(timezone.localtime(doc.arrived_at).date()),
            doc.arrival_number,
            doc.issuing_organ,
            doc.code,
            _d(doc.issued_date),
            f"{doc.get_doc_type_display()}: {subject}".strip(": "),
            _receivers(doc),
            _d(_first_transfer(doc)),
            "",
            note,
        ]


def _outgoing_lines(agency, date_from, date_to) -> Iterator[list]:
    for doc in queries.outgoing_register(agency, date_from, date_to).iterator(CHUNK):
        keeper = f"VT, {doc.department.abbreviation}" if doc.department_id else "VT"
        subject = "" if doc.is_secret else doc.subject
        note = "Đã thu hồi" if doc.recalled_at else ("Mật" if doc.is_secret else "")
        yield [
            doc.code,
            _d(doc.issued_date),
            f"{doc.get_doc_type_display()}: {subject}".strip(": "),
            doc.signer_name,
            "; ".join(r.name for r in doc.recipients.all()),
            keeper,
            doc.copies,
            _d(timezone.localtime(doc.issued_at).date() if doc.issued_at else None),
            "",
            note,
        ]


def _tracking_lines(agency, date_from, date_to) -> Iterator[list]:
    for doc in queries.incoming_register(agency, date_from, date_to).select_related("reply").iterator(CHUNK):
        lead = [t for t in doc.tasks.all() if t.parent_id is None]
        progress = doc.get_status_display()
        if doc.is_overdue:
            progress += " (quá hạn)"
        yield [
            doc.arrival_number,
            f"{doc.get_doc_type_display()} {doc.code}, {_d(doc.issued_date)}, {doc.issuing_organ}",
            _receivers(doc),
            _d(min((t.deadline for t in lead), default=doc.due_date)),
            progress,
            doc.reply.code if doc.reply_id else "",
            "" if doc.is_secret else doc.result[:200],
        ]


_REGISTERS = {
    "den": (INCOMING_COLUMNS, _incoming_lines),
    "di": (OUTGOING_COLUMNS, _outgoing_lines),
    "giai-quyet": (TRACKING_COLUMNS, _tracking_lines),
}


def to_xlsx(kind: str, agency, date_from, date_to) -> IO[bytes]:
    """The register as an .xlsx in a temporary file (open, at its start; gone when closed), written line by
    line in openpyxl's write-only mode: memory stays flat however long the period."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    columns, lines = rows(kind, agency, date_from, date_to)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(TITLES[kind][:31])
    for index, width in enumerate([14, 10, 30, 18, 14, 50, 30, 14, 10, 16][: len(columns)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for values in ([clean(agency.name)], [TITLES[kind]], [f"Từ ngày {_d(date_from)} đến ngày {_d(date_to)}"]):
        append_row(sheet, values)
    append_row(sheet, columns, font=Font(bold=True), alignment=Alignment(wrap_text=True, vertical="top"))
    for values in lines:
        append_row(sheet, values)
    out = tempfile.TemporaryFile()  # noqa: SIM115 (handed open to the response, which closes it)
    book.save(out)
    out.seek(0)
    return out


def to_pdf(kind: str, agency, date_from, date_to) -> bytes:
    from egov.pdf.render import render_pdf

    columns, lines = rows(kind, agency, date_from, date_to)
    return render_pdf(
        "documents/pdf/register.html",
        {
            "agency": agency,
            "title": TITLES[kind],
            "columns": columns,
            "rows": list(lines),
            "date_from": date_from,
            "date_to": date_to,
        },
    )
