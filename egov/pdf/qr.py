"""QR codes as inline SVG (segno), for printed documents and slips."""

import segno


def qr_svg(data: str, scale: int = 3, *, error: str = "m") -> str:
    """An inline <svg> element encoding `data` (error correction M), safe to put in a template with |safe."""
    return segno.make(data, error=error).svg_inline(scale=scale)
