"""Every printed string is set by the typesetting stage: the masthead, the title, bylines,
credits and the copyright line get the clreq spacing, emphasis and ruby of body text, in
print (read back from the PDF's glyphs), in the e-book and on its cover."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from bulletin_press.backends.pdf import render_pdf
from bulletin_press.build import load
from bulletin_press.diagnostics import Report
from bulletin_press.layouts import Layout
from bulletin_press.clreq.chars import is_alphanumeric, is_han
from bulletin_press.manuscript.model import Emphasis, Ruby, Text, plain_text
from bulletin_press.typeset import names, typeset_ebook, typeset_print
from tests.conftest import write_issue
from tests.typography_tools import COLUMN
from tests.typography_tools import MARGIN as LEFT

GAP = 0.25  # em, between Han and Latin or digits

ISSUE = """\
title: 守望{淡水|Tām-tsuí}相助　**共克**时艰
publication: 机关工作简报
number: 2022年第12期
publisher: 局机关党委
date: 2022-04-02
language: zh-Hans
editions: [zh-Hans, zh-Hant]
rights: 局机关党委编印
"""
CAPTION = "社区志愿者在小区门口为居民分发抗原检测试"  # the credit after it no longer fits its line
STORY = f"""\
headline: 标题
byline: 记者Li Ming报道
body: |
  正文。
images:
  - src: photo.png
    alt: 志愿者分发试剂
    caption: {CAPTION}
    credit: 摄影　王建宏
