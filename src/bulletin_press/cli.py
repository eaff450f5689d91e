"""The command line: arguments, exit codes and printing diagnostics; nothing else.

Exit status: 0 success, 1 problems in the inputs (nothing written), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bulletin_press import __version__
from bulletin_press.build import DEFAULT_FORMATS, DEFAULT_SOURCE, FORMATS, build, load
from bulletin_press.diagnostics import Report
from bulletin_press.manuscript.model import EDITIONS
from bulletin_press.manuscript.schema import json_schema


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bulletin-press",
        description="Typeset a Chinese-language bulletin from YAML manuscripts into PDF and EPUB.")
    parser.add_argument("--version", action="version", version=f"bulletin-press {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_parser = commands.add_parser("build", help="build PDF, EPUB or HTML from manuscripts")
    build_parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                              help="an issue folder or a folder of issue folders "
                                   f"(default: {DEFAULT_SOURCE}/)")
    build_parser.add_argument("--format", action="append", choices=FORMATS, dest="formats",
                              help="pdf, epub or html; repeat for several (default: pdf and epub)")
    build_parser.add_argument("--edition", action="append", choices=EDITIONS, dest="editions",
                              help="build only this edition; repeat for several (default: all)")
    build_parser.add_argument("--out", type=Path, default=Path("dist"),
                              help="the output folder (default: dist)")

    check_parser = commands.add_parser("check", help="check manuscripts; writes nothing")
    check_parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")

    commands.add_parser("doctor", help="check that this machine can build")

    schema_parser = commands.add_parser("schema", help="print the JSON Schema of a manuscript file")
    schema_parser.add_argument("kind", choices=("issue", "story"))
    return parser


def _print(report: Report) -> None:
    for diagnostic in report:
        print(diagnostic, file=sys.stderr)
    errors, warnings = len(report.errors), len(report) - len(report.errors)
    if errors or warnings:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "doctor":
        from bulletin_press.doctor import run_doctor

        return run_doctor()

    if args.command == "schema":
        print(json.dumps(json_schema(args.kind), ensure_ascii=False, indent=2))
        return 0

    report = Report()
    paths = args.paths or [DEFAULT_SOURCE]
    if args.command == "check":
        issues = load(paths, report)
        _print(report)
        if report.ok:
            print(f"ok: {len(issues)} issue(s), "
                  f"{sum(len(issue.stories) for issue in issues)} stories")
        return 0 if report.ok else 1

    formats = tuple(dict.fromkeys(args.formats or DEFAULT_FORMATS))
    editions = tuple(dict.fromkeys(args.editions)) if args.editions else None
    written = build(paths, formats, editions, args.out, report)
    _print(report)
    if not report.ok:
        print("nothing was written", file=sys.stderr)
        return 1
    for path in written:
        size = sum(f.stat().st_size for f in path.rglob("*")) if path.is_dir() else path.stat().st_size
        print(f"wrote {path} ({size / 1024:.0f} KB)")
    return 0
