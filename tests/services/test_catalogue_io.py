import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from egov.accounts.roles import Role
from services.catalogue_io import FEES, PAPERS, PROCEDURES, STEPS, export_catalogue, import_catalogue
from services.models import Procedure, ProcedureVersion
from tests.spreadsheets import FORMULA_LIKE, cells_holding, is_text

pytestmark = pytest.mark.django_db


def _export(**kwargs) -> io.BytesIO:
    buffer = io.BytesIO()
    export_catalogue(buffer, **kwargs)
    buffer.seek(0)
    return buffer


def _save(workbook) -> io.BytesIO:
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _column(sheet, name) -> int:
    return [c.value for c in sheet[1]].index(name) + 1


def _renamed_workbook(source, suffix="9"):
    """The exported workbook with every procedure code changed, i.e. a catalogue of new procedures."""
    workbook = load_workbook(source)
    for title in (PROCEDURES, PAPERS, FEES, STEPS):
        sheet = workbook[title]
        for row in range(2, sheet.max_row + 1):
            cell = sheet.cell(row, 1)
            cell.value = cell.value[:-1] + suffix
    return workbook


@pytest.fixture
def two_procedures(make_procedure):
    make_procedure()
    make_procedure(
        code="2.000488",
        name="Cấp Phiếu lý lịch tư pháp",
        field=("LLTP", "Lý lịch tư pháp"),
        level="province",
        online_level=3,
        classification="mot_phan",
        days=10,
    )


def test_export_has_four_sheets(two_procedures):
    workbook = load_workbook(_export())
    assert workbook.sheetnames == [PROCEDURES, PAPERS, FEES, STEPS]
    assert workbook[PROCEDURES].max_row == 3  # header + 2
    assert workbook[PAPERS].max_row == 7 and workbook[FEES].max_row == 3 and workbook[STEPS].max_row == 9


def test_three_bad_rows_change_nothing_and_are_reported_then_the_fix_imports(two_procedures):
    workbook = _renamed_workbook(_export())
    procedures, papers, steps = workbook[PROCEDURES], workbook[PAPERS], workbook[STEPS]
    procedures.cell(3, _column(procedures, "Mức độ")).value = 5
    papers.cell(4, _column(papers, "Số lượng")).value = 0
    steps.cell(6, _column(steps, "Loại bước")).value = "pha_tra"
    before = (Procedure.objects.count(), ProcedureVersion.objects.count())

    report = import_catalogue(_save(workbook))

    assert not report.ok
    assert [(i.sheet, i.row, i.column) for i in report.issues] == [
        (PROCEDURES, 3, "Mức độ"),
        (PAPERS, 4, "Số lượng"),
        (STEPS, 6, "Loại bước"),
    ]
    assert report.issues[0].reason == "Giá trị 5 phải từ 1 đến 4."
    assert report.issues[1].reason == "Giá trị 0 phải từ 1 đến 100."
    assert report.issues[2].reason.startswith("“pha_tra” không hợp lệ; dùng một trong: receive")
    assert str(report.issues[0]) == "Trang “Thủ tục”, dòng 3, cột “Mức độ”: Giá trị 5 phải từ 1 đến 4."
    assert (Procedure.objects.count(), ProcedureVersion.objects.count()) == before

    procedures.cell(3, _column(procedures, "Mức độ")).value = 3
    papers.cell(4, _column(papers, "Số lượng")).value = 2
    steps.cell(6, _column(steps, "Loại bước")).value = "appraise"
    report = import_catalogue(_save(workbook))
    assert report.ok, report.issues
    assert sorted(report.created) == ["1.009999", "2.000489"]
    imported = Procedure.objects.get(code="1.009999")
    version = imported.current_version
    assert version.status == ProcedureVersion.Status.PUBLISHED
    assert list(version.papers.values_list("key", flat=True)) == ["don_de_nghi", "ban_ve", "cam_ket_lien_ke"]
    assert version.form_schema["required"][0] == "ho_ten"


def test_cross_rules_are_reported_with_their_row(two_procedures):
    workbook = _renamed_workbook(_export())
    procedures, steps = workbook[PROCEDURES], workbook[STEPS]
    procedures.cell(2, _column(procedures, "Trả trực tuyến")).value = "Không"
    procedures.cell(2, _column(procedures, "Trả bưu chính")).value = "Không"
    steps.cell(9, _column(steps, "Thời gian")).value = 9  # lý lịch tư pháp: over its 10 days
    procedures.cell(3, _column(procedures, "Biểu mẫu (JSON Schema)")).value = "{không phải json"
    report = import_catalogue(_save(workbook))
    where = {(i.sheet, i.row, i.column) for i in report.issues}
    assert (PROCEDURES, 2, "Trả trực tuyến") in where
    assert (PROCEDURES, 3, "Biểu mẫu (JSON Schema)") in where
    assert any(
        i.sheet == STEPS and i.column == "Thời gian" and "vượt quá thời hạn" in i.reason
        for i in report.issues
    )
    assert not Procedure.objects.filter(code__in=["1.009999", "2.000489"]).exists()


