"""A PDF is accepted for signing or verification only when it parses, not because it starts with %PDF-."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.pdf.parse import is_valid_pdf, parse_pdf
from egov.pdf.render import render_html_to_pdf


@pytest.fixture(scope="module")
def real_pdf():
    return render_html_to_pdf("<p>Văn bản thử</p>")


BROKEN = [
    b"%PDF-1.7\n garbage",
    b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    b"%PDF-",
    b"",
    b"hello",
]


@pytest.mark.parametrize("data", BROKEN)
def test_broken_files_are_refused_in_vietnamese(data):
    assert not is_valid_pdf(data)
    with pytest.raises(ValidationError) as caught:
        parse_pdf(data)
    assert "PDF" in caught.value.messages[0] and "Tệp" in caught.value.messages[0]


def test_truncated_real_pdf_is_refused(real_pdf):
    assert not is_valid_pdf(real_pdf[: len(real_pdf) // 2])


def test_real_pdf_is_accepted_as_bytes_and_as_upload(real_pdf):
    assert is_valid_pdf(real_pdf)
    upload = SimpleUploadedFile("a.pdf", real_pdf, content_type="application/pdf")
    upload.read(3)
    assert parse_pdf(upload).root["/Pages"]["/Count"] == 1
    assert upload.tell() == 3  # the caller's position is kept
    assert is_valid_pdf(io.BytesIO(real_pdf))
