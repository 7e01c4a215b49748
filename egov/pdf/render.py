"""HTML → PDF with WeasyPrint, in the vendored Tinos fonts (Times New Roman metrics, full Vietnamese).

The fonts are declared with @font-face and file:// URLs, so the output never depends on which font
fontconfig would pick on the server. Templates extend "pdf/base_print.html" (A4 portrait, the margins of
Decree 30/2020 Phụ lục I); a template chooses landscape with `@page { size: A4 landscape }`.
"""

import threading
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

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
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{url}") format("truetype"); '
            f"font-style: {style}; font-weight: {weight}; }}"
        )
    return "\n".join(rules)


def font_face_css() -> str:
    """@font-face rules for the vendored Tinos files (templates name "Tinos" first: each face loads once)."""
    return _font_face_css(str(font_dir()))


# Printed forms embed everything (fonts from files, QR codes and images as data: URLs), so a render never
# goes on the network: a URL in the content cannot make the server fetch it. The fetcher is built once per
# thread (it keeps per-request state), which also spares the TLS set-up WeasyPrint does for a default one.
_LOCAL_PROTOCOLS = frozenset({"file", "data"})
_fetchers = threading.local()


def _local_fetcher():
    fetcher = getattr(_fetchers, "fetcher", None)
    if fetcher is None:
        from weasyprint import URLFetcher

        fetcher = _fetchers.fetcher = URLFetcher(allowed_protocols=_LOCAL_PROTOCOLS, allow_redirects=False)
    return fetcher


def render_html_to_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _local_fetcher()
    font_config = FontConfiguration()  # one per document: it holds the faces loaded for this render
    fonts = CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[fonts], font_config=font_config)


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a Django template to PDF bytes (A4 portrait unless the template's @page says otherwise).

    Always in Vietnamese: an official document or slip reads the same whatever language the page is in."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context, request=request)
    return render_html_to_pdf(html)
