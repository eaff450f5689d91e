"""Paired punctuation: quotation marks and brackets open and close within a paragraph.

A quotation left open runs, for the reader, to the end of the story; a bracket
closed without opening is usually the half of a pair lost in an edit.  The
ASCII and full-width parentheses pair with each other (``居(村）``: the width is
another check's matter), an apostrophe is no closing quotation mark (don’t,
students’), a list number such as ``1)`` or ``二）`` is no bracket closed without
opening, and a quotation running over several paragraphs opens each of them and
closes only in the last, as Chinese text does.
"""

from __future__ import annotations

import re

from bulletin_press.clreq.chars import is_apostrophe

PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》",
         "〈": "〉", "【": "】", "〔": "〕", "［": "］", "〖": "〗", "｛": "｝"}
_OPENING = {"(": "（"}  # what an opening mark pairs as
_CLOSING = {closing: _OPENING.get(opening, opening) for opening, closing in PAIRS.items()}
_LIST_NUMBER = re.compile(r"(?:^|(?<=[\s，。；：、]))[0-9A-Za-z一二三四五六七八九十]{1,3}$")


def unpaired(text: str, continued: str = "") -> list[tuple[int, str]]:
    """The marks of ``text`` without their partner: (index, what is wrong), in order.
    ``continued`` is the opening mark of the next paragraph's first character: a quotation
    that goes on there is not closed here."""
    found: list[tuple[int, str]] = []
    open_marks: list[int] = []
    for index, char in enumerate(text):
        if char in PAIRS:
            open_marks.append(index)
        elif char in _CLOSING:
            opening = _CLOSING[char]
            if char == "’" and (is_apostrophe(text, index) or not _is_open(text, open_marks, "‘")
                                and index and text[index - 1].isascii() and text[index - 1].isalpha()):
                continue  # don’t, students’
            if _is_open(text, open_marks, opening):
                while _OPENING.get(text[open_marks[-1]], text[open_marks[-1]]) != opening:
                    found.append(_never_closed(text, open_marks.pop()))  # 「a（b」: ( is left open
                open_marks.pop()
            elif not _LIST_NUMBER.search(text, 0, index):
                found.append((index, f"'{char}' closes a '{opening}' that was not opened in "
                                     "this paragraph"))
    found.extend(_never_closed(text, index) for index in open_marks
                 if not (continued and text[index] == continued and continued in "“‘「『"))
    return sorted(found)


def _is_open(text: str, open_marks: list[int], opening: str) -> bool:
    return any(_OPENING.get(text[index], text[index]) == opening for index in open_marks)


def _never_closed(text: str, index: int) -> tuple[int, str]:
    char = text[index]
    return index, f"'{char}' is not closed in this paragraph (no '{PAIRS[char]}' after it)"
