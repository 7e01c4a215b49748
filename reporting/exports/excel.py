"""A statistics table as an Excel workbook laid out like the official form: the title, the period and
the reporting unit over the table, the merged headers, the column numbers, one row per group, the total
row, fixed column widths and the header frozen. Every cell is written by egov.spreadsheets.write_row
(text stays text, never a formula)."""

import io
from copy import copy

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from egov.spreadsheets import write_row

from . import layout

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_HEADER_ROW = 5
WIDTHS = {1: 6, 2: 14, 3: 48}  # STT, code, label; the figures take NUMBER_WIDTH
NUMBER_WIDTH = 11

_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F6")
BOLD = Font(name="Times New Roman", bold=True, size=11)
TITLE = Font(name="Times New Roman", bold=True, size=14)
PLAIN = Font(name="Times New Roman", size=11)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def workbook(report, *, progress=None) -> bytes:
    """The .xlsx bytes of `report` (a reporting.stats.Report). `progress(fraction)` is told how far the
    rows have got, now and then."""
    with translation.override(settings.LANGUAGE_CODE):
        return _workbook(report, progress)


def _prototypes(sheet, width: int, rate_columns: set[int]) -> dict:
    """The style of each kind of body cell, made once on a scratch cell: (bold?, column kind) -> style.
    Assigning a font or border to a cell hashes it into the workbook's style tables, which for ~60,000
    cells was most of an export's time; the body's cells copy one of these few instead."""
    scratch = sheet.cell(row=1, column=width + 1)
    made = {}
    for bold in (False, True):
        for kind in ("number", "rate", "label"):
            scratch.font = BOLD if bold else PLAIN
            scratch.border = BORDER
            scratch.alignment = LEFT if kind == "label" else Alignment(vertical="center")
            scratch.number_format = "0.0" if kind == "rate" else "General"
            made[bold, kind] = copy(scratch._style)
    sheet._cells.pop((1, width + 1), None)
    return made


def _style_body(sheet, first: int, last: int, width: int, rate_columns: set[int]) -> None:
    styles = _prototypes(sheet, width, rate_columns)
    kinds = ["label" if c == 3 else "rate" if c in rate_columns else "number" for c in range(1, width + 1)]
    for cells in sheet.iter_rows(min_row=first, max_row=last, max_col=width):
        bold = cells[0].row == last
        for cell, kind in zip(cells, kinds, strict=True):
            quoted = (
                cell._style.quotePrefix if cell._style is not None else 0
            )  # write_row's text marker stays
            cell._style = copy(styles[bold, kind])
            cell._style.quotePrefix = quoted


def _workbook(report, progress) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Báo cáo")[:31]
    width = len(layout.COLUMNS) + 3

    for row, (text, font) in enumerate(
        (
            (layout.title(), TITLE),
            (layout.period_line(report.period), BOLD),
            (layout.scope_line(report), PLAIN),
        ),
        start=1,
    ):
        write_row(sheet, row, [text])
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row=row, column=1)
        cell.font, cell.alignment = font, CENTRE

    # the merged headers: the text in the first cell of each merge, every cell of it bordered
    header_rows = layout.header_rows(report.by)
    for level, cells in enumerate(header_rows):
        row = FIRST_HEADER_ROW + level
        line = [None] * width
        for cell in cells:
            line[cell.column - 1] = cell.text
        write_row(sheet, row, line)
        for cell in cells:
            if cell.colspan > 1 or cell.rowspan > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=cell.column,
                    end_row=row + cell.rowspan - 1,
                    end_column=cell.column + cell.colspan - 1,
                )
    numbers_row = FIRST_HEADER_ROW + len(header_rows)
    write_row(sheet, numbers_row, layout.column_numbers())
    for row in sheet.iter_rows(min_row=FIRST_HEADER_ROW, max_row=numbers_row, max_col=width):
        for cell in row:
            cell.font, cell.alignment, cell.border, cell.fill = BOLD, CENTRE, BORDER, HEADER_FILL
    sheet.row_dimensions[FIRST_HEADER_ROW + len(header_rows) - 1].height = 45

    first = numbers_row + 1
    rate_columns = [index + 4 for index, c in enumerate(layout.COLUMNS) if c.rate]
    count = len(report.rows)
    step = max(1, count // 20)
    row = first
    for index, item in enumerate(report.rows, start=1):
        write_row(sheet, row, [index, item.key, item.label, *layout.values(item.figures)])
        row += 1
        if progress is not None and index % step == 0:
            progress(index / count)
    write_row(sheet, row, [None, None, _("Tổng cộng"), *layout.values(report.total)])
    last = row

    _style_body(sheet, first, last, width, set(rate_columns))

    for note_row, note in enumerate(report.notes, start=last + 2):
        write_row(sheet, note_row, [None, None, note])

    for column in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS.get(column, NUMBER_WIDTH)
    sheet.freeze_panes = sheet.cell(row=first, column=4)
    sheet.print_title_rows = f"{FIRST_HEADER_ROW}:{numbers_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
