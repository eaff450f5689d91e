"""Checks that measure against the layout: headline lines in the headline's font, pictures
at their printed size.  The figures in layout.yml are the printed page's: the PDF agrees."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from PIL import Image

from bulletin_press.backends.pdf import render_pdf
from bulletin_press.build import load
from bulletin_press.diagnostics import Report
from bulletin_press.layouts import Layout
from bulletin_press.text.phrases import phrases
from bulletin_press.typeset import typeset_print
from tests.conftest import MINIMAL_ISSUE

HEADLINE_SIZE = 13  # pt: .headline in layouts/newsletter/print.css
LONG = "执法协调处今年发布了第4期工作简报，欢迎大家阅读并提出宝贵意见和建议"
LATIN = "新款iPhone 15 Pro Max发布会现场直播活动开始了"
WORD = "Supercalifragilisticexpialidocious-Internationalization"
# one line, two (balanced), then from two to three lines, and a word no line holds
LINES = ["我们要提前谋划", "一" * 18, LATIN] + [LONG[:count] for count in range(30, 35)] \
    + [WORD + "上线"]


@pytest.fixture(scope="module")
def headlines(tmp_path_factory):
    from tests.conftest import write_issue

    stories = {f"{index:02}": f"headline: '{line}'\nbody: 正文。\n"
               for index, line in enumerate(LINES)}
    folder = write_issue(tmp_path_factory.mktemp("m") / "test-issue", MINIMAL_ISSUE, stories, None)
    report = Report()
    (issue,) = load([folder], report)
    warned = {int(d.location.path.stem) for d in report if d.code == "headline-too-long"}
    pdf = render_pdf(typeset_print(issue, "zh-Hans", Layout.named(issue.layout)))
    return warned, pdf


def printed_headline_lines(pdf: bytes) -> list[str]:
    """The headline lines as the PDF sets them: the runs of 13 pt characters on one baseline."""
    lines: dict[tuple[int, float, float], str] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            for char in page.chars:
                if abs(char["size"] - HEADLINE_SIZE) < 0.1:
                    column = 0 if char["x0"] < page.width / 2 else 1
                    key = (number, column, round(char["bottom"], 1))
                    lines[key] = lines.get(key, "") + char["text"]
    return [lines[key].replace(" ", "") for key in sorted(lines)]


def printed_headlines(pdf: bytes) -> list[list[str]]:
    """Each headline of LINES as the lines it is printed in."""
    lines = iter(printed_headline_lines(pdf))
    found = []
    for headline in LINES:
        target, printed = headline.replace(" ", ""), []
        while "".join(printed) != target:
            printed.append(next(lines))
            assert target.startswith("".join(printed)), (headline, printed)
        found.append(printed)
    return found


def breaks_inside_a_phrase(headline: str, printed: list[str]) -> bool:
    ends, offset = set(), 0
    for phrase in phrases(headline, "zh-Hans"):
        offset += len(phrase.replace(" ", ""))
        ends.add(offset)
    return any(sum(map(len, printed[:count])) not in ends for count in range(1, len(printed)))


def test_a_headline_line_is_warned_about_exactly_when_print_cannot_set_it_in_two_lines_of_phrases(
        headlines):
    warned, pdf = headlines
    printed = printed_headlines(pdf)
    bad = {index for index, (headline, lines) in enumerate(zip(LINES, printed))
           if len(lines) > 2 or breaks_inside_a_phrase(headline, lines)}
    assert bad == warned
    assert [len(lines) for lines in printed[:3]] == [1, 2, 2]
    assert 0 < len(warned & set(range(3, 8))) < 5  # the long lines straddle three lines
    assert len(LINES) - 1 in warned  # the word breaks inside itself
    assert len(printed[-1]) > 1


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("width, warned", [(480, True), (482, False), (2000, False)])
def test_a_picture_with_too_few_pixels_for_its_printed_width_is_a_warning(
        issue_folder, width, warned):
    # a column is 231.008 pt = 3.21 in wide: 150 ppi needs 482 pixels
    story = "headline: 标题\nbody: 正文。\nimages:\n  - src: images/a.png\n    alt: 一张图\n"
    folder = issue_folder(stories={"01": story}, files={"images/a.png": png(width, width // 2)})
    report = Report()
    load([folder], report)
    found = [(d.location.line, d.location.col, d.message) for d in report
             if d.code == "image-resolution"]
    assert bool(found) == warned, found
    if warned:
        assert found == [(4, 10, "'images/a.png' is 480 pixels wide and prints 8.1 cm wide in "
                                 "layout 'newsletter': 149 ppi, and print needs 150 "
                                 "(a picture at least 482 pixels wide)")]
