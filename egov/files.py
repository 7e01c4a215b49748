"""Files in and out: one way to hand a stored file to a browser, one way to accept an upload.

`check_upload` accepts every upload (documents, online forms, dossier papers and results): at most
UPLOAD_MAX_BYTES (settings), a type told by the file's first bytes and matching its extension, and a PDF
only when it really parses (egov.pdf.parse), not because it starts with `%PDF-`.

`download` answers every protected file (documents, appendices, paper templates, drafts' attachments,
seal images, exports): the type is declared and not sniffed, the name is safe in a header (RFC 6266 with a
UTF-8 `filename*`, an ASCII fallback, no line break can reach the header), a file the browser could run
(HTML, SVG) is never shown inline, and nothing is kept in a shared cache.
"""

import mimetypes
import re
from typing import NamedTuple
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _

from egov.pdf.parse import parse_pdf
from egov.text import clean, fold

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# content type: (first bytes, extensions, name in a message)
UPLOAD_TYPES = {
    PDF: (b"%PDF-", {"pdf"}, "PDF"),
    JPEG: (b"\xff\xd8\xff", {"jpg", "jpeg"}, "JPEG"),
    PNG: (b"\x89PNG\r\n\x1a\n", {"png"}, "PNG"),
    DOCX: (b"PK\x03\x04", {"docx"}, "Word (.docx)"),
}

# types a browser shows without running anything of the file's own
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
FALLBACK_NAME = "tep"
MAX_NAME_CHARS = 150
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._() -]")


def safe_filename(name: str) -> str:
    """A name without control characters, line breaks or path separators ('12/QĐ-UBND' -> '12-QĐ-UBND'),
    at most 150 characters (the extension kept)."""
    name = clean(name or "", multiline=False).replace("\\", "-").replace("/", "-")
    name = " ".join(name.split()).lstrip(".")
    if len(name) > MAX_NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        ext = dot + ext if dot and len(ext) <= 10 else ""
        name = (stem if ext else name)[: MAX_NAME_CHARS - len(ext)] + ext
    return name or FALLBACK_NAME


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="quyet dinh.pdf"; filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh.pdf`"""
    name = safe_filename(filename)
    fallback = _UNSAFE_ASCII.sub("_", fold(name)) or FALLBACK_NAME
    value = f'{"inline" if inline else "attachment"}; filename="{fallback}"'
    if fallback != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


def download(
    content, filename: str | None = None, *, content_type: str | None = None, inline: bool = False
) -> HttpResponse:
    """A protected file (a stored file field, an open binary file or bytes) as a response, named
    `filename` or else after the stored file's own name. `inline` asks for the browser to show it; only
    the types in INLINE_TYPES are shown, any other is downloaded."""
    if filename is None:
        filename = (getattr(content, "name", None) or FALLBACK_NAME).replace("\\", "/").rsplit("/", 1)[-1]
    content_type = (
        content_type or mimetypes.guess_type(safe_filename(filename))[0] or "application/octet-stream"
    )
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        if hasattr(content, "open"):
            content = content.open("rb")
        response = FileResponse(content, content_type=content_type)
    base_type = content_type.split(";", 1)[0].strip().lower()
    response["Content-Disposition"] = content_disposition(
        filename, inline=inline and base_type in INLINE_TYPES
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class Upload(NamedTuple):
    content_type: str
    data: bytes


def human_size(size: int) -> str:
    """2048 -> '2 KB', 5_500_000 -> '5,25 MB' (Vietnamese decimal comma)."""
    if size < 1048576:
        return f"{size / 1024:.3g} KB".replace(".", ",")
    return f"{size / 1048576:.3g} MB".replace(".", ",")


def _one_of(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("%(first)s hoặc %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def check_upload(upload, types=(PDF,), *, limit: int | None = None) -> Upload:
    """The upload's real type and bytes, or ValidationError in Vietnamese: too large (UPLOAD_MAX_BYTES
    unless `limit`), empty, not one of `types` by its first bytes, an extension that does not match, or
    a PDF that does not parse."""
    limit = limit or settings.UPLOAD_MAX_BYTES
    name = safe_filename(upload.name)
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” dung lượng %(size)s, vượt quá mức tối đa %(limit)s.")
            % {"name": name, "size": human_size(upload.size), "limit": human_size(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:  # the declared size was not the real one
        raise ValidationError(
            _("Tệp “%(name)s” vượt quá mức tối đa %(limit)s.") % {"name": name, "limit": human_size(limit)},
            code="too_large",
        )
    content_type = next((t for t in types if data.startswith(UPLOAD_TYPES[t][0])), None)
    if content_type is None:
        kinds = _one_of([UPLOAD_TYPES[t][2] for t in types])
        raise ValidationError(
            _("Tệp “%(name)s” không phải %(kinds)s. Chỉ nhận các loại tệp này.")
            % {"name": name, "kinds": kinds},
            code="type",
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in UPLOAD_TYPES[content_type][1]:
        raise ValidationError(
            _("Tệp “%(name)s”: phần mở rộng không khớp với nội dung tệp (nội dung là %(kind)s).")
            % {"name": name, "kind": UPLOAD_TYPES[content_type][2]},
            code="extension",
        )
    if content_type == PDF:
        parse_pdf(data)
    return Upload(content_type, data)
