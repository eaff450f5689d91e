"""Copy-fitting: the report after a print build and from `check --fit`, against the PDF it
describes and against the sample cut and lengthened by the characters it names."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pdfplumber
import pytest
import yaml

from bulletin_press.build import load, measure_fits
from bulletin_press.cli import main
from bulletin_press.copyfit import Measured, about, describe, fit
from bulletin_press.diagnostics import Report
from bulletin_press.progress import print_fits
from tests.conftest import SAMPLE

MM = 72 / 25.4
HEAD, FOOT = 18 * MM, 20 * MM  # the newsletter's top and bottom page margins
LINE = re.compile(r"^(\S+): (\d+) pages, last page (\d+) % full: cut about ([\d ]+) characters "
                  r"to fit one page, or add about ([\d ]+)$", re.MULTILINE)


def number(text: str) -> int:
    return int(text.replace(" ", ""))


def test_the_figures_are_said_as_estimates():
    assert [about(n) for n in (7, 64, 183, 1419, 12_345)] == ["7", "64", "180", "1 400", "12 000"]
    two = Measured(pages=2, last_fill=0.18, characters=900, body_pages=0.5)
    assert fit(two).per_page == 1800 and fit(two).cut == 324 and fit(two).add == 1476
    assert describe("x", two) == ("x: 2 pages, last page 18 % full: cut about 320 characters "
                                  "to fit one page, or add about 1 500")
    assert describe("x", Measured(3, 0.5, 900, 0.5)).endswith("to fit 2 pages, or add about 900")
    assert describe("x", Measured(1, 0.25, 300, 0.25)) == \
        "x: 1 page, 25 % full: add about 900 characters to fill it"


def lowest_mark(page) -> float:  # noqa: ANN001 (pdfplumber.Page)
    """How far down the page its lowest glyph or picture reaches, above the running foot."""
    bottoms = [item["bottom"] for item in page.chars + page.images
               if item["bottom"] < page.height - FOOT]
    return max(bottoms)




def test_a_print_build_reports_pages_and_the_last_page_as_the_pdf_has_them(tmp_path, capsys):
    assert main(["build", str(SAMPLE), "--format", "pdf", "--edition", "zh-Hans",
                 "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    (line,) = LINE.finditer(captured.err)
    assert line[1] == SAMPLE.name and not LINE.search(captured.out)
    with pdfplumber.open(tmp_path / f"{SAMPLE.name}.zh-Hans.pdf") as pdf:
        assert int(line[2]) == len(pdf.pages) == 2
        last = pdf.pages[-1]
        filled = (lowest_mark(last) - HEAD) / (last.height - HEAD - FOOT)
    assert abs(int(line[3]) - filled * 100) <= 3, (line[0], filled)


def test_quiet_prints_no_report(capsys):
    print_fits({"x": Measured(2, 0.18, 900, 0.5)}, quiet=True)
    assert capsys.readouterr() == ("", "")


def test_check_fit_prints_the_report_and_writes_nothing(tmp_path, capsys, monkeypatch):
    (tmp_path / "work").mkdir()
    (tmp_path / "temporary").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temporary"))
    assert main(["check", "--fit", str(SAMPLE)]) == 0
    (line,) = LINE.finditer(capsys.readouterr().out)
    assert line[1] == SAMPLE.name and line[2] == "2"
    assert list((tmp_path / "work").iterdir()) == []
    assert list((tmp_path / "temporary").iterdir()) == []  # not even WeasyPrint's font copies


def changed(source: Path, folder: Path, characters: int) -> Path:
    """A copy of the issue with ``characters`` more body text (fewer if negative), shared
    among its stories at their ends."""
    shutil.copytree(source, folder)
    stories = sorted((folder / "stories").glob("*.yaml"))
    each, left = divmod(abs(characters), len(stories))
    for index, path in enumerate(stories):
        count = each + (index < left)
        story = yaml.safe_load(path.read_text(encoding="utf-8"))
        body = story["body"].rstrip()
        story["body"] = body[:len(body) - count] if characters < 0 else body + "字" * count
        path.write_text(yaml.safe_dump(story, allow_unicode=True), encoding="utf-8")
    return folder


def pages(folder: Path) -> int:
    report = Report()
    fits = measure_fits(load([folder], report), report)
    assert report.ok, [str(d) for d in report]
    return fits[folder.name].pages


def test_cutting_or_adding_the_characters_named_changes_the_pages_as_said(tmp_path):
    report = Report()
    (measured,) = measure_fits(load([SAMPLE], report), report).values()
    assert measured.pages == 2
    found = fit(measured)
    # Within 15 %: about two lines of the two columns either way.
    assert pages(changed(SAMPLE, tmp_path / "cut-more" / SAMPLE.name, -round(found.cut * 1.15))) == 1
    assert pages(changed(SAMPLE, tmp_path / "cut-less" / SAMPLE.name, -round(found.cut * 0.85))) == 2
    assert pages(changed(SAMPLE, tmp_path / "add-less" / SAMPLE.name, round(found.add * 0.85))) == 2
    assert pages(changed(SAMPLE, tmp_path / "add-more" / SAMPLE.name, round(found.add * 1.15))) == 3
