"""``check --fix`` on generated text: the file still reads, nothing outside the fixed spans
changes, the value becomes what the slips' replacements make of it, and fixing converges."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings, strategies as st

from bulletin_press.build import load
from bulletin_press.diagnostics import Report
from bulletin_press.editing import fix
from bulletin_press.manuscript.compose import compose
from tests.conftest import MINIMAL_ISSUE, write_issue

ALPHABET = "一二三好人的了。，、" + ",.:;!?()\"' " + "ab5" + "{}|｜" + "“”「」" + "\u3000"
HEAD = "# 注释, 保持不变\nheadline: 标题  # 也不变\n"


def fixed_once(body: str) -> tuple[str, str, list]:
    with tempfile.TemporaryDirectory() as temporary:
        folder = write_issue(Path(temporary) / "test-issue", MINIMAL_ISSUE,
                             {"01": f"{HEAD}body: |\n  {body}\n"}, None)
        report = Report()
        load([folder], report)
        edits = fix.plan(report)
        path = folder / "stories" / "01.yaml"
        before = path.read_text(encoding="utf-8")
        for edit in edits:
            fix.write(edit)
        after = path.read_text(encoding="utf-8")
        rounds = 0
        while rounds < 6:  # fixing again until nothing is left to fix
            report = Report()
            load([folder], report)
            if not any([fix.write(edit) for edit in fix.plan(report)]):
                break
            rounds += 1
        return before, after, [rounds, path.read_text(encoding="utf-8")]


@settings(max_examples=60, deadline=None, database=None)
@given(st.text(st.sampled_from(ALPHABET), min_size=1, max_size=24).filter(
    lambda text: text.strip() and not text.startswith((" ", "\u3000"))))
def test_fixes_keep_the_file_and_converge(body):
    before, after, (rounds, final) = fixed_once(body)
    assert after.startswith(HEAD) and final.startswith(HEAD)  # comments and other fields kept
    node = compose(after, 20)  # still reads as YAML: a mapping with the same keys
    assert [key.value for key, _ in node.value] == ["headline", "body"]
    assert after.count("\n") == before.count("\n")
    assert rounds <= 2  # a run of marks is fixed in one reading (好了!!!)
