"""The leader's text ("Ký bởi …") and the seal's lines ("Số / Ngày / Ký số lúc") never overlap the seal
image: the boxes the appearance code computes are disjoint, and a real signed PDF, rendered by pdftoppm,
has no text pixel on the seal and none outside the text boxes."""

import io
import subprocess

import pypdf
import pytest
from django.core.files.base import ContentFile
from PIL import Image

from egov.accounts.roles import Role
from egov.pdf.render import render_html_to_pdf
from egov.signing import appearance, images
from egov.signing.demo_pki import DEMO_PIN, issue_demo_certificate
from egov.signing.models import SignatureImage
from egov.signing.placement import ORGANISATION_FIELD, _leader_geometry
from egov.signing.services import seal_as_organisation, sign_as_person

from .conftest import LEADER_BOX

LINES = ["Số: 15/QĐ-UBND", "Ngày 05 tháng 03 năm 2026", "Ký số lúc %(time)s (GMT+7)"]
NAMES = {
    "short": ("Hà Lê", "Chủ tịch"),
    "long": ("Nguyễn Hoàng Phương Thảo Tôn Nữ Minh Khuê", "Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh"),
}
DPI = 144


def _boxes(box: appearance.Rect, image_size, diameter=102, lines=LINES):
    image = appearance.leader_image_rect(box, image_size)
    band = appearance.seal_text_band(lines)
    field = appearance.seal_rect(image, diameter, band)
    return {
        "leader_image": image,
        "leader_text": appearance.leader_text_rect(box, image),
        "seal_image": appearance.seal_image_rect(field, diameter),
        "seal_text": appearance.seal_text_rect(field, band),
    }


@pytest.mark.parametrize("name", NAMES)
def test_the_computed_boxes_do_not_intersect(name):
    size = Image.open(io.BytesIO(images.signature_png(NAMES[name][0]))).size
    for box in (
        appearance.Rect(*LEADER_BOX),
        appearance.Rect(330, 110, 530, 200),
        appearance.Rect(0, 0, 120, 60),
    ):
        boxes = _boxes(box, size)
        assert not boxes["leader_text"].intersects(boxes["seal_image"])
        assert not boxes["seal_text"].intersects(boxes["seal_image"])
        assert not boxes["leader_text"].intersects(boxes["seal_text"])
        assert not boxes["leader_text"].intersects(boxes["leader_image"])
        assert boxes["seal_image"].intersects(boxes["leader_image"])  # the seal still covers its third


def test_intersects_sees_an_overlap():
    assert appearance.Rect(0, 0, 10, 10).intersects(appearance.Rect(9, 9, 20, 20))
    assert not appearance.Rect(0, 0, 10, 10).intersects(appearance.Rect(10, 0, 20, 10))


def _field_rect(pdf: bytes, name: str) -> appearance.Rect:
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    for annot in page["/Annots"]:
        annot = annot.get_object()
        if str(annot.get("/T", "")) == name:
            x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
            return appearance.Rect(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    raise AssertionError(name)


def _pixels(rect: appearance.Rect, page_height: float, grow: float = 0):
    scale = DPI / 72
    return (
        round((rect.x1 - grow) * scale),
        round((page_height - rect.y2 - grow) * scale),
        round((rect.x2 + grow) * scale),
        round((page_height - rect.y1 + grow) * scale),
    )


def _dark(pixel) -> bool:
    r, g, b = pixel[:3]
    return max(r, g, b) < 110 and max(r, g, b) - min(r, g, b) < 40  # black text, not blue ink or red seal


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_a_real_signed_pdf_has_no_text_on_the_seal(name, make_user, agency, agency_cert, clerk, tmp_path):
    full_name, position = NAMES[name]
    leader = make_user(Role.LEADER, full_name=full_name)
    SignatureImage(user=leader).image.save("sig.png", ContentFile(images.signature_png(full_name)), save=True)
    issue_demo_certificate(user=leader, position=position)
    blank = render_html_to_pdf("<p></p>")
    first = sign_as_person(blank, user=leader, pin=DEMO_PIN, box=LEADER_BOX)
    signed = seal_as_organisation(first, agency=agency, clerk_user=clerk, pin=DEMO_PIN, stamp_lines=LINES)
    (tmp_path / "signed.pdf").write_bytes(signed)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(DPI),
            "-singlefile",
            str(tmp_path / "signed.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    page = Image.open(tmp_path / "page.png").convert("RGB")
    height = float(pypdf.PdfReader(io.BytesIO(signed)).pages[0].mediabox.height)
    _page, box, image = _leader_geometry(signed)
    field = _field_rect(signed, ORGANISATION_FIELD)
    diameter = round(field.width)
    seal_image = appearance.seal_image_rect(field, diameter)
    texts = [
        appearance.leader_text_rect(box, image),
        appearance.seal_text_rect(field, appearance.seal_text_band(LINES)),
    ]

    def dark_in(rect, grow=0):
        x1, y1, x2, y2 = _pixels(rect, height, grow)
        return {(x, y) for x in range(x1, x2) for y in range(y1, y2) if _dark(page.getpixel((x, y)))}

    assert dark_in(seal_image) == set()
    inside = set().union(*(dark_in(text, grow=1) for text in texts))
    assert all(dark_in(text) for text in texts)  # both texts are drawn
    area = appearance.Rect(
        min(box.x1, field.x1), min(box.y1, field.y1), max(box.x2, field.x2), max(box.y2, field.y2)
    )
    assert dark_in(area, grow=4) - inside == set()  # and nowhere but in their boxes
