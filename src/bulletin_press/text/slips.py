"""The slips editors make in Chinese text, found in one line as written, each with its fix.

Text pasted from Word, WeChat or a converter brings ASCII punctuation into Chinese
sentences (``一早,來``), spaces between Han characters, a full-width bar in ruby
(``{淡水｜Tām-tsuí}``), a converter's pinyin after each character (``統(tǒng)``) and
mojibake (``確??乖``, U+FFFD).  Each finding names its span, a stable code and,
where one is safe, the replacement.  Latin phrases, URLs, e-mail addresses, times
(8:30), decimals (3.5) and digit groups (1,024) are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bulletin_press.text.chars import is_chinese

_FULL_WIDTH = {",": "，", ".": "。", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
# Linear on any text: each pattern starts only where the one before it could not go on
# (lookbehind), and its runs are possessive or bounded, so nothing is tried twice.
_ADDRESS = re.compile(r"(?<![!-~])(?:https?://|www\.)[!-~]++|(?<![\w.+-])[\w.+-]++@[\w-]++"
                      r"(?:\.[\w-]++)++", re.ASCII)
_PINYIN = re.compile(r"\(([a-zü]{0,6}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]{0,6})\)")
_RUBY_BAR = re.compile(r"\{([^{}|｜]+)｜([^{}|｜]+)\}")
_SPACES = re.compile(r"[ \t\u3000]+")
_STRAY_QUESTION_MARKS = re.compile(r"\?{2,}|\ufffd+")


@dataclass(frozen=True)
class Slip:
    start: int
    end: int
    code: str
    message: str
    replacement: str | None = None  # the fix, where it is safe


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest character before (step -1) or after (+1) ``index`` that is not a space
    or emphasis markup."""
    index += step
    while 0 <= index < len(text) and text[index] in " \t*":
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _chinese(char: str) -> bool:
    return bool(char) and is_chinese(char)


def find_slips(text: str, display: bool = False, quotes: str = "“”") -> list[Slip]:
    """Every slip in ``text``, in order; ``display`` text stands on a line of its own (a
    headline), where a space between Chinese phrases is meant: ideographic, not removed.
    ``quotes`` are the opening and closing marks that replace ASCII ``"``."""
    slips: list[Slip] = []
    skip = [False] * len(text)
    for match in _ADDRESS.finditer(text):
        skip[match.start():match.end()] = [True] * (match.end() - match.start())
    for match in _PINYIN.finditer(text):
        if match.start() and _chinese(text[match.start() - 1]):
            slips.append(Slip(match.start(), match.end(), "converter-pinyin",
                              f"'{match.group()}' looks like pinyin a converter added after "
                              f"'{text[match.start() - 1]}': remove it", ""))
            skip[match.start():match.end()] = [True] * (match.end() - match.start())
    for match in _STRAY_QUESTION_MARKS.finditer(text):
        if match.group()[0] == "\ufffd" or (_chinese(_neighbour(text, match.start(), -1))
                                             and _chinese(_neighbour(text, match.end() - 1, 1))):
            slips.append(Slip(match.start(), match.end(), "mojibake",
                              f"'{match.group()}' stands where characters were lost (an encoding "
                              "went wrong on the way): type the original text again"))
            skip[match.start():match.end()] = [True] * (match.end() - match.start())
    for match in _RUBY_BAR.finditer(text):
        slips.append(Slip(match.start(), match.end(), "fullwidth-ruby-bar",
                          f"ruby needs the ASCII '|' between base and annotation, not the "
                          f"full-width '｜'", f"{{{match.group(1)}|{match.group(2)}}}"))
    slips.extend(_punctuation(text, skip, quotes))
    slips.extend(_spaces(text, display))
    return sorted(slips, key=lambda slip: slip.start)


def _punctuation(text: str, skip: list[bool], marks: str) -> list[Slip]:
    slips = []
    for index, char in enumerate(text):
        if skip[index] or char not in _FULL_WIDTH:
            continue
        before, after = _neighbour(text, index, -1), _neighbour(text, index, 1)
        if char in ",.:" and before.isdigit() and after.isdigit():
            continue  # 1,024  3.5  8:30
        if char == "." and (text[index - 1:index] == "." or text[index + 1:index + 2] == "."):
            continue  # dots typed as an ellipsis: reported once, below
        if _chinese(before) or _chinese(after):
            slips.append(_full_width(index, char, _FULL_WIDTH[char]))
    quotes = [index for index, char in enumerate(text) if char == '"' and not skip[index]]
    for order, index in enumerate(quotes):
        partner = order + 1 if order % 2 == 0 else order - 1
        if partner < len(quotes):
            first, last = sorted((index, quotes[partner]))
            if not any(_chinese(c) for c in text[first + 1:last]):
                continue  # English quoted inside Chinese keeps its quotes
        elif not (_chinese(_neighbour(text, index, -1)) or _chinese(_neighbour(text, index, 1))):
            continue
        slips.append(_full_width(index, '"', marks[order % 2]))
    for match in re.finditer(r"\.{3,}", text):
        if not skip[match.start()] and (_chinese(_neighbour(text, match.start(), -1))
                                        or _chinese(_neighbour(text, match.end() - 1, 1))):
            slips.append(Slip(match.start(), match.end(), "ascii-punctuation",
                              "dots typed as an ellipsis in Chinese text: write '……'", "……"))
    return slips


def _full_width(index: int, char: str, replacement: str) -> Slip:
    return Slip(index, index + 1, "ascii-punctuation",
                f"ASCII '{char}' in Chinese text: write the full-width '{replacement}'", replacement)


def _spaces(text: str, display: bool) -> list[Slip]:
    slips = []
    for match in _SPACES.finditer(text):
        start, end = match.span()
        if start == 0 or end == len(text):
            continue
        before, after = text[start - 1], text[end]
        if before == "*" or after == "*":  # around emphasis: look through the markup
            before, after = _neighbour(text, start, -1), _neighbour(text, end - 1, 1)
        if display and match.group() == "\u3000":
            continue  # 提高效率　解决问题: the space a headline's phrases are set apart by
        if _chinese(before) and _chinese(after):
            slips.append(Slip(start, end, "space-in-chinese",
                              "a space between Chinese phrases on a line of their own: write "
                              "the ideographic space '\u3000'", "\u3000") if display else
                         Slip(start, end, "space-in-chinese",
                              "a space between Chinese characters prints as a gap: remove it",
                              ""))
    return slips
