"""clreq's rules as pure functions: where a line may break, what compresses, where space goes.

Nothing here knows WeasyPrint: the typesetting stage asks these rules what to
mark up before layout (spacing runs, compressed pairs, digit groups), and the
adapter (``weasyprint70``) asks them, with widths it measured, where to end a
line and which marks to set half-width there.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from typing import Sequence

from bulletin_press.clreq.chars import (
    CHINESE_PUNCTUATION, DASH, DIGIT_GROUP_SPACE, ELLIPSIS, NO_BREAK_SPACES, NOT_AT_LINE_END,
    NOT_AT_LINE_START, OPENING, UNITS, blank_after, blank_before, is_alphanumeric,
    ZERO_WIDTH_SPACE, is_apostrophe, is_chinese, is_han, is_mark, is_punctuation, is_simplified,
    is_unit)

# Spacing ---------------------------------------------------------------------
# clreq §3.2.2 and CSS ``text-autospace``: a Han character next to a Latin letter or a
# digit is set apart by a gap of ⅛–¼ em, made by the layout (never by a character, so
# that copied and searched text stays ``2023年5月``).  A space an editor typed at such a
# boundary is taken as that gap.

_NOT_LATIN = rf"\s{CHINESE_PUNCTUATION}\u2e80-\U000323af"
# Latin words joined by a space or a no-break space are one run: one box in print, so
# that the rules see a string of words held together by no-break spaces whole.
_LATIN_RUN = re.compile(rf"[^{_NOT_LATIN}]+(?:[ {NO_BREAK_SPACES}][^{_NOT_LATIN}]+)*"
                        rf"(?:[{re.escape(UNITS)}](?![{re.escape(UNITS)}]))?")


@dataclass(frozen=True)
class Run:
    text: str
    latin: bool = False
    gap_before: bool = False
    gap_after: bool = False


def split_runs(text: str, before: str = "", after: str = "") -> list[Run]:
    """The text as runs, Latin runs (with a unit that follows a number: 120㎡) marked with
    the gaps they take.  ``before`` and ``after`` are the characters next to the text in
    its paragraph."""
    runs: list[Run] = []
    position = 0
    for match in _LATIN_RUN.finditer(text):
        start, end = match.span()
        chunk = match.group()
        if _is_lone_unit(chunk, text, start):
            continue
        left = text[start - 1] if start else before
        right = text[end] if end < len(text) else after
        gap_before = is_alphanumeric(chunk[0]) and _han_across_space(text, start - 1, -1, before)
        gap_after = (is_alphanumeric(chunk[-1]) or _number_with_unit(chunk)) \
            and _han_across_space(text, end, 1, after)
        plain = text[position:start]
        if gap_before and left == " ":
            plain = plain[:-1]
        if plain:
            runs.append(Run(plain))
        runs.append(Run(chunk, True, gap_before, gap_after))
        position = end + (1 if gap_after and right == " " else 0)
    if position < len(text):
        runs.append(Run(text[position:]))
    return runs


def _is_lone_unit(chunk: str, text: str, start: int) -> bool:
    # a square unit (㎡) is a CJK compatibility character: a Latin run of its own only
    # where it follows a number
    return len(chunk) == 1 and is_chinese(chunk) and not (start and text[start - 1].isdigit())


def _number_with_unit(chunk: str) -> bool:
    return len(chunk) >= 2 and is_unit(chunk[-1]) and chunk[-2].isdigit()


def takes_gap(char: str) -> bool:
    """Whether a character next to a Han character is set apart from it (a letter, a digit,
    a unit after a number)."""
    return bool(char) and (is_alphanumeric(char) or is_unit(char))


def _han_across_space(text: str, index: int, step: int, outside: str) -> bool:
    """Whether a Han character stands at ``index``, or just past one space there."""
    def char_at(i: int) -> str:
        return text[i] if 0 <= i < len(text) else outside[:1]
    char = char_at(index)
    if char == " ":
        char = char_at(index + step)
    return bool(char) and is_han(char)


_DIGIT_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,]?\d)")


def group_digits(text: str) -> str:
    """Digit groups (``1 024 000``, SI and GB 3101) held together by a no-break space."""
    return _DIGIT_GROUPS.sub(lambda m: m.group().replace(" ", DIGIT_GROUP_SPACE), text)


# a run of Latin characters and no-break spaces (one character at a time: linear)
_NO_BREAK_RUN = re.compile(rf"(?:[^{_NOT_LATIN}]|[{NO_BREAK_SPACES}])+")
_NO_BREAK_SPACE_CHARACTERS = "[" + "".join(char for char in NO_BREAK_SPACES if char.isspace()) + "]"
# longer than any word: a line may have to break inside it
LONG_RUN = 33


def release_long_holds(text: str) -> str:
    """Words held together by no-break spaces that are longer than any word (a sentence
    pasted from a web page, a list of room numbers read as digit groups) are let go:
    their no-break spaces are set as spaces, where a line may break, rather than
    overflowing the column."""
    def release(match: re.Match) -> str:
        run = match.group()
        return re.sub(_NO_BREAK_SPACE_CHARACTERS, " ", run) if len(run) >= LONG_RUN else run
    return _NO_BREAK_RUN.sub(release, text)


# Compression -----------------------------------------------------------------

def compressed_pairs(text: str, lang: str) -> list[int]:
    """Indexes of the marks set half-width because they stand next to another mark
    (clreq §3.1.6: ``。”`` ``）。`` ``：“`` take 1.5 em, not 2): a closing mark's blank
    half before another mark, an opening mark's after an opening one."""
    result = []
    for index, (first, second) in enumerate(zip(text, text[1:])):
        if blank_after(first, lang) and (blank_after(second, lang) or second in OPENING):
            result.append(index)
        elif first in OPENING and second in OPENING:
            result.append(index + 1)
    return result


