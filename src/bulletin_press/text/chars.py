"""Character classes the typesetting rules are written in."""

from __future__ import annotations

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
_CHINESE_PUNCTUATION = set("“”‘’—…·•")


def is_chinese(char: str) -> bool:
    """True for characters that belong to Chinese text rather than Latin text."""
    if char in _CHINESE_PUNCTUATION:
        return True
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def is_apostrophe(text: str, index: int) -> bool:
    """Whether the ’ at ``index`` is an apostrophe (don’t), not a closing quotation mark."""
    return text[index] == "’" and 0 < index < len(text) - 1 \
        and text[index - 1].isascii() and text[index - 1].isalpha() \
        and text[index + 1].isascii() and text[index + 1].isalpha()


# Characters no manuscript text may hold (a regular expression class): C0 and C1
# controls other than tab and line feed, the Unicode line and paragraph
# separators (YAML counts them as line breaks, editors cannot see them), lone
# surrogates and the noncharacters U+FFFE and U+FFFF.
CONTROL_CHARACTERS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"
