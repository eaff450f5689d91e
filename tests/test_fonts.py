"""The shipped fonts: what the manifest says, what they cover, what they keep."""

from __future__ import annotations

import hashlib
import json
from functools import cache

import pytest
from fontTools.ttLib import TTFont

from bulletin_press.fonts import FONTS_DIR, font_urls, shipped_fonts, verify
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
