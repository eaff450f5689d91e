"""The command line: arguments, exit codes and printing diagnostics; nothing else.

Exit status: 0 success, 1 problems in the inputs or the machine (nothing
written), 2 usage, 3 a defect of bulletin-press (its traceback with
``--debug``), 128 + the signal's number when stopped (130 for Ctrl-C).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import traceback
import unicodedata
from collections import Counter
from pathlib import Path

from bulletin_press import __version__
from bulletin_press.diagnostics import Diagnostic, InternalError, Report, visible
from bulletin_press.formats import DEFAULT_FORMATS, DEFAULT_PROFILE, FORMATS, PROFILES
from bulletin_press.manuscript.files import MB, Limits
from bulletin_press.manuscript.model import EDITIONS
from bulletin_press.signals import HANDLED, Interrupted, checkpoint, held_back, interruptible

# The build machinery is imported once the signal handlers are in place, so that
# Ctrl-C while it loads is handled like Ctrl-C at any other moment.

DEFAULT_SOURCE = Path("manuscripts")
INTERNAL_ERROR = 3
SHOWN_PER_FILE = 100  # diagnostics printed per file; the rest are counted
FIX_ROUNDS = 10  # check --fix reads the files again after fixing, up to this many times
EXCERPT_WIDTH = 300  # longer source lines are not shown under their diagnostic


def _size(text: str) -> int:
    try:
        megabytes = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of megabytes") from None
    if not 0 < megabytes <= 1024:
        raise argparse.ArgumentTypeError("give a size from 0 to 1024 megabytes")
    return int(megabytes * MB)


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 256:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes from 1 to 256")
    return int(text)


def _year(text: str) -> int:
    if not text.isdigit() or not 1000 <= int(text) <= 9999:
        raise argparse.ArgumentTypeError(f"'{text}' is not a year, e.g. 2023")
    return int(text)


def _executor(text: str) -> str:
    host, _, port = text.removeprefix("dask://").rpartition(":")
    if not text.startswith("dask://") or not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a Dask scheduler's address: give "
                                         "dask://HOST:PORT, e.g. dask://scheduler:8786")
    return text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bulletin-press",
        description="Typeset a Chinese-language bulletin from YAML manuscripts into PDF and EPUB.")
    parser.add_argument("--version", action="version", version=f"bulletin-press {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="on an internal error, print the traceback")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_parser = commands.add_parser("build", help="build PDF, EPUB or HTML from manuscripts")
    build_parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                              help="an issue folder or a folder of issue folders "
                                   f"(default: {DEFAULT_SOURCE}/)")
    build_parser.add_argument("--format", action="append", choices=FORMATS, dest="formats",
                              help="pdf, epub or html; repeat for several (default: pdf and epub)")
    build_parser.add_argument("--edition", action="append", choices=EDITIONS, dest="editions",
                              help="build only this edition; repeat for several (default: all)")
    build_parser.add_argument("--profile", choices=PROFILES, default=DEFAULT_PROFILE,
                              help="what the PDF is for: screen (tagged PDF/UA-1, "
                                   "<id>.<edition>.pdf), archive (PDF/A-2u, ….archive.pdf) or "
                                   "press (PDF/X-4, 3 mm bleed, crop marks, ….press.pdf); "
                                   "default: screen")
    build_parser.add_argument("--out", type=Path, default=Path("dist"),
                              help="the output folder (default: dist)")
    build_parser.add_argument("--force", action="store_true",
                              help="build every output, also those up to date")
    build_parser.add_argument("--quiet", "-q", action="store_true",
                              help="print nothing but errors")
    build_parser.add_argument("--jobs", "-j", type=_jobs, metavar="N",
                              help="render on N worker processes, an edition of an issue "
                                   "each (default: the machine's cores; 1 renders here)")
    build_parser.add_argument("--executor", type=_executor, metavar="dask://HOST:PORT",
                              help="render on this Dask cluster (bulletin-press[dask]) instead "
                                   "of on this machine; its workers read the same manuscripts")
    build_parser.add_argument("--review", action="store_true",
                              help="also list where the converter chose among a character's or "
                                   "a word's forms in each edition (as check --editions)")

    site_parser = commands.add_parser(
        "site", help="build the site of the archive: web editions, downloads, an index, "
                     "OPDS and Atom feeds, checksums")
    site_parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                             help="an issue folder or a folder of issue folders "
                                  f"(default: {DEFAULT_SOURCE}/)")
    site_parser.add_argument("--out", type=Path, default=Path("site"),
                             help="the site's folder, replaced whole (default: site)")
    site_parser.add_argument("--max-file-size", type=_size, default=Limits().file_bytes,
                             metavar="MB", help="the largest manuscript file read, in megabytes "
                                                f"(default: {Limits().file_bytes // MB})")
    site_parser.add_argument("--quiet", "-q", action="store_true",
                             help="print nothing but errors")

    volume_parser = commands.add_parser(
        "volume", help="compile a year's issues into one book: PDF and EPUB with a contents, "
                       "one part per issue and an index of bylines")
    volume_parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                               help="issue folders or folders of issue folders "
                                    f"(default: {DEFAULT_SOURCE}/)")
    volume_parser.add_argument("--year", type=_year, required=True,
                               help="the year whose issues the volume gathers, by their dates")
    volume_parser.add_argument("--edition", action="append", choices=EDITIONS, dest="editions",
                               help="build only this edition; repeat for several (default: "
                                    "every edition all the year's issues have)")
    volume_parser.add_argument("--format", action="append", choices=("pdf", "epub"),
                               dest="formats", help="pdf or epub; repeat for both (default: both)")
    volume_parser.add_argument("--out", type=Path, default=Path("dist"),
                               help="the output folder (default: dist)")
    volume_parser.add_argument("--quiet", "-q", action="store_true",
                               help="print nothing but errors")

    check_parser = commands.add_parser("check", help="check manuscripts; writes nothing")
    check_parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check_parser.add_argument("--format", choices=("text", "json"), default="text",
                              dest="report_format",
                              help="json: the diagnostics as JSON on standard output")
    check_parser.add_argument("--fix", action="store_true",
                              help="make the safe fixes in the manuscript files (only the "
                                   "characters each warning points at change)")
    check_parser.add_argument("--diff", action="store_true",
                              help="show the safe fixes as a diff; change nothing")
    check_parser.add_argument("--fit", action="store_true",
                              help="also lay out each issue's print pages (its first edition) "
                                   "and say how full the last page is and how many characters "
                                   "would fill it or must go to save a page; writes nothing")
    check_parser.add_argument("--profile", choices=PROFILES, default=DEFAULT_PROFILE,
                              help="what the PDF is for (as build --profile): press also warns "
                                   "where a picture has fewer pixels than the print shop needs "
                                   "(the layout's press-ppi)")
    check_parser.add_argument("--editions", action="store_true",
                              help="also list, per edition, where the converter chose among a "
                                   "character's or a word's forms, to confirm or fix in the "
                                   "glossary")
    for command in (build_parser, check_parser, volume_parser):
        command.add_argument("--layout", metavar="NAME",
                             help="set every issue in this layout (newsletter, booklet or a "
                                  "project's own) instead of the one its issue.yaml names")
        command.add_argument("--max-file-size", type=_size, default=Limits().file_bytes,
                             metavar="MB", help="the largest manuscript file read, in megabytes "
                                                f"(default: {Limits().file_bytes // MB})")

    new_parser = commands.add_parser("new", help="make a new issue folder with an example of "
                                                 "every field")
    new_parser.add_argument("folder", type=Path, metavar="FOLDER",
                            help="the new issue's folder, e.g. manuscripts/2025-07-summer")
    new_parser.add_argument("--language", choices=("zh-Hans", "zh-Hant"), default="zh-Hans",
                            help="the script the issue is written in (default: zh-Hans)")

    commands.add_parser("doctor", help="check that this machine can build")

    preview_parser = commands.add_parser(
        "preview", help="show an issue's pages in a browser, rendered again on every save")
    preview_parser.add_argument("issue", nargs="?", type=Path, metavar="ISSUE_DIR",
                                help=f"the issue folder (default: the one issue in "
                                     f"{DEFAULT_SOURCE}/)")
    preview_parser.add_argument("--port", type=int, default=8000,
                                help="the port to listen on (default: 8000; 0 picks a free one)")
    preview_parser.add_argument("--host", default="127.0.0.1",
                                help="the address to listen on (default: 127.0.0.1, this "
                                     "machine only)")
    preview_parser.add_argument("--edition", choices=EDITIONS,
                                help="the edition shown first (default: the issue's first)")
    preview_parser.add_argument("--open", action="store_true", dest="open_browser",
                                help="open the page in a browser")

    import_parser = commands.add_parser("import", help="make a new issue folder from a .txt, "
                                                       ".md or .docx file")
    import_parser.add_argument("file", type=Path, metavar="FILE")
    import_parser.add_argument("--to", type=Path, required=True, metavar="FOLDER",
                               help="the new issue folder, e.g. manuscripts/2024-05-x")
    import_parser.add_argument("--date", help="the issue's date, YYYY-MM-DD (default: today)")
    import_parser.add_argument("--language", choices=("zh-Hans", "zh-Hant"),
                               help="convert the text into this script (default: as written)")

    schema_parser = commands.add_parser("schema", help="print the JSON Schema of a manuscript file")
    schema_parser.add_argument("kind", choices=("issue", "story", "site"))

    glossary_parser = commands.add_parser("glossary", help="edit a glossary")
    glossary_commands = glossary_parser.add_subparsers(dest="glossary_command", required=True,
                                                       metavar="COMMAND")
    add_parser = glossary_commands.add_parser(
        "add", help="add a term and its forms in the editions, keeping the file as it is")
    add_parser.add_argument("term", metavar="TERM", help="the term as the manuscript writes it")
    for edition in EDITIONS:
        add_parser.add_argument(f"--{edition}", dest=edition, metavar="FORM",
                                help=f"the term's form in the {edition} edition")
    where = add_parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--issue", type=Path, metavar="PATH",
                       help="into this issue's glossary (the issue folder or its issue.yaml)")
    where.add_argument("--shared", type=Path, metavar="PATH",
                       help="into the glossary shared by all issues (a folder of issues or "
                            "its glossary.yaml)")
    return parser


def _print(report: Report, quiet: bool = False) -> None:
    shown: Counter[Path] = Counter()
    for diagnostic in (d for d in report if not quiet or d.severity == "error"):
        shown[diagnostic.location.path] += 1
        if shown[diagnostic.location.path] <= SHOWN_PER_FILE:
            print(diagnostic, file=sys.stderr)
            for line in _excerpt(report, diagnostic):
                print(line, file=sys.stderr)
    for path, count in shown.items():
        if count > SHOWN_PER_FILE:
            print(f"{path}: {count - SHOWN_PER_FILE} more problem(s) in this file not shown",
                  file=sys.stderr)
    errors, warnings = len(report.errors), len(report) - len(report.errors)
    if errors or warnings and not quiet:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def _excerpt(report: Report, diagnostic: Diagnostic) -> list[str]:
    """The source line and a caret under the column, as compilers show them; wide (CJK)
    characters take two columns of a terminal."""
    line = report.source_line(diagnostic.location)
    if line is None or len(line) > EXCERPT_WIDTH:
        return []
    line = visible(line.replace("\t", " "))  # a raw control character is what was refused
    before = line[:max(diagnostic.location.col - 1, 0)]
    width = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in before)
    number = str(diagnostic.location.line)
    return [f" {number} | {line}", f" {' ' * len(number)} | {' ' * width}^"]


def _print_json(report: Report, review: list | None = None) -> None:
    document = {
        "diagnostics": [{"path": str(d.location.path), "line": d.location.line,
                         "column": d.location.col, "severity": d.severity, "code": d.code,
                         "message": d.message, "source": report.source_line(d.location),
                         "fix": d.fix and {"old": d.fix.old, "new": d.fix.new}}
                        for d in report],
        "errors": len(report.errors), "warnings": len(report) - len(report.errors),
    }
    if review is not None:
        document["edition_choices"] = [
            {"issue": str(issue.folder), "edition": found.edition,
             "path": str(found.location.path), "line": found.location.line,
             "column": found.location.col, "severity": "note", "code": EDITION_CHOICE,
             "message": found.message, "kind": found.choice.kind,
             "source": found.choice.source, "printed": found.choice.printed,
             "alternatives": list(found.choice.alternatives), "context": found.choice.context,
             "decided_by": found.choice.decided_by}
            for issue in review for found in sorted(issue.choices, key=lambda f: f.location)]
    print(json.dumps(document, ensure_ascii=False, indent=2))


EDITION_CHOICE = "edition-choice"


def _print_review(review: list, editions: tuple[str, ...] | None = None) -> None:
    """The edition review: per issue and edition, each choice the converter made by default
    (no phrase of its dictionaries decided) or a word it swapped, once; ``--format json``
    lists the choices phrases made too."""
    for issue in review:
        for edition in issue.editions:
            if editions and edition not in editions:
                continue
            grouped = issue.grouped(edition)
            shown = [(found, count) for found, count in grouped
                     if found.choice.decided_by != "phrase"]
            title = f"{issue.folder}: the {edition} edition"
            decided = (f" ({len(grouped) - len(shown)} more decided by a phrase in the "
                       "converter's dictionaries)" if len(grouped) > len(shown) else "")
            if edition == issue.language:
                print(f"{title}: nothing to review (the manuscript's own script)")
            elif not shown:
                print(f"{title}: nothing to review{decided}")
            else:
                print(f"{title}: {len(shown)} choice(s) of the converter to review{decided}")
            for found, count in shown:
                times = f" ({count} times)" if count > 1 else ""
                print(Diagnostic(found.location, found.message + times, "note", EDITION_CHOICE))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    report = Report()
    with interruptible():
        try:
            status = _run(args, report)
            checkpoint()
            return status
        except Interrupted as stop:
            for signum in HANDLED:  # a second Ctrl-C does not interrupt the goodbye
                signal.signal(signum, signal.SIG_IGN)
            _print(report)
            outcome = stop.outcome or ("the new outputs were all in place" if stop.published
                                       else "nothing was written")
            print(f"interrupted ({stop}): {outcome}", file=sys.stderr)
            return stop.exit_status
        except BrokenPipeError:  # the reader of our output went away (| head)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        except OSError as error:  # the machine: a name too long, no temporary folder, …
            _print(report)
            where = f"{error.filename}: " if error.filename else ""
            print(visible(f"{where}error: {error.strerror or error}"), file=sys.stderr)
            return 1
        except InternalError as error:
            _print(report)
            print(f"internal error while building {error.issue}: {error.__cause__!r} — nothing "
                  "was written; please report it" + ("" if args.debug else " (--debug shows where)"),
                  file=sys.stderr)
            if args.debug:
                traceback.print_exception(error.__cause__)
            return INTERNAL_ERROR
        except Exception as error:  # a defect outside the build of an issue
            print(f"internal error: {error!r}" + ("" if args.debug else " (--debug shows where)"),
                  file=sys.stderr)
            if args.debug:
                traceback.print_exception(error)
            return INTERNAL_ERROR


def _run(args: argparse.Namespace, report: Report) -> int:
    if args.command == "doctor":
        from bulletin_press.doctor import run_doctor

        return run_doctor()

    if args.command == "schema":
        from bulletin_press.manuscript.schema import json_schema

        print(json.dumps(json_schema(args.kind), ensure_ascii=False, indent=2))
        return 0

    if args.command == "new":
        return _new(args.folder, args.language)

    if args.command == "import":
        from bulletin_press.editing.importing import run_import

        return run_import(args.file, args.to, args.date, args.language)

    if args.command == "glossary":
        return _glossary_add(args)

    if args.command == "preview":
        return _preview(args, report)

    from bulletin_press.build import build, load

    paths = args.paths or [DEFAULT_SOURCE]
    limits = Limits(file_bytes=args.max_file_size)
    if args.command == "site":
        return _site(paths, args.out, report, limits, args.quiet)
    if args.command == "volume":
        return _volume(args, paths, report, limits)
    if args.command == "check":
        review = [] if args.editions else None
        issues = load(paths, report, limits, review, layout=args.layout)
        if args.profile == "press":
            from bulletin_press.build import check_press

            check_press(issues, report)
        # A fix may make another: '第二段,  不变' has a space between Chinese once ',' is '，'.
        for _ in range(FIX_ROUNDS if args.fix else 1 if args.diff else 0):
            if not _fix(report, args.diff, limits):
                break
            review = [] if args.editions else None
            issues = load(paths, report, limits, review, layout=args.layout)  # what is left after the fixes
        if args.report_format == "json":
            _print_json(report, review)
            return 0 if report.ok else 1
        fits = {}
        if args.fit and report.ok:
            from bulletin_press.build import measure_fits

            fits = measure_fits(issues, report)
        _print(report)
        if report.ok:
            print(f"ok: {len(issues)} issue(s), "
                  f"{sum(len(issue.stories) for issue in issues)} stories")
        if review is not None:
            _print_review(review)
        if fits:
            from bulletin_press.progress import print_fits

            print_fits(fits, stream=sys.stdout)
        return 0 if report.ok else 1

    formats = tuple(dict.fromkeys(args.formats or DEFAULT_FORMATS))
    editions = tuple(dict.fromkeys(args.editions)) if args.editions else None
    review = [] if args.review else None
    from bulletin_press.progress import Display, print_fits, print_outcome
    from bulletin_press.workers import available_cores

    with Display(args.quiet) as display:
        outcome = build(paths, formats, editions, args.out, report, limits, review,
                        args.force, display, args.profile, args.layout,
                        args.jobs or available_cores(), args.executor)
    _print(report, args.quiet)
    if not report.ok:
        print("nothing was written", file=sys.stderr)
        return 1
    print_outcome(outcome, args.quiet)
    print_fits(outcome.fits, args.quiet)
    if review is not None:
        _print_review(review, editions)
    return 0


def _site(paths: list[Path], out: Path, report: Report, limits: Limits, quiet: bool) -> int:
    from bulletin_press.site import build_site

    outcome = build_site(paths, out, report, limits)
    _print(report, quiet)
    if not report.ok:
        print("nothing was written", file=sys.stderr)
        return 1
    if not quiet:
        size = sum(len(content) for content in outcome.files.values())
        print(f"wrote {out}/: {outcome.issues} issue(s), {len(outcome.files)} files, "
              f"{size / 1_000_000:.1f} MB")
    return 0


def _volume(args: argparse.Namespace, paths: list[Path], report: Report, limits: Limits) -> int:
    from bulletin_press.volumes import VOLUME_FORMATS, build_volume

    editions = tuple(dict.fromkeys(args.editions)) if args.editions else None
    formats = tuple(dict.fromkeys(args.formats or VOLUME_FORMATS))
    written = build_volume(paths, args.year, editions, args.out, report, limits, formats,
                           args.layout)
    _print(report, args.quiet)
    if not report.ok:
        print("nothing was written", file=sys.stderr)
        return 1
    for output in written if not args.quiet else ():
        pages = f"{output.pages} pages, " if output.pages is not None else ""
        print(f"wrote {output.path} ({pages}{output.size / 1_000_000:.1f} MB, "
              f"{output.seconds:.1f} s, {output.peak_bytes / 1_000_000:.0f} MB peak)")
    return 0


def _preview(args: argparse.Namespace, report: Report) -> int:
    from bulletin_press.manuscript.folders import find_issues
    from bulletin_press.preview.server import serve

    folders = find_issues([args.issue or DEFAULT_SOURCE], report)
    _print(report)
    if not report.ok:
        return 1
    if len(folders) != 1:
        print(f"{args.issue or DEFAULT_SOURCE}: error: give one issue folder to preview "
              f"(found {len(folders)})", file=sys.stderr)
        return 1
    try:
        serve(folders[0], args.host, args.port, args.edition, args.open_browser)
    except Interrupted as stop:
        stop.outcome = "the preview stopped"
        raise
    return 0


def _glossary_add(args: argparse.Namespace) -> int:
    from bulletin_press.editing.glossary import GlossaryError, add_term
    from bulletin_press.manuscript.load import GLOSSARY_FILE, ISSUE_FILE

    shared = args.shared is not None
    path = args.shared if shared else args.issue
    if path.is_dir():
        path = path / (GLOSSARY_FILE if shared else ISSUE_FILE)
    forms = {edition: getattr(args, edition) for edition in EDITIONS
             if getattr(args, edition) is not None}
    try:
        added = add_term(path, args.term, forms, shared)
    except GlossaryError as error:
        print(visible(f"{path}: error: {error}"), file=sys.stderr)
        return 1
    if added.already:
        print(visible(f"{added.location}: '{args.term}' is in the glossary already, with these "
                      f"forms: {added.entry}"))
    else:
        print(visible(f"{added.location}: added {added.entry}"))
    return 0


def _fix(report: Report, diff_only: bool, limits: Limits) -> bool:
    """Make (or, with ``diff_only``, show) the fixes of ``report``; whether files changed,
    and then ``report`` is emptied for the files to be read again.  The diff goes to
    standard output (for ``patch``); what was fixed, once its file is written, to standard
    error, like diagnostics."""
    from bulletin_press.editing import fix

    edits = fix.plan(report, limits)
    written = 0
    try:
        for edit in edits:
            if diff_only:
                print(edit.diff(), end="")
            with held_back():  # the file and the telling of it, whole
                try:
                    changed = not diff_only and fix.write(edit)
                except fix.Refused as refusal:
                    print(visible(f"error: {refusal}"), file=sys.stderr)
                    changed = False
                written += changed
                _describe(edit, made=changed)
            checkpoint()
    except Interrupted as stop:
        if written:
            stop.outcome = (f"{written} file(s) fixed, each whole; the others are as they "
                            "were (check --fix again to go on)")
        report.diagnostics.clear()  # they were found before the fixes
        raise
    if not written:
        return False
    report.diagnostics.clear()
    report.sources.clear()
    return True


def _describe(edit, made: bool) -> None:  # noqa: ANN001
    from bulletin_press.editing.fix import describe

    for diagnostic in edit.fixed:
        print(visible(describe(diagnostic, made)), file=sys.stderr)
    for diagnostic, why in edit.skipped:
        print(visible(f"{diagnostic.location}: not fixed: {why} [{diagnostic.code}]"),
              file=sys.stderr)


def _new(folder: Path, language: str) -> int:
    import datetime

    from bulletin_press.editing.scaffold import Refused, new_issue

    try:
        written = new_issue(folder, language, datetime.date.today())
    except Refused as refusal:
        print(visible(f"{folder}: error: {refusal}"), file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(f"next: write the issue and its stories, then run: bulletin-press check {folder}")
    return 0
