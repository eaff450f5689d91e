"""The documentation names every check: a code an editor meets is explained in docs/checks.md."""

from __future__ import annotations

import re

from bulletin_press.diagnostics import CODES
from tests.conftest import ROOT

FIXED = {"ascii-punctuation", "space-in-chinese", "space-beside-chinese", "fullwidth-ruby-bar",
         "converter-pinyin", "quote-style"}


def test_every_code_has_a_row_in_checks_md():
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([a-z-]+)` \|", text, re.M))
    assert rows == set(CODES)
    said = re.search(r"Six checks have a safe fix.*?`check --fix`", text, re.S).group()
    assert set(re.findall(r"`([a-z-]+)`", said)) - {"check --fix"} == FIXED


def test_the_codes_with_a_fix_are_the_ones_the_checks_fix(issue_folder):
    from bulletin_press.build import load
    from bulletin_press.diagnostics import Report

    story = ("headline: 累 但值得\nbody: |\n  一早,来了 客人 5 人。\n  局系统(tǒng){淡水｜Tām}「好」。\n"
             "  好”。\n")
    report = Report()
    load([issue_folder(stories={"01": story})], report)
    assert {d.code for d in report if d.fix} == FIXED
    assert {d.code for d in report if not d.fix} == {"unpaired-bracket"}
