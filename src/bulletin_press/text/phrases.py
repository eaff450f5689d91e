"""Phrases: the units a ragged Chinese line (a headline, a title) breaks between.

Chinese has no spaces to break at, so a headline left to the line filler breaks
wherever the line fills, in the middle of a word (``…AI巡 | 检``).  BudouX
(https://github.com/google/budoux) segments text into phrases with a small
model per script; the typesetting stage keeps each phrase on one line.  The
model's chunks are adjusted to the rules the layout keeps anyway: no break
inside a Latin word or a number, nor between a number and its unit; none
before a closing mark or after an opening one (clreq §3.1.7); and a space
between phrases stays at the end of the first.
"""

from __future__ import annotations

from functools import cache

from bulletin_press.clreq import rules
from bulletin_press.clreq.chars import NOT_AT_LINE_END, is_chinese


@cache
def _parser(language: str):
    import budoux

    if language.startswith("zh-Hant"):
        return budoux.load_default_traditional_chinese_parser()
    return budoux.load_default_simplified_chinese_parser()


def _joins(before: str, after: str) -> bool:
    """Whether a boundary of the model's between ``before`` and ``after`` is no break."""
    last, first = before[-1], after[0]
    if first.isspace() or last.isspace():
        return False
    # where no line may break (clreq §3.1.7; inside a Latin word or a number: iPhone, PM2.5)
    if rules.break_kinds(last + first)[1] == rules.NO_BREAK:
        return True
    # a number and its unit or measure word: 12个, 100米
    return last.isdigit() and is_chinese(first) and first not in NOT_AT_LINE_END


def phrases(text: str, language: str) -> list[str]:
    """``text`` cut into phrases (their concatenation is ``text``), with the model of the
    script of ``language`` (zh-Hans, zh-Hant, zh-Hant-HK)."""
    if not text:
        return []
    found: list[str] = []
    for chunk in _parser(language).parse(text):
        if found:
            # a space the model put at the start of a phrase ends the one before it
            body = chunk.lstrip()
            found[-1] += chunk[:len(chunk) - len(body)]
            chunk = body
            if chunk and _joins(found[-1], chunk):
                found[-1] += chunk
                continue
        if chunk:
            found.append(chunk)
    return found


def phrase_starts(text: str, language: str) -> list[int]:
    """The offsets in ``text`` where a phrase after the first begins."""
    starts, offset = [], 0
    for phrase in phrases(text, language)[:-1]:
        offset += len(phrase)
        starts.append(offset)
    return starts
