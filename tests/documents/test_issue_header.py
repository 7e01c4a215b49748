"""The number and date of an issued, digitally signed document appear in its header (Decree 30/2020
Điều 15; regulations §1.3, §1.9): the leader signs a page whose header holds text fields showing the
blanks, the clerk's update fills them at issue, and both signatures stay valid (the leader's permits form
filling; the organisation's covers the filled values and locks them)."""

import datetime
import io
import re
import shutil
import subprocess

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from documents import services
from documents.signing_hooks import DATE_FIELD, NUMBER_FIELD
from egov.pdf.dates import official_date_line
from egov.signing.backends import asn1_cert
from egov.signing.demo_pki import DEMO_PIN, demo_root
from egov.signing.formfields import fill_text_fields, text_fields
from egov.signing.validation import validate_pdf
from tests.signing.conftest import _signing_dirs  # noqa: F401 (media and demo CA in a temporary folder)

from .factories import Office
from .test_signed_flow import approved_draft, signing_office  # noqa: F401 (fixture)


def pdftotext(pdf: bytes) -> str:
    """Text as poppler lays out the page, form field appearances included (pypdf reads only the page's
    own content). poppler-utils is installed by .ci/run."""
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is required"
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return out.stdout.decode()


def header(pdf: bytes) -> str:
    """The header lines (above the abstract "V/v ..."), whitespace collapsed per line."""
    lines = pdftotext(pdf).split("V/v", 1)[0].splitlines()
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


@pytest.fixture
def issued(db, request):
    office = request.getfixturevalue("signing_office")
    other = Office(name="Sở Tư pháp tỉnh Phú Thọ", short="STP")
    document = approved_draft(office, [other.agency])
    leader_signed = document.signed_file.read()
    document = services.issue(office.clerk, document, pin=DEMO_PIN)
    return document, leader_signed, document.signed_file.read()


def test_the_leader_signs_blanks_and_the_issued_file_shows_number_and_date_in_the_header(issued):
    document, leader_signed, pdf = issued
    year = datetime.date.today().year
    before = header(leader_signed)
    assert re.search(r"Số: /UBND-VX", before) and f"Phú Thọ, ngày tháng năm {year}" in before
    after = header(pdf)
    assert document.code == "01/UBND-VX"
    assert "Số: 01/UBND-VX" in after
    assert document.place_date_line == official_date_line("Phú Thọ", document.issued_date)
    assert document.place_date_line in after
    # the header's two blanks were filled, not the page re-rendered: the leader's revision is a prefix
    assert pdf.startswith(leader_signed)
    values = {name: str(field["/V"]) for name, field in text_fields(PdfFileReader(io.BytesIO(pdf))).items()}
    assert values == {NUMBER_FIELD: "Số: 01/UBND-VX", DATE_FIELD: document.place_date_line}


def _statuses(pdf: bytes):
    context = ValidationContext(trust_roots=[asn1_cert(demo_root()[1])], allow_fetching=False)
    reader = PdfFileReader(io.BytesIO(pdf))
    return {s.field_name: (s, validate_pdf_signature(s, context)) for s in reader.embedded_signatures}


def test_both_signatures_validate_and_the_leader_permits_only_form_filling(issued):
    _document, _leader_signed, pdf = issued
    found = _statuses(pdf)
    assert set(found) == {"ChuKyLanhDao", "ChuKyCoQuan"}
    leader_sig, leader = found["ChuKyLanhDao"]
    _org_sig, org = found["ChuKyCoQuan"]
    assert leader.bottom_line and leader.intact and leader.docmdp_ok
    assert leader.modification_level == ModificationLevel.FORM_FILLING
    assert leader_sig.docmdp_level == MDPPerm.FILL_FORMS  # a certification permitting form filling
    assert org.bottom_line and org.modification_level == ModificationLevel.NONE
    report = validate_pdf(pdf, trust_roots=[demo_root()[1]])
    assert report.all_ok, report.summary


def test_poppler_reports_both_signatures_valid(issued, tmp_path):
    assert shutil.which("pdfsig"), "poppler-utils (pdfsig) is required"
    path = tmp_path / "issued.pdf"
    path.write_bytes(issued[2])
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert out.count("Signature is Valid.") == 2, out


def test_refilling_the_number_after_sealing_breaks_the_organisation_signature(issued):
    _document, _leader_signed, pdf = issued
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    assert fill_text_fields(writer, {NUMBER_FIELD: "Số: 99/UBND-VX"}) == [NUMBER_FIELD]
    out = io.BytesIO()
    writer.write(out)
    forged = out.getvalue()
    assert "Số: 99/UBND-VX" in header(forged)  # what a reader would see
    report = validate_pdf(forged, trust_roots=[demo_root()[1]])
    organisation = next(s for s in report.signatures if s.field_name == "ChuKyCoQuan")
    assert not organisation.ok and not report.all_ok


def test_a_byte_changed_in_the_filled_revision_breaks_the_organisation_signature(issued):
    _document, leader_signed, pdf = issued
    # the filled values live in the object stream the clerk's update added (after the leader's revision)
    start = pdf.index(b"stream", pdf.index(b"/ObjStm", len(leader_signed))) + 20
    forged = bytearray(pdf)
    forged[start] ^= 0x01
    report = validate_pdf(bytes(forged), trust_roots=[demo_root()[1]])
    by_field = {s.field_name: s for s in report.signatures}
    assert not report.all_ok
    assert not by_field["ChuKyCoQuan"].intact and not by_field["ChuKyCoQuan"].ok
    assert report.any_tampered


def test_cong_van_abstract_stands_under_its_number_in_the_left_column(issued):
    _, _, pdf = issued
    lines = pdftotext(pdf).splitlines()
    number = next(line for line in lines if "Số: 01/UBND-VX" in line)
    abstract = next(i for i, line in enumerate(lines) if "V/v" in line)
    assert lines.index(number) < abstract  # box 5b comes after box 3 ...
    assert len(lines[abstract].rstrip()) < number.index("Phú Thọ, ngày")  # ... in the left column
    assert sum("V/v" in line for line in lines) == 1


def test_cong_van_names_its_recipients_after_kinh_gui_and_keeps_nhu_tren_below(issued):
    _, _, pdf = issued
    text = [" ".join(line.split()) for line in pdftotext(pdf).splitlines()]
    assert "Kính gửi: Sở Tư pháp tỉnh Phú Thọ." in text  # one recipient: on the same line, full stop
    receivers = text[text.index(next(line for line in text if line.startswith("Nơi nhận:"))) :]
    assert receivers[1].startswith("- Như trên;") and receivers[2].startswith("- Lưu: VT, VX.")


def test_cong_van_to_several_recipients_lists_one_per_line(db, request):
    document = approved_draft(
        request.getfixturevalue("signing_office"),
        [Office(name="Sở Tư pháp", short="STP").agency, Office(name="Sở Nội vụ", short="SNV").agency],
    )
    text = [" ".join(line.split()) for line in pdftotext(document.signed_file.read()).splitlines()]
    start = text.index(next(line for line in text if line.startswith("Kính gửi:")))
    first, second = text[start].removeprefix("Kính gửi: "), text[start + 1]
    assert first.startswith("- ") and first.endswith(";") and second.startswith("- ") and second.endswith(".")
    assert {first[2:-1], second[2:-1]} == {"Sở Tư pháp", "Sở Nội vụ"}
