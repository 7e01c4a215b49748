"""Accent-free text for search: the SQLite fallback and the normalised query tokens on both databases."""

import re
import unicodedata

_TOKEN = re.compile(r"\w+", re.UNICODE)


def strip_accents(text: str) -> str:
    """'Cấp giấy phép xây dựng' -> 'cap giay phep xay dung' (NFD, drop combining marks, đ -> d, lower)."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def search_tokens(query: str) -> list[str]:
    """The accent-free words of a query, at most 10 (a search box is not a document)."""
    return _TOKEN.findall(strip_accents(query))[:10]
