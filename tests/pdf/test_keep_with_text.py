"""The signer block of a document never starts a page on its own: `.keep-with-text` (base_print.html)
keeps it whole and on the page of the lines before it, which WeasyPrint honours."""

import io

import pypdf
import pytest
from django.template import engines

from egov.pdf.render import render_html_to_pdf

PAGE = """{% extends "pdf/base_print.html" %}{% block content %}
{% for n in paragraphs %}<p>Đoạn văn số {{ n }} của văn bản thử nghiệm, đủ dài để chiếm một dòng.</p>
{% endfor %}
<p>DÒNG CUỐI CỦA NỘI DUNG</p>
<table class="layout signers {{ block_class }}"><tr><td></td><td>
  <div class="bold">CHỦ TỊCH</div><div style="height: 32mm"></div><div class="bold">KHỐI NGƯỜI KÝ</div>
</td></tr></table>
{% endblock %}"""


def _pages(block_class: str, paragraphs: int) -> list[str]:
    html = (
        engines["django"]
        .from_string(PAGE)
        .render({"paragraphs": range(paragraphs), "block_class": block_class})
    )
    reader = pypdf.PdfReader(io.BytesIO(render_html_to_pdf(html)))
    return [page.extract_text() for page in reader.pages]


def _where(pages, text) -> int:
    return next(i for i, page in enumerate(pages) if text in page)


@pytest.fixture(scope="module")
def paragraphs() -> int:
    """How many paragraphs make the signer block, without the class, start page 2 on its own."""
    for count in range(20, 60):
        pages = _pages("", count)
        if _where(pages, "KHỐI NGƯỜI KÝ") == 1 and "CHỦ TỊCH" in pages[1] and _where(pages, "DÒNG CUỐI") == 0:
            return count
    raise AssertionError("no paragraph count puts the signer block alone on page 2")


def test_the_block_takes_the_last_lines_with_it(paragraphs):
    pages = _pages("keep-with-text", paragraphs)
    assert _where(pages, "KHỐI NGƯỜI KÝ") == _where(pages, "DÒNG CUỐI") == 1
    assert "CHỦ TỊCH" in pages[1]  # whole: the title stays with the name
