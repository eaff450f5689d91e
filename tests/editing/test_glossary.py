"""Adding a glossary term by editing the file's text: all else in it stays as it was."""

from __future__ import annotations

import os

import pytest

from bulletin_press.diagnostics import Report
from bulletin_press.layouts import available_layouts
from bulletin_press.editing.glossary import GlossaryError, add_term
from bulletin_press.manuscript.load import load_issue
from tests.conftest import MINIMAL_ISSUE, write_issue


def added_lines(before: bytes, after: bytes) -> list[bytes]:
    """The lines ``after`` has in addition to ``before``, which it must keep in order."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    extra, i = [], 0
    for line in new:
        if i < len(old) and line == old[i]:
            i += 1
        else:
            extra.append(line)
    assert i == len(old), "a line of the file was changed or lost"
    return extra


def glossary_of(folder):
    report = Report()
    issue = load_issue(folder, report, available_layouts())
    assert report.ok, [str(d) for d in report]
    return {entry.term: entry for entry in issue.glossary}


BLOCK = MINIMAL_ISSUE + """\
glossary:   # names as each writes them
  王跃: 王躍     # the reporter
  # places
  黄浦区: {zh-Hant: 黃浦區}
stories: [01]   # one story
"""


def test_a_term_goes_after_the_last_one_and_nothing_else_moves(tmp_path):
    folder = write_issue(tmp_path / "issue", BLOCK)
    path = folder / "issue.yaml"
    before = path.read_bytes()
    added = add_term(path, "干垃圾", {"zh-Hant": "乾垃圾"}, shared=False)
    assert added_lines(before, path.read_bytes()) == ["  干垃圾: 乾垃圾\n".encode()]
    assert (added.location.line, added.location.col, added.entry) == (9, 3, "干垃圾: 乾垃圾")
    glossary = glossary_of(folder)
    assert glossary["干垃圾"].form("zh-Hant") == glossary["干垃圾"].form("zh-Hant-HK") == "乾垃圾"
    assert list(glossary) == ["王跃", "黄浦区", "干垃圾"]


def test_adding_again_changes_nothing_and_other_forms_are_refused(tmp_path):
    folder = write_issue(tmp_path / "issue", BLOCK)
    path = folder / "issue.yaml"
    add_term(path, "干垃圾", {"zh-Hant": "乾垃圾"}, shared=False)
    after = path.read_bytes()
    again = add_term(path, "干垃圾", {"zh-Hant": "乾垃圾", "zh-Hant-HK": "乾垃圾"}, shared=False)
    assert again.already and path.read_bytes() == after
    assert add_term(path, "王跃", {"zh-Hant": "王躍"}, shared=False).already
    with pytest.raises(GlossaryError, match="already in the glossary .* with other forms"):
        add_term(path, "干垃圾", {"zh-Hant": "幹垃圾"}, shared=False)
    assert path.read_bytes() == after


@pytest.mark.parametrize("glossary, expected", [
    ("", "glossary:\n  干垃圾: 乾垃圾\n"),
    ("glossary: {王跃: 王躍}\n", "glossary: {王跃: 王躍, 干垃圾: 乾垃圾}\n"),
    ("glossary: {}\n", "glossary: {干垃圾: 乾垃圾}\n"),
    ("glossary:    # none yet\n", "glossary:    # none yet\n  干垃圾: 乾垃圾\n"),
    ("glossary:\n    王跃: 王躍", "glossary:\n    王跃: 王躍\n    干垃圾: 乾垃圾\n"),
])
def test_the_glossary_is_made_or_added_to_in_its_own_style(tmp_path, glossary, expected):
    folder = write_issue(tmp_path / "issue", MINIMAL_ISSUE)
    path = folder / "issue.yaml"
    path.write_text(MINIMAL_ISSUE + glossary, encoding="utf-8")
    add_term(path, "干垃圾", {"zh-Hant": "乾垃圾"}, shared=False)
    assert path.read_text(encoding="utf-8") == MINIMAL_ISSUE + expected
    assert glossary_of(folder)["干垃圾"].form("zh-Hant") == "乾垃圾"


def test_a_file_without_a_final_line_break_gets_one_before_the_new_key(tmp_path):
    folder = write_issue(tmp_path / "issue", MINIMAL_ISSUE)
    path = folder / "issue.yaml"
    path.write_text(MINIMAL_ISSUE.rstrip("\n"), encoding="utf-8")
    add_term(path, "干垃圾", {"zh-Hant": "乾垃圾"}, shared=False)
    assert path.read_text(encoding="utf-8") == MINIMAL_ISSUE + "glossary:\n  干垃圾: 乾垃圾\n"


def test_windows_line_endings_are_kept(tmp_path):
    folder = write_issue(tmp_path / "issue", MINIMAL_ISSUE)
    path = folder / "issue.yaml"
    text = (MINIMAL_ISSUE + "glossary:\n  王跃: 王躍  # a name\nstories: [01]\n")
    path.write_bytes(text.replace("\n", "\r\n").encode())
    before = path.read_bytes()
    add_term(path, "干垃圾", {"zh-Hant": "乾垃圾"}, shared=False)
    assert added_lines(before, path.read_bytes()) == ["  干垃圾: 乾垃圾\r\n".encode()]


def test_forms_per_edition_and_for_a_traditional_manuscript(tmp_path):
    folder = write_issue(tmp_path / "issue", MINIMAL_ISSUE.replace("zh-Hans", "zh-Hant"),
                         stories={"01": "headline: 標題\nbody: 正文。\n"})
    path = folder / "issue.yaml"
    added = add_term(path, "乾隆", {"zh-Hans": "乾隆"}, shared=False)
    assert added.entry == "乾隆: {zh-Hans: 乾隆}"  # alone it would be Hong Kong's form too
    added = add_term(path, "台北", {"zh-Hans": "台北", "zh-Hant-HK": "台北"}, shared=False)
    assert added.entry == "台北: 台北"
    added = add_term(path, "黃浦區", {"zh-Hans": "黄浦区", "zh-Hant-HK": "黃埔區"}, shared=False)
    assert added.entry == "黃浦區: {zh-Hans: 黄浦区, zh-Hant-HK: 黃埔區}"
    glossary = glossary_of(folder)
    assert glossary["黃浦區"].form("zh-Hant-HK") == "黃埔區"
    assert glossary["乾隆"].form("zh-Hant-HK") == "乾隆"
    with pytest.raises(GlossaryError, match="written in zh-Hant"):
        add_term(path, "X", {"zh-Hant": "Y"}, shared=False)


def test_terms_that_yaml_would_misread_are_quoted(tmp_path):
    folder = write_issue(tmp_path / "issue", MINIMAL_ISSUE)
    path = folder / "issue.yaml"
    for term, form in (("a: b", "x # y"), ("yes", "null"), ("- 列", "{括}")):
        add_term(path, term, {"zh-Hant": form}, shared=False)
        assert glossary_of(folder)[term].form("zh-Hant") == form


def test_the_shared_glossary_is_made_or_added_to(tmp_path):
    path = tmp_path / "glossary.yaml"
    assert add_term(path, "执法协调处", {"zh-Hant": "執法協調處"}, shared=True).entry == \
        "执法协调处: 執法協調處"
    assert path.read_text(encoding="utf-8") == "执法协调处: 執法協調處\n"
    path.write_text("# the bureau's offices\n执法协调处: 執法協調處  # since 2020\n",
                    encoding="utf-8")
    before = path.read_bytes()
    add_term(path, "综合处", {"zh-Hant": "綜合處"}, shared=True)
    assert added_lines(before, path.read_bytes()) == ["综合处: 綜合處\n".encode()]
    assert add_term(path, "综合处", {"zh-Hant": "綜合處"}, shared=True).already
    write_issue(tmp_path / "issue", MINIMAL_ISSUE)
    assert glossary_of(tmp_path / "issue")["综合处"].form("zh-Hant-HK") == "綜合處"


@pytest.mark.parametrize("text, message", [
    (MINIMAL_ISSUE + "glossary: [王跃]\n", "not a mapping"),
    (MINIMAL_ISSUE + "glossary: {王跃: }\n", "the glossary has errors"),
    (MINIMAL_ISSUE + "title: again\n", "does not read"),
    (MINIMAL_ISSUE + "glossary: ~\n", "replace it"),
])
def test_a_glossary_that_does_not_read_is_left_alone(tmp_path, text, message):
    folder = write_issue(tmp_path / "issue", MINIMAL_ISSUE)
    path = folder / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError, match=message):
        add_term(path, "干垃圾", {"zh-Hant": "乾垃圾"}, shared=False)
    assert path.read_text(encoding="utf-8") == text


def test_an_entry_that_would_not_read_back_is_never_written(tmp_path):
    folder = write_issue(tmp_path / "issue", BLOCK)
    path = folder / "issue.yaml"
    os.chmod(path, 0o640)
    before = path.read_bytes()
    with pytest.raises(GlossaryError, match="the glossary has errors|could not be written"):
        add_term(path, "长" * 31, {"zh-Hant": "長"}, shared=False)  # terms are at most 30
    with pytest.raises(GlossaryError, match="at least one edition"):
        add_term(path, "干垃圾", {}, shared=False)
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["issue.yaml", "stories"]
    add_term(path, "干垃圾", {"zh-Hant": "乾垃圾"}, shared=False)
    assert os.stat(path).st_mode & 0o777 == 0o640
