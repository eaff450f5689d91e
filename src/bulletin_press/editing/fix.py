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
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from bulletin_press.diagnostics import Diagnostic, Report
from bulletin_press.manuscript.compose import Refusal, compose
from bulletin_press.manuscript.files import Limits, Refused, read_confined, replace_file


BOM = "\ufeff"


@dataclass(frozen=True)
class Edit:
    """One file's text before and after its fixes."""

    path: Path  # as the diagnostics name it
    real: Path  # where it is, resolved once: the file written is the file read
    before: str
    after: str
    fixed: tuple[Diagnostic, ...]  # the diagnostics fixed, in the file's order
    skipped: tuple[tuple[Diagnostic, str], ...]  # and those that could not be, with why

    def diff(self) -> str:
        name = str(self.path)
        return "".join(difflib.unified_diff(self.before.splitlines(keepends=True),
                                            self.after.splitlines(keepends=True), name, name))


def plan(report: Report, limits: Limits = Limits()) -> list[Edit]:
    """The edits that make the fixes of ``report``'s diagnostics, file by file."""
    by_file: dict[Path, list[Diagnostic]] = {}
    for diagnostic in report:
        if diagnostic.fix is not None:
            by_file.setdefault(diagnostic.location.path, []).append(diagnostic)
    return [_edit(path, diagnostics, limits) for path, diagnostics in by_file.items()]


def _refused(path: Path, diagnostics: list[Diagnostic], why: str) -> Edit:
    return Edit(path, path, "", "", (), tuple((d, why) for d in diagnostics))


def _edit(path: Path, diagnostics: list[Diagnostic], limits: Limits) -> Edit:
    if path.is_symlink():
        return _refused(path, diagnostics, "the file is a link: fix the file it points to")
    real = Path(os.path.realpath(path))
    try:
        # read as the loader reads: a regular file, where it was, bounded
        before = read_confined(real, real.parent, limits.file_bytes).decode("utf-8")
    except (Refused, UnicodeDecodeError) as problem:
        return _refused(path, diagnostics, f"the file cannot be read again ({problem})")
    bom = BOM if before.startswith(BOM) else ""  # columns count from after it, as YAML's do
    lines = before[len(bom):].split("\n")
    fixed, skipped = [], []
    by_line: dict[int, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_line.setdefault(diagnostic.location.line - 1, []).append(diagnostic)
    for index, on_line in by_line.items():
        line = lines[index] if 0 <= index < len(lines) else ""
        pieces, end = [], len(line)  # the line rebuilt right to left, in one join
        for diagnostic in sorted(on_line, key=lambda d: -d.location.col):
            fix = diagnostic.fix
            assert fix is not None
            start = diagnostic.location.col - 1
            if start + len(fix.old) > end:
                skipped.append((diagnostic, "another fix changes this place"))
            elif line[start:start + len(fix.old)] != fix.old:
                skipped.append((diagnostic, "the file no longer reads as it did"))
            else:
                pieces += [line[start + len(fix.old):end], fix.new]
                end = start
                fixed.append(diagnostic)
        if 0 <= index < len(lines):
            lines[index] = line[:end] + "".join(reversed(pieces))
    after = bom + "\n".join(lines)
    if fixed and len(after.encode("utf-8")) > limits.file_bytes:
        return _refused(path, diagnostics, "with the fixes the file would be larger than "
                                           f"{limits.file_bytes // (1024 * 1024)} MB, the most "
                                           "a manuscript file may be: split it first")
    if fixed and not _reads_as_yaml(after):
        return _refused(path, diagnostics, "with the fixes, the file would not read as YAML")
    fixed.sort(key=lambda d: d.location)
    return Edit(path, real, before, after, tuple(fixed), tuple(skipped))


def _reads_as_yaml(text: str) -> bool:
    try:
        compose(text, Limits().depth)
    except (yaml.YAMLError, Refusal):
        return False
    return True


def write(edit: Edit) -> bool:
    """Replace the edit's file by its fixed text, in one step; whether it changed.  (The
    command holds signals back around it and the telling of it, so that a stop leaves each
    file old or new, and says how many were fixed.)"""
    if edit.after == edit.before:
        return False
    if os.path.realpath(edit.real.parent) != str(edit.real.parent):
        raise Refused(f"{edit.path}: a folder on its way became a link while it was fixed")
    replace_file(edit.real, edit.after.encode("utf-8"))
    return True


def describe(diagnostic: Diagnostic, made: bool = True) -> str:
    """``path:line:col: fixed: ',' → '，' [code]`` (``fix:`` for a fix not made yet)."""
    fix = diagnostic.fix
    assert fix is not None
    new = f"'{fix.new}'" if fix.new else "nothing"
    if fix.new == "\u3000":
        new += " (an ideographic space)"
    return (f"{diagnostic.location}: {'fixed' if made else 'fix'}: '{fix.old}' → {new} "
            f"[{diagnostic.code}]")

