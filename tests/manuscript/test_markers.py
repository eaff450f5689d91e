"""``# check: ignore CODE`` comments silence warnings in the entry they stand on or before."""

from __future__ import annotations

from bulletin_press.build import load
from bulletin_press.diagnostics import Report
from tests.conftest import MINIMAL_ISSUE

STORY = """\
# check: ignore space-in-chinese
headline: 累 但值得
byline: 本刊记者 李明   # check: ignore space-in-chinese
body: |   # check: ignore ascii-punctuation
  一早,来了。
  局 里。
quote: |
  # check: ignore ascii-punctuation   (a text, not a comment)
  好,走。
images:
  # check: ignore image-resolution, mojibake
  - src: a.png
    alt: 图
    caption: 小 图
  - src: a.png
    alt: 图
"""


def found(issue_folder, story: str, issue: str = MINIMAL_ISSUE) -> list[tuple[int, str]]:
    from tests.manuscript.test_layout_checks import png

    report = Report()
    load([issue_folder(issue, stories={"01": story}, files={"a.png": png(64, 64)})], report)
    return [(d.location.line, d.code or d.severity) for d in report]


def test_a_marker_silences_its_codes_in_its_entry_and_nothing_else(issue_folder):
    assert found(issue_folder, STORY) == [
        (6, "space-in-chinese"),  # the body's marker names another code
        (9, "ascii-punctuation"),  # a '#' line inside a block is text
        (14, "space-in-chinese"),  # the images' marker names other codes
        (15, "image-resolution"),  # the second picture is not in the marked entry
    ]


def test_an_unknown_code_in_a_marker_is_an_error_at_its_place(issue_folder):
    story = "headline: 标题  # check: ignore space-in-chinse\nbody: 正文。\n"
    report = Report()
    load([issue_folder(stories={"01": story})], report)
    (error,) = report.errors
    assert (error.location.line, error.location.col) == (1, 31)
    assert error.message == "no check 'space-in-chinse' (did you mean 'space-in-chinese'?)"


def test_markers_in_issue_yaml(issue_folder):
    issue = MINIMAL_ISSUE + "lead: 一早,来了。  # check: ignore ascii-punctuation\nrights: 版权,所有\n"
    report = Report()
    load([issue_folder(issue)], report)
    assert [(d.location.line, d.code) for d in report] == [(6, "ascii-punctuation")]
