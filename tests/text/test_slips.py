"""The slips of pasted Chinese text: each found at its span with its fix, and legitimate
text — Latin, addresses, numbers, times, English quotes — left alone."""

from __future__ import annotations

import pytest

from bulletin_press.build import load
from bulletin_press.diagnostics import Report
from bulletin_press.text.slips import find_slips
from tests.conftest import MINIMAL_ISSUE, SOURCE_TEXT


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
    ("**7 月 15 日前** 在手機", [(" ", "space-beside-chinese", ""), (" ", "space-beside-chinese", ""),
                              (" ", "space-beside-chinese", ""), (" ", "space-in-chinese", "")]),
    ("5G 专网", [(" ", "space-beside-chinese", "")]),
    ("共 3　项", [(" ", "space-beside-chinese", "")]),  # 图1　: a label's space is meant
    ("我 们　", [(" ", "space-in-chinese", "")]),
    ("{淡水｜Tām-tsuí}", [("{淡水｜Tām-tsuí}", "fullwidth-ruby-bar", "{淡水|Tām-tsuí}")]),
    ("局系統(tǒng)黨員", [("(tǒng)", "converter-pinyin", "")]),
    ("確??乖原", [("??", "mojibake", None)]),
    ("共\ufffd\ufffd人", [("\ufffd\ufffd", "mojibake", None)]),
    ("见a.b@example.com,谢谢", [(",", "ascii-punctuation", "，")]),
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
    "5G，专网", "Office 365",
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


# UTF-8 read as GBK in the re-posted bulletin (shared/source-texts): 確保抗原檢測試劑,
# 因為核酸檢測棉簽, 何時？他主動請纓
@pytest.mark.parametrize("line, runs", [
    ("解決,確??乖瓩z測(cè)試劑發放", [(4, "??乖瓩z")]),
    ("原來是因?yàn)楹怂釞z測(cè)棉簽", [(4, "?yàn)楹怂釞z")]),
    ("此時(shí)不上更待何時(shí)?。克?主動(dòng)請(qǐng)纓", [(18, "?。克?")]),
    ("確??乖原", [(1, "??")]),
    ("共\ufffd\ufffd人", [(1, "\ufffd\ufffd")]),
    ("王𠀀?", [(1, "𠀀?")]),              # an uncommon character beside debris
    ("釞𠀀", [(0, "釞𠀀")]),               # two side by side
])
def test_mojibake_runs_are_quoted_whole(line, runs):
    slips = find_slips(line)
    assert [(s.start, line[s.start:s.end]) for s in slips if s.code == "mojibake"] == runs
    ((start, run),) = runs
    assert not [s for s in slips if s.code != "mojibake" and start <= s.start < start + len(run)]


@pytest.mark.parametrize("text", [
    "今天到医院看病，我们都很好。", "今天到醫院看病，我們都很好。",
    "佢哋嘅嘢食咗未？",          # Cantonese: Hong Kong's supplementary set
    "啛啛喳喳", "㥋㥋𧬊𧬊",      # one uncommon character twice is a word
    "㤢手㤢腳",                   # uncommon, but not side by side
    "冇指黑路俾你行?。", "是吗?好吗?", "打call了", "维生素C和e化", "\uf967利",
])
def test_ordinary_text_is_no_mojibake(text):
    assert [s for s in find_slips(text) if s.code == "mojibake"] == []


def test_the_re_posted_bulletin_has_three_garbled_runs():
    runs = [line[s.start:s.end] for line in SOURCE_TEXT.read_text("utf-8").splitlines()
            for s in find_slips(line) if s.code == "mojibake"]
    assert runs == ["??乖瓩z", "?yàn)楹怂釞z", "?。克?"]


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


def test_a_run_of_ascii_marks_beside_chinese_is_fixed_whole():
    assert [(s.start, s.replacement) for s in find_slips("好了!!!")] == [(2, "！"), (3, "！"), (4, "！")]
    assert [s.replacement for s in find_slips(":::::“")] == ["："] * 5
    assert find_slips("Hello!!! world") == []
