"""YAML nodes with positions: where a value stands, and a text value's lines."""

from __future__ import annotations

from pathlib import Path

import yaml

from bulletin_press.diagnostics import Location
from bulletin_press.text.source import SourceLine, SourceText


def node_location(path: Path, node: yaml.Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


def source_text(path: Path, node: yaml.ScalarNode) -> SourceText:
    """A scalar's lines with their source positions, before YAML folds them.

    YAML folds the line breaks of plain and ``>`` scalars into spaces, which
    would put a space inside Chinese sentences; the lines are taken from the
    source instead, and joined by :mod:`bulletin_press.text.paragraphs`.
    """
    where = node_location(path, node)
    start, end = node.start_mark, node.end_mark
    source = start.buffer
    if node.style in ("|", ">") and source is not None:
        raw = source[start.index:end.index].split("\n")[1:]  # after the header line
        indents = [len(line) - len(line.lstrip(" ")) for line in raw if line.strip()]
        indent = min(indents) if indents else 0
        lines = tuple(SourceLine(line[indent:].rstrip("\r"),
                                 Location(path, start.line + 2 + number, indent + 1))
                      for number, line in enumerate(raw))
    elif node.style is None and source is not None and start.line != end.line:
        raw = source[start.index:end.index].split("\n")
        lines = tuple(
            SourceLine(line.strip(),
                       Location(path, start.line + 1 + number,
                                (start.column if number == 0 else len(line) - len(line.lstrip())) + 1))
            for number, line in enumerate(raw))
    else:
        quote = 1 if node.style in ("'", '"') else 0
        exact = source is not None and \
            source[start.index + quote:end.index - quote] == node.value
        lines = tuple(SourceLine(line, where.shifted(col=where.col + quote), exact)
                      for line in node.value.split("\n"))
    return SourceText(lines, where)