"""


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 400), "steelblue").save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def issue(tmp_path_factory):
    stories = {"01": STORY, "02": f"headline: 二\nbyline: {NAMES}\nbody: 正文。\n"}
    folder = write_issue(tmp_path_factory.mktemp("typeset") / "issue-x", ISSUE, stories,
                         {"photo.png": png()})
    report = Report()
    (issue,) = load([folder], report)
    assert report.ok, [str(d) for d in report]
    return issue


NAMES = "通讯员 欧阳明月 司马长风 诸葛青云 上官飞燕 慕容秋水 东方白雪 西门吹雪"


@pytest.fixture(scope="module")
def print_pdf(issue) -> bytes:
    return render_pdf(typeset_print(issue, "zh-Hans", Layout.named(issue.layout)))


@pytest.fixture(scope="module")
def print_rows(print_pdf) -> dict[tuple, list[dict]]:
    return glyph_rows(print_pdf)


@pytest.fixture(scope="module")
def column_rows(print_pdf) -> dict[tuple, list[dict]]:
    return glyph_rows(print_pdf, columns=True)


def glyph_rows(pdf: bytes, columns: bool = False) -> dict[tuple, list[dict]]:
    """The first page's glyphs by line, left to right: by (top, size), and by column too if
    ``columns`` (the stories' lines, not the masthead's)."""
    rows: dict[tuple, list[dict]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for char in document.pages[0].chars:
            if char["text"].strip():
                column = columns and char["x0"] > LEFT + COLUMN
                key = (column, round(char["top"]), round(char["size"], 1))
                rows.setdefault(key, []).append(char)
    return {key: sorted(chars, key=lambda c: c["x0"]) for key, chars in sorted(rows.items())}


def row(rows: dict, starts: str) -> list[dict]:
    (found,) = [chars for chars in rows.values()
                if "".join(c["text"] for c in chars).startswith(starts)]
    return found


def gaps(chars: list[dict]) -> list[tuple[str, float]]:
    """The space between each Han character and a digit or Latin letter beside it, in em;
    neighbours farther apart than an em (another part of a flex line) are not beside."""
    found = []
    for a, b in zip(chars, chars[1:]):
        gap = (b["x0"] - a["x1"]) / a["size"]
        if gap < 1 and ((is_han(a["text"]) and is_alphanumeric(b["text"]))
                        or (is_alphanumeric(a["text"]) and is_han(b["text"]))):
            found.append((a["text"] + b["text"], round(gap, 2)))
    return found


MASTHEAD_GAPS = [("2年", GAP), ("第1", GAP), ("2期", GAP),  # 2022年第12期
                 ("2年", GAP), ("年4", GAP), ("4月", GAP), ("月2", GAP), ("2日", GAP)]  # 2022年4月2日


def test_the_masthead_number_and_date_are_spaced_beside_their_digits(print_rows):
    line = row(print_rows, "2022年第12期")
    assert "".join(c["text"] for c in line) == "2022年第12期局机关党委2022年4月2日"
    assert gaps(line) == MASTHEAD_GAPS


def test_a_byline_with_latin_is_spaced(column_rows):
    line = row(column_rows, "记者")
    assert "".join(c["text"] for c in line) == "记者LiMing报道"
    assert gaps(line) == [("者L", GAP), ("g报", GAP)]


def test_a_long_byline_breaks_between_names(column_rows):
    lines = [chars for chars in column_rows.values() if round(chars[0]["size"]) == 9
             and "".join(c["text"] for c in chars) in NAMES.replace(" ", "")]
    assert len(lines) == 2
    texts = ["".join(c["text"] for c in chars) for chars in lines]
    assert "".join(texts) == NAMES.replace(" ", "")
    for name in NAMES.split(" "):
        assert any(name in text for text in texts), (name, texts)


def test_a_credit_near_the_end_of_a_line_moves_to_the_next_line_whole(column_rows):
    caption = row(column_rows, CAPTION[:4])
    credit = row(column_rows, "摄影")
    assert "".join(c["text"] for c in caption) == CAPTION
    assert "".join(c["text"] for c in credit) == "摄影王建宏"
    assert credit[0]["top"] > caption[0]["top"]
    # the caption's line keeps its last character: the line breaks before the credit
    assert caption[-1]["text"] == CAPTION[-1] and credit[0]["x0"] == pytest.approx(LEFT + 9, abs=0.5)


def test_ruby_and_emphasis_in_the_title_are_set_in_print(print_rows):
    title = row(print_rows, "守望")
    annotation = row(print_rows, "Tām")
    assert "".join(c["text"] for c in title) == "守望淡水相助共克时艰"
    assert "".join(c["text"] for c in annotation) == "Tām-tsuí"
    assert annotation[0]["bottom"] <= title[0]["top"] + 1  # above its base, not in the line


def test_the_ebook_sets_the_title_byline_and_credit_as_text_with_markup(issue):
    document = typeset_ebook(issue, "zh-Hans", Layout.named(issue.layout))
    pages = {page.name: page.html for page in document.pages}
    assert ('<h1 class="title">守望<ruby>淡水<rp aria-hidden="true">(</rp>'
            '<rt lang="zh-Latn-pinyin" xml:lang="zh-Latn-pinyin">Tām-tsuí</rt>'
            '<rp aria-hidden="true">)</rp></ruby>相助　'
            '<em class="emphasis">共克</em>时艰</h1>') in pages["title.xhtml"]
    assert "<title>守望淡水相助　共克时艰</title>" in pages["title.xhtml"]
    assert '<p class="byline"><span class="name">记者Li Ming报道</span></p>' in pages["story-01.xhtml"]
    assert '<span class="credit">摄影　王建宏</span>' in pages["story-01.xhtml"]


def test_the_cover_sets_ruby_above_its_base(issue):
    cover = typeset_ebook(issue, "zh-Hans", Layout.named(issue.layout)).cover
    assert ('<h1 class="title">守望<span class="ruby">淡水<span class="rt">Tām-tsuí</span></span>'
            in cover.pages[0].html)
    rows = glyph_rows(render_pdf(cover))
    title, annotation = row(rows, "守望"), row(rows, "Tām")
    assert "".join(c["text"] for c in title) == "守望淡水相助共克时艰"
    assert annotation[0]["bottom"] <= title[0]["top"] + 1
    assert gaps(row(rows, "2022年第12期")) == MASTHEAD_GAPS


def test_the_new_inline_fields_are_converted_for_each_edition(issue):
    document = typeset_ebook(issue, "zh-Hant", Layout.named(issue.layout))
    converted = document.issue
    assert converted.title == (Text("守望"), Ruby("淡水", "Tām-tsuí"), Text("相助　"),
                               Emphasis((Text("共克"),)), Text("時艱"))
    assert converted.publication_text == "機關工作簡報"
    assert converted.publisher_text == "局機關黨委" and converted.rights_text == "局機關黨委編印"
    story = converted.stories[0]
    assert story.byline == (Text("記者Li Ming報道"),)
    assert story.images[0].credit == (Text("攝影　王建宏"),)
    pages = {page.name: page.html for page in document.pages}
    assert '<span class="credit">攝影　王建宏</span>' in pages["story-01.xhtml"]


@pytest.mark.parametrize("byline, parts", [
    ("本刊记者 李明", [("本刊记者", " "), ("李明", "")]),
    ("通讯员　欧阳明月 司马长风", [("通讯员", "\u3000"), ("欧阳明月", " "), ("司马长风", "")]),
    ("记者 Li Ming报道", [("记者 Li Ming报道", "")]),  # a space beside Latin is the ¼ em gap
])
def test_a_byline_is_set_in_parts_apart_where_a_space_parts_chinese(byline, parts):
    assert [(plain_text(part), space) for part, space in names((Text(byline),))] == parts


def test_ruby_in_a_byline_stays_in_its_part():
    assert names((Text("记者 "), Ruby("王跃", "Wáng Yuè"), Text("报道"))) == [
        ((Text("记者"),), " "), ((Ruby("王跃", "Wáng Yuè"), Text("报道")), "")]
