"""Files in and out: one way to hand a stored file to a browser, one way to accept an upload.

`download` answers every protected file (documents, appendices, paper templates, drafts' attachments,
seal images, exports): the type is declared and not sniffed, the name is safe in a header (RFC 6266 with a
UTF-8 `filename*`, an ASCII fallback, no line break can reach the header), a file the browser could run
(HTML, SVG) is never shown inline, and nothing is kept in a shared cache.
"""

import mimetypes
import re
from urllib.parse import quote

from django.http import FileResponse, HttpResponse

from egov.text import clean, fold

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
