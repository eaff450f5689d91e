"""Where Chinese meets Latin letters or digits: the spacing between them.

clreq §3.2.2 and CSS ``text-autospace``: a Han character next to a Latin letter
or a digit is set apart by a gap of ⅛–¼ em, made by the layout (never by a
character, so that copied and searched text stays ``2023年5月``).  A space an
editor typed at such a boundary is taken as that gap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bulletin_press.text.chars import is_chinese


def is_han(char: str) -> bool:
    """Han ideographs, kana and bopomofo: the characters that take the gap (not punctuation)."""
    code = ord(char)
    return (0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0x3040 <= code <= 0x30FF or 0x3100 <= code <= 0x312F or 0x20000 <= code <= 0x323AF
            or char == "〇")


def is_alphanumeric(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN" and not is_chinese(char)


_LATIN_RUN = re.compile(r"[^\s“”‘’—…·•\u2e80-\U000323af]+(?: [^\s“”‘’—…·•\u2e80-\U000323af]+)*")


@dataclass(frozen=True)
class Run:
    text: str
    latin: bool = False
    gap_before: bool = False
    gap_after: bool = False


def split_runs(text: str, before: str = "", after: str = "") -> list[Run]:
    """The text as runs, Latin runs marked with the gaps they take.

    ``before`` and ``after`` are the characters next to the text in its paragraph.
    """
    runs: list[Run] = []
    position = 0
    for match in _LATIN_RUN.finditer(text):
        start, end = match.span()
        chunk = match.group()
        left = text[start - 1] if start else before
        right = text[end] if end < len(text) else after
        gap_before = is_alphanumeric(chunk[0]) and _han_across_space(text, start - 1, -1, before)
        gap_after = is_alphanumeric(chunk[-1]) and _han_across_space(text, end, 1, after)
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


def _han_across_space(text: str, index: int, step: int, outside: str) -> bool:
    """Whether a Han character stands at ``index``, or just past one space there."""
    def char_at(i: int) -> str:
        return text[i] if 0 <= i < len(text) else outside[:1]
    char = char_at(index)
    if char == " ":
        char = char_at(index + step)
    return bool(char) and is_han(char)
