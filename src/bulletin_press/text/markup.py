"""Inline markup of manuscript text.

``**…**`` is emphasis; ``{漢字|hàn zì}`` is ruby (base text | annotation); a
backslash makes the next ``\\ * { } |`` literal.  Everything else is text:
``<b>`` and ``{{ x }}`` are printed as typed, never interpreted — braces are
ruby only around a ``|``, and ``{{``, ``{%`` and ``{#`` are always text.
"""

from __future__ import annotations

from bulletin_press.diagnostics import Report
from bulletin_press.manuscript.model import Emphasis, Inline, Inlines, Paragraph, Ruby, Text
from bulletin_press.text.paragraphs import JoinedText, split_paragraphs
from bulletin_press.text.source import SourceText

_ESCAPABLE = set("\\*{}|")


def parse_inlines(joined: JoinedText, report: Report) -> Inlines:
    text = joined.text
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
                    out.append(Emphasis(tuple(emphasis)))  # type: ignore[arg-type]
                else:
                    report.error(joined.at(emphasis_start), "empty emphasis '****'")
                emphasis = None
            i += 2
        elif text.startswith(("{{", "{%", "{#"), i):
            run.append(text[i:i + 2])
            i += 2
        elif char == "{":
            end = _closing_brace(text, i)
            ruby = _parse_ruby(joined, i, end, report)
            if ruby is None:
                run.append(char)
                i += 1
            else:
                flush()
                target().append(ruby)
                i = end + 1
        else:
            run.append(char)
            i += 1
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


def _unescape(text: str) -> list[tuple[str, bool]]:
    """The characters of ``text``, each with whether a backslash made it literal."""
    chars: list[tuple[str, bool]] = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
            chars.append((text[i + 1], True))
            i += 2
        else:
            chars.append((text[i], False))
            i += 1
    return chars


def _closing_brace(text: str, start: int) -> int:
    """The index of the first unescaped '}' after ``start``, or -1."""
    i = start + 1
    for char, escaped in _unescape(text[start + 1:]):
        if char == "}" and not escaped:
            return i
        i += 2 if escaped else 1
    return -1


def _parse_ruby(joined: JoinedText, start: int, end: int, report: Report) -> Ruby | None:
    """The ruby at ``start``, or None where the brace is text.

    Escapes count inside the braces too: ``{a\\|b|c}`` is the base ``a|b``.
    """
    where = joined.at(start)
    rest = joined.text[start + 1:end if end >= 0 else None]
    chars = _unescape(rest)
    bars = [index for index, (char, escaped) in enumerate(chars) if char == "|" and not escaped]
    braces = [index for index, (char, escaped) in enumerate(chars) if char == "{" and not escaped]
    if end < 0:
        if bars and not (braces and braces[0] < bars[0]):
            report.error(where, "'{' opens a ruby annotation that is never closed "
                                "(write {base|annotation}, or \\{ for a literal brace)")
        return None
    if braces or not bars:
        return None
    if len(bars) != 1:
        report.error(where, f"ruby '{{{rest}}}' needs exactly one '|' between base text and annotation")
        return None
    base = "".join(char for char, _ in chars[:bars[0]]).strip()
    annotation = "".join(char for char, _ in chars[bars[0] + 1:]).strip()
    if not base or not annotation:
        report.error(where, f"ruby '{{{rest}}}' needs both a base text and an annotation")
        return None
    return Ruby(base, annotation)


def parse_paragraphs(source: SourceText, report: Report) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(parse_inlines(joined, report), joined.at(0))
                 for joined in split_paragraphs(source))


def parse_line(source: SourceText, report: Report) -> Inlines:
    """One run of text (a headline line, a caption): its lines joined, no paragraphs."""
    paragraphs = parse_paragraphs(source, report)
    inlines: list[Inline] = []
    for paragraph in paragraphs:
        inlines.extend(paragraph.inlines)
    return tuple(inlines)