def expandable(char: str) -> bool:
    """Whether justification may add space around this character (clreq §3.8: between
    Chinese characters and at spaces, not inside Latin words, nor at a no-break space,
    which holds a digit group or a name as typed)."""
    return char == " " or is_chinese(char)


def clusters(text: str) -> list[str]:
    """The text as the layout spaces it: a run of em dashes is one glyph, so one cluster."""
    return re.findall(r"—+|.", text, re.DOTALL)


# Line breaking -----------------------------------------------------------------
# A break opportunity at index i lies between text[i - 1] and text[i].
# ``INSIDE_ADDRESS``: between two characters of an address, used only where breaking at its
# separators would leave a loose line (a URL's path has few).
NO_BREAK, BREAK, HYPHENATE, INSIDE_ADDRESS = 0, 1, 2, 3

# URLs and e-mail addresses: broken after / ? & = # (not inside //), before . - _ ~ % @,
# never with a hyphen added, so a line never ends in the address's own hyphen.
ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"{}|\\^`\u2e80-\U000323af]+"
                     r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.IGNORECASE)
_ADDRESS_END = ".,;:!?)'\""
_BREAK_AFTER = "/?&=#"
_BREAK_BEFORE = ".-_~%@"
# fragments shorter than this are not split off an address
_MIN_FRAGMENT = 2
_CURRENCY = "¥￥$£€"
SOFT_HYPHEN = "\u00ad"
_LONG_RUN = re.compile(rf"[^{_NOT_LATIN}]{{{LONG_RUN},}}")


def break_kinds(text: str, before: str = "", after: str = "") -> list[int]:
    """For each boundary 0..len(text), whether a line may break there (clreq §3.1.7 and
    §3.1.3: prohibited line heads and ends, marks never split; between Chinese characters,
    and around a Chinese character and a Latin word, anywhere else; Latin words at spaces
    and after their own hyphens; addresses at their separators)."""
    kinds = [NO_BREAK] * (len(text) + 1)
    padded = before[-1:] + text + after[:1]
    offset = len(before[-1:])
    for index in range(len(text) + 1):
        a = padded[offset + index - 1] if offset + index >= 1 else ""
        b = padded[offset + index] if offset + index < len(padded) else ""
        if a and b and _may_break(padded, offset + index, a, b):
            kinds[index] = BREAK
    # a string longer than any word (a pasted hash, the rest of an address broken over
    # lines) may break between any two of its characters, as a last resort
    for match in _LONG_RUN.finditer(text):
        for index in range(match.start() + _MIN_FRAGMENT, match.end() - _MIN_FRAGMENT + 1):
            if kinds[index] == NO_BREAK and not is_mark(text[index]):
                kinds[index] = INSIDE_ADDRESS
    # a soft hyphen an editor typed is a hyphenation point
    for index, char in enumerate(text[:-1], 1):
        if char == SOFT_HYPHEN:
            kinds[index] = HYPHENATE
    for match in ADDRESS.finditer(text):
        start, end = match.start(), _address_end(match)
        for index in range(start + 1, end):
            kinds[index] = NO_BREAK
        for index in range(start + _MIN_FRAGMENT, end - _MIN_FRAGMENT + 1):
            if not is_mark(text[index]):
                kinds[index] = INSIDE_ADDRESS
            a, b = text[index - 1], text[index]
            if (a in _BREAK_AFTER and b != "/" and a != b) \
                    or (b in _BREAK_BEFORE and a not in _BREAK_BEFORE):
                kinds[index] = BREAK
    return kinds


