"""The shipped fonts: their manifest, and the font files a stylesheet uses.

Layouts load fonts only by ``@font-face`` from ``fonts/`` (``url(fonts/…)``),
never by system name, so that a document looks the same on every machine.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import struct
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


def font_resources(css: str, edition: str | None = None) -> dict[str, bytes]:
    """The font files a stylesheet refers to, by URL; every one must be shipped.  For an
    edition, each carries that edition's regional forms in its cmap (:func:`regional_face`)."""
    shipped = {font.file for font in shipped_fonts()}
    resources = {}
    for url in font_urls(css):
        name = url[len(URL_PREFIX):]
        if name not in shipped:
            raise LookupError(f"the stylesheet refers to '{url}', which is not a shipped font "
                              f"(see {FONTS_DIR / 'manifest.json'})")
        resources[url] = _read(name) if edition is None \
            else _regional(FONTS_DIR / name, opentype_language(edition))
    return resources


def web_font_resources(css: str, edition: str) -> dict[str, bytes]:
    """For a web page's stylesheet, whose ``@font-face`` rules name WOFF2 files
    (``fonts/<shipped name>.woff2``): the shipped font of each, by that URL, with the
    edition's regional forms; the web backend cuts and compresses it."""
    sources = {url: url.removesuffix(".woff2") + ".otf" for url in font_urls(css)}
    fonts = font_resources("".join(f"@font-face {{ src: url({source}) }}"
                                   for source in sources.values()), edition)
    return {url: fonts[source] for url, source in sources.items()}


def woff2(data: bytes) -> bytes:
    """An OpenType font compressed as WOFF2 (Brotli), for web pages."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


def opentype_language(edition: str) -> str:
    """The OpenType language system of an edition's BCP 47 code, as HarfBuzz chooses it:
    Hong Kong and Macao ZHH, other Traditional ZHT, Simplified ZHS."""
    subtags = edition.lower().split("-")
    if "hk" in subtags or "mo" in subtags:
        return "ZHH "
    if "hant" in subtags or "tw" in subtags:
        return "ZHT "
    return "ZHS "


@cache
def _regional(path: Path, language: str) -> bytes:
    """A shipped font with a region frozen in; what changes is kept between runs (freezing
    takes a fifth of a second a face)."""
    from bulletin_press.cache import remembered

    data = _read(path.name) if path.parent == FONTS_DIR else path.read_bytes()
    shipped = {font.file: font.sha256 for font in shipped_fonts()} \
        if path.parent == FONTS_DIR else {}
    # a shipped font is named by its manifest's sha256 (tests and `doctor` check the files),
    # and its size, which catches a swapped file as the build cache's key does
    key = hashlib.sha256(f"{shipped[path.name]} {len(data)}".encode() if path.name in shipped
                         else data)
    key.update(language.encode("ascii") + Path(__file__).read_bytes())  # this code, too
    tables = remembered(f"regional-{key.hexdigest()}.tables",
                        lambda: _pack(regional_tables(data, language)))
    return _replace_tables(data, _unpack(tables)) if tables else data


def _pack(tables: dict[str, bytes]) -> bytes:
    return b"".join(tag.encode("ascii") + struct.pack(">L", len(content)) + content
                    for tag, content in tables.items())


def _unpack(packed: bytes) -> dict[str, bytes]:
    tables, at = {}, 0
    while at < len(packed):
        (length,) = struct.unpack(">L", packed[at + 4:at + 8])
        tables[packed[at:at + 4].decode("ascii")] = packed[at + 8:at + 8 + length]
        at += 8 + length
    return tables


def regional_face(data: bytes, language: str, script: str = "hani") -> bytes:
    """The font with one language system frozen in (:func:`regional_tables`)."""
    tables = regional_tables(data, language, script)
    return _replace_tables(data, tables) if tables else data


def regional_tables(data: bytes, language: str, script: str = "hani") -> dict[str, bytes]:
    """The tables that change in a font with one language system frozen in: its ``locl``
    forms in the cmap, and its features wherever a reader looks for them.

    Every edition ships the SC faces; Taiwan and Hong Kong forms and centred punctuation
    come from ``locl``, which a reader applies only when it honours the text's language
    (some e-book readers do not, and Pango does not across a text box of its own, as
    each emphasised character or a mark after Latin is).  Here each character is mapped
    straight to its regional glyph, and every language system (the default ones too)
    uses the region's features, whose ``vert`` and ``vrt2`` differ from the Simplified
    ones: the forms no longer depend on the language.  Only the cmap and the GSUB and
    GPOS language systems change; other tables are copied as they are (fontTools
    compiling the CFF of a CJK font would take seconds).
    """
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True)
    # glyph ids as names, so that the CFF's charset is never read
    font.setGlyphOrder([f"g{gid}" for gid in range(font["maxp"].numGlyphs)])
    substitutions = _locl_substitutions(font["GSUB"].table, script, language) \
        if "GSUB" in font else []
    if not substitutions:
        return {}
    for table in font["cmap"].tables:
        for code, glyph in table.cmap.items():
            regional = glyph
            for mapping in substitutions:
                regional = mapping.get(regional, regional)
            table.cmap[code] = regional
    tables = {"cmap": font["cmap"].compile(font)}
    for tag in ("GSUB", "GPOS"):
        if tag in font:
            tables[tag] = _one_language_system(font.reader[tag], script, language)
    return tables


def _one_language_system(table: bytes, script: str, language: str) -> bytes:
    """A GSUB or GPOS table whose language systems all use the features of ``language``
    (in each script that has it, else in ``script``) where they have a feature of the
    same tag.  Feature indices are rewritten in place: no offset moves."""
    out = bytearray(table)
    script_list, feature_list = struct.unpack(">HH", table[4:8])
    (count,) = struct.unpack(">H", table[feature_list:feature_list + 2])
    feature_tags = [table[feature_list + 2 + 6 * i:feature_list + 6 + 6 * i] for i in range(count)]

    def systems(script_offset: int) -> dict[bytes, int]:
        """A script's language systems by tag (the default one as b''), by offset."""
        default, count = struct.unpack(">HH", table[script_offset:script_offset + 4])
        found = {b"": script_offset + default} if default else {}
        for i in range(count):
            record = script_offset + 4 + 6 * i
            found[table[record:record + 4]] = script_offset + \
                struct.unpack(">H", table[record + 4:record + 6])[0]
        return found

    def indices(system: int) -> list[int]:
        (count,) = struct.unpack(">H", table[system + 4:system + 6])
        return list(struct.unpack(f">{count}H", table[system + 6:system + 6 + 2 * count]))

    (count,) = struct.unpack(">H", table[script_list:script_list + 2])
    scripts = {table[script_list + 2 + 6 * i:script_list + 6 + 6 * i]: script_list + struct.unpack(
        ">H", table[script_list + 6 + 6 * i:script_list + 8 + 6 * i])[0] for i in range(count)}
    tag, own = language.encode("ascii"), script.encode("ascii")
    fallback = systems(scripts[own]).get(tag) if own in scripts else None
    for script_offset in scripts.values():
        found = systems(script_offset)
        regional = found.get(tag, fallback)
        if regional is None:
            continue
        features = {feature_tags[index]: index for index in indices(regional)}
        for system in found.values():
            for position, index in enumerate(indices(system)):
                if feature_tags[index] in features:
                    struct.pack_into(">H", out, system + 6 + 2 * position,
                                     features[feature_tags[index]])
    return bytes(out)


