"""Building a yearly volume: a year's issues, in one edition, as one book (PDF and EPUB).

The issues are loaded and checked as for ``build`` (a run with errors writes nothing), those
dated the year are put in date order, each output is rendered in memory — the PDF in one
WeasyPrint render, so that its fonts are subset once for the whole book — and all of them
are published together (:func:`bulletin_press.build.publish`).
"""

from __future__ import annotations

import datetime
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin_press.build import (_reporting, load, modification_time, private_temporary_folder,
                                  publish)
from bulletin_press.diagnostics import Location, Report
from bulletin_press.manuscript.files import Limits
from bulletin_press.signals import checkpoint

if TYPE_CHECKING:
    from bulletin_press.layouts import Layout
    from bulletin_press.manuscript.model import Issue

VOLUME_FORMATS = ("pdf", "epub")
# the files of its layout a volume's output needs, beside those every layout has
VOLUME_TEMPLATES = {"pdf": ("volume.html", "volume.css"),
                    "epub": ("ebook/volume.xhtml", "ebook/volume-index.xhtml")}


@dataclass(frozen=True)
class Written:
    """An output of the volume: where it went, how many pages (PDF), how long its rendering
    took and the process's peak memory after it."""

    path: Path
    size: int
    seconds: float
    peak_bytes: int
    pages: int | None = None


def volume_name(year: int, edition: str, fmt: str) -> str:
    return f"volume-{year}.{edition}.{fmt}"


def peak_memory() -> int:
    """The process's peak resident memory, in bytes (Linux counts kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def build_volume(paths: list[Path], year: int, editions: tuple[str, ...] | None, out: Path,
                 report: Report, limits: Limits = Limits(),
                 formats: tuple[str, ...] = VOLUME_FORMATS,
                 layout: str | None = None) -> list[Written]:
    """The volume of ``year`` in each of ``editions`` (default: every edition all its issues
    have) and ``formats``; nothing is written when ``report`` has errors."""
    from bulletin_press.layouts import Layout

    modified = modification_time(report)
    if out.exists() and not out.is_dir():
        report.error(Location(out), "the output folder (--out) is a file, not a folder")
    issues = load(paths, report, limits, layout=layout)
    if not report.ok:
        return []
    from bulletin_press.typeset.volume import volume_issues

    chosen = volume_issues(issues, year)
    if not chosen:
        years = sorted({issue.date.year for issue in issues})
        found = f"the issues are dated {', '.join(map(str, years))}" if years else "no issues"
        report.error(Location(paths[0]), f"no issue dated {year} ({found})")
        return []
    common = [edition for edition in chosen[0].editions
              if all(edition in issue.editions for issue in chosen)]
    wanted = [edition for edition in editions if edition in common] if editions else common
    if not wanted:
        report.error(Location(paths[0]), f"no edition that every issue of {year} has: "
                                         f"{', '.join(editions or ())} (they all have: "
                                         f"{', '.join(common) or 'none'})")
        return []
    volume_layout = Layout.named(layout or chosen[0].layout)
    for fmt in formats:
        for name in VOLUME_TEMPLATES[fmt]:
            if not volume_layout.path(name).is_file():
                report.error(Location(volume_layout.path(name)),
                             f"layout '{volume_layout.name}' has no {name}, which a volume's "
                             f"{fmt} needs (a layout that extends newsletter has it)")
    if not report.ok:
        return []
    rendered: list[tuple[str, bytes, float, int, int | None]] = []
    with private_temporary_folder():
        for edition in wanted:
            for fmt in formats:
                start = time.monotonic()
                done = _reporting(lambda: _render(chosen, year, edition, fmt, volume_layout,
                                                  modified), fmt, chosen[0], report)
                checkpoint()
                if done is not None:
                    content, pages = done
                    rendered.append((volume_name(year, edition, fmt), content,
                                     time.monotonic() - start, peak_memory(), pages))
    if not report.ok:
        return []
    publish(out, [(name, content) for name, content, *_ in rendered])
    return [Written(out / name, len(content), seconds, peak, pages)
            for name, content, seconds, peak, pages in rendered]


def _render(issues: list[Issue], year: int, edition: str, fmt: str, layout: Layout,
            modified: datetime.datetime | None) -> tuple[bytes, int | None]:
    """An output's bytes and, for the PDF, its number of pages."""
    if fmt == "pdf":
        from bulletin_press.backends.pdf import render_pdf
        from bulletin_press.typeset.volume import typeset_volume_print

        anchors: dict[str, int] = {}
        content = render_pdf(typeset_volume_print(issues, year, edition, layout, modified),
                             anchors)
        return content, anchors[""]
    from bulletin_press.backends.epub import render_epub
    from bulletin_press.typeset.volume import typeset_volume_ebook

    return render_epub(typeset_volume_ebook(issues, year, edition, layout, modified)), None
