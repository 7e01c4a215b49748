"""HTML → PDF with WeasyPrint, in the vendored Tinos fonts (Times New Roman metrics, full Vietnamese).

The fonts are declared with @font-face and file:// URLs, so the output never depends on which font
fontconfig would pick on the server. Templates extend "pdf/base_print.html" (A4 portrait, the margins of
Decree 30/2020 Phụ lục I); a template chooses landscape with `@page { size: A4 landscape }`.
"""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

FONT_FAMILY = "Tinos"
_FACES = (
    ("Tinos-Regular.ttf", "normal", 400),
    ("Tinos-Bold.ttf", "normal", 700),
    ("Tinos-Italic.ttf", "italic", 400),
    ("Tinos-BoldItalic.ttf", "italic", 700),
)


def font_dir() -> Path:
    return Path(settings.FONT_DIR)


@lru_cache(maxsize=4)
def _font_face_css(directory: str) -> str:
    rules = []
    for filename, style, weight in _FACES:
        url = (Path(directory) / filename).resolve().as_uri()
        for family in (FONT_FAMILY, "Times New Roman"):
            rules.append(
                f'@font-face {{ font-family: "{family}"; src: url("{url}") format("truetype"); '
                f"font-style: {style}; font-weight: {weight}; }}"
            )
    return "\n".join(rules)


def font_face_css() -> str:
    """@font-face rules for the vendored Tinos files (also aliased as "Times New Roman")."""
    return _font_face_css(str(font_dir()))


def render_html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()  # one per document: it holds the faces loaded for this render
    fonts = CSS(string=font_face_css(), font_config=font_config)
    document = HTML(string=html, base_url=base_url or str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=[fonts], font_config=font_config)


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a Django template to PDF bytes (A4 portrait unless the template's @page says otherwise)."""
    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else str(settings.BASE_DIR)
    return render_html_to_pdf(html, base_url=base_url)
