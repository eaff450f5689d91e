"""Finding layouts: the built-in ones are package resources, and a project's own
``layouts/`` (in the working directory) overrides or extends them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from bulletin_press.backends.pdf import render_pdf
from bulletin_press.build import load
from bulletin_press.cli import main
from bulletin_press.diagnostics import Report
from bulletin_press.layouts import (LAYOUTS_DIR, REQUIRED_FILES, Layout, available_layouts,
                                    layout_roots)
from bulletin_press.places import FONTS_DIR
from bulletin_press.typeset import typeset_print
from tests.conftest import MINIMAL_ISSUE, ROOT, write_issue

A5 = (419.53, 595.28)  # points


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """An editor's repository, the working directory: ``manuscripts/`` with one issue."""
    write_issue(tmp_path / "manuscripts" / "issue-a")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def own_layout(project: Path, name: str, files: dict[str, str]) -> Path:
    folder = project / "layouts" / name
    for file, text in files.items():
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def built_in(file: str) -> str:
    return (LAYOUTS_DIR / "newsletter" / file).read_text(encoding="utf-8")


def loaded(folder: Path):
    report = Report()
    issues = load([folder], report)
    assert report.ok, [str(d) for d in report]
    return issues[0]


def page_size(pdf: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_in_the_checkout_the_built_in_layouts_and_fonts_are_its_folders():
    # the editable install maps the package's resources onto the checkout's top-level folders
    assert LAYOUTS_DIR == ROOT / "layouts" and FONTS_DIR == ROOT / "fonts"
    # run in the checkout, its layouts/ is the built-in one, not a project's own besides
    assert layout_roots() == (LAYOUTS_DIR,)
    assert "newsletter" in available_layouts()


def test_a_project_file_overrides_the_built_in_one_and_the_rest_stay(project):
    css = built_in("print.css") + "\n@page { size: A5 }\n"
    folder = own_layout(project, "newsletter", {"print.css": css})
    layout = Layout.named("newsletter")
    assert layout.folders == (folder, LAYOUTS_DIR / "newsletter")
    assert layout.path("print.css") == folder / "print.css"
    assert layout.path("print.html") == LAYOUTS_DIR / "newsletter" / "print.html"
    assert layout.settings["print"]["grid"]["pitch"] == "18.375pt"  # the built-in layout.yml
    issue = loaded(project / "manuscripts" / "issue-a")
    assert issue.layout == "newsletter"
    assert page_size(render_pdf(typeset_print(issue, "zh-Hans", layout))) == A5


def test_a_project_layout_extends_a_built_in_one(project):
    # a layout of its own name: its templates extend the built-in newsletter's by name, its
    # stylesheets and settings are its own
    templates = [file for file in REQUIRED_FILES if not file.endswith(".css")]
    own_layout(project, "plain", {
        **{file: f'{{% extends "newsletter/{file}" %}}\n' for file in templates},
        "print.css": built_in("print.css") + "\n@page { size: A5 }\n",
        "parts.css": built_in("parts.css"),
        "ebook/ebook.css": built_in("ebook/ebook.css"),
        "ebook/cover.css": built_in("ebook/cover.css"),
        "layout.yml": built_in("layout.yml"),
    })
    assert {"plain", "newsletter"} <= available_layouts()
    write_issue(project / "manuscripts" / "issue-a", MINIMAL_ISSUE + "layout: plain\n")
    issue = loaded(project / "manuscripts" / "issue-a")
    plain, newsletter = Layout.named("plain"), Layout.named("newsletter")
    assert [page.html for page in typeset_print(issue, "zh-Hans", plain).pages] == \
        [page.html for page in typeset_print(issue, "zh-Hans", newsletter).pages]
    assert main(["build", "--format", "pdf", "--format", "epub", "--quiet"]) == 0
    pdf = project / "dist" / "issue-a.zh-Hans.pdf"
    assert page_size(pdf.read_bytes()) == A5
    assert (project / "dist" / "issue-a.zh-Hans.epub").is_file()


def test_a_project_layout_without_every_file_is_not_a_layout(project, capsys):
    own_layout(project, "half", {"print.html": "<p>half</p>\n"})
    assert "half" not in available_layouts()
    write_issue(project / "manuscripts" / "issue-a", MINIMAL_ISSUE + "layout: half\n")
    assert main(["check"]) == 1
    assert "no layout 'half'" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["../layouts/newsletter", "/etc", "newsletter/..", ".", ""])
def test_a_manuscript_names_a_layout_never_a_path(project, capsys, name):
    own_layout(project, "newsletter", {"print.css": built_in("print.css")})
    write_issue(project / "manuscripts" / "issue-a", MINIMAL_ISSUE + f"layout: '{name}'\n")
    assert main(["check"]) == 1
    assert "layout" in capsys.readouterr().err
    with pytest.raises(ValueError):
        Layout.named(name)


def test_a_stylesheet_imports_a_built_in_layouts_by_its_name_or_says_what_is_missing(project,
                                                                                       capsys):
    templates = [file for file in REQUIRED_FILES if not file.endswith(".css")]
    files = {**{file: f'{{% extends "newsletter/{file}" %}}\n' for file in templates},
             "ebook/ebook.css": built_in("ebook/ebook.css"),
             "ebook/cover.css": built_in("ebook/cover.css"), "layout.yml": built_in("layout.yml")}
    own_layout(project, "plain", {**files, "print.css": built_in("print.css").replace(
        "@import url(parts.css);", "@import url(newsletter/parts.css);")})
    write_issue(project / "manuscripts" / "issue-a", MINIMAL_ISSUE + "layout: plain\n")
    assert main(["build", "--format", "pdf", "--quiet"]) == 0
    own_layout(project, "bare", {**files, "print.css": built_in("print.css")})
    write_issue(project / "manuscripts" / "issue-a", MINIMAL_ISSUE + "layout: bare\n")
    assert main(["build", "--format", "pdf", "--quiet", "--out", "other"]) == 1
    assert "layouts/bare/print.css: error: pdf: print.css imports 'parts.css', which layout " \
           "'bare' does not have" in capsys.readouterr().err
    assert not (project / "other").exists()

