"""Demo signature and seal images drawn with Pillow (PNG, transparent background).

A signature is a blue handwritten-like scribble with the person's name; a seal is a red round stamp with
the agency's name around the rim and a star in the middle. Real ones are scanned and uploaded in the admin.
"""

import io
import math
import random
import unicodedata

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

BLUE = (18, 45, 160, 255)
RED = (210, 20, 30, 255)


def _font(name: str, size: int):
    return ImageFont.truetype(str(settings.FONT_DIR / name), size)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def signature_png(full_name: str) -> bytes:
    """A blue scribble (initial flourish + underline) with the name written in italic, on transparency."""
    width, height = 600, 240
    rng = random.Random(full_name)  # noqa: S311 - deterministic drawing, not security
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    # a flourish: a loop made of a few sine-modulated strokes
    frequency, amplitude = 2.5 + rng.random(), 50 + rng.random() * 20
    points = []
    for i in range(120):
        t = i / 119
        x = 40 + t * 220 + 25 * math.sin(t * math.pi * 6)
        y = 120 - math.sin(t * math.pi * frequency) * amplitude * (1 - t * 0.5)
        points.append((x, y))
    draw.line(points, fill=BLUE, width=6, joint="curve")
    loop = [(150 + 60 * math.cos(a / 20), 100 + 35 * math.sin(a / 20)) for a in range(0, 126)]
    draw.line(loop, fill=BLUE, width=4, joint="curve")
    last = full_name.split()[-1] if full_name.split() else full_name
    draw.text((260, 70), last, font=_font("Tinos-BoldItalic.ttf", 84), fill=BLUE)
    underline = [(60 + i * 5, 200 + math.sin(i / 6) * 6) for i in range(100)]
    draw.line(underline, fill=BLUE, width=4, joint="curve")
    return _png(image.crop(image.getbbox() or (0, 0, width, height)))


def _rim_text(
    image: Image.Image, text: str, radius: float, font, *, start_deg: float, end_deg: float, top=True
):
    centre = image.width / 2
    span = end_deg - start_deg
    step = span / max(len(text) - 1, 1)
    for index, char in enumerate(text):
        angle = math.radians(start_deg + index * step)
        glyph = Image.new("RGBA", (font.size * 2, font.size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((font.size, font.size), char, font=font, fill=RED, anchor="mm")
        rotation = -math.degrees(angle) - 90 if top else -math.degrees(angle) + 90
        glyph = glyph.rotate(rotation, resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.cos(angle) - glyph.width / 2
        y = centre + radius * math.sin(angle) - glyph.height / 2
        image.alpha_composite(glyph, (round(x), round(y)))


def seal_png(agency_name: str, centre_text: str = "") -> bytes:
    """A red round seal: two rims, the agency name around the top, a star in the middle."""
    size = 600
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), outline=RED, width=14)
    draw.ellipse((92, 92, size - 92, size - 92), outline=RED, width=5)
    name = unicodedata.normalize("NFC", agency_name.upper())
    font_size = max(26, min(52, int(1500 / max(len(name), 1))))
    font = _font("Tinos-Bold.ttf", font_size)
    sweep = min(300, 10 * len(name) * font_size / 40)
    _rim_text(image, name, 250, font, start_deg=-90 - sweep / 2, end_deg=-90 + sweep / 2)
    # five-pointed star
    cx = cy = size / 2
    star = []
    for k in range(10):
        r = 70 if k % 2 == 0 else 28
        a = math.radians(-90 + k * 36)
        star.append((cx + r * math.cos(a), cy - 20 + r * math.sin(a)))
    draw.polygon(star, fill=RED)
    if centre_text:
        draw.text((cx, cy + 85), centre_text.upper(), font=_font("Tinos-Bold.ttf", 40), fill=RED, anchor="mm")
    return _png(image)
