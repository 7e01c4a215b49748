"""HTML → PDF with WeasyPrint, in the vendored Tinos fonts (Times New Roman metrics, full Vietnamese).

The fonts are declared with @font-face and file:// URLs, so the output never depends on which font
fontconfig would pick on the server. Templates extend "pdf/base_print.html" (A4 portrait, the margins of
Decree 30/2020 Phụ lục I); a template chooses landscape with `@page { size: A4 landscape }`.
"""

import atexit
import re
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
# goes on the network: a URL in the content cannot make the server fetch it. What is constant between
# renders is built once per thread (none of it may be shared between threads): the fetcher (it keeps
# per-request state; this also spares the TLS set-up WeasyPrint does for a default one), and the font
# configuration with the parsed @font-face rules. A new FontConfiguration loads the system's font list and
# copies each Tinos face into a temporary fontconfig directory, about a fifth of a slip's render time; the
# faces stay loaded and the PDF still embeds only the glyphs each document uses.
_LOCAL_PROTOCOLS = frozenset({"file", "data"})
_per_thread = threading.local()
atexit.register(_per_thread.__dict__.clear)  # the main thread's, while WeasyPrint can still clean up


def _constants():
    """(fetcher, font configuration, @font-face stylesheet, parsed <style> sheets) of this thread, made on
    its first render."""
    made = getattr(_per_thread, "constants", None)
    if made is None or made[4] != font_dir():
        from weasyprint import CSS, URLFetcher
        from weasyprint.text.fonts import FontConfiguration

        fetcher = URLFetcher(allowed_protocols=_LOCAL_PROTOCOLS, allow_redirects=False)
        font_config = FontConfiguration()
        fonts = CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)
        made = _per_thread.constants = (fetcher, font_config, fonts, {}, font_dir())
    return made[:4]


# A template's <style> is the same text for every document it renders (base_print and its page_style
# block): parsed once per thread and text, it goes to WeasyPrint as an author stylesheet already parsed
# (the same cascade: the @font-face rules it joins declare no property). Same PDF, a tenth less time.
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
_STYLE_CACHE_SIZE = 32


def render_html_to_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML

    fetcher, font_config, fonts, sheets = _constants()
    stylesheets = [fonts]
    style = _STYLE.search(html)
    if style is not None:
        text = style.group(1)
        sheet = sheets.get(text)
        if sheet is None:
            if len(sheets) >= _STYLE_CACHE_SIZE:
                sheets.clear()
            sheet = sheets[text] = CSS(
                string=text, base_url=str(settings.BASE_DIR), font_config=font_config, url_fetcher=fetcher
            )
        stylesheets.append(sheet)
        html = html[: style.start()] + html[style.end() :]
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets, font_config=font_config)


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a Django template to PDF bytes (A4 portrait unless the template's @page says otherwise).

    Always in Vietnamese: an official document or slip reads the same whatever language the page is in."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context, request=request)
    return render_html_to_pdf(html)
