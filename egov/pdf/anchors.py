"""Where an element of a rendered page landed: WeasyPrint writes every element `id` as a PDF named
destination (page and top-left corner), so a template marks a box by id and code reads it back."""

import io

import pypdf

MM = 72 / 25.4


def anchor_box(pdf_bytes: bytes, anchor: str, *, width_mm: float, height_mm: float):
    """(page index, (x1, y1, x2, y2) in PDF points) of the element with id `anchor`, whose size the
    template fixes; None when the file has no such anchor (an uploaded PDF, say)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    destination = reader.named_destinations.get(anchor)
    if destination is None or destination.left is None or destination.top is None:
        return None
    left, top = float(destination.left), float(destination.top)
    box = (left, top - height_mm * MM, left + width_mm * MM, top)
    return reader.get_destination_page_number(destination), box
