"""Building: what to make, from which issues, and writing it — completely or not at all.

Every manuscript is loaded and checked first; a run with errors writes nothing.
Then every output is rendered in memory, and only then written, each file to a
temporary name beside its target and renamed into place, so that an output
file is never seen half-written and a failed run replaces nothing.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jinja2

from bulletin_press.backends import RenderError
from bulletin_press.diagnostics import Location, Report
from bulletin_press.layouts import Layout, available_layouts
from bulletin_press.manuscript import find_issues, load_issue
from bulletin_press.manuscript.model import Issue
from bulletin_press.typeset import typeset_ebook, typeset_print

FORMATS = ("pdf", "epub", "html")
DEFAULT_FORMATS = ("pdf", "epub")
DEFAULT_SOURCE = Path("manuscripts")


def load(paths: list[Path], report: Report) -> list[Issue]:
    """Every issue under ``paths``, checked; problems go to ``report``."""
    layouts = available_layouts()
    issues = []
    for folder in find_issues(paths, report):
        issue = load_issue(folder, report, layouts)
        if issue is not None:
            issues.append(issue)
    return issues


@dataclass(frozen=True)
class Target:
    issue: Issue
    edition: str
    format: str
    path: Path  # a file, or a folder for html


def plan(issues: list[Issue], formats: tuple[str, ...], editions: tuple[str, ...] | None,
         out: Path) -> list[Target]:
    targets = []
    for issue in issues:
        for edition in issue.editions:
            if editions and edition not in editions:
                continue
            for fmt in formats:
                name = f"{issue.id}.{edition}" + ("" if fmt == "html" else f".{fmt}")
                targets.append(Target(issue, edition, fmt, out / name))
    return targets


def modification_time() -> datetime.datetime | None:
    """``SOURCE_DATE_EPOCH``, where set: reproducible builds give outputs this date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)


def render(target: Target, modified: datetime.datetime | None = None) -> bytes | dict[str, bytes]:
    # Backends are imported when used: WeasyPrint alone takes a third of a second
    # to import, which an EPUB or HTML build need not pay.
    layout = Layout.named(target.issue.layout)
    if target.format == "epub":
        from bulletin_press.backends.epub import render_epub

        return render_epub(typeset_ebook(target.issue, target.edition, layout, modified))
    document = typeset_print(target.issue, target.edition, layout)
    if target.format == "pdf":
        from bulletin_press.backends.pdf import render_pdf

        return render_pdf(document)
    from bulletin_press.backends.html import render_html

    return render_html(document)


def build(paths: list[Path], formats: tuple[str, ...], editions: tuple[str, ...] | None,
          out: Path, report: Report) -> list[Path]:
    """Build everything asked for; the paths written, or none when ``report`` has errors."""
    issues = load(paths, report)
    if not report.ok:
        return []
    targets = plan(issues, formats, editions, out)
    if not targets:
        report.error(Location(paths[0]), "nothing to build: no issue has the edition(s) "
                                         f"{', '.join(editions or ())}")
        return []
    rendered = []
    modified = modification_time()
    for target in targets:
        try:
            rendered.append((target, render(target, modified)))
        except jinja2.TemplateSyntaxError as error:
            report.error(Location(Path(error.filename or target.issue.layout), error.lineno, 1),
                         f"layout template: {error.message}")
        except (jinja2.TemplateError, RenderError, LookupError) as error:
            report.error(Location(target.issue.folder), f"{target.format}: {error}")
    if not report.ok:
        return []
    for target, content in rendered:
        if isinstance(content, dict):
            write_folder(target.path, content)
        else:
            write_file(target.path, content)
    return [target.path for target, _ in rendered]


def write_file(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_folder(path: Path, files: dict[str, bytes]) -> None:
    """Write a folder beside ``path`` and swap it in whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part"))
    try:
        for name, content in files.items():
            target = temporary / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        os.chmod(temporary, 0o755)
        if path.exists():
            old = path.with_name(f".{path.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
            os.replace(temporary, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(temporary, path)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
