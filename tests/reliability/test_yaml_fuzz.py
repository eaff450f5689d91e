"""Generated story files, well-formed and broken: every one ends in a model or in located
errors, never in an exception."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin_press.build import load
from bulletin_press.diagnostics import Report
from tests.conftest import MINIMAL_ISSUE, write_issue

FIELDS = ["headline", "byline", "body", "images", "quote", "src", "alt", "caption", "credit"]
TEXT = st.text(alphabet=st.one_of(
    st.sampled_from(list("中文标题，。“”「」、：；！？…—《》")),
    st.sampled_from(list("*{}|\\<>&\"'#:-[]!%@`~ \t\n")),
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
), max_size=40)
SCALAR = st.one_of(TEXT, st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False))
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(FIELDS), TEXT), inner, max_size=4)), max_leaves=12)
DOCUMENT = st.dictionaries(st.one_of(st.sampled_from(FIELDS), TEXT), VALUE, max_size=6)
# Edits that break a well-formed document the way editors and hostile files do: within a line,
SNIPPETS = st.sampled_from(["&a ", "*a", "!!python/object:os.system ", "!tag ", "\t", ": ",
                            "- ", "[", "{", "\"", "'", "\\x1c", "\0", "\x1b", "\u2028", "\r",
                            "\ufeff", "? ", "|", ">", "#"])
# and whole lines.
LINES = st.sampled_from(["? [x]\n: y\n", "{a: b}: c\n", "x: &r [*r]\n", "y: *r\n",
                         "body: !!binary aGk=\n", "headline: [null, ~]\n", "images: [{}]\n",
                         "images: [{src: ../x.png, alt: x}]\n", "%YAML 1.1\n", "---\n", "...\n",
                         "headline: " + "[" * 50 + "\n", "body: \"\\ud800\"\n"])


@st.composite
def story_files(draw) -> str:
    text = yaml.safe_dump(draw(DOCUMENT), allow_unicode=True, sort_keys=False)
    for _ in range(draw(st.integers(0, 3))):
        edit = draw(st.sampled_from(["insert", "delete", "line"]))
        if edit == "line":
            lines = text.splitlines(keepends=True)
            at = draw(st.integers(0, len(lines)))
            text = "".join(lines[:at]) + draw(LINES) + "".join(lines[at:])
            continue
        at = draw(st.integers(0, len(text)))
        if edit == "insert":
            text = text[:at] + draw(SNIPPETS) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 5)):]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(story_files())
def test_every_story_file_gives_a_model_or_located_errors(text):
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        folder = write_issue(root / "test-issue", MINIMAL_ISSUE, {})
        story = folder / "stories" / "01.yaml"
        story.write_text(text, encoding="utf-8", errors="surrogatepass")
        report = Report()
        issues = load([folder], report)
        assert len(issues) == (1 if report.ok else 0)
        lines = text.count("\n") + 2
        for diagnostic in report:
            assert diagnostic.location.path in (story, folder / "issue.yaml",
                                                folder / "stories"), diagnostic
            assert 0 <= diagnostic.location.line <= lines, (diagnostic, text)
            assert diagnostic.message and "Traceback" not in diagnostic.message
    finally:
        shutil.rmtree(root)
