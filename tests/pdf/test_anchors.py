import io

import pypdf
import weasyprint

from egov.pdf.anchors import MM, anchor_box


def render(html: str) -> bytes:
    return weasyprint.HTML(string=html).write_pdf()


def test_anchor_box_reads_back_where_the_element_landed():
    pdf = render(
        '<div style="page-break-after:always">one</div>'
        '<div style="margin-top:50mm;margin-left:60mm;width:70mm;height:30mm" id="box"></div>'
    )
    page, (x1, y1, x2, y2) = anchor_box(pdf, "box", width_mm=70, height_mm=30)
    assert page == 1
    height = float(pypdf.PdfReader(io.BytesIO(pdf)).pages[1].mediabox.height)
    assert abs(x2 - x1 - 70 * MM) < 0.01 and abs(y2 - y1 - 30 * MM) < 0.01
    assert abs(height - y2 - (56.25 + 50 * MM)) < 0.5  # WeasyPrint's default page margin is 75 px = 56.25 pt
    assert x1 > 60 * MM


def test_no_anchor_gives_none():
    assert anchor_box(render("<p>x</p>"), "box", width_mm=70, height_mm=30) is None
