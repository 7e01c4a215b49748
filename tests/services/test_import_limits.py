"""The catalogue's Excel import reads a bounded amount: upload size, unpacked size (zip bombs), rows,
columns and cells, each refusal naming its limit in Vietnamese and writing nothing."""

import io
import time
import zipfile

import pytest
from openpyxl import load_workbook

from services.catalogue_io import MAX_COLUMNS, MAX_ROWS, PROCEDURES, export_catalogue, import_catalogue
from services.models import Procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(make_procedure) -> bytes:
    make_procedure()
    buffer = io.BytesIO()
    export_catalogue(buffer)
    return buffer.getvalue()


def _with_member(workbook: bytes, name: str, content: bytes) -> io.BytesIO:
    """The workbook with one member replaced (compressed as Excel does)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == name else source.read(item.filename))
    out.seek(0)
    return out


def test_a_zip_bomb_is_refused_before_it_is_unpacked(exported):
    # the first sheet's XML padded to 80 MB of blanks: about 80 KB once compressed
    with zipfile.ZipFile(io.BytesIO(exported)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml")
    swollen = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * 80_000_000, 1)
    bomb = _with_member(exported, "xl/worksheets/sheet1.xml", swollen)
    assert len(bomb.getvalue()) < 200_000
    started = time.monotonic()
    report = import_catalogue(bomb)
    assert time.monotonic() - started < 1
    assert [str(issue) for issue in report.issues] == [
        "Tệp bị từ chối: khi giải nén chiếm 76,3 MB (tối đa 50 MB, mỗi phần nén không quá 100 lần)."
    ]
    assert Procedure.objects.count() == 1  # only the one exported


def test_a_member_that_swells_a_hundredfold_is_refused_under_the_total(exported, settings):
    with zipfile.ZipFile(io.BytesIO(exported)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml")
    swollen = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * 5_000_000, 1)
    report = import_catalogue(_with_member(exported, "xl/worksheets/sheet1.xml", swollen))
    assert "mỗi phần nén không quá 100 lần" in str(report.issues[0])


def test_an_upload_over_the_size_limit_is_refused(exported, settings):
    settings.CATALOGUE_IMPORT_MAX_BYTES = 1024
    report = import_catalogue(io.BytesIO(exported))
    assert len(report.issues) == 1
    assert str(report.issues[0]).startswith("Tệp quá lớn (") and str(report.issues[0]).endswith(
        "tối đa 1 KB."
    )


def test_too_many_rows_are_refused_with_the_limit(exported):
    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook[PROCEDURES]
    for row in range(MAX_ROWS + 1):
        sheet.append([f"9.{row:06d}", "Thủ tục"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    report = import_catalogue(buffer)
    assert f"Trang “{PROCEDURES}”, dòng {MAX_ROWS + 2}: Trang có quá {MAX_ROWS} dòng dữ liệu." in [
        str(i) for i in report.issues
    ]
    assert Procedure.objects.count() == 1  # only the one exported


def test_too_many_columns_are_refused_with_the_limit(exported):
    workbook = load_workbook(io.BytesIO(exported))
    workbook[PROCEDURES].cell(2, MAX_COLUMNS + 1, "thừa")
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    report = import_catalogue(buffer)
    assert f"Trang “{PROCEDURES}”, dòng 2: Dòng có quá {MAX_COLUMNS} cột." in [str(i) for i in report.issues]
