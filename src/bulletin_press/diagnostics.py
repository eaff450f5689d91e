"""Diagnostics: what is wrong with an input, and exactly where.

Every problem found in a manuscript becomes a :class:`Diagnostic` that prints as
``path:line:col: error: message`` (lines and columns count from 1), the form
editors' tools and terminals turn into links.  Stages collect diagnostics in a
:class:`Report` instead of raising, so that one run shows every problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Literal

Severity = Literal["error", "warning", "note"]  # a note: the edition review's, never a problem

# The warnings' codes (docs/checks.md): what an issue's ``check: ignore`` may name.
CODES = {
    "ascii-punctuation": "ASCII punctuation in Chinese text",
    "space-in-chinese": "a space between Chinese characters",
    "space-beside-chinese": "a typed space where the layout sets its own gap",
    "fullwidth-ruby-bar": "ruby written with the full-width bar",
    "converter-pinyin": "pinyin a converter added after each character",
    "mojibake": "characters lost to a wrong encoding",
    "quote-style": "quotation marks of the other style than the manuscript's",
    "unpaired-bracket": "a quotation mark or bracket not closed, or closed without opening",
    "headline-too-long": "a headline line print cannot set in two lines broken between phrases",
    "image-resolution": "a picture with too few pixels for its printed size",
    "other-script": "text in the other script than the manuscript's",
    "glossary-form": "a glossary term written in an edition's form",
    "unlisted-story": "a story file not listed in the issue's stories",
    "yml-file": "a .yml file where story files end in .yaml",
    "vertical-without-traditional": "'vertical' set in an issue with no Traditional edition",
}


@dataclass(frozen=True, order=True)
class Location:
    path: Path
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        # The path as the user gave it (relative stays relative), as compilers print it.
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return str(self.path)

    def shifted(self, lines: int = 0, col: int | None = None) -> "Location":
        return Location(self.path, self.line + lines, self.col if col is None else col)


@dataclass(frozen=True)
class Fix:
    """A safe correction: ``old``, standing in the file at the diagnostic's location,
    becomes ``new``."""

    old: str
    new: str


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    message: str
    severity: Severity = "error"
    code: str = ""  # a stable name for the check, where it has one (docs/checks.md)
    fix: Fix | None = None

    def __str__(self) -> str:
        code = f" [{self.code}]" if self.code else ""
        return visible(f"{self.location}: {self.severity}: {self.message}{code}")


def visible(text: str) -> str:
    """``text`` on one line, its control characters written as escapes: a value or a file
    name can neither start a line of its own nor send codes to the terminal."""
    return "".join(char if char.isprintable() or char in " \u3000" else
                   f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
                   for char in text)


@dataclass
class Report:
    """Diagnostics collected over a run, in the order they were found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[Path, list[str]] = field(default_factory=dict)  # the lines of files read

    def source_line(self, location: Location) -> str | None:
        """The line a location points into, where its file was read."""
        lines = self.sources.get(location.path)
        if lines is None or not 0 < location.line <= len(lines):
            return None
        return lines[location.line - 1]

    def error(self, location: Location, message: str, code: str = "") -> None:
        self.diagnostics.append(Diagnostic(location, message, "error", code))

    def warning(self, location: Location, message: str, code: str = "",
                fix: Fix | None = None) -> None:
        self.diagnostics.append(Diagnostic(location, message, "warning", code, fix))

    def extend(self, other: "Report") -> None:
        self.diagnostics.extend(other.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(self.diagnostics, key=lambda d: d.location))

    def __len__(self) -> int:
        return len(self.diagnostics)


class InternalError(Exception):
    """A defect of bulletin-press itself, met while building ``issue``; its cause is the
    exception that showed it."""

    def __init__(self, issue: str):
        super().__init__(issue)
        self.issue = issue
