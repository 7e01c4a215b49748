"""Visible signature appearances prescribed by Decree 30/2020 (Phụ lục I II.7–8, III.1.d; regulations §1.9).

* Leader (box 7c): the signer's signature image (blue, transparent) centred in the signature box, with a
  small text band under it, right of the one-third line of the image: name, position and signing time.
* Organisation (box 8): the agency's red seal at its real size, overlapping the left third of the leader's
  signature image (its right edge on the one-third line), with its own lines (number, date, time) under it.

The texts never overlap the seal: the seal and its lines stay left of the one-third line, the leader's
text right of it, and each text is shrunk to fit its box (leader_text_rect, seal_text_rect) rather than
spill out of it.
* Appendix in a separate file (and electronic copies): top right of page 1, no image, the text
  "number/notation + signing time in ISO 8601 (Vietnam time)", Times-metric regular 10 pt, black.
"""

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage, pil_image
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import PdfFileWriter
from pyhanko.stamp import TextStampStyle

from .fonts import stamp_font_path

MM = 72 / 25.4
LEADER_FONT_SIZE = 7
LEADER_LINES = 3
LEADER_LINE_HEIGHT = math.ceil(LEADER_FONT_SIZE * 1.25)  # the unpadded text style's leading
LEADER_TEXT_BAND = LEADER_LINES * LEADER_LINE_HEIGHT + 4
APPENDIX_FONT_SIZE = 10
APPENDIX_BOX_HEIGHT = 30  # pyHanko pads the text box by 10 pt
SEAL_TEXT_FONT_SIZE = 6
TEXT_GAP = 2  # pt between the one-third line (the seal's right edge) and the leader's text


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


def _text_style(size: float, *, padded: bool = True) -> TextBoxStyle:
    """Unpadded: no 10 pt margin around the text (pyHanko's default) and a 1.25 line height, so the text's
    natural size is its lines and fits the band measured for it without being shrunk."""
    # Keep GlyphAccumulatorFactory.font_size == TextBoxStyle.font_size (pyHanko #733, stack-facts §3.3).
    font = _StampFontFactory(stamp_font_path(), font_size=size)
    if padded:
        return TextBoxStyle(font=font, font_size=size)
    tight = layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MIN,
        y_align=layout.AxisAlignment.ALIGN_MIN,
        margins=layout.Margins(),
    )
    return TextBoxStyle(font=font, font_size=size, leading=math.ceil(size * 1.25), box_layout_rule=tight)


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

    def intersects(self, other: "Rect") -> bool:
        return self.x1 < other.x2 and other.x1 < self.x2 and self.y1 < other.y2 and other.y1 < self.y2


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


def seal_right(signature_image: Rect) -> int:
    """The one-third line of the leader's signature image: the seal's right edge (Phụ lục I II.8)."""
    return round(signature_image.x1 + signature_image.width / 3)


def leader_text_rect(box: Rect, signature_image: Rect) -> Rect:
    """The leader's text band: under the signature image, right of the one-third line, so the seal
    (left of that line) never covers it."""
    return Rect(seal_right(signature_image) + TEXT_GAP, box.y1, box.x2, box.y1 + LEADER_TEXT_BAND)


def seal_rect(signature_image: Rect, diameter_pt: int, text_band: int = 0) -> Rect:
    """The seal's field: as wide as the seal, its right edge on the one-third line of the leader's
    signature image and its centre level with the image's; the seal's own lines in a band under it."""
    right = seal_right(signature_image)
    top = round((signature_image.y1 + signature_image.y2) / 2 + diameter_pt / 2)
    return Rect(right - diameter_pt, top - diameter_pt - text_band, right, top)


def seal_image_rect(field: Rect, diameter_pt: int) -> Rect:
    """Where the seal image lands in its field: at the top, centred."""
    x1 = field.x1 + (field.width - diameter_pt) / 2
    return Rect(x1, field.y2 - diameter_pt, x1 + diameter_pt, field.y2)


def seal_text_rect(field: Rect, text_band: int) -> Rect:
    return Rect(field.x1, field.y1, field.x2, field.y1 + text_band)


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