def _address_end(match: re.Match) -> int:
    end = match.end()
    while end > match.start() and match.string[end - 1] in _ADDRESS_END:
        end -= 1
    return end


def _may_break(text: str, index: int, a: str, b: str) -> bool:
    if a == ZERO_WIDTH_SPACE or b == ZERO_WIDTH_SPACE:
        return a == ZERO_WIDTH_SPACE and b not in NOT_AT_LINE_START
    if b.isspace() or a in NO_BREAK_SPACES or b in NO_BREAK_SPACES or is_mark(b):
        return False
    if a.isspace():
        return b not in NOT_AT_LINE_START
    if b in NOT_AT_LINE_START or a in NOT_AT_LINE_END:
        return False
    if a == b and a in DASH + ELLIPSIS:
        return False
    if is_unit(b) and (a.isdigit() or is_unit(a)):
        return False
    if a in _CURRENCY and b.isdigit():
        return False
    if (a == "’" and is_apostrophe(text, index - 1)) or (b == "’" and is_apostrophe(text, index)):
        return False
    if is_chinese(a) or is_chinese(b):
        return True
    # Latin: after an explicit hyphen between letters (well-known)
    return a in "-\u2010" and b.isalpha() and index >= 2 and text[index - 2].isalpha()


@functools.lru_cache(maxsize=4)
def _dictionary(lang: str, left: int, right: int):
    import pyphen
    return pyphen.Pyphen(lang=lang, left=left, right=right)


# Latin words are hyphenated with an English dictionary: in a Chinese bulletin they are
# names, products and English words, and no Chinese hyphenation exists.
HYPHENATION_LANGUAGE = "en_US"
_HYPHENATE = re.compile(r"(?<![A-Za-z0-9@./_-])[A-Za-z]{7,}(?![A-Za-z0-9@/_])")


def hyphenation_points(text: str, kinds: list[int]) -> None:
    """Add dictionary hyphenation points (with a hyphen added) inside long Latin words,
    leaving at least three letters either side; addresses are never hyphenated."""
    words = list(_HYPHENATE.finditer(text))
    if not words:
        return
    addresses = [(m.start(), m.end()) for m in ADDRESS.finditer(text)]
    dictionary = _dictionary(HYPHENATION_LANGUAGE, 3, 3)
    for match in words:
        if any(start <= match.start() < end for start, end in addresses):
            continue
        for position in dictionary.positions(match.group()):
            # a word longer than any other may also break between any two letters, as a
            # last resort: where the dictionary has a point, it is a hyphenation point
            if kinds[match.start() + position] in (NO_BREAK, INSIDE_ADDRESS):
                kinds[match.start() + position] = HYPHENATE


# Fitting a line -----------------------------------------------------------------
# Compress first, stretch what remains (clreq §3.8, JLreq 3.8.3): a line may always end
# in a mark set half-width (and start with one).  Where the line would still stretch more
# than LOOSE em a gap, it may instead halve up to MIDLINE_HALVES marks inside it (a
# halved comma inside a line shows, so only then), hyphenate a long Latin word, or break
# an address between two characters — in that order of preference.
MIDLINE_HALVES = 3
LOOSE = 0.08
# Breaking an address inside a word is kept for lines that would be looser than this.
ADDRESS_LOOSE = 0.2
_EPSILON = 0.01


@dataclass(frozen=True)
class Fit:
    end: int  # the line sets text[:end]
    resume: int  # the next line starts at text[resume:]; len(text) when all fits
    halves: frozenset[int] = frozenset()  # marks the line sets half-width to fit
    hyphen: bool = False
    slack: float = 0.0  # width left to stretch
    midline: bool = False  # whether marks inside the line were halved