def test_round_trip_is_stable_and_a_change_makes_a_new_version(two_procedures):
    first = _export()
    report = import_catalogue(first)
    assert report.ok and sorted(report.unchanged) == ["1.009994", "2.000488"] and report.new_versions == []
    assert ProcedureVersion.objects.count() == 2
    first.seek(0)
    again = _export()
    rows = lambda source, title: [list(r) for r in load_workbook(source)[title].iter_rows(values_only=True)]  # noqa: E731
    for title in (PROCEDURES, PAPERS, FEES, STEPS):
        first.seek(0)
        again.seek(0)
        assert rows(first, title) == rows(again, title)

    workbook = load_workbook(_export())
    fees, procedures = workbook[FEES], workbook[PROCEDURES]
    fees.cell(2, _column(fees, "Mức thu (đồng)")).value = 100000
    procedures.cell(2, _column(procedures, "Hiệu lực từ ngày")).value = "01/01/2026"
    report = import_catalogue(_save(workbook))
    assert report.ok and report.new_versions == ["1.009994 v2"]
    procedure = Procedure.objects.get(code="1.009994")
    old, new = procedure.versions.order_by("number")
    assert old.fees.get().amount == 75000 and new.fees.get().amount == 100000
    assert new.status == ProcedureVersion.Status.PUBLISHED and str(new.effective_from) == "2026-01-01"


@pytest.mark.parametrize("kind", ["text", "zip"])
def test_not_an_excel_file_is_reported_in_vietnamese(db, kind):
    import zipfile

    source = io.BytesIO(b"not a workbook")
    if kind == "zip":  # a zip that is not a workbook (a .docx, say)
        source = io.BytesIO()
        with zipfile.ZipFile(source, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        source.seek(0)
    report = import_catalogue(source)
    assert not report.ok and len(report.issues) == 1
    assert str(report.issues[0]).startswith("Không đọc được tệp: đây không phải bảng tính Excel .xlsx hợp lệ")
    assert "zip" not in str(report.issues[0])  # no library message in English


def test_a_workbook_without_the_catalogue_sheets_names_each_missing_sheet(db):
    from openpyxl import Workbook

    report = import_catalogue(_save(Workbook()))
    assert [(i.sheet, i.reason) for i in report.issues] == [
        (title, "Thiếu trang này trong tệp.") for title in (PROCEDURES, PAPERS, FEES, STEPS)
    ]


def test_choices_may_be_written_as_their_vietnamese_labels(two_procedures):
    workbook = _renamed_workbook(_export())
    papers = workbook[PAPERS]
    papers.cell(2, _column(papers, "Bản chính/bản sao")).value = "Bản sao có chứng thực"
    papers.cell(3, _column(papers, "Bản chính/bản sao")).value = "bản photo"
    report = import_catalogue(_save(workbook))
    assert [(i.row, i.column) for i in report.issues] == [(3, "Bản chính/bản sao")]
    assert "original (Bản chính), copy (Bản sao)" in report.issues[0].reason
    papers.cell(3, _column(papers, "Bản chính/bản sao")).value = "original"
    assert import_catalogue(_save(workbook)).ok
    paper = Procedure.objects.get(code="1.009999").current_version.papers.get(order=1)
    assert paper.kind == "certified_copy"


def test_commands_export_and_import(two_procedures, tmp_path):
    target = tmp_path / "danh-muc.xlsx"
    out = io.StringIO()
    call_command("export_catalogue", str(target), stdout=out)
    assert "Đã xuất 2 thủ tục" in out.getvalue()
    renamed = _renamed_workbook(str(target))
    renamed.save(target)
    call_command("import_catalogue", str(target), stdout=out)
    assert "2 thủ tục mới" in out.getvalue()
    assert Procedure.objects.filter(code="1.009999").exists()


def test_admin_import_page_reports_bad_rows(two_procedures, staff_client):
    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    workbook = _renamed_workbook(_export())
    sheet = workbook[PAPERS]
    sheet.cell(2, _column(sheet, "Bản chính/bản sao")).value = "bản photo"
    upload = _save(workbook)
    upload.name = "danh-muc.xlsx"
    response = client.post("/admin/services/procedure/nhap-excel/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Không nhập được: 1 lỗi" in html and "“bản photo” không hợp lệ" in html
    assert not Procedure.objects.filter(code="1.009999").exists()
    export = client.get("/admin/services/procedure/xuat-excel/")
    assert export.status_code == 200
    assert load_workbook(io.BytesIO(export.content)).sheetnames == [PROCEDURES, PAPERS, FEES, STEPS]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_export_writes_text_that_looks_like_a_formula_as_text(make_procedure, text):
    version = make_procedure(publish=False).versions.get()
    version.result_name = text
    version.save()
    fee = version.fees.get()
    fee.exemptions = text
    fee.save()
    cells = cells_holding(_export().getvalue(), text)
    assert len(cells) == 2 and all(is_text(cell) for cell in cells)
