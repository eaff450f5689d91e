"""Script conversion: OpenCC in context, the glossary, quotation marks, what is never converted."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from bulletin_press.diagnostics import Location
from bulletin_press.manuscript.model import (Emphasis, GlossaryEntry, Issue, Paragraph, Ruby,
                                             Story, Text)
from bulletin_press.text import dictionaries
from bulletin_press.text.convert import convert_issue, convert_quotes, converter
from bulletin_press.text.dictionaries import DATA, STOCK, leaves

HERE = Location(Path("x.yaml"), 1, 1)


def issue(language="zh-Hans", glossary=(), phrases=False, quotes=(), body=("正文",)) -> Issue:
    story = Story("01", Path("01.yaml"), ((Text("标题"),),),
                  tuple(Paragraph((Text(text),), HERE) for text in body))
    return Issue(id="x", folder=Path("x"), title=(Text("标题"),), publication=(Text("简报"),),
                 date=datetime.date(2022, 4, 2), language=language,
                 editions=("zh-Hans", "zh-Hant", "zh-Hant-HK"), stories=(story,),
                 glossary=glossary, phrases=phrases, quotes=quotes)


@pytest.mark.parametrize("source, expected", [
    ("干部", "幹部"), ("树干", "樹幹"), ("干净", "乾淨"), ("头发", "頭髮"), ("出发", "出發"),
    ("皇后", "皇后"), ("后来", "後來"), ("一只", "一隻"), ("复杂", "複雜"), ("恢复", "恢復"),
    ("局系统党员干部认真学习", "局系統黨員幹部認真學習"), ("公里", "公里"),
    ("面条", "麵條"), ("里面", "裡面"), ("发展", "發展"), ("理发", "理髮"),
])
def test_simplified_to_taiwan_traditional_in_context(source, expected):
    assert converter(issue(), "zh-Hant")(source) == expected


@pytest.mark.parametrize("source, expected", [
    ("干部", "幹部"), ("后来", "後來"), ("头发", "頭髮"), ("里面", "裏面"), ("群众", "羣眾"),
    ("她说", "她説"), ("500余户", "500餘户"),
])
def test_simplified_to_hong_kong_traditional(source, expected):
    assert converter(issue(), "zh-Hant-HK")(source) == expected


@pytest.mark.parametrize("source, expected", [
    ("幹部", "干部"), ("樹幹", "树干"), ("乾淨", "干净"), ("頭髮", "头发"), ("後來", "后来"),
    ("皇后", "皇后"), ("乾隆", "乾隆"), ("著作", "著作"),
])
def test_traditional_to_simplified(source, expected):
    assert converter(issue("zh-Hant"), "zh-Hans")(source) == expected


def test_phrases_swap_vocabulary_only_when_asked():
    assert converter(issue(), "zh-Hant")("软件和打印机") == "軟件和打印機"
    assert converter(issue(phrases=True), "zh-Hant")("软件和打印机") == "軟體和印表機"


def test_glossary_terms_are_protected_and_given_each_editions_form():
    glossary = (GlossaryEntry("马跃俊", (("*", "馬躍俊"),)),
                GlossaryEntry("干将路", (("zh-Hant", "干將路"), ("zh-Hant-HK", "干將道"))),
                GlossaryEntry("并为行动不便", (("*", "並為行動不便"),)))
    text = "马跃俊在干将路工作，并为行动不便的老人服务。"
    assert converter(issue(glossary=glossary), "zh-Hant")(text) == "馬躍俊在干將路工作，並為行動不便的老人服務。"
    assert converter(issue(glossary=glossary), "zh-Hant-HK")(text) == "馬躍俊在干將道工作，並為行動不便的老人服務。"
    assert converter(issue(glossary=glossary), "zh-Hans")(text) == text
    # without the glossary, OpenCC reads 并为 as "merge into"
    assert converter(issue(), "zh-Hant")(text) == "馬躍俊在干將路工作，併為行動不便的老人服務。"


def test_hong_kong_falls_back_to_the_taiwan_form_of_a_term():
    glossary = (GlossaryEntry("黄浦区", (("zh-Hant", "黃浦區"),)),)
    assert converter(issue(glossary=glossary), "zh-Hant-HK")("黄浦区") == "黃浦區"


@pytest.mark.parametrize("source, style, expected", [
    ("他说：“她说‘好’。”", "corner", "他说：「她说『好』。」"),
    ("「外『內』外」", "curly", "“外‘內’外”"),
    ("Don’t “stop”", "corner", "Don’t 「stop」"),
])
def test_quotes_convert_with_nesting(source, style, expected):
    assert convert_quotes(source, style) == expected


def test_quotes_of_the_other_style_typed_in_a_manuscript_print_in_the_editions_style():
    # curly quotes typed in a Traditional manuscript, corner ones in a Simplified one
    assert converter(issue("zh-Hant"), "zh-Hant")("他說：“好”") == "他說：「好」"
    assert converter(issue("zh-Hant", quotes=(("zh-Hant", "curly"),)), "zh-Hant")(
        "他說：「好」") == "他說：“好”"
    assert converter(issue(), "zh-Hans")("他说：「好」") == "他说：“好”"


def test_editions_quote_styles_and_their_overrides():
    text = "他说：“她说‘好’。”"
    assert converter(issue(), "zh-Hant")(text) == "他說：「她說『好』。」"
    assert converter(issue(quotes=(("zh-Hant", "curly"),)), "zh-Hant")(text) == "他說：“她說‘好’。”"
    assert converter(issue("zh-Hant"), "zh-Hans")("他說：「好」") == "他说：“好”"


def test_ruby_annotations_latin_and_identifiers_are_never_converted():
    story = Story("01-干部", Path("01.yaml"), ((Ruby("干", "gàn"), Text("部")),),
                  (Paragraph((Text("PM2.5和Office软件"), Emphasis((Ruby("发", "fā"),))), HERE),))
    source = issue()
    source = Issue(**{**source.__dict__, "stories": (story,), "url": "https://x.org/干部"})
    converted = convert_issue(source, "zh-Hant")
    (story,) = converted.stories
    assert story.headline == ((Ruby("幹", "gàn"), Text("部")),)
    assert story.body[0].inlines == (Text("PM2.5和Office軟件"), Emphasis((Ruby("發", "fā"),)))
    assert story.stem == "01-干部" and converted.url == "https://x.org/干部"
    assert converted.title_text == "標題" and converted.publication_text == "簡報"


@pytest.mark.parametrize("language, edition, phrases, source, expected", [
    # dry waste is 乾垃圾; OpenCC takes 干 for 幹 (to do) on its own
    ("zh-Hans", "zh-Hant", False, "干垃圾和湿垃圾", "乾垃圾和溼垃圾"),
    ("zh-Hans", "zh-Hant", True, "干垃圾", "乾垃圾"),
    ("zh-Hans", "zh-Hant-HK", False, "干垃圾和湿垃圾", "乾垃圾和濕垃圾"),
    ("zh-Hans", "zh-Hant", False, "干、湿垃圾分类", "乾、溼垃圾分類"),
    # Taiwan's 著 is both "write" and the particle; Hong Kong and the Mainland tell them apart
    ("zh-Hant", "zh-Hant-HK", False, "原著小說", "原著小説"),
    ("zh-Hant", "zh-Hant-HK", False, "編著、專著、論著、土著", "編著、專著、論著、土著"),
    ("zh-Hant", "zh-Hant-HK", False, "大家討論著原著", "大家討論着原著"),
    ("zh-Hant", "zh-Hant-HK", False, "看著他", "看着他"),
    ("zh-Hant", "zh-Hans", False, "原著小說", "原著小说"),
    # phrase conversion swaps Taiwan words, not words the Mainland uses too
    ("zh-Hant", "zh-Hans", True, "啟用新系統", "启用新系统"),
    ("zh-Hant", "zh-Hans", True, "工作簡報", "工作简报"),
    ("zh-Hant", "zh-Hans", True, "軟體和網路", "软件和网络"),
    ("zh-Hant", "zh-Hans", False, "啟用", "启用"),
])
def test_corrected_conversions(language, edition, phrases, source, expected):
    assert converter(issue(language, phrases=phrases), edition)(source) == expected


@pytest.mark.parametrize("edition", ["zh-Hant", "zh-Hant-HK"])
@pytest.mark.parametrize("phrases", [False, True])
@pytest.mark.parametrize("source, expected", [
    ("干部", "幹部"), ("树干", "樹幹"), ("干净", "乾淨"), ("头发", "頭髮"), ("发展", "發展"),
])
def test_ordinary_conversions_are_kept(edition, phrases, source, expected):
    assert converter(issue(phrases=phrases), edition)(source) == expected


def test_corrected_configurations_are_the_stock_ones_plus_our_dictionaries():
    # An OpenCC upgrade that changes its configurations shows here, not in the editions.
    for path in sorted(DATA.glob("*.json")):
        ours = json.loads(path.read_text(encoding="utf-8"))
        stock = json.loads((STOCK / path.name).read_text(encoding="utf-8"))
        assert ours["name"] == stock["name"] + ", with bulletin-press corrections"
        assert _without_ours(ours["segmentation"] if "segmentation" in ours else None) == \
            stock.get("segmentation")
        assert _without_ours(ours["conversion_chain"]) == stock["conversion_chain"], path.name
        assert ours.get("normalization") == stock.get("normalization")
        for dictionary in leaves(ours):
            assert (DATA / dictionary["file"]).is_file() or (STOCK / dictionary["file"]).is_file()


def _without_ours(node):
    """A configuration less our dictionaries, and less the union groups made to hold them."""
    if isinstance(node, list):
        return [_without_ours(item) for item in node
                if not (isinstance(item, dict) and (DATA / item.get("file", "-")).is_file())]
    if isinstance(node, dict):
        node = {key: _without_ours(value) for key, value in node.items()}
        if node.get("type") == "group" and len(node["dicts"]) == 1 and node["match_policy"] == "union":
            return node["dicts"][0]
        return node
    return node


def test_corrected_converters_load_without_complaint(capfd):
    for name in ("s2tw", "s2twp", "s2hk", "tw2s", "tw2sp", "tw2t"):
        dictionaries.converter.cache_clear()
        assert dictionaries.converter(name).convert("干") in ("干", "幹")
    assert capfd.readouterr() == ("", "")  # OpenCC warns on stderr about a faulty configuration
