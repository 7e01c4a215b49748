"""The exported files read back: the .xlsx opened with openpyxl and checked cell by cell against
dossier_report, the PDF parsed and its text read by pdftotext."""

# ruff: noqa: F811
import io
import subprocess

import pytest
from openpyxl import load_workbook

from reporting import stats
from reporting.exports import excel, layout, pdf
from tests.onestop.conftest import world  # noqa: F401 (fixture)
from tests.reporting.test_dashboard import MARCH_PERIOD, figures  # noqa: F401 (fixture)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures of `world`)


@pytest.fixture
def report(figures):
    return stats.dossier_report(MARCH_PERIOD, agency=figures.world.sotp.agency, by="procedure")


def test_the_workbook_is_the_official_form_with_the_reports_figures(report):
    sheet = load_workbook(io.BytesIO(excel.workbook(report))).active
    assert sheet["A1"].value == "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH"
    assert sheet["A2"].value == "Kỳ báo cáo: từ ngày 01 tháng 3 năm 2026 đến ngày 31 tháng 3 năm 2026"
    assert sheet["A3"].value == f"Đơn vị báo cáo: {report.scope_label}"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    width = len(layout.COLUMNS) + 3
    last = excel.get_column_letter(width)
    assert {f"A1:{last}1", "A5:A7", "B5:B7", "C5:C7", "D5:H5", "F6:H6", "I5:O5", "I6:L6", "M6:O6"} <= merged
    assert sheet["D5"].value == "Số hồ sơ nhận giải quyết" and sheet["I5"].value == "Kết quả giải quyết"
    assert sheet["F6"].value == "Số mới tiếp nhận" and sheet["F7"].value == "Trực tuyến"
    assert sheet["C5"].value == "Thủ tục hành chính"
    assert [sheet.cell(row=8, column=c).value for c in (1, 2, 3)] == ["(1)", "(2)", "(3)"]
    assert sheet.freeze_panes == "D9"

    first = 9
    for offset, row in enumerate(report.rows):
        cells = [sheet.cell(row=first + offset, column=c).value for c in range(1, width + 1)]
        assert cells[:3] == [offset + 1, row.key, row.label]
        assert cells[3:] == layout.values(row.figures)
    total_row = first + len(report.rows)
    assert sheet.cell(row=total_row, column=3).value == "Tổng cộng"
    totals = [sheet.cell(row=total_row, column=c).value for c in range(4, width + 1)]
    assert totals == layout.values(report.total)
    # the §2.7 invariants hold in the file as written
    names = [c.name for c in layout.COLUMNS]
    value = dict(zip(names, totals, strict=True))
    assert (
        value["received_total"]
        == value["carried_over"] + value["new_online"] + value["new_direct"] + value["new_post"]
    )
    assert (
        value["resolved_total"]
        == value["resolved_early"] + value["resolved_on_time"] + value["resolved_late"]
    )
    assert value["in_progress_total"] == value["in_progress_within"] + value["in_progress_overdue"]
    assert sheet.column_dimensions["C"].width == excel.WIDTHS[3]


def test_a_label_that_looks_like_a_formula_stays_text(report):
    hostile = stats.Report(
        period=report.period,
        scope_label='=HYPERLINK("http://x")',
        by="procedure",
        rows=[stats.Row(key="=1+1", label="@SUM(A1)", figures=report.total, filters={})],
        total=report.total,
        notes=["+cmd"],
    )
    sheet = load_workbook(io.BytesIO(excel.workbook(hostile))).active
    assert sheet["B9"].value == "=1+1" and sheet["B9"].data_type == "s"
    assert sheet["C9"].value == "@SUM(A1)" and sheet["C9"].data_type == "s"
    # Excel's quote prefix survives the body's styling, and the cell keeps its border
    assert sheet["B9"].quotePrefix and sheet["C9"].quotePrefix and not sheet["D9"].quotePrefix
    assert sheet["C9"].border.left.style == "thin" and sheet["C9"].alignment.horizontal == "left"
    assert sheet["C10"].font.bold  # the total row


def test_the_pdf_has_pages_and_the_tables_text(report, tmp_path):
    from egov.pdf.parse import parse_pdf

    data = pdf.document(report)
    reader = parse_pdf(data)
    assert int(reader.root["/Pages"]["/Count"]) >= 1
    path = tmp_path / "bang.pdf"
    path.write_bytes(data)
    words = " ".join(
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH" in words
    assert "Số hồ sơ nhận giải quyết" in words and "Tổng cộng" in words
    for row in report.rows:
        assert row.key in words
    # A4 landscape: wider than tall
    box = [float(v) for v in reader.root["/Pages"]["/Kids"][0]["/MediaBox"]]
    assert box[2] > box[3]
