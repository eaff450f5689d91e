"""The shipped fonts: what the manifest says, what they cover, what they keep."""

from __future__ import annotations

import hashlib
import io
import json
from functools import cache

import pytest
from fontTools.ttLib import TTFont

from bulletin_press.fonts import (FONTS_DIR, font_resources, font_urls, opentype_language,
                                 regional_face, shipped_fonts, verify)
from bulletin_press.layouts import LAYOUTS_DIR
from tests.conftest import SAMPLE

MANIFEST = json.loads((FONTS_DIR / "manifest.json").read_text(encoding="utf-8"))


@cache
def font(file: str) -> TTFont:
    return TTFont(FONTS_DIR / file, lazy=True)


def test_fonts_folder_stays_under_64_mb():
    assert sum(p.stat().st_size for p in FONTS_DIR.iterdir()) < 64 * 2**20


@pytest.mark.parametrize("shipped", shipped_fonts(), ids=lambda f: f.file)
def test_manifest_matches_the_files(shipped):
    assert verify(shipped) is None
    entry = next(e for e in MANIFEST["fonts"] if e["file"] == shipped.file)
    assert entry["source"]["package"] == "fonts-noto-cjk" and entry["source"]["version"]
    assert hashlib.sha256(shipped.path.read_bytes()).hexdigest() == entry["sha256"]
    assert font(shipped.file)["name"].getDebugName(6) == shipped.postscript_name


@pytest.mark.parametrize("shipped", shipped_fonts(), ids=lambda f: f.file)
def test_fonts_cover_the_chinese_repertoire(shipped):
    cmap = font(shipped.file).getBestCmap()
    samples = "“”‘’—…•℃№Ⅰ①㎡ǎǐǒǔǖǘǚǜāáàˇˉˊˋ˙ㄅㄆㄇ、。〈〉《》「」『』【】〔〕〖〗〜" \
              "一丁乙龥㐀䶵豈鶴︐︑︒︵︶﹐﹑！（），：；？ＡＺａｚ０９～"
    missing = [f"U+{ord(c):04X} {c}" for c in samples if ord(c) not in cmap]
    assert missing == []
    han = sum(1 for cp in range(0x4E00, 0xA000) if cp in cmap)
    assert han > 20900  # the whole URO block, bar a few unassigned code points


@pytest.mark.parametrize("shipped", shipped_fonts(), ids=lambda f: f.file)
def test_fonts_keep_the_opentype_features_the_layouts_need(shipped):
    gsub = {record.FeatureTag for record in font(shipped.file)["GSUB"].table.FeatureList.FeatureRecord}
    gpos = {record.FeatureTag for record in font(shipped.file)["GPOS"].table.FeatureList.FeatureRecord}
    assert {"locl", "vert", "vrt2"} <= gsub
    assert {"halt", "vhal", "palt", "vpal", "kern"} <= gpos


def test_traditional_forms_are_reachable_through_locl():
    # The same SC face draws Taiwan and Hong Kong forms when the text is tagged zh-Hant.
    gsub = font("NotoSerifCJKscBP-Regular.otf")["GSUB"].table
    languages = {lang.LangSysTag.strip() for script in gsub.ScriptList.ScriptRecord
                 for lang in script.Script.LangSysRecord}
    assert {"ZHT", "ZHH"} <= languages


def test_every_character_of_the_sample_is_covered():
    text = "".join(p.read_text(encoding="utf-8") for p in SAMPLE.rglob("*.yaml"))
    for shipped in shipped_fonts():
        cmap = font(shipped.file).getBestCmap()
        assert sorted({c for c in text if ord(c) > 32 and ord(c) not in cmap}) == []


def test_layouts_load_only_shipped_fonts_and_never_by_system_name():
    shipped = {f"fonts/{f.file}" for f in shipped_fonts()}
    for css in LAYOUTS_DIR.glob("*/print.css"):
        text = css.read_text(encoding="utf-8")
        assert set(font_urls(text)) <= shipped
        assert "local(" not in text
        for family in ("Noto", "serif", "sans-serif", "SimSun", "Song"):
            assert f"font-family: {family}" not in text


