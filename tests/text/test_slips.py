"""The slips of pasted Chinese text: each found at its span with its fix, and legitimate
text — Latin, addresses, numbers, times, English quotes — left alone."""

from __future__ import annotations

import pytest

from bulletin_press.build import load
from bulletin_press.diagnostics import Report
from bulletin_press.text.slips import find_slips
from tests.conftest import MINIMAL_ISSUE


def found(text: str) -> list[tuple[str, str, str | None]]:
    return [(text[s.start:s.end], s.code, s.replacement) for s in find_slips(text)]


@pytest.mark.parametrize("text, expected", [
    ("一早,來", [(",", "ascii-punctuation", "，")]),
    ('說:"原本不是"', [(":", "ascii-punctuation", "："), ('"', "ascii-punctuation", "“"),
                     ('"', "ascii-punctuation", "”")]),
    ("好了.", [(".", "ascii-punctuation", "。")]),
    ("真的吗?对!", [("?", "ascii-punctuation", "？"), ("!", "ascii-punctuation", "！")]),
    ("首先;其次", [(";", "ascii-punctuation", "；")]),
    ("居(村)一线", [("(", "ascii-punctuation", "（"), (")", "ascii-punctuation", "）")]),
    ("APP,我们", [(",", "ascii-punctuation", "，")]),
    ("好了...", [("...", "ascii-punctuation", "……")]),
    ("**7 月 15 日前** 在手機", [(" ", "space-in-chinese", "")]),
    ("我 们　", [(" ", "space-in-chinese", "")]),
    ("{淡水｜Tām-tsuí}", [("{淡水｜Tām-tsuí}", "fullwidth-ruby-bar", "{淡水|Tām-tsuí}")]),
    ("局系統(tǒng)黨員", [("(tǒng)", "converter-pinyin", "")]),
    ("確??乖原", [("??", "mojibake", None)]),
    ("共\ufffd\ufffd人", [("\ufffd\ufffd", "mojibake", None)]),
    ("见 a.b@example.com,谢谢", [(",", "ascii-punctuation", "，")]),
])
def test_each_slip_is_found_with_its_fix(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "Hello, world. Is it OK? Yes!",
    "版本3.5，时间8:30，共1,024人",
    "网址 https://example.org/a,b.html?x=1 请访问",
    "邮箱 help.desk@example.com。",
    '他说"hello"。',
    "他說：「好」，然後走了。",
    "5G 专网",
    "{淞|sōng}江",
    "Beta (test) build",
])
def test_legitimate_text_draws_nothing(text):
    assert found(text) == []


def test_a_space_between_phrases_of_a_headline_is_ideographic():
    assert find_slips("提高效率　解决问题", display=True) == []
    (slip,) = find_slips("累 但值得", display=True)
    assert (slip.start, slip.code, slip.replacement) == (1, "space-in-chinese", "\u3000")
    # in running text both are gaps in a sentence
    assert [s.replacement for s in find_slips("提高效率　解决问题。累 但值得")] == ["", ""]


def test_slips_are_warnings_at_their_place_and_can_be_switched_off(issue_folder):
    story = "headline: 标题\nbody: |\n  一早,来了。\n  局(jú)里的人 都来了。\n"
    report = Report()
    (issue,) = load([issue_folder(stories={"01": story})], report)
    assert [(d.location.line, d.location.col, d.severity, d.code) for d in report] == [
        (3, 5, "warning", "ascii-punctuation"), (4, 4, "warning", "converter-pinyin"),
        (4, 11, "warning", "space-in-chinese")]
    assert str(list(report)[0]).endswith(
        "3:5: warning: ASCII ',' in Chinese text: write the full-width '，' [ascii-punctuation]")
    report = Report()
    load([issue_folder(MINIMAL_ISSUE + "check:\n  ignore: [ascii-punctuation, space-in-chinese]\n",
                       stories={"01": story})], report)
    assert [d.code for d in report] == ["converter-pinyin"]


def test_an_unknown_check_code_is_an_error(issue_folder):
    report = Report()
    load([issue_folder(MINIMAL_ISSUE + "check:\n  ignore: [ascii-punctuations]\n")], report)
    assert [str(d).split("issue.yaml:")[1] for d in report] == [
        "6:12: error: no check 'ascii-punctuations' (did you mean 'ascii-punctuation'?)"]
