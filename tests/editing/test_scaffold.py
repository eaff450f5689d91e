"""``bulletin-press new``: an issue that checks clean, with every field shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bulletin_press.build import load
from bulletin_press.cli import main
from bulletin_press.diagnostics import Report
from bulletin_press.editing.scaffold import template
from bulletin_press.manuscript.schema import IMAGE_FIELDS, ISSUE_FIELDS, STORY_FIELDS
from tests.conftest import ROOT


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_a_new_issue_checks_clean_and_names_its_schemas(tmp_path, language, capsys):
    folder = tmp_path / "2026-12-new"
    assert main(["new", str(folder), "--language", language]) == 0
    assert f"wrote {folder}/issue.yaml" in capsys.readouterr().out
    report = Report()
    (issue,) = load([folder], report)
    assert list(report) == [] and issue.language == language and len(issue.stories) == 1
    for path in (folder / "issue.yaml", *sorted((folder / "stories").iterdir())):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(.+)", first)
        assert match, first
        kind = "issue" if path.name == "issue.yaml" else "story"
        schema = (path.parent / match.group(1)).resolve()
        assert schema == ROOT / "docs" / "schema" / f"{kind}.schema.json"


def test_a_project_inside_folder_names_its_schemas_relatively(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    folder = Path("manuscripts") / f"zz-scaffold-{tmp_path.name}"
    try:
        assert main(["new", str(folder)]) == 0
        first = (folder / "issue.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../docs/schema/issue.schema.json"
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def test_every_field_has_its_example():
    for name, fields in (("issue.yaml", ISSUE_FIELDS + [_check()]),
                         ("story.yaml", STORY_FIELDS + IMAGE_FIELDS)):
        text = template(name)
        for field in fields:
            if field.name != "phrases":  # written under 'conversion'
                assert re.search(rf"^[#\s-]*{field.name}:", text, re.M), (name, field.name)


def _check():
    from bulletin_press.manuscript.schema import Field

    return Field("check", None, {}, "")


def test_an_existing_folder_is_refused_and_left_alone(tmp_path, capsys):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    assert main(["new", str(folder)]) == 1
    assert f"{folder}: error: it exists already" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
    assert main(["new", str(tmp_path / "no" / "such" / "place")]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


@pytest.mark.parametrize("name", ["a b", "我的", "-x", "a\nb"])
def test_a_name_that_cannot_name_an_issue_is_refused(tmp_path, name, capsys):
    assert main(["new", str(tmp_path / name)]) == 1
    assert "cannot name an issue" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_new_issue_is_made_beside_the_others_not_inside_one(tmp_path, capsys):
    assert main(["new", str(tmp_path / "one")]) == 0
    assert main(["new", str(tmp_path / "one" / "stories" / "two")]) == 1
    assert "inside the issue" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "one" / "stories").iterdir()) == ["01-story.yaml"]


def test_a_new_issue_folder_has_the_usual_permissions(tmp_path):
    import os

    umask = os.umask(0o022)
    try:
        assert main(["new", str(tmp_path / "one")]) == 0
    finally:
        os.umask(umask)
    assert (tmp_path / "one").stat().st_mode & 0o777 == 0o755
