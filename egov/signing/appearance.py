"""Visible signature appearances prescribed by Decree 30/2020 (Phụ lục I II.7–8, III.1.d; regulations §1.9).

* Leader (box 7c): the signer's signature image (blue, transparent) centred in the signature box, with a
  small text band under it: name, position and signing time.
* Organisation (box 8): the agency's red seal at its real size, overlapping the left third of the leader's
  signature image.
* Appendix in a separate file (and electronic copies): top right of page 1, no image, the text
  "number/notation + signing time in ISO 8601 (Vietnam time)", Times-metric regular 10 pt, black.
"""

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from .fonts import stamp_font_path

MM = 72 / 25.4
LEADER_FONT_SIZE = 7
LEADER_LINES = 3
LEADER_LINE_HEIGHT = LEADER_FONT_SIZE * 1.25
LEADER_TEXT_BAND = LEADER_LINES * LEADER_LINE_HEIGHT + 4
APPENDIX_FONT_SIZE = 10
APPENDIX_BOX_HEIGHT = 30  # pyHanko pads the text box by 10 pt
SEAL_TEXT_FONT_SIZE = 6
SEAL_TEXT_PADDING = 24  # pyHanko pads a stamp's text box; keep the lines clear of the box edge


@lru_cache(maxsize=4)
def _font_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


class _StampFontFactory(GlyphAccumulatorFactory):
    """The stamp font read once per process (a ~40 KB Latin + Vietnamese subset, fonts.py) instead of
    opened from disk for every signature, leaving the handle open, as the stock factory does. pyHanko still
    subsets it to the glyphs used: embedding it whole measured slower (fontTools recompiles every table)."""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(_font_bytes(self.font_file)),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


def _text_style(size: float) -> TextBoxStyle:
    # Keep GlyphAccumulatorFactory.font_size == TextBoxStyle.font_size (pyHanko #733, stack-facts §3.3).
    return TextBoxStyle(font=_StampFontFactory(stamp_font_path(), font_size=size), font_size=size)


@lru_cache(maxsize=64)
def _load_png(path: str, mtime_ns: int) -> Image.Image:
    image = Image.open(path)
    image.load()
    return image.convert("RGBA")


def load_image(path: str | Path) -> Image.Image:
    path = Path(path)
    return _load_png(str(path), path.stat().st_mtime_ns)


# --- geometry -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rect:
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (round(self.x1), round(self.y1), round(self.x2), round(self.y2))


def leader_image_rect(box: Rect, image_size: tuple[int, int] | None) -> Rect:
    """Where the signature image lands inside the leader's box: the area above the text band, the image
    scaled to fit with its aspect ratio kept, centred."""
    area = Rect(box.x1, box.y1 + LEADER_TEXT_BAND, box.x2, box.y2)
    if not image_size or not all(image_size):
        return area
    iw, ih = image_size
    scale = min(area.width / iw, area.height / ih)
    w, h = iw * scale, ih * scale
    x1 = area.x1 + (area.width - w) / 2
    y1 = area.y1 + (area.height - h) / 2
    return Rect(x1, y1, x1 + w, y1 + h)


def seal_rect(signature_image: Rect, diameter_pt: int, text_band: int = 0, text_width: float = 0) -> Rect:
    """The seal overlaps about the left third of the leader's signature image (Phụ lục I II.8): its right
    edge sits at the one-third line. The box is as wide as the seal, or wider (on both sides, so the seal
    stays where it is) when a line of the text under it needs more room."""
    right = round(signature_image.x1 + signature_image.width / 3)
    top = round((signature_image.y1 + signature_image.y2) / 2 + diameter_pt / 2)
    extra = max(0, math.ceil(text_width + SEAL_TEXT_PADDING - diameter_pt))
    left_extra, right_extra = extra // 2 + extra % 2, extra // 2
    return Rect(right - diameter_pt - left_extra, top - diameter_pt - text_band, right + right_extra, top)


