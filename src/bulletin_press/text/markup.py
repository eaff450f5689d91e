"""Inline markup of manuscript text.

``**…**`` is emphasis; ``{漢字|hàn zì}`` is ruby (base text | annotation); a
backslash makes the next ``\\ * { } |`` literal.  Everything else is text:
``<b>`` and ``{{ x }}`` are printed as typed, never interpreted — braces are
ruby only around a ``|``, and ``{{``, ``{%`` and ``{#`` are always text.
A field may take less markup than body text: a masthead name takes none, a
byline ruby but no emphasis; what it does not take is an error at its place.
"""

from __future__ import annotations

import bisect
import re

from bulletin_press.diagnostics import Report
from bulletin_press.manuscript.model import Emphasis, Inline, Inlines, Paragraph, Ruby, Text
from bulletin_press.text.pairs import unpaired
from bulletin_press.text.paragraphs import JoinedText, split_paragraphs
from bulletin_press.text.source import SourceText

_ESCAPABLE = set("\\*{}|")
_ESCAPE = re.compile(r"\\([\\*{}|])")
_SPECIAL = re.compile(r"[\\*{]")

EMPHASIS, RUBY = "emphasis", "ruby"
MARKUP = frozenset({EMPHASIS, RUBY})


def parse_inlines(joined: JoinedText, report: Report, markup: frozenset[str] = MARKUP,
                  field: str = "this text") -> Inlines:
    """The inlines of a paragraph; emphasis or ruby where ``markup`` leaves it out is reported
    as an error of ``field`` at its place."""
    text = joined.text
    # The text with every escape pair blanked out (same length): the braces and bars left
    # in it are markup, so that {a|b\}c} is the ruby a|b}c.
    marks = _Markup(_ESCAPE.sub("\0\0", text))
    out: list[Inline] = []
    emphasis: list[Inline] | None = None
    emphasis_start = 0
    run: list[str] = []

    def target() -> list[Inline]:
        return out if emphasis is None else emphasis

    def flush() -> None:
        if run:
            _append_text(target(), "".join(run))
            run.clear()

    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
            run.append(text[i + 1])
            i += 2
        elif text.startswith("**", i):
            flush()
            if emphasis is None:
                emphasis, emphasis_start = [], i
            else:
                if emphasis:
                    if EMPHASIS not in markup:
                        report.error(joined.at(emphasis_start),
                                     f"'{field}' takes no emphasis: remove the '**' "
                                     "(or write \\* for a literal asterisk)")
                    out.append(Emphasis(tuple(emphasis)))  # type: ignore[arg-type]
                else:
                    report.error(joined.at(emphasis_start), "empty emphasis '****'")
                emphasis = None
            i += 2
        elif text.startswith(("{{", "{%", "{#"), i):
            run.append(text[i:i + 2])
            i += 2
        elif char == "{":
            end = marks.next("}", i)
            ruby = _parse_ruby(joined, marks, i, end, report)
            if ruby is not None and RUBY not in markup:
                report.error(joined.at(i), f"'{field}' takes no ruby: write the base text "
                                           "alone (or \\{ for a literal brace)")
            if ruby is None:
                run.append(char)
                i += 1
            else:
                flush()
                target().append(ruby)
                i = end + 1
        elif char in "\\*{":
            run.append(char)
            i += 1
        else:  # plain text up to the next character that may start markup
            special = _SPECIAL.search(text, i)
            end = special.start() if special else len(text)
            run.append(text[i:end])
            i = end
    flush()
    if emphasis is not None:
        report.error(joined.at(emphasis_start),
                     "'**' opens emphasis that is never closed in this paragraph "
                     "(write \\* for a literal asterisk)")
        _append_text(out, "**")
        out.extend(emphasis)
    return tuple(out)


def _append_text(inlines: list[Inline], text: str) -> None:
    if inlines and isinstance(inlines[-1], Text):
        inlines[-1] = Text(inlines[-1].text + text)
    else:
        inlines.append(Text(text))


class _Markup:
    """Where the markup characters of a paragraph stand, to answer "the next ``}`` after i"
    or "how many ``|`` between i and j" in logarithmic time: a paragraph of many braces is
    parsed in n log n, never n² (a manuscript may be written to be slow)."""

    def __init__(self, text: str):
        self.length = len(text)
        self.positions = {char: [match.start() for match in re.finditer(re.escape(char), text)]
                          for char in "{}|"}

    def next(self, char: str, after: int, before: int | None = None) -> int:
        """The first ``char`` after index ``after`` (and before ``before``), or -1."""
        positions = self.positions[char]
        index = bisect.bisect_right(positions, after)
        if index == len(positions) or (before is not None and positions[index] >= before):
            return -1
        return positions[index]

    def count(self, char: str, after: int, before: int) -> int:
        positions = self.positions[char]
        return bisect.bisect_left(positions, before) - bisect.bisect_right(positions, after)


def _parse_ruby(joined: JoinedText, markup: _Markup, start: int, end: int,
                report: Report) -> Ruby | None:
    """The ruby at ``start``, or None where the brace is text."""
    where = joined.at(start)
    if end < 0:
        bar = markup.next("|", start)
        if bar >= 0 and markup.next("{", start, bar) < 0:
            report.error(where, "'{' opens a ruby annotation that is never closed "
                                "(write {base|annotation}, or \\{ for a literal brace)")
        return None
    if markup.next("{", start, end) >= 0 or markup.next("|", start, end) < 0:
        return None
    typed = joined.text[start + 1:end]
    if markup.count("|", start, end) != 1:
        report.error(where, f"ruby '{{{typed}}}' needs exactly one '|' between base text and annotation")
        return None
    bar = markup.next("|", start) - start - 1
    base, annotation = (_ESCAPE.sub(r"\1", part).strip() for part in (typed[:bar], typed[bar + 1:]))
    if not base or not annotation:
        report.error(where, f"ruby '{{{typed}}}' needs both a base text and an annotation")
        return None
    return Ruby(base, annotation)


_RUBY = re.compile(r"\{[^{}|]*\|([^{}|]*)\}")


def annotations(text: str) -> list[tuple[int, int]]:
    """Where the ruby annotations of a paragraph as written stand (start, end): text that is
    printed but never converted."""
    return [match.span(1) for match in _RUBY.finditer(_ESCAPE.sub("\0\0", text))]


def parse_paragraphs(source: SourceText, report: Report, markup: frozenset[str] = MARKUP,
                     field: str = "this text") -> tuple[Paragraph, ...]:
    paragraphs = split_paragraphs(source)
    for joined, following in zip(paragraphs, paragraphs[1:] + [None]):
        for index, problem in unpaired(joined.text, following.text[0] if following else ""):
            report.warning(joined.at(index), problem, "unpaired-bracket")
    return tuple(Paragraph(parse_inlines(joined, report, markup, field), joined.at(0))
                 for joined in paragraphs)


def parse_line(source: SourceText, report: Report, markup: frozenset[str] = MARKUP,
               field: str = "this text") -> Inlines:
    """One run of text (a title, a headline line, a caption): its lines joined, no paragraphs."""
    paragraphs = parse_paragraphs(source, report, markup, field)
    inlines: list[Inline] = []
    for paragraph in paragraphs:
        inlines.extend(paragraph.inlines)
    return tuple(inlines)
