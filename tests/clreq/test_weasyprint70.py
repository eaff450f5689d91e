"""The WeasyPrint adapter on snippets: a paragraph or two through a real render, read back
from glyph positions.  The layout's stylesheet sets the fonts and the clreq classes; each
test sets its own measure."""

from __future__ import annotations

import io
import subprocess
import sys

import pdfplumber
import pytest
from weasyprint import HTML
from weasyprint.layout import inline

from bulletin_press import fonts
from bulletin_press.backends.pdf import BASE_URL, DocumentFetcher
from bulletin_press.clreq import weasyprint70
from bulletin_press.clreq.markup import CLREQ_CSS, print_stylesheet
from bulletin_press.layouts import Layout
from bulletin_press.manuscript.model import Text
from bulletin_press.typeset import render_print_inlines
from tests.conftest import write_issue

SIZE = 10.5  # the layout's body text, in pt


@pytest.fixture(scope="module")
def resources():
    newsletter = Layout.named("newsletter")
    css = newsletter.read("print.css")
    return {"print.css": css, "parts.css": newsletter.read("parts.css"),
            CLREQ_CSS: print_stylesheet(),
            **fonts.font_resources(css.decode("utf-8"))}


def render(resources, *paragraphs: str, lang: str = "zh-Hans", measure: float = 22) -> list[dict]:
    """Lines of the paragraphs set ``measure`` em wide, no indent: each {text, x0, x1, chars}."""
    body = "".join(f"<p>{render_print_inlines((Text(text),), lang=lang)}</p>" for text in paragraphs)
    html = (f'<html lang="{lang}"><head><link rel="stylesheet" href="print.css"><style>'
            f"@page {{ size: A4; margin: 20mm }} .story {{ width: {measure}em }}"
            f".story p {{ text-indent: 0 }}</style></head>"
            f'<body><article class="story">{body}</article></body></html>')
    with weasyprint70.installed():
        pdf = HTML(string=html, base_url=BASE_URL,
                   url_fetcher=DocumentFetcher(resources)).write_pdf()
    rows: dict[float, list[dict]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        for char in page.chars:
            if round(char["size"], 1) == SIZE and char["text"].strip():
                rows.setdefault(round(char["top"], 1), []).append(char)
    lines = []
    for top in sorted(rows):
        chars = sorted(rows[top], key=lambda c: round(c["x0"], 1))
        lines.append({"text": "".join(c["text"] for c in chars), "x0": chars[0]["x0"],
                      "x1": chars[-1]["x1"], "chars": chars})
    assert lines, "nothing to measure"
    return lines


LEFT = 20 / 25.4 * 72  # the snippet page's margin, in pt


def right(measure: float = 22) -> float:
    return LEFT + measure * SIZE


def flush(line: dict, measure: float = 22) -> bool:
    """Ends at the measure: the last glyph box, or its ink half for a mark set half-width."""
    last = line["chars"][-1]
    return abs(line["x1"] - right(measure)) < 0.5 or (
        last["text"] in "，。、；：！？”’）」』》】" and abs(last["x0"] + SIZE / 2 - right(measure)) < 0.5)


def test_the_adapter_is_installed_only_for_the_length_of_a_render():
    original = inline.split_first_line
    with weasyprint70.installed():
        assert inline.split_first_line is not original
        with weasyprint70.installed():  # renders nest (the e-book's cover inside a build)
            pass
        assert inline.split_first_line is not original
    assert inline.split_first_line is original


def test_a_line_ending_in_a_pair_of_marks_halves_the_last_rather_than_stretching(resources):
    # 21 characters and 。” take 22.5 em; halving the line-end ” fits them in 22
    text = "一" * 21 + "。”" + "二" * 10
    first = render(resources, text)[0]
    assert first["text"] == "一" * 21 + "。”" and flush(first)


def test_an_opening_quote_at_a_paragraph_start_is_half_width_when_the_line_is_chosen(resources):
    # half-width, “ and 21 characters and a line-end 。 (halved) fill 22 em exactly
    text = "“" + "一" * 21 + "。" + "二" * 10
    first = render(resources, text)[0]
    assert first["text"] == "“" + "一" * 21 + "。" and flush(first)
    assert first["x0"] == pytest.approx(LEFT - SIZE / 2, abs=0.3)  # its ink at the edge


def test_a_line_may_break_after_a_closing_quote_before_latin(resources):
    # UAX #14 keeps ”A together; clreq breaks there
    lines = render(resources, "一" * 18 + "“二二”APP上线了，" + "三" * 10)
    assert lines[0]["text"].endswith("二”") and lines[1]["text"].startswith("APP")
    assert flush(lines[0])


def test_an_address_breaks_at_its_separators_with_no_hyphen_and_lines_stay_flush(resources):
    text = ("请访问https://www.zwfw.example.gov.cn/portal/services/index.html?channel=home&lang=zh-CN"
            "查询，或写信给service-feedback@zwfw-center.example.gov.cn，我们会在3个工作日内答复。")
    lines = render(resources, text)
    assert len(lines) >= 4
    for line in lines[:-1]:
        assert flush(line), line["text"]
        assert not line["text"].endswith("-"), line["text"]
    assert "".join(line["text"] for line in lines) == text


def test_a_string_too_long_for_the_column_is_broken_anywhere_inside_it(resources):
    text = "见" + "https://example.org/" + "a" * 500 + "。"
    lines = render(resources, text)
    assert len(lines) > 5
    assert max(c["x1"] for line in lines for c in line["chars"]) <= right() + 0.5


def test_digit_groups_and_numbers_with_units_are_never_split(resources):
    paragraphs = ["一" * n + "共1 024人，占98.6%，面积120㎡，温度36.5℃。" * 3 for n in range(12, 22)]
    lines = render(resources, *paragraphs)
    for line, following in zip(lines, lines[1:]):
        assert not (line["text"][-1].isdigit() and following["text"][0].isdigit()), \
            (line["text"], following["text"])
        assert following["text"][0] not in "%㎡℃", (line["text"], following["text"])


def test_long_words_are_hyphenated_where_the_line_would_be_loose(resources):
    lines = render(resources, "一" * 14 + "我们在推进internationalization工作。")
    assert lines[0]["text"].endswith("-") and flush(lines[0])
    assert "".join(line["text"] for line in lines).replace("-", "") == \
        "一" * 14 + "我们在推进internationalization工作。"


def test_a_defect_in_the_adapter_is_an_internal_error_not_a_manuscript_error(tmp_path):
    folder = write_issue(tmp_path / "issue")
    script = (
        "import sys\n"
        "from bulletin_press.clreq import rules\n"
        "def broken(*args, **kwargs): raise ValueError('a defect')\n"
        "rules.fit_line = broken\n"
        "from bulletin_press.cli import main\n"
        f"sys.exit(main(['build', {str(folder)!r}, '--format', 'pdf', '--out', {str(tmp_path / 'out')!r}]))\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 3, run.stderr
    assert "internal error" in run.stderr and "a defect" in run.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.pdf"))


def test_words_held_by_no_break_spaces_longer_than_a_line_break_rather_than_overflow(resources):
    # a sentence pasted from a web page, its spaces no-break; a list of room numbers, which
    # reads as digit groups: neither fits a line, so neither may hold together
    sentence = "\u00a0".join("We will continue to work hard to deliver better public services "
                             "for everyone in our community".split())
    rooms = " ".join(str(number) for number in range(100, 150))
    for text in ("他说：“" + sentence + "。”" + "二" * 10, "房间号：" + rooms + "。"):
        lines = render(resources, text)
        assert max(c["x1"] for line in lines for c in line["chars"]) <= right() + 0.5
        assert "".join(line["text"] for line in lines) == text.replace("\u00a0", "").replace(" ", "")
        for line in lines[:-1]:
            assert flush(line), line["text"]


def test_a_line_of_an_address_alone_is_justified_to_the_column_and_no_further(resources):
    # letter-spaced to the measure; ff and fi would be ligatures measured, and drawn apart
    text = "请见https://example.com/" + "/".join(["aaaa", "ffff", "fifi", "dddd"] * 12) + "。"
    lines = render(resources, text)
    assert len(lines) > 3
    for line in lines[1:-1]:
        assert flush(line), line["text"]
    assert max(c["x1"] for line in lines for c in line["chars"]) <= right() + 0.3


def test_a_soft_hyphen_is_a_hyphenation_point(resources):
    text = "一" * 16 + "这是soft\u00adware的例子。"
    lines = render(resources, text)
    assert lines[0]["text"].endswith("soft-") and flush(lines[0])
    assert lines[1]["text"].startswith("ware")
