"""The native libraries: found from the linker's cache, and the commands that load nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from bulletin_press.libraries import cached_library, pango_version
from tests.conftest import ROOT, SAMPLE

LISTING = b"""\
12 libs found in cache `/etc/ld.so.cache'
\tlibpangoft2-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpangoft2-1.0.so.0
\tlibpango-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpango-1.0.so.0
\tlibharfbuzz.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libharfbuzz.so.0
\tlibharfbuzz-subset.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libharfbuzz-subset.so.0
"""


@pytest.mark.skipif(os.uname().machine != "x86_64", reason="the listing is an x86-64 one")
def test_a_library_is_found_in_the_listing_as_find_library_finds_it():
    assert cached_library("pango-1.0", LISTING) == "libpango-1.0.so.0"
    assert cached_library("harfbuzz", LISTING) == "libharfbuzz.so.0"
    assert cached_library("harfbuzz-subset", LISTING) == "libharfbuzz-subset.so.0"
    assert cached_library("libpango-1.0-0", LISTING) is None  # a Windows name
    assert cached_library("pango", LISTING) is None


def _python(code: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **env}, timeout=300)


LOADED = """
import sys
from bulletin_press.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("weasyprint loaded:", "weasyprint" in sys.modules, file=sys.stderr)
"""


@pytest.mark.parametrize("command", [["--help"], ["check", str(SAMPLE)], ["doctor"],
                                     ["build", "--help"]])
def test_help_check_and_doctor_do_not_load_weasyprint(command):
    result = _python(LOADED, *command)
    assert "weasyprint loaded: False" in result.stderr, result.stderr


def test_doctor_reads_the_pango_version_without_weasyprint():
    from bulletin_press.clreq.weasyprint70 import pango_version as loaded

    assert pango_version() == loaded()


def test_loading_weasyprint_runs_no_compiler(tmp_path):
    """find_library would run gcc and ld, found through PATH, some fifty times."""
    tools = tmp_path / "tools"
    tools.mkdir()
    ran = tmp_path / "ran"
    for name in ("gcc", "cc", "ld", "objdump"):
        (tools / name).write_text(f"#!/bin/sh\necho {name} >> {ran}\nexit 1\n")
        (tools / name).chmod(0o755)
    code = "from bulletin_press.libraries import load_weasyprint; load_weasyprint()"
    result = _python(code, PATH=f"{tools}{os.pathsep}{os.environ['PATH']}")
    assert result.returncode == 0, result.stderr
    assert not ran.exists(), ran.read_text()
    # as WeasyPrint loads them itself, the compiler is asked
    plain = _python("import weasyprint", PATH=f"{tools}{os.pathsep}{os.environ['PATH']}")
    assert plain.returncode == 0 and ran.exists()


def test_an_ebook_whose_cover_and_pages_are_cached_is_built_without_weasyprint(tmp_path):
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    built = []
    for run in (1, 2):
        out = tmp_path / f"out{run}"
        result = _python(LOADED, "build", str(SAMPLE), "--format", "epub", "--edition",
                         "zh-Hant", "--out", str(out), **cache)
        assert result.returncode == 0, result.stderr
        built.append((out / "2022-04-community-volunteers.zh-Hant.epub").read_bytes())
        assert f"weasyprint loaded: {run == 1}" in result.stderr, result.stderr
    assert built[0] == built[1]
    kept = sorted(path.name.split("-")[0] for path in (tmp_path / "cache" / "bulletin-press")
                  .iterdir() if not path.name.startswith("regional-"))
    assert kept == ["cover", "pages"]


def test_an_ebook_built_after_its_pdf_takes_the_pdfs_pages_without_weasyprint(tmp_path):
    """The editor's loop: an edit, `make pdf`, `make epub`."""
    from bulletin_press.build import build
    from bulletin_press.diagnostics import Report

    issue = tmp_path / "issue"
    shutil.copytree(SAMPLE, issue)
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    name = "issue.zh-Hans"  # outputs are named by the issue's folder
    for run, format in enumerate(("epub", "pdf", "epub")):
        if run == 1:  # a sentence changes: its e-book's print pages are to be laid out again
            story = next((issue / "stories").glob("*.yaml"))
            text = story.read_text(encoding="utf-8")
            story.write_text(text.replace("。", "，一句话。", 1), encoding="utf-8")
        result = _python(LOADED, "build", str(issue), "--format", format, "--edition",
                         "zh-Hans", "--out", str(tmp_path / "out"), **cache)
        assert result.returncode == 0, result.stderr
        assert f"weasyprint loaded: {format == 'pdf' or run == 0}" in result.stderr, result.stderr
    together = tmp_path / "together"  # the PDF and e-book built in one run, no cache
    assert build([issue], ("pdf", "epub"), ("zh-Hans",), together, Report()).written
    for suffix in (".pdf", ".epub"):
        assert (tmp_path / "out" / f"{name}{suffix}").read_bytes() == \
            (together / f"{name}{suffix}").read_bytes()


def test_a_changed_cover_is_set_again(tmp_path, issue_folder, monkeypatch):
    from bulletin_press.backends.cover import render_cover
    from bulletin_press.build import load
    from bulletin_press.diagnostics import Report
    from bulletin_press.layouts import Layout
    from bulletin_press.typeset import typeset_ebook

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    covers = []
    for title in ("春天", "秋天"):
        folder = issue_folder(f"title: {title}\npublication: 测试简报\ndate: 2023-05-01\n"
                              "language: zh-Hans\n", stories={"01": "headline: 标题\nbody: 正文。\n"})
        (issue,) = load([folder], Report())
        document = typeset_ebook(issue, "zh-Hans", Layout.named(issue.layout))
        covers.append(render_cover(document.cover))
        assert render_cover(document.cover) == covers[-1]
    assert covers[0] != covers[1]
    assert len(list((tmp_path / "cache" / "bulletin-press").glob("cover-*.jpg"))) == 2


def test_editions_built_together_have_the_bytes_of_editions_built_alone(tmp_path):
    """A Fontconfig configuration is shared by the renders of the same fonts only: each
    edition's fonts have its regional forms."""
    from bulletin_press.build import build
    from bulletin_press.diagnostics import Report

    together, alone = tmp_path / "together", tmp_path / "alone"
    assert build([SAMPLE], ("pdf",), ("zh-Hans", "zh-Hant"), together, Report()).written
    for edition in ("zh-Hant", "zh-Hans"):
        assert build([SAMPLE], ("pdf",), (edition,), alone / edition, Report()).written
    for edition in ("zh-Hans", "zh-Hant"):
        name = f"2022-04-community-volunteers.{edition}.pdf"
        assert (together / name).read_bytes() == (alone / edition / name).read_bytes()
