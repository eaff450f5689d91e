"""The shipped fonts: their manifest, and the font files a stylesheet uses.

Layouts load fonts only by ``@font-face`` from ``fonts/`` (``url(fonts/…)``),
never by system name, so that a document looks the same on every machine.
"""

from __future__ import annotations

import errno
import hashlib
import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import tinycss2

from bulletin_press.places import FONTS_DIR

URL_PREFIX = "fonts/"
LICENCE_FILE = "LICENSE.txt"

# The OpenType features the layouts rely on: regional forms (locl), vertical forms
# (vert, vrt2), half-width punctuation (halt, vhal, palt, vpal), kerning, and what
# shaping CJK needs.  Every subset keeps them.
LAYOUT_FEATURES = ("locl", "vert", "vrt2", "halt", "vhal", "palt", "vpal", "kern",
                   "ccmp", "liga", "fwid", "hwid", "pwid", "ruby", "aalt")


@dataclass(frozen=True)
class ShippedFont:
    family: str
    style: str
    file: str
    postscript_name: str
    sha256: str

    @property
    def path(self) -> Path:
        return FONTS_DIR / self.file


@cache
def shipped_fonts() -> tuple[ShippedFont, ...]:
    manifest = json.loads((FONTS_DIR / "manifest.json").read_text(encoding="utf-8"))
    return tuple(ShippedFont(f["family"], f["style"], f["file"], f["postscript_name"], f["sha256"])
                 for f in manifest["fonts"])


def font_urls(css: str) -> list[str]:
    """The ``fonts/…`` URLs a stylesheet refers to, in order."""
    urls: list[str] = []

    def walk(tokens) -> None:
        for token in tokens:
            if token.type == "url":
                value = token.value
            elif token.type == "function" and token.lower_name == "url" and token.arguments:
                value = getattr(token.arguments[0], "value", "")
            else:
                if getattr(token, "content", None):
                    walk(token.content)
                if getattr(token, "prelude", None):
                    walk(token.prelude)
                continue
            if value.startswith(URL_PREFIX) and value not in urls:
                urls.append(value)

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return urls


@cache
def _read(file: str) -> bytes:
    return (FONTS_DIR / file).read_bytes()


def font_resources(css: str) -> dict[str, bytes]:
    """The font files a stylesheet refers to, by URL; every one must be shipped."""
    shipped = {font.file for font in shipped_fonts()}
    resources = {}
    for url in font_urls(css):
        name = url[len(URL_PREFIX):]
        if name not in shipped:
            raise LookupError(f"the stylesheet refers to '{url}', which is not a shipped font "
                              f"(see {FONTS_DIR / 'manifest.json'})")
        resources[url] = _read(name)
    return resources


@cache
def _unicodes(file: str) -> frozenset[int]:
    import uharfbuzz

    path = FONTS_DIR / file
    if not path.is_file():  # HarfBuzz would read a missing file as an empty font
        raise FileNotFoundError(errno.ENOENT, "the font file is missing", str(path))
    return frozenset(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path))).unicodes)


def coverage(css: str) -> frozenset[int]:
    """The characters every font a stylesheet loads can draw."""
    sets = [_unicodes(url[len(URL_PREFIX):]) for url in font_urls(css)]
    return frozenset.intersection(*sets) if sets else frozenset()


@cache
def _hb_font(file: str):
    import uharfbuzz

    path = FONTS_DIR / file
    if not path.is_file():
        raise FileNotFoundError(errno.ENOENT, "the font file is missing", str(path))
    return uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path))))


def text_width(text: str, file: str, size: float) -> float:
    """How wide ``text`` sets in the shipped font ``file`` at ``size`` (any unit: the width
    comes in the same), shaped by HarfBuzz as the layout shapes it."""
    import uharfbuzz

    if not text:
        return 0.0  # HarfBuzz gives no positions at all for an empty buffer
    font = _hb_font(file)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, {"kern": True})
    return sum(position.x_advance for position in buffer.glyph_positions) * size / font.face.upem


def printable(char: str, covered: frozenset[int]) -> bool:
    """Whether the fonts draw ``char``, or it draws nothing anyway (spaces, format characters)."""
    return ord(char) in covered or char in " \t\n" or unicodedata.category(char) == "Cf"


def subset(data: bytes, codepoints: set[int]) -> bytes:
    """The font cut down to these characters, with the layout features and their glyphs."""
    import uharfbuzz

    request = uharfbuzz.SubsetInput()
    request.sets(uharfbuzz.SubsetInputSets.UNICODE).update(codepoints)
    features = request.sets(uharfbuzz.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    features.update(int.from_bytes(tag.encode("ascii"), "big") for tag in LAYOUT_FEATURES)
    result = uharfbuzz.subset(uharfbuzz.Face(uharfbuzz.Blob(data)), request)
    if result is None:
        raise ValueError("HarfBuzz could not subset the font")
    return result.blob.data


def licence_text() -> str:
    """The SIL Open Font License and copyright notice that go with every copy of the fonts."""
    return (FONTS_DIR / LICENCE_FILE).read_text(encoding="utf-8")


def verify(font: ShippedFont) -> str | None:
    """What is wrong with a shipped font file, or None."""
    if not font.path.is_file():
        return f"{font.path} is missing"
    if hashlib.sha256(font.path.read_bytes()).hexdigest() != font.sha256:
        return f"{font.path} differs from the manifest (sha256)"
    return None