def test_text_width_is_the_shaped_advance():
    from bulletin_press.fonts import text_width

    assert text_width("", "NotoSansCJKscBP-Bold.otf", 13) == 0
    assert text_width("一二三", "NotoSansCJKscBP-Bold.otf", 13) == 39  # Han characters are 1 em
    assert 0 < text_width("iPhone", "NotoSansCJKscBP-Bold.otf", 13) < 6 * 13


def shaped(data: bytes, text: str, language: str | None, direction: str = "ltr",
           features: dict | None = None, script: str | None = None) -> list[tuple]:
    """Glyph ids and positions, as a reader shapes ``text`` tagged ``language`` (or not)."""
    import uharfbuzz

    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = direction
    if script:
        buffer.script = script
    if language:
        buffer.language = language
    uharfbuzz.shape(uharfbuzz.Font(uharfbuzz.Face(data)), buffer, features or {})
    return [(info.codepoint, pos.x_advance, pos.y_advance, pos.x_offset, pos.y_offset)
            for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions)]


REGIONAL_TEXT = "，。、：！？「說」為強骨內APP，98.6%。"


@pytest.mark.parametrize("edition", ["zh-Hant", "zh-Hant-HK", "zh-Hans"])
@pytest.mark.parametrize("file", ["NotoSerifCJKscBP-Regular.otf", "NotoSansCJKscBP-Bold.otf"])
def test_a_regional_face_shapes_as_its_region_whatever_the_language(file, edition):
    shipped = (FONTS_DIR / file).read_bytes()
    regional = font_resources(f"@font-face {{ src: url(fonts/{file}) }}", edition)[f"fonts/{file}"]
    for direction, features in (("ltr", {}), ("ltr", {"halt": True}), ("ttb", {}),
                                ("ttb", {"vhal": True})):
        # the shipped face, as a reader honouring the language in a Han run shapes it
        expected = shaped(shipped, REGIONAL_TEXT, edition, direction, features, "Hani")
        for language in (None, "zh-Hans", "en", edition):
            assert shaped(regional, REGIONAL_TEXT, language, direction, features) == expected, \
                (direction, features, language)


def test_a_mark_on_its_own_needs_the_regional_face():
    # what Pango does with a comma in a text box of its own (an emphasised one, one after
    # Latin): the shipped face gives it the Simplified corner form even in zh-Hant
    shipped = (FONTS_DIR / "NotoSerifCJKscBP-Regular.otf").read_bytes()
    regional = regional_face(shipped, opentype_language("zh-Hant"))
    in_han = shaped(shipped, "一，", "zh-Hant")[1][0]
    assert shaped(shipped, "，", "zh-Hant")[0][0] != in_han
    assert shaped(regional, "，", "zh-Hant")[0][0] == shaped(regional, "，", None)[0][0] == in_han


def test_a_regional_face_changes_only_the_cmap_and_language_systems():
    from fontTools.ttLib.sfnt import calcChecksum

    shipped = (FONTS_DIR / "NotoSerifCJKscBP-Regular.otf").read_bytes()
    regional = regional_face(shipped, "ZHT ")
    assert calcChecksum(regional) == 0xB1B0AFBA  # the whole font's checksum, as the spec has it
    before, after = TTFont(io.BytesIO(shipped), lazy=True), TTFont(io.BytesIO(regional), lazy=True)
    assert sorted(before.keys()) == sorted(after.keys())
    changed = {tag for tag in before.reader.keys() if before.reader[tag] != after.reader[tag]}
    assert changed == {"cmap", "GSUB", "GPOS", "head"}
    assert before["head"].checkSumAdjustment != after["head"].checkSumAdjustment
    assert before.getBestCmap().keys() == after.getBestCmap().keys()


def test_editions_choose_their_opentype_language():
    assert [opentype_language(code) for code in ("zh-Hans", "zh-Hant", "zh-Hant-HK", "zh-TW",
                                                 "zh-HK")] == \
        ["ZHS ", "ZHT ", "ZHH ", "ZHT ", "ZHH "]
