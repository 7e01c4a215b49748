"""Pure notation helpers of Decree 30 (Phụ lục I): sequences, ký hiệu, codes, header lines, signer block."""

from django.utils import timezone

from .models import TYPES_WITHOUT_ABBREVIATION, OutgoingDocument, SignAuthority


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


def signer_block(document: OutgoingDocument) -> list[str]:
    """The signer block of Phụ lục I II.7, top to bottom, then the signer's name: "TM. <collective>" when
    signed for a collective; "KT. <head's title>" (or TL., TUQ.) above the signer's own position; an acting
    head signs "Q. <title>" with no position line of their own. Titles in capitals, the name as written.
    ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"]."""
    lines = []
    if document.sign_on_behalf.strip():
        lines.append(f"TM. {document.sign_on_behalf.strip().upper()}")
    authority = document.sign_authority
    if authority:
        lines.append(f"{SignAuthority(authority).label} {document.sign_for_title.strip().upper()}")
    if authority != SignAuthority.Q and document.signer_position.strip():
        lines.append(document.signer_position.strip().upper())
    return [*lines, document.signer_name]
