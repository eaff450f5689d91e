"""The command line: exit codes, located diagnostics, nothing written on error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bulletin_press import build as build_module
from bulletin_press.cache import CACHE_FILE
from bulletin_press.backends import RenderError
from bulletin_press.cli import main
from tests.conftest import MINIMAL_ISSUE, ROOT, SAMPLE


def run(*args: str) -> int:
    return main(list(args))


def test_build_writes_pdf_and_epub_by_default(tmp_path, capsys):
    assert run("build", str(SAMPLE), "--out", str(tmp_path)) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"2022-04-community-volunteers.{edition}.{fmt}"
         for edition in ("zh-Hans", "zh-Hant", "zh-Hant-HK") for fmt in ("epub", "pdf")]
        + [CACHE_FILE])
    assert "wrote" in capsys.readouterr().out


def test_build_html_writes_a_folder_with_its_assets(tmp_path):
    assert run("build", str(SAMPLE), "--format", "html", "--edition", "zh-Hans",
               "--out", str(tmp_path)) == 0
    folder = tmp_path / "2022-04-community-volunteers.zh-Hans"
    names = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    assert {"index.html", "print.css", "qr.svg", "fonts/NotoSerifCJKscBP-Regular.otf"} <= names
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in html and "执法协调处处长王跃同志" in html
    # rebuilding replaces the folder whole
    (folder / "stale.txt").write_text("x")
    assert run("build", str(SAMPLE), "--format", "html", "--edition", "zh-Hans",
               "--out", str(tmp_path)) == 0
    assert not (folder / "stale.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [CACHE_FILE, folder.name]


def test_broken_manuscript_exits_1_with_located_errors_and_writes_nothing(issue_folder, tmp_path,
                                                                          capsys):
    folder = issue_folder(MINIMAL_ISSUE + "titel: x\n", stories={"01": "headline: 标题\nbody: 正文**\n"})
    out = tmp_path / "dist"
    out.mkdir()
    existing = out / "test-issue.zh-Hans.pdf"
    existing.write_bytes(b"the previous edition")
    assert run("build", str(folder), "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert f"{folder}/issue.yaml:5:1: error: 'titel' is not an issue field" in err
    assert "stories/01.yaml:2:9: error: '**' opens emphasis" in err
    assert "nothing was written" in err
    assert [p.name for p in out.iterdir()] == [existing.name]
    assert existing.read_bytes() == b"the previous edition"


def test_check_writes_nothing(issue_folder, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("check", str(SAMPLE)) == 0
    assert "ok: 1 issue(s), 4 stories" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []
    assert run("check", str(issue_folder(MINIMAL_ISSUE + "date: again\n"))) == 1


def test_a_failing_backend_leaves_no_output_at_all(tmp_path, monkeypatch, capsys):
    real_render = build_module.render

    def render(target, modified=None, print_pages=None, fits=None):
        if target.format == "epub":
            raise RenderError("disk on fire")
        return real_render(target, modified)

    monkeypatch.setattr(build_module, "render", render)
    assert run("build", str(SAMPLE), "--out", str(tmp_path / "out"), "--jobs", "1") == 1
    assert "epub: disk on fire" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_edition_selection(issue_folder, tmp_path, capsys):
    out = tmp_path / "out"
    assert run("build", str(issue_folder()), "--edition", "zh-Hant", "--out", str(out)) == 1
    assert "nothing to build: no issue has the edition(s) zh-Hant" in capsys.readouterr().err
    assert run("build", str(SAMPLE), "--edition", "zh-Hant", "--edition", "zh-Hant-HK",
               "--format", "pdf", "--out", str(out)) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        CACHE_FILE, "2022-04-community-volunteers.zh-Hant-HK.pdf",
        "2022-04-community-volunteers.zh-Hant.pdf"]


@pytest.mark.parametrize("args", [["build", "--format", "docx"], ["build", "--edition", "en"],
                                  ["build", "--jobs", "0"], ["build", "--jobs", "two"],
                                  ["build", "--executor", "tcp://host:8786"],
                                  ["publish"], []])
def test_usage_errors_exit_2(args, capsys):
    with pytest.raises(SystemExit) as exit:
        run(*args)
    assert exit.value.code == 2


def test_no_traceback_for_bad_input(issue_folder, tmp_path):
    folder = issue_folder("title: [unclosed\n", stories={"01": "\xff: x"})
    (folder / "stories" / "02.yaml").write_bytes(b"\xff\xfe")
    result = subprocess.run([sys.executable, "-m", "bulletin_press", "build", str(folder),
                             "--out", str(tmp_path / "out")], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "issue.yaml:1:8: error: this list ('[') is never closed" in result.stderr
    assert "stories/02.yaml:1:1: error: the file is not UTF-8 text" in result.stderr
    assert not (tmp_path / "out").exists()


def test_doctor_reports_the_machine(capsys):
    code = run("doctor")
    out = capsys.readouterr().out
    assert "HarfBuzz subsetter" in out and "Pango ≥ 1.44" in out
    assert code == (1 if "MISSING" in out else 0)


def test_paths_print_as_given(tmp_path, monkeypatch, capsys):
    from tests.conftest import write_issue

    write_issue(tmp_path / "manuscripts" / "x-issue", MINIMAL_ISSUE + "titel: x\n")
    monkeypatch.chdir(tmp_path)
    assert run("check", "manuscripts") == 1
    assert capsys.readouterr().err.startswith(
        "manuscripts/x-issue/issue.yaml:5:1: error: 'titel' is not an issue field")


def test_check_shows_the_source_line_and_a_caret_under_the_place(issue_folder, capsys):
    folder = issue_folder(stories={"01": "headline: 标题\nbody: |\n  一早,来了。\n"})
    assert run("check", str(folder)) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[:3] == [
        f"{folder}/stories/01.yaml:3:5: warning: ASCII ',' in Chinese text: write the full-width "
        "'，' [ascii-punctuation]",
        " 3 |   一早,来了。",
        " " * 3 + "|" + " " * 7 + "^"]  # two spaces, then two wide characters: column 7


def test_check_reports_as_json(issue_folder, capsys):
    import json

    folder = issue_folder(MINIMAL_ISSUE + "titel: x\n",
                          stories={"01": "headline: 标题\nbody: |\n  一早,来了。\n"})
    assert run("check", str(folder), "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == 1 and report["warnings"] == 1
    assert report["diagnostics"][1] == {
        "path": f"{folder}/stories/01.yaml", "line": 3, "column": 5, "severity": "warning",
        "code": "ascii-punctuation", "message": "ASCII ',' in Chinese text: write the full-width '，'",
        "source": "  一早,来了。", "fix": {"old": ",", "new": "，"}}
