"""The whole page on a bulletin of hard cases (tests/fixtures/2023-09-hard-cases): URLs,
e-mail addresses, long English words, digit groups, units, quotes before Latin, paragraphs
opening with a quote, emphasis with punctuation, a masthead with digits, a byline with
Latin, a credit by a picture — measured from the glyphs of the built PDF."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest

from bulletin_press.backends.pdf import render_pdf
from bulletin_press.build import load
from bulletin_press.clreq.chars import is_alphanumeric, is_han
from bulletin_press.diagnostics import Report
from bulletin_press.layouts import Layout
from bulletin_press.typeset import typeset_print
from tests.conftest import ROOT
from tests.typography_tools import assign_paragraphs, read_lines

HARD_CASES = ROOT / "tests" / "fixtures" / "2023-09-hard-cases"


@pytest.fixture(scope="module", params=["zh-Hans", "zh-Hant"])
def hard(request):
    report = Report()
    (issue,) = load([HARD_CASES], report)
    assert report.ok, [str(d) for d in report]
    layout = Layout.named(issue.layout)
    document = typeset_print(issue, request.param, layout)
    pdf = render_pdf(document)
    issue = document.issue
    paragraphs = [p.text for p in issue.lead] + [
        p.text for story in issue.stories for p in story.body + story.quote]
    lines = assign_paragraphs(read_lines(pdf), paragraphs)
    return issue, pdf, lines, request.param, layout


def stretch(line) -> float:
    """What justification added between two Han characters of the line, in em (median)."""
    extras = sorted((b["x0"] - a["x0"]) / line.size - 1 for a, b in zip(line.chars, line.chars[1:])
                    if is_han(a["text"][0]) and is_han(b["text"][0]) and len(a["text"]) == 1)
    return extras[len(extras) // 2] if extras else 0.0


def test_lines_are_even(hard):
    _, _, lines, edition, _ = hard
    inner = [line for line in lines if not line.last]
    assert len(inner) > 40
    stretches = [stretch(line) for line in inner]
    assert max(stretches) < (0.2 if edition == "zh-Hans" else 0.32), max(stretches)
    # compressing first keeps loose lines rare: at most 7 in 100 over 0.1 em a gap
    assert sum(value > 0.1 for value in stretches) <= 0.07 * len(inner), stretches


def test_every_line_but_a_paragraphs_last_is_flush(hard):
    _, _, lines, _, _ = hard
    for line in lines:
        if line.last:
            continue
        last = line.chars[-1]
        assert abs(line.x1 - line.right) < 0.6 or (
            last["text"] in "，。、；：！？”’）」』》】"
            and abs(last["x0"] + line.size / 2 - line.right) < 0.6), line.text


def chars_by_line(pdf: bytes):
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            rows: dict[tuple, list] = {}
            for char in page.chars:
                if char["text"].strip():
                    rows.setdefault((round(char["top"]), round(char["size"], 1)), []).append(char)
            for row in rows.values():
                yield page, sorted(row, key=lambda c: round(c["x0"], 1))


def test_a_quarter_em_stands_between_han_and_latin_everywhere_on_the_page(hard):
    _, pdf, _, _, _ = hard
    boundaries = []
    for _, row in chars_by_line(pdf):
        for a, b in zip(row, row[1:]):
            left, right = a["text"][-1], b["text"][0]
            if (is_han(left) and (is_alphanumeric(right) or right in "¥")) or (
                    (is_alphanumeric(left) or left in "%℃㎡") and is_han(right)):
                boundaries.append((a["text"] + b["text"], (b["x0"] - a["x1"]) / a["size"]))
    # the masthead's 2023年第12期 and date, the byline's Li Ming, the body's numbers and words
    assert len(boundaries) > 80
    assert [pair for pair in boundaries if pair[1] < 0.2] == []
    texts = "".join(pair[0] for pair in boundaries)
    assert "3年" in texts and "第1" in texts and ("g报" in texts or "g報" in texts)


def test_no_digit_group_or_address_is_split_at_its_own_hyphen(hard):
    issue, _, lines, _, _ = hard
    text = "".join(p.text for s in issue.stories for p in s.body) + "".join(p.text for p in issue.lead)
    for line, following in zip(lines, lines[1:]):
        assert not (line.text[-1].isdigit() and following.text[0].isdigit()), (line.text, following.text)
        if line.text.endswith("-"):
            tail = re.search(r"[A-Za-z]+-$", line.text).group()[:-1]
            head = following.text[:3]
            assert tail + head in text and f"{tail}-{head}" not in text, (line.text, following.text)
    hyphenated = [line.text for line in lines if line.text.endswith("-")]
    assert hyphenated, "a long word should have been hyphenated"


def test_no_ink_leaves_the_text_block(hard):
    _, pdf, _, _, layout = hard
    column = layout.length("print", "page", "column")  # from layout.yml
    gap = layout.length("print", "page", "column-gap")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            margin = (page.width - 2 * column - gap) / 2
            for char in page.chars:
                half = char["size"] / 2  # a mark set half-width at a line edge keeps its em box
                assert margin - half - 0.5 <= char["x0"] and char["x1"] <= page.width - margin + half + 0.5, \
                    (char["text"], char["x0"], char["x1"])
