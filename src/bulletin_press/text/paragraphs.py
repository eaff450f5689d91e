"""Paragraphs and line joining.

A blank line separates paragraphs.  A single line break inside a paragraph
joins the two lines *without* a space when either side is Chinese, and with one
space between Latin words — editors break lines anywhere in a Chinese sentence,
and a space there would show as a gap in the middle of it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from bulletin_press.diagnostics import Location
from bulletin_press.clreq.chars import is_chinese
from bulletin_press.text.source import SourceLine, SourceText


@dataclass(frozen=True)
class JoinedText:
    """One paragraph's text, and where each of its characters stands in the source.

    Places are kept per source line (a character's is its line's start plus its offset),
    not per character: a long paragraph costs no more than its text.
    """

    text: str
    starts: tuple[int, ...]  # where in ``text`` each joined piece begins
    origins: tuple[Location, ...]  # where each piece's first character stands
    moves: tuple[bool, ...]  # whether the piece's later characters advance the column

    def at(self, index: int) -> Location:
        if not self.text:
            raise IndexError(index)
        index = min(index, len(self.text) - 1)
        piece = bisect.bisect_right(self.starts, index) - 1
        origin = self.origins[piece]
        if not self.moves[piece]:
            return origin
        return origin.shifted(col=origin.col + index - self.starts[piece])

    @property
    def locations(self) -> tuple[Location, ...]:
        """Every character's place (for tests and tools; the loader asks :meth:`at`)."""
        return tuple(self.at(index) for index in range(len(self.text)))


def join_lines(lines: list[SourceLine]) -> JoinedText:
    text: list[str] = []
    length = 0
    starts: list[int] = []
    origins: list[Location] = []
    moves: list[bool] = []
    for line in lines:
        stripped = line.text.strip()
        if not stripped:
            continue
        if text and not (is_chinese(text[-1][-1]) or is_chinese(stripped[0])):
            # the space between two Latin lines stands where the previous line ends
            origins.append(_last(origins, starts, moves, length))
            starts.append(length)
            moves.append(False)
            text.append(" ")
            length += 1
        starts.append(length)
        origins.append(line.at(len(line.text) - len(line.text.lstrip())))
        moves.append(True)
        text.append(stripped)
        length += len(stripped)
    return JoinedText("".join(text), tuple(starts), tuple(origins), tuple(moves))


def _last(origins: list[Location], starts: list[int], moves: list[bool], length: int) -> Location:
    """The place of the character before index ``length``."""
    origin = origins[-1]
    return origin.shifted(col=origin.col + length - 1 - starts[-1]) if moves[-1] else origin


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