def appendix_rect(page_width: float, page_height: float, text_width: float) -> Rect:
    """Top right of page 1, inside the 15–20 mm right margin and the 20–25 mm top margin."""
    right = page_width - 15 * MM
    top = page_height - 8 * MM
    return Rect(right - text_width - 24, top - APPENDIX_BOX_HEIGHT, right, top)


def text_width(text: str, size: float) -> float:

    font = _ttfont()
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    units = sum(hmtx[cmap.get(ord(ch), ".notdef")][0] for ch in text)
    return units * size / font["head"].unitsPerEm


@lru_cache(maxsize=1)
def _ttfont():
    from fontTools.ttLib import TTFont

    return TTFont(stamp_font_path())


# --- styles -----------------------------------------------------------------------------------------
IMAGE_DPI = 300  # print quality; a scanned seal or signature is usually larger than it needs to be


@lru_cache(maxsize=64)
def _print_image(path: str, mtime_ns: int, width_pt: int, height_pt: int) -> Image.Image:
    """The image at no more than IMAGE_DPI for the size it is drawn at: fewer pixels to compress into
    every signed file (a 600 px seal drawn at 36 mm needs 425)."""
    image = _load_png(path, mtime_ns)
    scale = min(1.0, width_pt / 72 * IMAGE_DPI / image.width, height_pt / 72 * IMAGE_DPI / image.height)
    if scale >= 0.95:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _sized_image(path: str | Path, width: float, height: float) -> PdfImage:
    """The image with an intrinsic size in whole points that already fits its area, so pyHanko's layout
    neither scales it nor computes offsets like 1.4e-14, which it would write in exponent notation that
    PDF readers reject (seen with poppler: "Unknown operator 'e-14'")."""
    path = Path(path)
    width, height = math.floor(width), math.floor(height)
    image = _print_image(str(path), path.stat().st_mtime_ns, width, height)
    return PdfImage(image, box=layout.BoxConstraints(width=width, height=height))


def leader_style(signature_png: str | Path | None, box: Rect) -> TextStampStyle:
    background = None
    if signature_png:
        rect = leader_image_rect(box, load_image(signature_png).size)
        background = _sized_image(signature_png, rect.width, rect.height)
    return TextStampStyle(
        stamp_text="Ký bởi: %(signer)s\nChức vụ: %(position)s\nThời gian ký: %(when)s",
        text_box_style=_text_style(LEADER_FONT_SIZE),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MIN,
            margins=layout.Margins(left=1, right=1, top=1, bottom=1),
        ),
        background=background,
        background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(bottom=round(LEADER_TEXT_BAND)),
            inner_content_scaling=layout.InnerScaling.NO_SCALING,
        ),
        border_width=0,
    )


def seal_style(seal_png: str | Path, lines: list[str], diameter: int) -> TextStampStyle:
    band = seal_text_band(lines)
    return TextStampStyle(
        stamp_text="\n".join(lines) if lines else " ",
        text_box_style=_text_style(SEAL_TEXT_FONT_SIZE),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MIN
        ),
        background=_sized_image(seal_png, diameter, diameter),
        background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins(bottom=round(band)),
            inner_content_scaling=layout.InnerScaling.NO_SCALING,
        ),
        border_width=0,
    )


def seal_text_width(lines: list[str]) -> float:
    return max((text_width(line, SEAL_TEXT_FONT_SIZE) for line in lines), default=0)


def seal_text_band(lines: list[str]) -> int:
    return math.ceil(len(lines) * SEAL_TEXT_FONT_SIZE * 1.25 + (2 if lines else 0))


def appendix_style() -> TextStampStyle:
    return TextStampStyle(
        stamp_text="%(notation)s %(iso)s",
        text_box_style=_text_style(APPENDIX_FONT_SIZE),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX,
            y_align=layout.AxisAlignment.ALIGN_MID,
            inner_content_scaling=layout.InnerScaling.NO_SCALING,  # always 10 pt, never shrunk
        ),
        border_width=0,
    )
