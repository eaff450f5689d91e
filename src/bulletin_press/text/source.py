"""Text as it stands in a manuscript file: lines that know where they are."""

from __future__ import annotations

from dataclasses import dataclass

from bulletin_press.diagnostics import Location


@dataclass(frozen=True)
class SourceLine:
    text: str
    location: Location  # of the line's first character
    # whether the text stands in the file exactly as here, character for character from
    # its location (not so in a quoted string with escapes or folded lines): only then
    # may a fix edit the file at a diagnostic's place
    exact: bool = True
    # whether it is set on a line of its own (a title, a headline): a space between two
    # phrases there is meant, and set as an ideographic space
    display: bool = False
    field: str = ""  # the field it is the text of: headline, body, caption…

    def at(self, offset: int) -> Location:
        return self.location.shifted(col=self.location.col + offset)


@dataclass(frozen=True)
class SourceText:
    """A text field's lines; a blank line separates paragraphs."""

    lines: tuple[SourceLine, ...]
    location: Location  # of the field's value

    @property
    def value(self) -> str:
        return "\n".join(line.text for line in self.lines)
