"""Accent-free text for search and PDF text extraction."""

import io
import unicodedata

MAX_EXTRACT_PAGES = 50
MAX_EXTRACT_CHARS = 200_000


def fold(text: str) -> str:
    """'Quyết định ĐĂNG KÝ' -> 'quyet dinh dang ky' (NFC/NFD input alike; đ/Đ -> d)."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").replace("Đ", "D").lower().split())


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
