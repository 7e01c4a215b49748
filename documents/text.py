"""PDF text extraction (for the search index, egov.search)."""

import io
import unicodedata

MAX_EXTRACT_PAGES = 50
MAX_EXTRACT_CHARS = 200_000


def extract_pdf_text(data: bytes) -> str:
    """The text layer of a PDF (scans without OCR give ''); never raises on a damaged file."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        parts = []
        for page in reader.pages[:MAX_EXTRACT_PAGES]:
            parts.append(page.extract_text() or "")
        return unicodedata.normalize("NFC", "\n".join(parts))[:MAX_EXTRACT_CHARS]
    except Exception:
        return ""
