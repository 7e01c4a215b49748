"""Text form fields for what Decree 30/2020 writes on a document after the competent person signed it:
the number ("Số: 05/UBND-VX") and the place-and-date line ("Phú Thọ, ngày 05 tháng 01 năm 2026").

The leader signs a page whose header holds, at those places, read-only text fields showing the printed
blanks ("Số:      /UBND-VX"); the leader's signature permits form filling (a certification signature with
DocMDP FILL_FORMS). At issue the clerk's update sets the fields' values with new appearances, drawn in the
same Times-metric Vietnamese font as the stamps, then the organisation's signature covers the result and
locks every field. Nothing of the signed page is re-rendered: a viewer shows the filled appearance over
the page, and validators report the leader's signature as intact with form filling after it.
"""

import io
from dataclasses import dataclass
from functools import lru_cache

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.writer import BasePdfFileWriter, init_xobject_dictionary

from .appearance import GlyphAccumulator
from .fonts import ITALIC_FONT, SOURCE_FONT, stamp_font_path

READ_ONLY = 1
MIN_FONT_SIZE = 8
_FACES = {"/TinosR": SOURCE_FONT, "/TinosI": ITALIC_FONT}


@dataclass(frozen=True)
class TextField:
    """A field to create: `box` is (x1, y1, x2, y2) in PDF points on page `page` (0-based); `blank` is
    what it shows until it is filled; the text is centred on one line at `font_size`."""

    name: str
    page: int
    box: tuple[float, float, float, float]
    blank: str = ""
    italic: bool = False
    bold: bool = False
    font_size: float = 13


@lru_cache(maxsize=2)
def _font_bytes(filename: str) -> bytes:
    with open(stamp_font_path(filename), "rb") as handle:
        return handle.read()


def _appearance(writer: BasePdfFileWriter, text: str, width: float, height: float, face: str, size: float):
    """A form XObject showing `text` centred in a width × height box, shrunk to fit if it must be."""
    import unicodedata

    text = unicodedata.normalize("NFC", text)  # the subset font has no shaping tables
    resources = generic.DictionaryObject()
    ops = b""
    if text.strip():
        engine = GlyphAccumulator(
            writer=writer, font_handle=io.BytesIO(_font_bytes(_FACES[face])), font_size=size
        )
        advance = engine.shape(text).x_advance
        fitted = size
        if advance * size > width:
            fitted = max(MIN_FONT_SIZE, width / advance)
        engine.font_size = fitted
        shaped = engine.shape(text)
        text_width = shaped.x_advance * fitted
        x = max(0.0, (width - text_width) / 2)
        # the baseline where a 1.3 line-height line box puts it: the descent (0.22 em) plus half the leading
        y = (height - fitted) / 2 + 0.22 * fitted
        ops = b"/Tx BMC q BT %s %g Tf 0 g %g %g Td %s ET Q EMC" % (
            face.encode("ascii"),
            fitted,
            x,
            y,
            shaped.graphics_ops,
        )
        resources[pdf_name("/Font")] = generic.DictionaryObject({pdf_name(face): engine.as_resource()})
    else:
        ops = b"/Tx BMC EMC"
    return writer.add_object(init_xobject_dictionary(ops, width, height, resources))


def _size(box) -> tuple[float, float]:
    x1, y1, x2, y2 = (float(v) for v in box)
    return abs(x2 - x1), abs(y2 - y1)


def add_text_fields(writer: BasePdfFileWriter, fields: list[TextField]) -> None:
    """Create the fields (merged field and widget, read-only, printed) with their blank appearance."""
    if not fields:
        return
    root = writer.root
    if "/AcroForm" not in root:
        root[pdf_name("/AcroForm")] = writer.add_object(
            generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject()})
        )
        writer.update_root()
    form = root["/AcroForm"]
    if "/Fields" not in form:
        form[pdf_name("/Fields")] = generic.ArrayObject()
    field_refs = form["/Fields"]
    existing = {str(ref.get_object().get("/T", "")) for ref in field_refs}
    for spec in fields:
        if spec.name in existing:
            continue
        page_ref = writer.find_page_for_modification(spec.page)[0]
        width, height = _size(spec.box)
        face = "/TinosI" if spec.italic else "/TinosR"
        widget = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Widget"),
                pdf_name("/FT"): pdf_name("/Tx"),
                pdf_name("/T"): pdf_string(spec.name),
                pdf_name("/Ff"): generic.NumberObject(READ_ONLY),
                pdf_name("/F"): generic.NumberObject(4),  # print
                pdf_name("/Q"): generic.NumberObject(1),  # centred
                pdf_name("/DA"): pdf_string(f"{face} {spec.font_size:g} Tf 0 g"),
                pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(round(v, 2)) for v in spec.box),
                pdf_name("/P"): page_ref,
                pdf_name("/AP"): generic.DictionaryObject(
                    {pdf_name("/N"): _appearance(writer, spec.blank, width, height, face, spec.font_size)}
                ),
            }
        )
        ref = writer.add_object(widget)
        field_refs.append(ref)
        writer.register_annotation(page_ref, ref)
    writer.update_container(field_refs)
    if isinstance(root.raw_get("/AcroForm"), generic.IndirectObject):
        writer.update_container(form)


def text_fields(reader) -> dict[str, generic.DictionaryObject]:
    """The text fields of a document by name (top-level fields only, as add_text_fields creates them)."""
    try:
        refs = reader.root["/AcroForm"]["/Fields"]
    except KeyError:
        return {}
    found = {}
    for ref in refs:
        field = ref.get_object()
        if field.get("/FT") == "/Tx":
            found[str(field.get("/T", ""))] = field
    return found


def fill_text_fields(writer: BasePdfFileWriter, values: dict[str, str]) -> list[str]:
    """Set the value and a new appearance of each named text field present; returns the names filled.
    Only /V and /AP change, which is what a signature permitting form filling allows."""
    import re

    filled = []
    for ref in writer.root["/AcroForm"]["/Fields"] if "/AcroForm" in writer.root else []:
        field = ref.get_object()
        name = str(field.get("/T", ""))
        if field.get("/FT") != "/Tx" or name not in values:
            continue
        match = re.match(r"\s*(/\w+)\s+([\d.]+)\s+Tf", str(field.get("/DA", "")))
        face, size = (match.group(1), float(match.group(2))) if match else ("/TinosR", 13.0)
        face = face if face in _FACES else "/TinosR"
        width, height = _size(field["/Rect"])
        field[pdf_name("/V")] = pdf_string(values[name])
        field[pdf_name("/AP")] = generic.DictionaryObject(
            {pdf_name("/N"): _appearance(writer, values[name], width, height, face, size)}
        )
        writer.update_container(field)
        filled.append(name)
    return filled
