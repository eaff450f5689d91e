"""Lines of a built PDF, read back from glyph positions and matched to their paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

from bulletin_press.layouts import Layout

# the newsletter's page, as its layout.yml gives it
_PAGE = ("print", "page")
_LAYOUT = Layout.named("newsletter")
MARGIN = _LAYOUT.length(*_PAGE, "side-margin")
COLUMN = _LAYOUT.length(*_PAGE, "column")
GUTTER = _LAYOUT.length(*_PAGE, "column-gap")
BODY = _LAYOUT.length(*_PAGE, "body-size")
BODY_SIZES = (BODY, 11.0)  # body text and the lead (.lead { font-size: 11pt })


@dataclass
class Line:
    page: int
    size: float
    chars: list[dict]
    paragraph: int = -1
    first: bool = False
    last: bool = False

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return self.chars[-1]["x1"]

    @property
    def column(self) -> int:
        """0 or 1 for the story columns, -1 for the full-width lead."""
        if self.size == 11.0:
            return -1
        return 0 if self.x0 < MARGIN + COLUMN + GUTTER / 2 else 1

    @property
    def left(self) -> float:
        return MARGIN + (self.column == 1) * (COLUMN + GUTTER)

    @property
    def right(self) -> float:
        return MARGIN + 2 * COLUMN + GUTTER if self.column == -1 else self.left + COLUMN


def baseline(char: dict, page_height: float) -> float:
    return page_height - char["matrix"][5]


def read_lines(pdf: Path | bytes, sizes=BODY_SIZES) -> list[Line]:
    """Lines of text of the given sizes in reading order: lead, then each column top to bottom."""
    import io

    lines: dict[tuple, Line] = {}
    with pdfplumber.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        for number, page in enumerate(document.pages):
            for char in page.chars:
                size = round(char["size"], 2)
                if size not in sizes or not char["text"].strip():
                    continue
                probe = Line(number, size, [char])
                key = (number, probe.column, round(baseline(char, page.height)), size)
                lines.setdefault(key, Line(number, size, [])).chars.append(char)
    ordered = [lines[key] for key in sorted(lines)]
    for line in ordered:
        # the order of the content stream where two glyph boxes start together (a mark set
        # half-width by its x placement)
        line.chars.sort(key=lambda c: round(c["x0"], 1))
    return ordered


def assign_paragraphs(lines: list[Line], paragraphs: list[str]) -> list[Line]:
    """Mark each line with its paragraph and whether it is that paragraph's first or last."""
    squeeze = lambda text: re.sub(r"\s+", "", text)  # noqa: E731
    targets = [squeeze(p) for p in paragraphs]
    index, consumed = 0, ""
    for line in lines:
        text = squeeze(line.text)
        if text.endswith("-") and index < len(targets) \
                and not targets[index].startswith(consumed + text):
            text = text[:-1]  # a word hyphenated at the line's end
        while index < len(targets) and not targets[index].startswith(consumed + text):
            index, consumed = index + 1, ""
        if index == len(targets):
            raise AssertionError(f"line {line.text!r} matches no paragraph")
        line.paragraph, line.first = index, consumed == ""
        consumed += text
        line.last = consumed == targets[index]
        if line.last:
            index, consumed = index + 1, ""
    return lines
