"""The one table of the characters that clreq's rules are written in.

Spacing, line breaking, compression, the WeasyPrint adapter and the manuscript
checks all read their classes from here.
"""

from __future__ import annotations

import functools
import unicodedata

# Han ideographs, radicals, kana, bopomofo, CJK symbols and punctuation,
# enclosed and compatibility forms, full-width forms.
_CJK_RANGES = (
    (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F),
    (0x31A0, 0x31BF), (0x31C0, 0x31EF), (0x3200, 0x33FF), (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF), (0x20000, 0x323AF),
)
# Han ideographs, as the body of a regular expression class: the unified ideographs and
# their extensions, and the compatibility ideographs.
HAN_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
# General Punctuation that Chinese text sets full width (clreq §3.1): quotes,
# dashes, ellipsis, middle dot.
CHINESE_PUNCTUATION = "“”‘’—…·•"

# clreq §3.1: opening marks have their blank half before the ink, closing marks after it.
OPENING = "“‘（〔［｛〈《「『【〖〘〚"
CLOSING = "”’）〕］｝〉》」』】〗〙〛"
# 点号 (pause and stop marks): in Simplified Chinese set in the left half of their em,
# the right half blank; in Traditional Chinese centred, with no blank half to take away.
PAUSES = "、，。．：；！？"
# Marks that are one sign in two ems and never split (clreq §3.1.3, §3.1.4).
DASH = "—"
ELLIPSIS = "…"
# 间隔号 and 连接号: they join what stands either side, so never start a line.
JOINERS = "·・‧～〜"
# clreq §3.1.7 (行首行尾禁则): what may not start, and what may not end, a line.
NOT_AT_LINE_START = CLOSING + PAUSES + JOINERS
NOT_AT_LINE_END = OPENING
# Units that stay with the number before them and take the spacing of that number
# (clreq §3.2.2: 25%、36.5℃ and 120㎡ are one run next to Han characters).
UNITS = "%‰‱°′″℃℉Ω" + "".join(chr(code) for code in range(0x3380, 0x33E0))
# A space that must not break: no-break, narrow no-break (digit groups: 1 024), figure.
NO_BREAK_SPACES = "\u00a0\u202f\u2007\u2060"
# An explicit break opportunity (HTML's <wbr>, which WeasyPrint sets as this character).
ZERO_WIDTH_SPACE = "\u200b"
# Between digit groups: the shipped fonts have no narrow no-break space (U+202F).
DIGIT_GROUP_SPACE = "\u00a0"
# Characters no manuscript text may hold (a regular expression class): C0 and C1
# controls other than tab and line feed, the Unicode line and paragraph
# separators (YAML counts them as line breaks, editors cannot see them), lone
# surrogates and the noncharacters U+FFFE and U+FFFF.
CONTROL_CHARACTERS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"


@functools.lru_cache(maxsize=8192)  # asked for every character of every line, many times
def is_chinese(char: str) -> bool:
    """True for characters that belong to Chinese text rather than Latin text."""
    if char in CHINESE_PUNCTUATION:
        return True
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def is_han(char: str) -> bool:
    """Han ideographs, kana and bopomofo: the characters that take the gap (not punctuation)."""
    code = ord(char)
    return (0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0x3040 <= code <= 0x30FF or 0x3100 <= code <= 0x312F or 0x20000 <= code <= 0x323AF
            or char == "〇")


def is_alphanumeric(char: str) -> bool:
    """A Latin (Greek, Cyrillic…) letter or a digit: what is set apart from Han characters."""
    return unicodedata.category(char)[0] in "LN" and not is_chinese(char)


def is_unit(char: str) -> bool:
    return char in UNITS


def is_mark(char: str) -> bool:
    """A combining mark: it belongs to the character before it and is never parted from it."""
    return unicodedata.category(char).startswith("M") or char in "\u200c\u200d"


def is_punctuation(char: str) -> bool:
    """A mark with an em of its own: opening, closing, pause, dash, ellipsis, joiner."""
    return char in OPENING or char in CLOSING or char in PAUSES or char in DASH + ELLIPSIS + JOINERS


def is_apostrophe(text: str, index: int) -> bool:
    """Whether the ’ at ``index`` is an apostrophe (don’t), not a closing quotation mark."""
    return text[index] == "’" and 0 < index < len(text) - 1 \
        and text[index - 1].isascii() and text[index - 1].isalpha() \
        and text[index + 1].isascii() and text[index + 1].isalpha()


def is_simplified(lang: str) -> bool:
    """Whether the language sets pause marks in the corner (zh-Hans) rather than centred."""
    lang = lang.lower()
    return lang.startswith("zh-hans") or lang in ("zh", "zh-cn", "zh-sg")


def blank_before(char: str) -> bool:
    """Whether the mark's em has a blank first half (opening marks)."""
    return char in OPENING


def blank_after(char: str, lang: str) -> bool:
    """Whether the mark's em has a blank second half (closing marks; pauses in zh-Hans)."""
    return char in CLOSING or (char in PAUSES and is_simplified(lang))