def _locl_substitutions(gsub, script: str, language: str) -> list[dict[str, str]]:
    """The single substitutions of a language system's ``locl`` lookups, in the order they
    apply.  Contextual ones cannot go into a cmap: they stay to the reader's shaping."""
    records = [record.Script for record in gsub.ScriptList.ScriptRecord
               if record.ScriptTag == script]
    systems = [system.LangSys for record in records for system in record.LangSysRecord
               if system.LangSysTag == language]
    features = gsub.FeatureList.FeatureRecord
    indices = sorted({index for system in systems for feature in system.FeatureIndex
                      if features[feature].FeatureTag == "locl"
                      for index in features[feature].Feature.LookupListIndex})
    substitutions = []
    for index in indices:
        lookup = gsub.LookupList.Lookup[index]
        mapping: dict[str, str] = {}
        for subtable in lookup.SubTable:
            if lookup.LookupType == 7:
                subtable = subtable.ExtSubTable
            if subtable.LookupType == 1:
                for glyph, regional in subtable.mapping.items():
                    mapping.setdefault(glyph, regional)  # the first subtable that covers it
        substitutions.append(mapping)
    return substitutions


def _replace_tables(data: bytes, tables: dict[str, bytes]) -> bytes:
    """An sfnt with some tables' data replaced; the others are copied, checksums and all."""
    from fontTools.ttLib.sfnt import calcChecksum

    (count,) = struct.unpack(">H", data[4:6])
    directory = [list(struct.unpack(">4sLLL", data[12 + 16 * i:28 + 16 * i]))
                 for i in range(count)]  # tag, checksum, offset, length, sorted by tag
    view = memoryview(data)  # the 18 MB CFF is copied once, into the result
    contents = {entry[0]: view[entry[2]:entry[2] + entry[3]] for entry in directory}
    contents.update((tag.encode("ascii"), content) for tag, content in tables.items())
    head = bytearray(contents[b"head"])
    head[8:12] = bytes(4)  # checkSumAdjustment, counted as 0 in the head's checksum
    contents[b"head"] = bytes(head)
    in_file_order = sorted(directory, key=lambda entry: entry[2])
    offset = 12 + 16 * count
    for entry in in_file_order:
        content = contents[entry[0]]
        if entry[0] == b"head" or entry[0].decode("latin-1") in tables:
            entry[1] = calcChecksum(content)
        entry[2], entry[3] = offset, len(content)
        offset += (len(content) + 3) & ~3
    header = data[:12] + b"".join(struct.pack(">4sLLL", *entry) for entry in directory)
    adjustment = 0xB1B0AFBA - calcChecksum(header) - sum(entry[1] for entry in directory)
    head[8:12] = struct.pack(">L", adjustment & 0xFFFFFFFF)
    contents[b"head"] = bytes(head)
    parts = [header]
    for entry in in_file_order:
        parts += [contents[entry[0]], bytes(-len(contents[entry[0]]) % 4)]
    return b"".join(parts)


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
