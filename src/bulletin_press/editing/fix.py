"""``check --fix``: the safe fixes of a check, made in the manuscript files themselves.

A fix replaces exactly the characters its diagnostic points at, and nothing
else: comments, key order, quoting and block style stay byte for byte as the
editor wrote them.  A fix is made only where the file holds those characters at
that place (not inside a quoted string with escapes); of two fixes of one place
one is made and the other is left for the next run; and a file whose new text
would not read as YAML is left as it was.  Each file is replaced in one step.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml

from bulletin_press.diagnostics import Diagnostic, Report
from bulletin_press.manuscript.compose import Refusal, compose
from bulletin_press.manuscript.files import Limits, replace_file


@dataclass(frozen=True)
class Edit:
    """One file's text before and after its fixes."""

    path: Path
    before: str
    after: str
    fixed: tuple[Diagnostic, ...]  # the diagnostics fixed, in the file's order
    skipped: tuple[tuple[Diagnostic, str], ...]  # and those that could not be, with why

    def diff(self) -> str:
        name = str(self.path)
        return "".join(difflib.unified_diff(self.before.splitlines(keepends=True),
                                            self.after.splitlines(keepends=True), name, name))


def plan(report: Report) -> list[Edit]:
    """The edits that make the fixes of ``report``'s diagnostics, file by file."""
    by_file: dict[Path, list[Diagnostic]] = {}
    for diagnostic in report:
        if diagnostic.fix is not None:
            by_file.setdefault(diagnostic.location.path, []).append(diagnostic)
    return [_edit(path, diagnostics) for path, diagnostics in by_file.items()]


def _edit(path: Path, diagnostics: list[Diagnostic]) -> Edit:
    if path.is_symlink():
        why = "the file is a link: fix the file it points to"
        return Edit(path, "", "", (), tuple((d, why) for d in diagnostics))
    before = path.read_bytes().decode("utf-8")
    lines = before.split("\n")
    fixed, skipped = [], []
    taken: dict[int, int] = {}  # line → the column where the last fix on it starts
    # right to left on each line, so that a fix does not move the columns of the next one
    for diagnostic in sorted(diagnostics, key=lambda d: (d.location.line, -d.location.col)):
        location, fix = diagnostic.location, diagnostic.fix
        assert fix is not None
        index, start = location.line - 1, location.col - 1
        line = lines[index] if 0 <= index < len(lines) else ""
        if start + len(fix.old) > taken.get(index, len(line) + 1):
            skipped.append((diagnostic, "another fix changes this place"))
        elif line[start:start + len(fix.old)] != fix.old:
            skipped.append((diagnostic, "the file no longer reads as it did"))
        else:
            lines[index] = line[:start] + fix.new + line[start + len(fix.old):]
            taken[index] = start
            fixed.append(diagnostic)
    after = "\n".join(lines)
    if fixed and not _reads_as_yaml(after):
        why = "with the fixes, the file would not read as YAML"
        return Edit(path, before, before, (), tuple((d, why) for d in diagnostics))
    fixed.sort(key=lambda d: d.location)
    return Edit(path, before, after, tuple(fixed), tuple(skipped))


def _reads_as_yaml(text: str) -> bool:
    try:
        compose(text, Limits().depth)
    except (yaml.YAMLError, Refusal):
        return False
    return True


def write(edits: list[Edit]) -> list[Path]:
    """Replace each changed file by its fixed text; the files written."""
    written = []
    for edit in edits:
        if edit.after != edit.before:
            replace_file(edit.path, edit.after.encode("utf-8"))
            written.append(edit.path)
    return written


def describe(diagnostic: Diagnostic, made: bool = True) -> str:
    """``path:line:col: fixed: ',' → '，' [code]`` (``fix:`` for a fix not made yet)."""
    fix = diagnostic.fix
    assert fix is not None
    new = f"'{fix.new}'" if fix.new else "nothing"
    if fix.new == "\u3000":
        new += " (an ideographic space)"
    return (f"{diagnostic.location}: {'fixed' if made else 'fix'}: '{fix.old}' → {new} "
            f"[{diagnostic.code}]")

