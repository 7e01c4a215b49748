"""The stamp font: Tinos rescaled to 1000 units per em and subset to Latin + Vietnamese, built once.

pyHanko's GlyphAccumulator writes widths in raw font units, which is only right at 1000 units/em
(stack-facts §3.2), and loading the full 520 KB font for every signature is slow (§3.7). The derived font
is written once to a cache directory (settings.SIGNING_CACHE_DIR, default var/cache/signing), named after
the source file's hash, atomically, so concurrent workers never read half a file.
"""

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from django.conf import settings

SOURCE_FONT = "Tinos-Regular.ttf"
FORMAT_VERSION = 2  # bump when the subsetting options change
UNICODES = [
    *range(0x20, 0x7F),  # Basic Latin
    *range(0xA0, 0x100),  # Latin-1
    *range(0x100, 0x250),  # Latin Extended-A/B (Ă ă Đ đ Ĩ ĩ Ũ ũ Ơ ơ Ư ư …)
    *range(0x300, 0x310),  # combining accents
    0x323,
    *range(0x1EA0, 0x1F00),  # Latin Extended Additional: Vietnamese
    *range(0x2010, 0x2027),  # dashes, quotes, ellipsis
    0x2030,
    0x2116,
]


def cache_dir() -> Path:
    return Path(settings.SIGNING_CACHE_DIR)


ITALIC_FONT = "Tinos-Italic.ttf"


def _source(filename: str = SOURCE_FONT) -> Path:
    return Path(settings.FONT_DIR) / filename


@lru_cache(maxsize=2)
def stamp_font_path(filename: str = SOURCE_FONT) -> str:
    """Path of the 1000-upem Latin+Vietnamese subset of Tinos (regular; or `ITALIC_FONT` for the
    italic face the date line of a document is printed in), building it on first use."""
    source = _source(filename)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = cache_dir() / f"{source.stem}-upem1000-vi-v{FORMAT_VERSION}-{digest}.ttf"
    if target.exists() and target.stat().st_size > 0:
        return str(target)
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(source))
    scale_upem(font, 1000)
    options = subset.Options()
    # Stamp text is NFC (precomposed Vietnamese letters), so no shaping tables are needed; without them and
    # without hinting the font pyHanko parses and subsets on every signature is much smaller.
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG", "hdmx", "LTSH", "VDMX", "gasp"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        font.save(handle)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return str(target)
