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
from bulletin_press.typeset import typeset_print
from tests.conftest import MINIMAL_ISSUE

HEADLINE_SIZE = 13  # pt: .headline in layouts/newsletter/print.css
LATIN = "新款iPhone 15 Pro Max发布会"
LINES = ["一" * 16, "一" * 17, "一" * 18, "2022年4月2日发布第4期工作简报，", "2022年4月2日发布第4期工作简报，好吗"] \
    + [LATIN + "现场直播活动开始了"[:count] for count in range(2, 6)]


def warned_lines(report: Report) -> set[int]:
    return {d.location.line for d in report if d.code == "headline-too-long"}


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
    return [lines[key] for key in sorted(lines)]


def test_a_headline_line_is_warned_about_exactly_when_the_pdf_breaks_it(headlines):
    warned, pdf = headlines
    printed = printed_headline_lines(pdf)
    broken = {index for index, line in enumerate(LINES) if line.replace(" ", "") not in
              [text.replace(" ", "") for text in printed]}
    assert broken == warned
    assert {1, 2} - broken == {1}  # 17 characters fit a line, 18 do not
    assert 0 < len(warned & set(range(5, len(LINES)))) < 4  # the mixed lines straddle it


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
