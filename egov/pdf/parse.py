"""Whether uploaded bytes are a PDF that can be read, not merely a file that starts with `%PDF-`.

Parsed with pyHanko's reader (the one signing and verification use), so a file accepted here is one the
signing code can open: header, cross-reference table, trailer, catalogue and at least one page.
"""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"


def _read_bytes(data_or_file) -> bytes:
    if isinstance(data_or_file, bytes | bytearray | memoryview):
        return bytes(data_or_file)
    position = data_or_file.tell() if hasattr(data_or_file, "tell") else None
    if hasattr(data_or_file, "seek"):
        data_or_file.seek(0)
    data = data_or_file.read()
    if position is not None:
        data_or_file.seek(position)  # leave an upload where the caller had it
    return data


def parse_pdf(data_or_file):
    """pyHanko's PdfFileReader over the bytes (or a file, read from its start), or ValidationError with a
    Vietnamese reason."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    data = _read_bytes(data_or_file)
    if not data.startswith(PDF_MAGIC):
        raise ValidationError(_("Tệp không phải là PDF."), code="not_pdf")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise ValidationError(_("Tệp PDF được đặt mật khẩu; hãy gửi tệp không mã hóa."), code="encrypted")
        pages = reader.root["/Pages"]
        if int(pages["/Count"]) < 1:
            raise ValueError("no pages")
        reader.find_page_for_modification(0)
    except ValidationError:
        raise
    except Exception as exc:  # hostile input can break a parser in any way; every failure means "unreadable"
        raise ValidationError(
            _("Tệp PDF bị hỏng hoặc không đọc được (cấu trúc tệp không hợp lệ)."), code="broken_pdf"
        ) from exc
    return reader


def is_valid_pdf(data_or_file) -> bool:
    try:
        parse_pdf(data_or_file)
    except ValidationError:
        return False
    return True
