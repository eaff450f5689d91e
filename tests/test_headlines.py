"""Headlines in print break between phrases, balanced; the editor's own lines are kept.
Measured in the built PDF: the headline's glyphs, line by line."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from bulletin_press.backends.pdf import render_pdf
from bulletin_press.build import load
from bulletin_press.diagnostics import Report
from bulletin_press.headlines import measure
from bulletin_press.layouts import Layout
from bulletin_press.text.phrases import phrase_starts, phrases
from bulletin_press.typeset import typeset_print
from tests.conftest import MINIMAL_ISSUE, write_issue

LAYOUT = Layout.named("newsletter")
HEADLINE = measure(LAYOUT, "headline")
TITLE = measure(LAYOUT, "title")

# filled line by line, the first line of each would end inside a phrase
WRAPS = "2022年4月2日发布第4期工作简报，好吗"
LATIN = "新款iPhone 15 Pro Max发布会现场直播活动开始了"
LISTED = ["我们要提前谋划", "执法协调处今年发布了第4期工作简报，欢迎大家阅读"]
HEADLINES = {"01": f"'{WRAPS}'", "02": f"'{LATIN}'",
             "03": "\n" + "".join(f"  - {line}\n" for line in LISTED)}
TITLE_TEXT = "守望相助　共克时艰：执法协调处的同志们在社区志愿服务中的一百个日日夜夜"


def headline_lines(pdf: bytes, size: float) -> list[list[dict]]:
    """Lines of glyphs of ``size`` in reading order (page, column, baseline)."""
    lines: dict[tuple, list[dict]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            for char in page.chars:
                if abs(char["size"] - size) < 0.1 and char["text"].strip():
                    column = 0 if char["x0"] < page.width / 2 or size == TITLE.size else 1
                    key = (number, column, round(char["bottom"], 1))
                    lines.setdefault(key, []).append(char)
    return [sorted(lines[key], key=lambda c: c["x0"]) for key in sorted(lines)]


def text(line: list[dict]) -> str:
    return "".join(char["text"] for char in line)


def width(line: list[dict]) -> float:
    return line[-1]["x1"] - line[0]["x0"]


def boundaries(phrased: list[str]) -> set[int]:
    """Offsets between phrases, in the text without spaces."""
    found, offset = set(), 0
    for phrase in phrased:
        offset += len(phrase.replace(" ", "").replace("　", ""))
        found.add(offset)
    return found


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    stories = {stem: f"headline: {headline}\nbody: 正文。\n" for stem, headline in HEADLINES.items()}
    issue = MINIMAL_ISSUE.replace("title: 测试刊", f"title: {TITLE_TEXT}")
    folder = write_issue(tmp_path_factory.mktemp("h") / "test-issue", issue, stories)
    report = Report()
    (issue,) = load([folder], report)
    assert report.ok, [str(d) for d in report]
    pdf = render_pdf(typeset_print(issue, "zh-Hans", LAYOUT))
    lines = [text(line) for line in headline_lines(pdf, HEADLINE.size)]
    return pdf, lines


def test_phrases_are_whole_latin_words_and_numbers_with_their_units():
    assert phrases(LATIN, "zh-Hans")[2:4] == ["iPhone ", "15 Pro Max"]
    assert "".join(phrases(WRAPS, "zh-Hans")) == WRAPS
    assert all(not phrase[0].isspace() for phrase in phrases("提高效率　解决问题", "zh-Hans"))
    assert "12个" in "|".join(phrases("覆盖全部12个站点", "zh-Hans")).split("|")


@pytest.mark.parametrize("headline", [WRAPS, LATIN])
def test_a_headline_too_long_for_a_line_breaks_between_phrases_into_even_lines(printed, headline):
    pdf, lines = printed
    squeezed = headline.replace(" ", "")
    first = next(i for i, line in enumerate(lines) if squeezed.startswith(line.replace(" ", "")))
    pair = lines[first:first + 2]
    assert "".join(pair).replace(" ", "") == squeezed
    # filling the line would have broken inside a phrase; the break is between two
    filled = int(HEADLINE.width // HEADLINE.size)
    assert filled not in boundaries(phrases(headline, "zh-Hans"))
    assert len(pair[0].replace(" ", "")) in boundaries(phrases(headline, "zh-Hans"))
    # balanced: the two lines are within two characters of each other
    glyphs = [line for line in headline_lines(pdf, HEADLINE.size)
              if text(line) in pair]
    widths = [width(line) for line in glyphs]
    assert abs(widths[0] - widths[1]) <= 2 * HEADLINE.size, widths
    assert max(widths) <= HEADLINE.width + 0.5


def test_the_editors_lines_are_kept_and_a_listed_line_too_long_is_broken_between_phrases(printed):
    _, lines = printed
    start = lines.index(LISTED[0])
    assert lines[start + 1] + lines[start + 2] == LISTED[1]
    assert len(lines[start + 1]) in boundaries(phrases(LISTED[1], "zh-Hans"))


def test_the_title_breaks_between_phrases_into_even_lines(printed):
    pdf, _ = printed
    lines = headline_lines(pdf, TITLE.size)
    assert "".join(text(line) for line in lines) == TITLE_TEXT.replace("　", "")
    assert len(lines) == 2
    assert TITLE_TEXT.index(text(lines[1])) in phrase_starts(TITLE_TEXT, "zh-Hans")
    assert abs(width(lines[0]) - width(lines[1])) <= 3 * TITLE.size
