"""Where a headline (or the issue's title) breaks: into lines between phrases, balanced.

A ragged line — a headline, a title — that does not fit its measure is broken
between phrases (:mod:`bulletin_press.text.phrases`), never inside one, into as
few lines as it needs, made as even as the phrases allow: a two-line headline
breaks at the boundary that makes its lines most nearly equal, rather than
filling the first line and leaving a word on the second.  Widths are measured
as the layout sets the text: in its font (HarfBuzz), with the ¼-em gaps between
Han and Latin.  The layout's figures for each kind of line are in ``layout.yml``
(``print: headline:`` and ``print: title:``: font, size, measure).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bulletin_press.fonts import text_width
from bulletin_press.layouts import Layout
from bulletin_press.manuscript.model import Emphasis, Inline, Inlines, Ruby, Text, plain_text
from bulletin_press.text.phrases import phrase_starts
from bulletin_press.clreq.chars import is_alphanumeric, is_han

CJK_LATIN_GAP = 0.25  # em: the layout's space between Han and Latin (text/spacing.py)


@dataclass(frozen=True)
class Measure:
    """How a kind of ragged line is set: its font file, size and measure, in points."""

    font: str
    size: float
    width: float

    def text_width(self, text: str) -> float:
        """How wide ``text`` sets on one line: a space typed beside Han is set as the
        layout's gap, which is counted between every Han character and Latin letter or digit."""
        return _width(text.strip(), self.font, self.size)


@lru_cache(maxsize=4096)
def _width(text: str, font: str, size: float) -> float:
    text = "".join(char for index, char in enumerate(text) if not (
        char == " " and (is_han(text[index - 1]) or is_han(text[index + 1]))))
    gaps = sum(1 for a, b in zip(text, text[1:])
               if (is_han(a) and is_alphanumeric(b)) or (is_alphanumeric(a) and is_han(b)))
    return text_width(text, font, size) + gaps * CJK_LATIN_GAP * size


def measure(layout: Layout, kind: str) -> Measure | None:
    """The layout's measure for ``kind`` ("headline", "title"), or None if it gives none."""
    font = (layout.settings.get("print", {}).get(kind) or {}).get("font")
    size = layout.length("print", kind, "size")
    width = layout.length("print", kind, "measure")
    return Measure(font, size, width) if font and size and width else None


@dataclass(frozen=True)
class Phrase:
    inlines: Inlines
    fits: bool  # narrower than the measure, so kept on one line


Line = tuple[Phrase, ...]


def _slice(inlines: Inlines, start: int, end: int) -> Inlines:
    """The inlines of the plain text ``[start, end)``; cuts never fall inside ruby."""
    out: list[Inline] = []
    offset = 0
    for inline in inlines:
        length = len(plain_text((inline,)))
        lo, hi = max(start - offset, 0), min(end - offset, length)
        if lo < hi:
            if isinstance(inline, Text):
                out.append(Text(inline.text[lo:hi]))
            elif isinstance(inline, Ruby):
                out.append(inline)
            else:
                out.append(Emphasis(_slice(inline.children, lo, hi)))
        offset += length
    return tuple(out)


def _ruby_spans(inlines: Inlines) -> set[int]:
    """Offsets inside ruby bases, where no cut may fall."""
    inside, offset = set(), 0
    for inline in inlines:
        if isinstance(inline, Emphasis):
            inside |= {offset + at for at in _ruby_spans(inline.children)}
        length = len(plain_text((inline,)))
        if isinstance(inline, Ruby):
            inside |= set(range(offset + 1, offset + length))
        offset += length
    return inside


def split_phrases(line: Inlines, language: str) -> list[Inlines]:
    """A line of inlines cut between its phrases (never inside ruby)."""
    text = plain_text(line)
    inside = _ruby_spans(line)
    cuts = [0] + [at for at in phrase_starts(text, language) if at not in inside] + [len(text)]
    return [_slice(line, start, end) for start, end in zip(cuts, cuts[1:])]


def _balanced(texts: list[str], measure: Measure) -> list[int]:
    """Where lines of ``texts`` (phrases, each narrower than the measure) start: the fewest
    lines that fit, and among those the one whose longest line is shortest."""
    count = len(texts)

    def width(start: int, end: int) -> float:
        return measure.text_width("".join(texts[start:end]))

    # best[i] = (lines, longest line, starts) for the phrases from i to the end
    best: list[tuple[int, float, list[int]] | None] = [None] * count + [(0, 0.0, [])]
    for start in range(count - 1, -1, -1):
        for end in range(start + 1, count + 1):
            line = width(start, end)
            if line > measure.width + 0.01:
                break
            rest = best[end]
            if rest is None:
                continue
            candidate = (rest[0] + 1, max(line, rest[1]), [start] + rest[2])
            if best[start] is None or candidate[:2] < best[start][:2]:
                best[start] = candidate
    return best[0][2] if best[0] else [0]


def set_lines(lines: tuple[Inlines, ...], language: str, measure: Measure | None
              ) -> tuple[Line, ...]:
    """The printed lines of a headline given as ``lines`` (one, or the editor's list):
    each given line kept, and one too long for the measure broken between phrases into
    balanced lines.  A phrase wider than the measure is left free to break anywhere."""
    out: list[Line] = []
    for line in lines:
        phrases = split_phrases(line, language)
        if measure is None:
            out.append(tuple(Phrase(phrase, False) for phrase in phrases))
            continue
        texts = [plain_text(phrase) for phrase in phrases]
        fits = [measure.text_width(text) <= measure.width + 0.01 for text in texts]
        if all(fits) and texts:
            starts = _balanced(texts, measure) + [len(texts)]
            for start, end in zip(starts, starts[1:]):
                piece = _strip(phrases[start:end])
                out.append(tuple(Phrase(phrase, True) for phrase in piece))
        else:
            out.append(tuple(Phrase(phrase, fit) for phrase, fit in zip(phrases, fits)))
    return tuple(out)


def _strip(phrases: list[Inlines]) -> list[Inlines]:
    """A line's phrases without the spaces at its ends, which a break takes."""
    if phrases and phrases[-1] and isinstance(phrases[-1][-1], Text):
        last = phrases[-1]
        phrases = phrases[:-1] + [last[:-1] + (Text(last[-1].text.rstrip()),)]
    return phrases


def lines_needed(text: str, language: str, measure: Measure) -> tuple[int, list[str]]:
    """How many lines a headline line as written sets in, broken between phrases, and its
    phrases wider than the measure (which break inside themselves)."""
    line = (Text(text),)
    too_wide = [plain_text(p) for p in split_phrases(line, language)
                if measure.text_width(plain_text(p)) > measure.width + 0.01]
    if too_wide:
        return 0, too_wide
    return len(set_lines((line,), language, measure)), []
