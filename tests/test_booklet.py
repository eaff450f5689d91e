"""The booklet layout: A5, one column, 12 pt body type; newsletter's templates, its own page."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from bulletin_press.build import load
from bulletin_press.cli import main
from bulletin_press.diagnostics import Report
from bulletin_press.layouts import Layout
from tests.conftest import MINIMAL_ISSUE, ROOT, write_issue
from tests.typography_tools import Line, assign_paragraphs, baseline

SAMPLE = ROOT / "manuscripts" / "2022-04-community-volunteers"
BOOKLET = Layout.named("booklet")
MARGIN = BOOKLET.length("print", "page", "side-margin")
COLUMN = BOOKLET.length("print", "page", "column")
BODY = BOOKLET.length("print", "page", "body-size")
A5 = (419.53, 595.28)  # points
A4 = (595.28, 841.89)


def built(out: Path, *options: str) -> bytes:
    assert main(["build", str(SAMPLE), "--edition", "zh-Hans", "--format", "pdf", "--quiet",
                 "--out", str(out), *options]) == 0
    (pdf,) = out.glob("*.pdf")  # <id>.zh-Hans.pdf, or ….press.pdf
    return pdf.read_bytes()


def page_sizes(pdf: bytes) -> set[tuple[float, float]]:
    return {(round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
            for page in PdfReader(io.BytesIO(pdf)).pages}


def body_lines(pdf: bytes) -> list[Line]:
    """The lines of body-size text, page by page, top to bottom."""
    lines: dict[tuple[int, int], Line] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            for char in page.chars:
                if round(char["size"], 2) == BODY and char["text"].strip():
                    key = (number, round(baseline(char, page.height)))
                    lines.setdefault(key, Line(number, BODY, [])).chars.append(char)
    for line in lines.values():
        line.chars.sort(key=lambda c: round(c["x0"], 1))
    return [lines[key] for key in sorted(lines)]


@pytest.fixture(scope="module")
def booklet_pdf(tmp_path_factory) -> bytes:
    return built(tmp_path_factory.mktemp("out"), "--layout", "booklet")


def test_the_booklet_extends_newsletter_and_has_its_own_page():
    newsletter = Layout.named("newsletter")
    assert BOOKLET.complete
    assert BOOKLET.folders[-1] == newsletter.folder  # the e-book's files are newsletter's
    assert BOOKLET.path("print.css").parent.name == "booklet"
    assert "columns" not in BOOKLET.read("print.css").decode()
    assert MARGIN * 2 + COLUMN == pytest.approx(A5[0], abs=0.01)
    assert COLUMN / BODY == 27  # whole characters: full lines need no stretching


def test_the_sample_is_set_on_a5_in_one_column_of_12_pt(booklet_pdf):
    assert page_sizes(booklet_pdf) == {A5}
    lines = body_lines(booklet_pdf)
    assert len(lines) > 40
    # every line starts at the column's left edge, or 2 em in (a paragraph's first line); an
    # opening mark there is set half-width, its glyph's empty half left of the edge
    starts = [line.x0 + (line.text[0] in "（“‘「『《【") * BODY / 2 - MARGIN for line in lines]
    assert all(min(abs(start), abs(start - 2 * BODY)) < 0.6 for start in starts), starts
    assert all(line.x1 <= MARGIN + COLUMN + 0.6 for line in lines)


def test_every_line_but_a_paragraphs_last_is_flush(booklet_pdf):
    report = Report()
    (issue,) = load([SAMPLE], report)
    paragraphs = [p.text for p in issue.lead] + [
        p.text for story in issue.stories for p in story.body + story.quote]
    lines = assign_paragraphs(body_lines(booklet_pdf), paragraphs)
    right = MARGIN + COLUMN
    inner = [line for line in lines if not line.last]
    assert len(inner) > 30
    for line in inner:
        last = line.chars[-1]
        assert abs(line.x1 - right) < 0.6 or (
            last["text"] in "，。、；：！？”’）」』》】"
            and abs(last["x0"] + line.size / 2 - right) < 0.6), line.text


def test_the_command_line_layout_overrides_the_issues_and_names_its_outputs(tmp_path):
    out = tmp_path / "out"
    own, booklet = out / f"{SAMPLE.name}.zh-Hans.pdf", out / f"{SAMPLE.name}.zh-Hans.booklet.pdf"
    assert page_sizes(built(out)) == {A4}
    assert main(["build", str(SAMPLE), "--edition", "zh-Hans", "--format", "pdf", "--quiet",
                 "--out", str(out), "--layout", "booklet"]) == 0
    # side by side: the booklet does not replace the issue's own
    assert page_sizes(booklet.read_bytes()) == {A5} and page_sizes(own.read_bytes()) == {A4}


def test_an_unknown_layout_on_the_command_line_is_an_error(tmp_path, capsys):
    assert main(["build", str(SAMPLE), "--layout", "bookelt", "--out", str(tmp_path)]) == 1
    assert "no layout 'bookelt'" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("chosen", ["issue.yaml", "--layout"])
def test_check_measures_headlines_by_the_booklets_measure(tmp_path, chosen):
    # 15 pt on 313.5 pt: 20 characters a line, two lines hold 40; newsletter's hold 34
    stories = {f"{n:02}": f"headline: '{'一' * n}'\nbody: 正文。\n" for n in range(33, 43)}
    issue = MINIMAL_ISSUE + ("layout: booklet\n" if chosen == "issue.yaml" else "")
    folder = write_issue(tmp_path / "issue-a", issue, stories)
    report = Report()
    load([folder], report, layout="booklet" if chosen == "--layout" else None)
    warned = [d for d in report if d.code == "headline-too-long"]
    assert sorted(int(d.location.path.stem) for d in warned) == [41, 42]
    assert "layout 'booklet' holds 20.9" in warned[0].message


def test_the_press_file_has_newsletters_bleed_around_the_a5_page(tmp_path):
    pdf = built(tmp_path, "--layout", "booklet", "--profile", "press")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.trimbox.width), 2), round(float(page.trimbox.height), 2)) == A5
    assert float(page.trimbox.left) - float(page.bleedbox.left) == pytest.approx(3 * 72 / 25.4)
