"""Warnings silenced in place, by a comment the editor writes in the YAML.

``# check: ignore space-in-chinese, quote-style`` at the end of a line silences
those warnings in the entry that line starts (a field with its whole value, or
an item of a list); on a line of its own it silences them in the entry that
follows.  A ``#`` inside a text is text, not a comment: markers are looked for
only outside the file's scalars.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bulletin_press.diagnostics import CODES, Diagnostic, Location, Report

_MARKER = re.compile(r"(?:^|(?<=\s))#\s*check:\s*ignore\s+([\w-]+(?:\s*,\s*[\w-]+)*)\s*$")


@dataclass(frozen=True)
class Silenced:
    path: Path
    first: int  # lines, from 1, inclusive
    last: int
    codes: frozenset[str]

    def covers(self, diagnostic: Diagnostic) -> bool:
        location = diagnostic.location
        return diagnostic.severity == "warning" and diagnostic.code in self.codes \
            and location.path == self.path and self.first <= location.line <= self.last


def silenced(path: Path, lines: list[str], root: yaml.Node | None,
             report: Report) -> list[Silenced]:
    """The markers of a file (its ``lines`` and its node tree); unknown codes are errors."""
    if root is None or not any("check" in line and "#" in line for line in lines):
        return []
    scalars = _scalar_spans(root)
    entries = _entries(root)
    found = []
    for number, line in enumerate(lines, 1):
        match = _MARKER.search(line)
        if match is None or _inside(scalars, number, match.start()):
            continue
        codes = [code.strip() for code in match.group(1).split(",")]
        for code in codes:
            if code not in CODES:
                hint = difflib.get_close_matches(code, CODES, n=1)
                report.error(Location(path, number, match.start(1) + 1),
                             f"no check '{code}'" + (f" (did you mean '{hint[0]}'?)" if hint
                                                     else " (docs/checks.md lists them)"))
        target = number if line[:match.start()].strip() else _next_content(lines, number)
        if target in entries:
            found.append(Silenced(path, target, entries[target], frozenset(codes)))
    return found


def drop_silenced(report: Report, start: int, marks: list[Silenced]) -> None:
    """Remove the warnings since ``report.diagnostics[start]`` that markers silence."""
    if marks:
        report.diagnostics[start:] = [d for d in report.diagnostics[start:]
                                      if not any(mark.covers(d) for mark in marks)]


def _scalar_spans(node: yaml.Node) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where each scalar stands: ((line, column), (line, column)) from 1, end exclusive."""
    spans = []
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            # a block scalar's text starts on the line after its '|' (which may take a comment)
            start = (node.start_mark.line + 2, 0) if node.style in ("|", ">") else \
                (node.start_mark.line + 1, node.start_mark.column)
            spans.append((start, (node.end_mark.line + 1, node.end_mark.column)))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in node.value for item in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return spans


def _inside(spans, line: int, column: int) -> bool:
    return any(start <= (line, column) < end for start, end in spans)


def _entries(root: yaml.Node) -> dict[int, int]:
    """For each line an entry starts on (a key, a list item), the last line of the widest
    entry starting there."""
    entries: dict[int, int] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        pairs = node.value if isinstance(node, yaml.MappingNode) else \
            [(item, item) for item in node.value] if isinstance(node, yaml.SequenceNode) else []
        for start, value in pairs:
            first = start.start_mark.line + 1
            entries[first] = max(entries.get(first, first), _last_line(value))
            stack.append(value)
    return entries


def _last_line(node: yaml.Node) -> int:
    """The last line holding some of ``node`` (a collection's end mark is where the next
    token starts, so it is found from the scalars inside)."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        return end.line + 1 if end.column else end.line
    children = [item for pair in node.value for item in pair] \
        if isinstance(node, yaml.MappingNode) else node.value
    return max((_last_line(child) for child in children), default=node.start_mark.line + 1)


def _next_content(lines: list[str], number: int) -> int:
    """The first line after ``number`` that is neither blank nor only a comment."""
    for following in range(number + 1, len(lines) + 1):
        stripped = lines[following - 1].strip()
        if stripped and not stripped.startswith("#"):
            return following
    return 0
