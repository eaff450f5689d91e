"""Incremental builds: an output is written again only when something it reads changed,
or when it is no longer as it was made."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bulletin_press import cache
from bulletin_press.cache import CACHE_FILE
from bulletin_press.cli import main
from bulletin_press.places import LAYOUTS_DIR
from tests.conftest import MINIMAL_ISSUE, MINIMAL_STORY, ROOT, write_issue
from tests.reliability.conftest import png

A, B = "issue-a.zh-Hans", "issue-b.zh-Hans"  # the html outputs of the two issues


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Two issues and a shared glossary in ``manuscripts/``, built once into ``dist/``."""
    manuscripts = tmp_path / "manuscripts"
    write_issue(manuscripts / "issue-a", files={"images/a.png": png()})
    write_issue(manuscripts / "issue-b", stories={"01": "headline: 标题\nbody: 正文,完。\n"})
    (manuscripts / "glossary.yaml").write_text("王跃: {zh-Hant: 王躍}\n", encoding="utf-8")
    assert build(tmp_path) == 0
    return tmp_path


def build(root: Path, *options: str) -> int:
    return main(["build", str(root / "manuscripts"), "--format", "html", "--out",
                 str(root / "dist"), *options])


def stamps(out: Path) -> dict[str, tuple[int, int]]:
    """Each entry of the output folder's identity and time: a rewrite changes them."""
    return {str(p.relative_to(out)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in [out, *out.rglob("*")]}


def rewritten(before: dict, out: Path) -> set[str]:
    """The outputs written since ``before`` (the record is written with any of them)."""
    after = stamps(out)
    return {name for name in (A, B) if before.get(name) != after.get(name)}


def test_a_second_build_writes_nothing_and_says_so(project, capsys):
    out = project / "dist"
    before = stamps(out)
    capsys.readouterr()
    assert build(project) == 0
    captured = capsys.readouterr()
    assert stamps(out) == before
    assert captured.out == "all 2 output(s) are up to date (--force builds them again)\n"
    assert captured.err == ""


def test_nothing_changed_loads_neither_the_converter_nor_weasyprint(project):
    script = ("import sys; from bulletin_press.cli import main; status = main(sys.argv[1:]); "
              "print(sorted(m for m in ('opencc', 'weasyprint', 'jinja2', 'yaml', 'rich') "
              "if m in sys.modules), status)")
    result = subprocess.run([sys.executable, "-c", script, "build", "manuscripts", "--format",
                             "html", "--out", "dist"], cwd=project, capture_output=True,
                            text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.stdout.splitlines()[-1] == "[] 0"


def change_story(root: Path) -> None:
    (root / "manuscripts/issue-a/stories/01.yaml").write_text(
        MINIMAL_STORY.replace("正文", "新的正文"), encoding="utf-8")


def change_image(root: Path) -> None:
    (root / "manuscripts/issue-a/images/a.png").write_bytes(png(41, 30))


def change_glossary(root: Path) -> None:
    (root / "manuscripts/glossary.yaml").write_text("王跃: {zh-Hant: 王躍, zh-Hant-HK: 王躍}\n",
                                                     encoding="utf-8")


def change_issue(root: Path) -> None:
    (root / "manuscripts/issue-b/issue.yaml").write_text(
        MINIMAL_ISSUE.replace("测试刊", "测试刊二"), encoding="utf-8")


CHANGES = {"a story of issue a": (change_story, {A}), "a picture of issue a": (change_image, {A}),
           "the shared glossary": (change_glossary, {A, B}),
           "issue b's issue.yaml": (change_issue, {B})}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_rebuilds_exactly_the_outputs_that_read_it(project, change):
    out = project / "dist"
    before = stamps(out)
    modify, expected = CHANGES[change]
    modify(project)
    assert build(project) == 0
    assert rewritten(before, out) == expected
    before = stamps(out)
    assert build(project) == 0
    assert stamps(out) == before


def test_a_change_of_the_layout_rebuilds_its_outputs(project, monkeypatch):
    monkeypatch.chdir(project)  # the project's own layouts/ overrides the built-in files
    own = project / "layouts" / "newsletter"
    own.mkdir(parents=True)
    css = (LAYOUTS_DIR / "newsletter" / "print.css").read_text(encoding="utf-8")
    (own / "print.css").write_text(css + "\n/* changed */\n", encoding="utf-8")
    before = stamps(project / "dist")
    assert build(project) == 0
    assert rewritten(before, project / "dist") == {A, B}
    before = stamps(project / "dist")
    (own / "print.css").write_text(css + "\n/* changed again */\n", encoding="utf-8")
    assert build(project) == 0
    assert rewritten(before, project / "dist") == {A, B}


def test_only_the_changed_issue_is_read_again(project, capsys):
    capsys.readouterr()
    change_story(project)
    assert build(project) == 0
    captured = capsys.readouterr()
    assert "issue-b" not in captured.err  # its warning (an ASCII comma) is not repeated
    lines = captured.out.splitlines()
    assert lines[0].startswith(f"wrote {project / 'dist' / A} (")
    assert lines[1:] == ["1 issue(s) unchanged: 1 output(s) up to date"]
    assert main(["check", str(project / "manuscripts")]) == 0
    assert "issue-b/stories/01.yaml" in capsys.readouterr().err


def test_a_deleted_output_is_built_again(project):
    out = project / "dist"
    shutil.rmtree(out / A)
    before = stamps(out)
    assert build(project) == 0
    assert rewritten(before, out) == {A}
    assert (out / A / "index.html").is_file()


@pytest.mark.parametrize("damage", ["appended", "same size"])
def test_a_changed_output_is_built_again(project, damage):
    out = project / "dist"
    page = out / B / "index.html"
    made = page.read_bytes()
    page.write_bytes(made + b"x" if damage == "appended" else made[:-1] + b"#")
    before = stamps(out)
    assert build(project) == 0
    assert rewritten(before, out) == {B}
    assert page.read_bytes() == made


def test_force_builds_everything(project):
    before = stamps(project / "dist")
    assert build(project, "--force") == 0
    assert rewritten(before, project / "dist") == {A, B}


def test_a_build_with_errors_leaves_outputs_and_record_as_they_were(project, capsys):
    out = project / "dist"
    record = (out / CACHE_FILE).read_bytes()
    (project / "manuscripts/issue-a/stories/01.yaml").write_text("headlin: 标题\n",
                                                                  encoding="utf-8")
    change_issue(project)
    before = stamps(out)
    assert build(project) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert stamps(out) == before
    assert (out / CACHE_FILE).read_bytes() == record


def test_a_damaged_record_builds_everything_again(project):
    out = project / "dist"
    (out / CACHE_FILE).write_bytes(b"{not json")
    before = stamps(out)
    assert build(project) == 0
    assert rewritten(before, out) == {A, B}
    assert build(project) == 0


def test_quiet_prints_nothing_on_success(project, capsys):
    capsys.readouterr()
    assert build(project, "--force", "--quiet") == 0  # issue b has a warning
    assert capsys.readouterr() == ("", "")
    assert build(project, "--quiet") == 0
    assert capsys.readouterr() == ("", "")


def test_several_targets_print_a_line_each_when_not_on_a_terminal(project, capsys):
    capsys.readouterr()
    assert build(project, "--force") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" in ")[0] for line in lines[:2]] == [f"built {A}", f"built {B}"]
    assert all(line.endswith(" s") for line in lines[:2])


def test_remembered_is_made_once_and_kept_in_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    made = []
    make = lambda: made.append(1) or b"derived"  # noqa: E731
    assert cache.remembered("x.bin", make) == b"derived"
    assert cache.remembered("x.bin", make) == b"derived"
    assert made == [1]
    assert (tmp_path / "cache" / "bulletin-press" / "x.bin").is_file()


def test_a_damaged_kept_copy_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache.remembered("x.bin", lambda: b"derived")
    kept = tmp_path / "bulletin-press" / "x.bin"
    kept.write_bytes(b"Derived" + kept.read_bytes()[7:])
    assert cache.remembered("x.bin", lambda: b"made again") == b"made again"
    assert cache.remembered("x.bin", lambda: b"not asked") == b"made again"


def test_a_cache_folder_that_cannot_be_written_is_passed_by(tmp_path, monkeypatch):
    (tmp_path / "file").write_bytes(b"")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert cache.remembered("x.bin", lambda: b"derived") == b"derived"
    assert list(tmp_path.iterdir()) == [tmp_path / "file"]
