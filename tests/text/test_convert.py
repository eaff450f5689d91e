"""Script conversion: OpenCC in context, the glossary, quotation marks, what is never converted."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from bulletin_press.diagnostics import Location
from bulletin_press.manuscript.model import (Emphasis, GlossaryEntry, Issue, Paragraph, Ruby,
                                             Story, Text)
from bulletin_press.text.convert import convert_issue, convert_quotes, converter

HERE = Location(Path("x.yaml"), 1, 1)


def issue(language="zh-Hans", glossary=(), phrases=False, quotes=(), body=("正文",)) -> Issue:
    story = Story("01", Path("01.yaml"), ((Text("标题"),),),
                  tuple(Paragraph((Text(text),), HERE) for text in body))
    return Issue(id="x", folder=Path("x"), title="标题", publication="简报",
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
    assert converted.title == "標題" and converted.publication == "簡報"