def fit_line(text: str, kinds: Sequence[int], x: Sequence[float], max_width: float, lang: str,
             em: float, halved: frozenset[int] = frozenset(), hyphen_width: float = 0.0,
             anywhere: bool = True, complete: bool = True, gaps_before: float = 0.0) -> Fit:
    """Where the first line of ``text`` ends, in ``max_width``.

    ``x[i]`` is the width of ``text[:i]`` as laid out, with the marks in ``halved``
    already half-width.  The line ends at the furthest break opportunity whose text fits
    once its last mark is halved, unless that leaves a loose line and one of the
    fallbacks above fits more; a text with no opportunity that fits is broken anywhere
    (``anywhere``) or overflows at its first opportunity.  ``complete`` says whether
    ``text`` ends where its box does; ``gaps_before``, how many justification gaps the
    line has before the text.
    """
    candidates = [i for i in range(1, len(text) + 1)
                  if kinds[i] != NO_BREAK or (complete and i == len(text))]
    plain = None
    fallbacks: dict[str, Fit] = {}
    # the marks of the text, last first: found once, not once for each place the line may end
    marks = [i for i in range(len(text) - 1, 0, -1)
             if blank_after(text[i], lang) or blank_before(text[i])]
    for index in reversed(candidates):
        kind = kinds[index] if index < len(text) and kinds[index] != NO_BREAK else BREAK
        fit = _fit_at(text, index, kind, x, max_width, lang, em, halved, hyphen_width, marks)
        if fit is None:
            continue
        role = {INSIDE_ADDRESS: "inside", HYPHENATE: "hyphen"}.get(
            kind, "compressed" if fit.midline else "")
        if role:
            fallbacks.setdefault(role, fit)
        else:
            plain = fit
            break
    stretch = _stretch(text, plain, em, gaps_before) if plain is not None else float("inf")
    for role, limit in (("compressed", LOOSE), ("hyphen", LOOSE), ("inside", ADDRESS_LOOSE)):
        fit = fallbacks.get(role)
        if fit is not None and stretch > limit and (plain is None or fit.end > plain.end):
            return fit
    if plain is not None:
        return plain
    if anywhere:
        end = max((i for i in range(1, len(text) + 1) if x[i] <= max_width + _EPSILON
                   and (i == len(text) or not is_mark(text[i]))), default=1)
        return Fit(end, end)
    first = next((i for i in candidates if i == len(text) or kinds[i] == BREAK), len(text))
    return Fit(_strip(text, first), first)


def _stretch(text: str, fit: Fit, em: float, gaps_before: float) -> float:
    """How much a line would add to each gap, in em."""
    gaps = sum(1 for char in text[:fit.end] if expandable(char)) + gaps_before - 1
    return fit.slack / em / max(gaps, 1)


def _strip(text: str, index: int) -> int:
    while index > 0 and text[index - 1] == " ":
        index -= 1
    return index


def _fit_at(text: str, index: int, kind: int, x: Sequence[float], max_width: float, lang: str,
            em: float, halved: frozenset[int], hyphen_width: float,
            marks: Sequence[int]) -> Fit | None:
    end = _strip(text, index)
    if end == 0:
        return None
    width = x[end] + (hyphen_width if kind == HYPHENATE else 0.0)
    need = width - max_width
    halves = []
    for position in _compressible(text, end, lang, halved, kind != BREAK, marks):
        if need <= _EPSILON:
            break
        half = (x[position + 1] - x[position]) / 2
        if half <= 0 or half > em * 0.75:  # a mark set proportionally has no blank half
            continue
        halves.append(position)
        need -= half
    if need > _EPSILON:
        return None
    return Fit(end, index, frozenset(halves), kind == HYPHENATE, -need,
               any(position != end - 1 for position in halves))


def _compressible(text: str, end: int, lang: str, halved: frozenset[int],
                  hyphen: bool, marks: Sequence[int]) -> list[int]:
    """The marks a line ending at ``end`` may set half-width, in the order they are taken:
    its last mark, then up to ``MIDLINE_HALVES`` inside it from the end (``marks``: the
    text's marks, last first)."""
    last = end - 1
    order = [last] if not hyphen and blank_after(text[last], lang) and last not in halved else []
    # not next to a mark set half-width: a compressed pair keeps its em and a half; in
    # Traditional Chinese, whose marks are not compressed in pairs, not next to a mark
    inside = (i for i in marks if i < last and i not in halved
              and not (i - 1) in halved and not (i + 1) in halved
              and (is_simplified(lang) or not (is_punctuation(text[i - 1])
                                               or is_punctuation(text[i + 1]))))
    return order + list(itertools.islice(inside, MIDLINE_HALVES))