@lru_cache(maxsize=64)
def _encoded_image(path: str, mtime_ns: int, width_pt: int, height_pt: int) -> tuple[tuple[dict, bytes], ...]:
    """The print image's XObject (and its soft mask) as pyHanko writes it, compressed once: (dictionary,
    encoded stream) of each object, the mask first. Compressing a seal again took ~9 ms a signature."""
    objects, ref = [], pil_image(_print_image(path, mtime_ns, width_pt, height_pt), PdfFileWriter())
    while ref is not None:
        stream = ref.get_object()
        entries = {k: v for k, v in stream.items() if k not in ("/SMask", "/Length")}
        objects.append((entries, stream.encoded_data))
        ref = stream.get("/SMask")
    return tuple(reversed(objects))


class _PrecompressedImage(PdfImage):
    """A PdfImage whose XObject is written from `_encoded_image`, not compressed again for every file."""

    def __init__(self, image: Image.Image, encoded: tuple[tuple[dict, bytes], ...], **kwargs):
        super().__init__(image, **kwargs)
        self.encoded = encoded

    @property
    def image_ref(self) -> generic.IndirectObject:
        if self._image_ref is None or self._image_ref.get_pdf_handler() is not self.writer:
            ref = None
            for entries, data in self.encoded:
                stream = generic.StreamObject(dict(entries), encoded_data=data)
                if ref is not None:  # the mask, written just before
                    stream[generic.pdf_name("/SMask")] = ref
                ref = self.writer.add_object(stream)
            self._image_ref = ref
        return self._image_ref


def _sized_image(path: str | Path, width: float, height: float) -> PdfImage:
    """The image with an intrinsic size in whole points that already fits its area, so pyHanko's layout
    neither scales it nor computes offsets like 1.4e-14, which it would write in exponent notation that
    PDF readers reject (seen with poppler: "Unknown operator 'e-14'")."""
    path = Path(path)
    key = (str(path), path.stat().st_mtime_ns, math.floor(width), math.floor(height))
    return _PrecompressedImage(
        _print_image(*key), _encoded_image(*key), box=layout.BoxConstraints(width=key[2], height=key[3])
    )


def _confined(outer: Rect, inner: Rect, x_align=layout.AxisAlignment.ALIGN_MID) -> layout.SimpleBoxLayoutRule:
    """Lay content out inside `inner` (a part of the stamp's box `outer`), shrunk to fit if needed."""
    return layout.SimpleBoxLayoutRule(
        x_align=x_align,
        y_align=layout.AxisAlignment.ALIGN_MID,
        margins=layout.Margins(
            left=inner.x1 - outer.x1,
            right=outer.x2 - inner.x2,
            bottom=inner.y1 - outer.y1,
            top=outer.y2 - inner.y2,
        ),
        inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
    )


def _image_above(band: float, y_align: layout.AxisAlignment) -> layout.SimpleBoxLayoutRule:
    """The image at its own size (already fitted, _sized_image), centred in the part above the text band."""
    return layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MID,
        y_align=y_align,
        margins=layout.Margins(bottom=round(band)),
        inner_content_scaling=layout.InnerScaling.NO_SCALING,
    )


def leader_style(signature_png: str | Path | None, box: Rect) -> TextStampStyle:
    background = None
    rect = leader_image_rect(box, load_image(signature_png).size if signature_png else None)
    if signature_png:
        background = _sized_image(signature_png, rect.width, rect.height)
    return TextStampStyle(
        stamp_text="Ký bởi: %(signer)s\nChức vụ: %(position)s\nThời gian ký: %(when)s",
        text_box_style=_text_style(LEADER_FONT_SIZE, padded=False),
        inner_content_layout=_confined(box, leader_text_rect(box, rect), layout.AxisAlignment.ALIGN_MIN),
        background=background,
        background_opacity=1.0,
        background_layout=_image_above(LEADER_TEXT_BAND, layout.AxisAlignment.ALIGN_MID),
        border_width=0,
    )


def seal_style(seal_png: str | Path, lines: list[str], diameter: int) -> TextStampStyle:
    band = seal_text_band(lines)
    field = Rect(0, 0, diameter, diameter + band)
    return TextStampStyle(
        stamp_text="\n".join(lines) if lines else " ",
        text_box_style=_text_style(SEAL_TEXT_FONT_SIZE, padded=False),
        inner_content_layout=_confined(field, seal_text_rect(field, band)),
        background=_sized_image(seal_png, diameter, diameter),
        background_opacity=1.0,
        background_layout=_image_above(band, layout.AxisAlignment.ALIGN_MAX),
        border_width=0,
    )


def seal_text_band(lines: list[str]) -> int:
    return len(lines) * math.ceil(SEAL_TEXT_FONT_SIZE * 1.25) + (2 if lines else 0)


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
