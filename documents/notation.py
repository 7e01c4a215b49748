"""Pure notation helpers of Decree 30 (Phụ lục I): sequences, ký hiệu, codes, header lines, signer block."""

from django.utils import timezone

from .models import TYPES_WITHOUT_ABBREVIATION, OutgoingDocument


def sequence_for(document: OutgoingDocument) -> str:
    """Điều 15: secret documents and each type of legal-normative document have their own sequence;
    administrative documents share one per agency and year."""
    if document.is_secret:
        return "mat"
    if document.legal_normative:
        return f"qppl-{document.doc_type}"
    return "hanh-chinh"


def notation_for(document: OutgoingDocument, year: int | None = None) -> str:
    """Phụ lục I II.3: `QĐ-UBND`; a công văn: organ plus drafting unit, `UBND-VX`; a legal-normative
    document carries its year, `2026/QĐ-UBND`. `year` defaults to the document's (set at numbering)."""
    organ = document.agency.short_name
    if document.legal_normative:  # VBQPPL: "01/2026/QĐ-UBND" (the year is part of the ký hiệu)
        return f"{year or document.year}/{document.doc_type}-{organ}"
    if document.doc_type in TYPES_WITHOUT_ABBREVIATION:
        unit = document.department.abbreviation if document.department_id else ""
        return f"{organ}-{unit}" if unit else organ
    return f"{document.doc_type}-{organ}"


def format_code(number: int, notation: str) -> str:
    """'05/UBND-VX': numbers below 10 take a leading zero; no spaces."""
    return f"{number:02d}/{notation}"


def place_name(agency) -> str:
    if agency.place_name:
        return agency.place_name
    if agency.unit_id:
        return agency.unit.short_name or agency.unit.name
    return ""


def header_blanks(document: OutgoingDocument) -> tuple[str, str]:
    """The number line and the place-and-date line with blanks, as on paper before numbering:
    ("Số:      /UBND-VX", "Phú Thọ, ngày      tháng      năm 2026")."""
    year = timezone.localdate().year
    blank = "\u00a0" * 6  # non-breaking, so the printed blanks keep their width
    return (
        f"Số:{blank}/{notation_for(document, year)}",
        f"{place_name(document.agency)}, ngày{blank}tháng{blank}năm {year}",
    )
