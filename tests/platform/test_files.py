"""One protected download (egov.files.download): declared type, no sniffing, no shared cache, a safe name;
one upload check (egov.files.check_upload): the size setting, the allowed types, a PDF that parses."""

import io
import re
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.files import DOCX, PDF, PNG, check_upload, content_disposition, download, safe_filename
from tests.services.conftest import PDF as PDF_BYTES


def _params(header: str) -> dict[str, str]:
    params = dict(re.findall(r'; (filename\*?)=("[^"]*"|[^;]*)', header))
    return {"filename": params["filename"].strip('"'), "utf8": unquote(params.get("filename*", "")[7:])}


def test_pdf_shown_inline_with_protective_headers():
    response = download(b"%PDF-1.7\n", "van-ban-den-12.pdf", inline=True)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="van-ban-den-12.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == b"%PDF-1.7\n"


def test_file_a_browser_could_run_is_never_inline():
    response = download(b"<script>alert(1)</script>", "trang.html", content_type="text/html", inline=True)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_stored_file_streams_with_guessed_type():
    stored = ContentFile(b"PK\x03\x04", name="mau/to-khai.docx")
    response = download(stored)  # named after the stored file, not its folder
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="to-khai.docx"'
    assert b"".join(response.streaming_content) == b"PK\x03\x04"


def test_unknown_type_is_octet_stream():
    response = download(io.BytesIO(b"x"), "tep-khong-duoi")
    assert response["Content-Type"] == "application/octet-stream"


def test_vietnamese_name_in_utf8_with_ascii_fallback():
    params = _params(content_disposition("Quyết định ĐĂNG KÝ.pdf"))
    assert params == {"filename": "quyet dinh dang ky.pdf", "utf8": "Quyết định ĐĂNG KÝ.pdf"}
    # a document number's slash cannot name a folder
    params = _params(content_disposition("Quyết định số 12/QĐ-UBND.pdf"))
    assert params == {"filename": "quyet dinh so 12-qd-ubnd.pdf", "utf8": "Quyết định số 12-QĐ-UBND.pdf"}


@pytest.mark.parametrize(
    "name",
    [
        'bao "cao".pdf',
        "bao\r\nSet-Cookie: sessionid=x.pdf",
        "bao\ncao\x00.pdf",
        'Tờ trình";\r\nX-Evil: 1.pdf',
    ],
)
def test_quotes_and_line_breaks_cannot_inject_a_header(name):
    response = download(b"%PDF-1.7\n", name, inline=True)
    header = response["Content-Disposition"]
    assert "\r" not in header and "\n" not in header and "\x00" not in header
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert '"' not in fallback and ";" not in fallback
    assert "Set-Cookie" not in response.headers and "X-Evil" not in response.headers
    assert header.count('"') == 2


def test_safe_filename_keeps_extension_and_refuses_empty():
    assert safe_filename("../../etc/passwd") == "-..-etc-passwd"
    assert safe_filename("...") == "tep"
    long = safe_filename("a" * 400 + ".pdf")
    assert len(long) == 150 and long.endswith(".pdf")


# --- one upload check ------------------------------------------------------------------------------------
def _refusal(upload, *types, **options) -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(upload, types or (PDF,), **options)
    return caught.value.messages[0]


def test_a_real_pdf_is_accepted_with_its_bytes():
    data = PDF_BYTES
    assert check_upload(SimpleUploadedFile("Tờ trình.pdf", data)) == (PDF, data)


def test_a_file_that_only_starts_like_a_pdf_is_refused():
    assert "bị hỏng" in _refusal(SimpleUploadedFile("gia.pdf", b"%PDF-1.7\nnot really a pdf"))


def test_the_size_limit_is_the_setting(settings):
    settings.UPLOAD_MAX_BYTES = 100
    message = _refusal(SimpleUploadedFile("lon.pdf", PDF_BYTES))
    assert message.startswith("Tệp “lon.pdf” dung lượng") and message.endswith(
        "vượt quá mức tối đa 0,0977 KB."
    )
    assert "rỗng" in _refusal(SimpleUploadedFile("trong.pdf", b""))


def test_only_the_allowed_types_by_content_and_matching_extension():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    assert check_upload(SimpleUploadedFile("anh.png", png), (PDF, PNG)).content_type == PNG
    assert (
        _refusal(SimpleUploadedFile("anh.png", png))
        == "Tệp “anh.png” không phải PDF. Chỉ nhận các loại tệp này."
    )
    assert "nội dung là PNG" in _refusal(SimpleUploadedFile("anh.pdf", png), PDF, PNG)
    docx = SimpleUploadedFile("du-thao.docx", b"PK\x03\x04" + b"\x00" * 16)
    assert check_upload(docx, (PDF, DOCX)).content_type == DOCX
    assert "không phải PDF hoặc Word (.docx)" in _refusal(SimpleUploadedFile("a.exe", b"MZ\x90"), PDF, DOCX)
