import io
import re
import unicodedata
from datetime import date

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.pdf.dates import official_date, official_date_line
from egov.pdf.qr import qr_svg
from egov.pdf.render import render_pdf

BASES = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def vietnamese_letters() -> str:
    """Every tone-marked Vietnamese letter (both cases), plus ă â ê ô ơ ư đ without tone."""
    letters = []
    for base in BASES:
        for tone in TONES:
            letters.append(unicodedata.normalize("NFC", base + tone))
    letters.extend("ăâêôơưđ")
    return "".join(letters) + "".join(letters).upper()


def test_alphabet_is_complete():
    letters = vietnamese_letters()
    assert len(letters) == 2 * (12 * 5 + 7)
    assert all(len(ch) == 1 for ch in letters)  # all precomposed
    assert "ỵ" in letters and "Ự" in letters and "Đ" in letters


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    letters = vietnamese_letters()
    return render_pdf(
        "pdf/sample.html",
        {
            "agency_name": "Ủy ban nhân dân tỉnh Phú Thọ",
            "number_line": "Số: 05/TB-UBND",
            "date_line": official_date_line("Phú Thọ", date(2026, 1, 5)),
            "paragraphs": [letters, "Trần Thị Ngọc Ánh đề nghị cấp giấy chứng nhận quyền sử dụng đất."],
            "signer_name": "Hoàng Văn Đức",
            "qr": qr_svg("https://example.vn/chu-ky-so/xac-thuc/abc/"),
            "extra_pages": ["Trang thứ hai."],
        },
    )


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def test_every_vietnamese_letter_survives_in_the_pdf_text(sample_pdf):
    assert sample_pdf.startswith(b"%PDF-")
    text = _text(sample_pdf)
    missing = [ch for ch in vietnamese_letters() if ch not in text]
    assert missing == []
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Phú Thọ, ngày 05 tháng 01 năm 2026" in text


def _embedded_font_names(pdf: bytes) -> set[str]:
    """The family names recorded inside each embedded font program (not the PDF's /BaseFont label)."""
    from fontTools.ttLib import TTFont

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile2")
            assert program is not None, f"font not embedded: {font.get('/BaseFont')}"
            ttf = TTFont(io.BytesIO(program.get_object().get_data()))
            names.add(str(ttf["name"].getDebugName(1)))
    return names


def test_tinos_is_embedded_and_nothing_else(sample_pdf):
    assert _embedded_font_names(sample_pdf) == {"Tinos"}


def test_a4_portrait_by_default_and_landscape_on_request(sample_pdf, tmp_path, settings):
    page = pypdf.PdfReader(io.BytesIO(sample_pdf)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (595, 842)
    assert len(pypdf.PdfReader(io.BytesIO(sample_pdf)).pages) == 2

    (tmp_path / "landscape.html").write_text(
        '{% extends "pdf/base_print.html" %}{% block page_style %}@page { size: A4 landscape }{% endblock %}'
        "{% block content %}<p>Bảng tổng hợp</p>{% endblock %}"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    pdf = render_pdf("landscape.html", {})
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)


def test_page_number_hidden_on_first_page(sample_pdf):
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf))
    first, second = (page.extract_text() for page in reader.pages)
    assert re.search(r"^\s*2\s*$", second, re.MULTILINE)
    assert not re.search(r"^\s*1\s*$", first, re.MULTILINE)


def test_qr_svg_is_inline_svg():
    svg = qr_svg("https://example.vn/x", scale=2)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg


# --- official dates ---------------------------------------------------------------------------------
def test_official_date_examples():
    assert official_date_line("Phú Thọ", date(2026, 1, 5)) == "Phú Thọ, ngày 05 tháng 01 năm 2026"
    assert official_date_line("Hà Nội", date(2020, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2020"
    assert (
        official_date_line("Thành phố Hồ Chí Minh", date(2019, 6, 29))
        == "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019"
    )
    assert official_date(date(2026, 12, 31)) == "ngày 31 tháng 12 năm 2026"
    assert official_date(date(2026, 2, 9)) == "ngày 09 tháng 02 năm 2026"


@given(st.dates(min_value=date(1945, 9, 2), max_value=date(2100, 12, 31)))
def test_official_date_format_property(day):
    line = official_date_line("Phú Thọ", day)
    match = re.fullmatch(r"Phú Thọ, ngày (\d{2}) tháng (\d{1,2}) năm (\d{4})", line)
    assert match, line
    dd, mm, yyyy = match.groups()
    assert (int(dd), int(mm), int(yyyy)) == (day.day, day.month, day.year)
    # only months 1 and 2 are written with a leading zero
    assert mm == (f"{day.month:02d}" if day.month <= 2 else str(day.month))
    assert not (len(mm) == 2 and mm.startswith("0")) or day.month in (1, 2)


def test_render_never_fetches_from_the_network():
    """A URL in printed content must not make the server fetch it (no SSRF through a PDF)."""
    import http.server
    import threading

    from egov.pdf.render import render_html_to_pdf

    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        pdf = render_html_to_pdf(
            f'<link rel="stylesheet" href="{url}/x.css"><p>Nội dung</p><img src="{url}/x.png">'
        )
    finally:
        server.shutdown()
    assert pdf.startswith(b"%PDF-")
    assert hits == []
