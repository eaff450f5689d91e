"""Quotation marks and brackets left open, or closed without opening, in a paragraph."""

from __future__ import annotations

import pytest

from bulletin_press.build import load
from bulletin_press.diagnostics import Report
from bulletin_press.text.pairs import unpaired
from tests.conftest import MINIMAL_ISSUE


@pytest.mark.parametrize("text, found", [
    ("他说：“好。", [(3, "'“' is not closed in this paragraph (no '”' after it)")]),
    ("好”。", [(1, "'”' closes a '“' that was not opened in this paragraph")]),
    ("《书名〉", [(0, "'《' is not closed in this paragraph (no '》' after it)"),
              (3, "'〉' closes a '〈' that was not opened in this paragraph")]),
    ("「甲（乙」丙", [(2, "'（' is not closed in this paragraph (no '）' after it)")]),
    ("【通知", [(0, "'【' is not closed in this paragraph (no '】' after it)")]),
])
def test_unpaired_marks_are_found_at_their_place(text, found):
    assert unpaired(text) == found


@pytest.mark.parametrize("text", [
    "他说：“她说‘好’。”", "「外『內』外」", "居(村）一线", "1）首先；2）其次", "（一）首先",
    "Don’t “stop”", "the students’ union", "《人民日报》〈社论〉【通知】〔2022〕［注］",
    "a (b) c", "",
])
def test_paired_text_draws_nothing(text):
    assert unpaired(text) == []


def test_a_quotation_over_several_paragraphs_opens_each_and_closes_in_the_last(issue_folder):
    body = "headline: 标题\nbody: |\n  他说：“第一段。\n\n  “第二段。\n\n  “第三段。”\n\n  “没有关。\n"
    report = Report()
    load([issue_folder(MINIMAL_ISSUE, stories={"01": body})], report)
    assert [(d.location.line, d.location.col, d.code) for d in report] == [
        (9, 3, "unpaired-bracket")]
    assert unpaired("“第一段。", "“") == [] and unpaired("“第一段。", "《") != []
