"""The verification stamp laid over an uploaded result is drawn on a page of the result's own size, in
either language (a decimal comma in the page size would make WeasyPrint fall back to A4)."""

import io

import pypdf
import pytest
from django.utils import translation

from onestop.results import stamped


def _blank_pdf(width: float, height: float) -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=width, height=height)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_stamp_page_has_the_results_size(language, monkeypatch):
    overlays = []
    original = pypdf.PageObject.merge_page

    def merge(page, overlay, *args, **kwargs):
        overlays.append((float(overlay.mediabox.width), float(overlay.mediabox.height)))
        return original(page, overlay, *args, **kwargs)

    monkeypatch.setattr(pypdf.PageObject, "merge_page", merge)
    with translation.override(language):
        result = pypdf.PdfReader(io.BytesIO(stamped(_blank_pdf(419.53, 595.28), "token-a5")))
    assert overlays == [pytest.approx((419.53, 595.28), abs=0.5)]
    # the stamp sits on the page (bottom left), not pushed off an A4 overlay taller than the page
    assert "token-a5" in result.pages[-1].extract_text().replace("\n", "")
