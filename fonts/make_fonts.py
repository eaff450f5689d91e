"""Make the shipped fonts from Debian's fonts-noto-cjk.

Extracts the Simplified Chinese faces from the Noto CJK collections, subsets
them with HarfBuzz's subsetter to the Chinese repertoire (keeping the OpenType
features the layouts rely on), renames them so that a system copy of Noto CJK
can never pass for a shipped face, and writes ``manifest.json`` and
``LICENSE.txt``.  Run it where fonts-noto-cjk is installed:

    python fonts/make_fonts.py
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont

from bulletin_press.fonts import LAYOUT_FEATURES

HERE = Path(__file__).resolve().parent
SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
SOURCE_PACKAGE = "fonts-noto-cjk"

# (shipped file, collection, face PostScript name, shipped family, style, weight)
FACES = [
    ("NotoSerifCJKscBP-Regular.otf", "NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular",
     "Noto Serif CJK SC BP", "Regular", 400),
    ("NotoSerifCJKscBP-Bold.otf", "NotoSerifCJK-Bold.ttc", "NotoSerifCJKsc-Bold",
     "Noto Serif CJK SC BP", "Bold", 700),
    ("NotoSansCJKscBP-Bold.otf", "NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold",
     "Noto Sans CJK SC BP", "Bold", 700),
]

# The Chinese repertoire: what a bulletin's text may contain.
RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A (pinyin tone letters ā á ǎ à …)
    (0x01CD, 0x01DC),  # pinyin tone letters in Latin Extended-B (ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ)
    (0x02C6, 0x02DD),  # modifier letters: tone marks ˇ ˉ ˊ ˋ ˙
    (0x0391, 0x03C9),  # Greek letters used in text (α β μ Ω)
    (0x2000, 0x206F),  # General Punctuation (“ ” ‘ ’ — … •)
    (0x2100, 0x218F),  # Letterlike Symbols and Number Forms (℃ № Ⅰ)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators (× ÷ ≤ ≥)
    (0x2460, 0x24FF),  # Enclosed Alphanumerics (①)
    (0x2500, 0x25FF),  # box drawing, geometric shapes (■ □ ○ ●)
    (0x2600, 0x26FF),  # Miscellaneous Symbols (★ ☆)
    (0x2E80, 0x2FDF),  # CJK Radicals Supplement, Kangxi Radicals
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3100, 0x312F),  # Bopomofo
    (0x31A0, 0x31BF),  # Bopomofo Extended
    (0x3200, 0x32FF),  # Enclosed CJK Letters and Months
    (0x3300, 0x33FF),  # CJK Compatibility (㎡)
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFE10, 0xFE1F),  # Vertical Forms
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFE50, 0xFE6F),  # Small Form Variants
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]

FEATURES = list(LAYOUT_FEATURES)


def repertoire() -> set[int]:
    return {cp for lo, hi in RANGES for cp in range(lo, hi + 1)}


def face_index(collection: Path, postscript_name: str) -> int:
    from fontTools.ttLib import TTCollection

    fonts = TTCollection(str(collection), lazy=True).fonts
    for index, font in enumerate(fonts):
        if font["name"].getDebugName(6) == postscript_name:
            return index
    raise SystemExit(f"{collection}: no face named {postscript_name}")


def subset(collection: Path, index: int) -> bytes:
    face = hb.Face(hb.Blob.from_file_path(str(collection)), index)
    request = hb.SubsetInput()
    request.sets(hb.SubsetInputSets.UNICODE).update(repertoire())
    features = request.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    features.update(hb.ot_tag_from_string(tag) if hasattr(hb, "ot_tag_from_string")
                    else int.from_bytes(tag.encode(), "big") for tag in FEATURES)
    result = hb.subset(face, request)
    if result is None:
        raise SystemExit(f"{collection}#{index}: HarfBuzz could not subset it")
    return result.blob.data


def rename(data: bytes, family: str, style: str, weight: int) -> bytes:
    font = TTFont(io.BytesIO(data))
    postscript = family.replace(" ", "") + "-" + style
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    names.setName(family, 1, 3, 1, 0x409)
    names.setName(style, 2, 3, 1, 0x409)
    names.setName(f"{postscript};subset of Noto CJK", 3, 3, 1, 0x409)
    names.setName(f"{family} {style}", 4, 3, 1, 0x409)
    names.setName(postscript, 6, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        top.FullName, top.FamilyName = f"{family} {style}", family
    font["OS/2"].usWeightClass = weight
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def package_version() -> str:
    return subprocess.run(["dpkg-query", "-W", "-f=${Version}", SOURCE_PACKAGE],
                          capture_output=True, text=True, check=True).stdout


def main() -> None:
    version = package_version()
    manifest = []
    copyright_notice = ""
    for filename, collection, source_name, family, style, weight in FACES:
        source = SOURCE_DIR / collection
        index = face_index(source, source_name)
        data = rename(subset(source, index), family, style, weight)
        (HERE / filename).write_bytes(data)
        copyright_notice = TTFont(io.BytesIO(data))["name"].getDebugName(0)
        manifest.append({
            "family": family,
            "style": style,
            "weight": weight,
            "file": filename,
            "postscript_name": family.replace(" ", "") + "-" + style,
            "source": {"package": SOURCE_PACKAGE, "version": version,
                       "file": str(source), "face": source_name},
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
        })
        print(f"{filename}: {len(data) / 1e6:.1f} MB")
    (HERE / "manifest.json").write_text(
        json.dumps({"fonts": manifest, "ranges": [f"U+{lo:04X}-{hi:04X}" for lo, hi in RANGES],
                    "features": FEATURES}, indent=2) + "\n", encoding="utf-8")
    ofl = Path("/usr/share/doc/fonts-noto-cjk/copyright").read_text(encoding="utf-8")
    licence = ofl.split("License: SIL-1.1\n", 2)[-1].split("\nLicense: GPL-3+", 1)[0]
    licence = "\n".join(line[1:] if line.startswith(" ") else line for line in licence.splitlines())
    licence = "\n".join("" if line == "." else line for line in licence.splitlines())
    (HERE / "LICENSE.txt").write_text(
        f"{copyright_notice}\n\nThe fonts in this folder are subsets of Noto Serif CJK and Noto Sans CJK,\n"
        f"renamed as Modified Versions, from Debian's {SOURCE_PACKAGE} {version}.\n\n{licence.strip()}\n",
        encoding="utf-8")


if __name__ == "__main__":
    main()
