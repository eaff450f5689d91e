"""Paragraphs and line joining.

A blank line separates paragraphs.  A single line break inside a paragraph
joins the two lines *without* a space when either side is Chinese, and with one
space between Latin words — editors break lines anywhere in a Chinese sentence,
and a space there would show as a gap in the middle of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletin_press.diagnostics import Location
from bulletin_press.text.chars import is_chinese
from bulletin_press.text.source import SourceLine, SourceText


@dataclass(frozen=True)
class JoinedText:
    """One paragraph's text, with the source location of every character."""

    text: str
    locations: tuple[Location, ...]

    def at(self, index: int) -> Location:
        if not self.locations:
            raise IndexError(index)
        return self.locations[min(index, len(self.locations) - 1)]


def join_lines(lines: list[SourceLine]) -> JoinedText:
    text: list[str] = []
    locations: list[Location] = []
    for line in lines:
        stripped = line.text.strip()
        if not stripped:
            continue
        start = len(line.text) - len(line.text.lstrip())
        if text and not (is_chinese(text[-1]) or is_chinese(stripped[0])):
            text.append(" ")
            locations.append(locations[-1])
        for offset, char in enumerate(stripped, start):
            text.append(char)
            locations.append(line.at(offset))
    return JoinedText("".join(text), tuple(locations))


def split_paragraphs(source: SourceText) -> list[JoinedText]:
    paragraphs: list[JoinedText] = []
    current: list[SourceLine] = []
    for line in source.lines + (SourceLine("", source.location),):
        if line.text.strip():
            current.append(line)
        elif current:
            paragraphs.append(join_lines(current))
            current = []
    return paragraphs
