"""The slips editors make in Chinese text, found in one line as written, each with its fix.

Text pasted from Word, WeChat or a converter brings ASCII punctuation into Chinese
sentences (``一早,來``), spaces between Han characters, a full-width bar in ruby
(``{淡水｜Tām-tsuí}``), a converter's pinyin after each character (``統(tǒng)``) and
mojibake (``確??乖瓩z測``, ``因?yàn)楹怂釞z測``, U+FFFD).  Each finding names its span, a
stable code and, where one is safe, the replacement.  Latin phrases, URLs, e-mail
addresses, times (8:30), decimals (3.5) and digit groups (1,024) are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bulletin_press.clreq.chars import HAN_IDEOGRAPHS, is_chinese
from bulletin_press.clreq.chars import is_alphanumeric, is_han
from bulletin_press.text.variants import uncommon

_FULL_WIDTH = {",": "，", ".": "。", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
# Linear on any text: each pattern starts only where the one before it could not go on
# (lookbehind), and its runs are possessive or bounded, so nothing is tried twice.
_ADDRESS = re.compile(r"(?<![!-~])(?:https?://|www\.)[!-~]++|(?<![\w.+-])[\w.+-]++@[\w-]++"
                      r"(?:\.[\w-]++)++", re.ASCII)
# one syllable in brackets, or several in a row (系统(tǒng)(tǒng): a converter run twice)
_PINYIN = re.compile(r"(?:\([a-zü]{0,6}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]{0,6}\)){1,8}")
_RUBY_BAR = re.compile(r"\{([^{}|｜]+)｜([^{}|｜]+)\}")
_SPACES = re.compile(r"[ \t\u3000]+")
# What UTF-8 read as GBK (and then run through a converter) leaves besides its odd
# characters: '?' and U+FFFD for bytes it could not read, an ideographic full stop glued
# to a '?', and lowercase letters or a converter's pinyin cut from its '(' glued between
# Han characters (瓩z測, ?yàn)楹).  Alone each is harmless; together, or beside a
# character no common-use table has, they are a garbled run.
_GLUE = f"?{HAN_IDEOGRAPHS}"
_DEBRIS = re.compile(r"\?|\ufffd|(?<=\?)。|。(?=\?)"
                     rf"|(?<=[{_GLUE}])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{{1,6}}\)?(?=[{_GLUE}])")
_HAN_GAP = re.compile(f"[{HAN_IDEOGRAPHS}]{{0,2}}")  # between two pieces of one garbled run


@dataclass(frozen=True)
class Slip:
    start: int
    end: int
    code: str
    message: str
    replacement: str | None = None  # the fix, where it is safe


def _neighbour(text: str, index: int, step: int, through: str = " \t*") -> str:
    """The nearest character before (step -1) or after (+1) ``index`` that is not a space
    or emphasis markup (or another of the characters ``through``)."""
    index += step
    while 0 <= index < len(text) and text[index] in through:
        index += step
    return text[index] if 0 <= index < len(text) else ""


# A run of ASCII punctuation beside Chinese is Chinese punctuation all through (好了!!!,
# 中 , , 中): each mark looks past the others of the run for its context.
_RUN = " \t*,:;!?()"


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
    for start, end in _mojibake(text, skip):
        slips.append(Slip(start, end, "mojibake",
                          f"'{text[start:end]}' looks like text garbled or lost by a wrong "
                          "encoding on the way: type the original text again"))
        skip[start:end] = [True] * (end - start)
    for match in _RUBY_BAR.finditer(text):
        slips.append(Slip(match.start(), match.end(), "fullwidth-ruby-bar",
                          f"ruby needs the ASCII '|' between base and annotation, not the "
                          f"full-width '｜'", f"{{{match.group(1)}|{match.group(2)}}}"))
    slips.extend(_punctuation(text, skip, quotes))
    slips.extend(_spaces(text, display, skip))
    return sorted(slips, key=lambda slip: slip.start)


def _mojibake(text: str, skip: list[bool]) -> list[tuple[int, int]]:
    """The spans of garbled runs: pieces of debris and uncommon characters no more than two
    Han characters apart, where the run holds U+FFFD, '?' glued to '。' with more debris, an
    uncommon character and debris, two uncommon characters side by side, or '??' between
    Chinese text.  An uncommon character written twice (啛啛, 㥋㥋𧬊𧬊) is a word, not a
    wrong decoding, and counts as common."""
    pieces = sorted([(match.start(), match.end(), match.group()) for match in
                     _DEBRIS.finditer(text) if not skip[match.start()]]
                    + [(index, index + 1, "") for index in uncommon(text) if not skip[index]
                       and text[index] not in (text[index - 1:index], text[index + 1:index + 2])])
    runs: list[list[tuple[int, int, str]]] = []
    for piece in pieces:
        if runs and _HAN_GAP.fullmatch(text, runs[-1][-1][1], piece[0]):
            runs[-1].append(piece)
        else:
            runs.append([piece])
    spans = []
    for run in runs:
        start, end = run[0][0], run[-1][1]
        kinds = [kind for _, _, kind in run]
        uncommon_pair = any(a[2] == b[2] == "" and a[1] == b[0] for a, b in zip(run, run[1:]))
        if "\ufffd" in kinds or ("。" in kinds and len(run) > 2) or uncommon_pair \
                or ("" in kinds and any(kinds)) \
                or ("??" in text[start:end] and _chinese(_neighbour(text, start, -1))
                    and _chinese(_neighbour(text, end - 1, 1))):
            spans.append((start, end))
    return spans


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
        if _chinese(_neighbour(text, index, -1, _RUN)) or _chinese(_neighbour(text, index, 1, _RUN)):
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


def _spaces(text: str, display: bool, skip: list[bool]) -> list[Slip]:
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
            # a headline's phrases are set apart (提高效率　解决问题); after a stop there is
            # space enough (标题：一个)
            phrases = display and is_han(before) and is_han(after)
            slips.append(Slip(start, end, "space-in-chinese",
                              "a space between Chinese phrases on a line of their own: write "
                              "the ideographic space '\u3000'", "\u3000") if phrases else
                         Slip(start, end, "space-in-chinese",
                              "a space between Chinese characters prints as a gap: remove it",
                              ""))
        elif ((is_han(before) and is_alphanumeric(after)) or
              (is_alphanumeric(before) and is_han(after))) and not (skip[start - 1] or skip[end]) \
                and "\u3000" not in match.group():
            # left as typed: a space setting an address apart, and an ideographic one
            # (图1　说明: a label's space is meant)
            slips.append(Slip(start, end, "space-beside-chinese", _BESIDE, ""))
    return slips


_BESIDE = ("the layout sets its own ¼ em gap between Chinese and a Latin letter or digit: the "
           "typed space is not needed")

