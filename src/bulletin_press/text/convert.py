"""Script conversion between editions: OpenCC's phrase dictionaries, a glossary, quotes.

Each edition of an issue is made from the one manuscript.  OpenCC converts by
phrases, so one-to-many characters come out right in context (干部→幹部,
树干→樹幹, 干净→乾淨), with our corrections to its dictionaries
(:mod:`bulletin_press.text.dictionaries`: 干垃圾→乾垃圾).  Terms in the editors' glossary (names of people,
places, offices) are taken out before conversion and put back in the form the
glossary gives for the edition.  Quotation marks follow each edition's style:
“ ” ‘ ’ for zh-Hans, 「 」 『 』 for the Traditional editions, nesting kept.
Ruby annotations, Latin text, identifiers and addresses are never converted.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from bulletin_press.manuscript.model import GlossaryEntry, Issue, Ruby
from bulletin_press.clreq.chars import is_apostrophe
from bulletin_press.text.dictionaries import converter as _opencc
from bulletin_press.text.terms import terms

# (manuscript language, edition, phrases) → OpenCC configurations, applied in order.
# A zh-Hant manuscript is taken to be written to the Taiwan standard.
CONFIGURATIONS = {
    ("zh-Hans", "zh-Hant", False): ("s2tw",),
    ("zh-Hans", "zh-Hant", True): ("s2twp",),
    ("zh-Hans", "zh-Hant-HK", False): ("s2hk",),
    ("zh-Hans", "zh-Hant-HK", True): ("s2hk",),
    ("zh-Hant", "zh-Hans", False): ("tw2s",),
    ("zh-Hant", "zh-Hans", True): ("tw2sp",),
    ("zh-Hant", "zh-Hant-HK", False): ("tw2t", "t2hk"),
    ("zh-Hant", "zh-Hant-HK", True): ("tw2t", "t2hk"),
}

QUOTE_STYLES = ("curly", "corner")
DEFAULT_QUOTES = {"zh-Hans": "curly", "zh-Hant": "corner", "zh-Hant-HK": "corner"}
QUOTE_MARKS = {"curly": "“”‘’", "corner": "「」『』"}  # opening, closing; then nested
_CURLY, _CORNER = QUOTE_MARKS["curly"], QUOTE_MARKS["corner"]
_TO_CORNER, _TO_CURLY = dict(zip(_CURLY, _CORNER)), dict(zip(_CORNER, _CURLY))

# Glossary terms stand in the text as private-use characters (plane 15) while OpenCC works.
_PLACEHOLDER = 0xF0000
_PLACEHOLDERS = 0xFFFFD - _PLACEHOLDER


def quote_style(issue: Issue, edition: str) -> str:
    return dict(issue.quotes).get(edition, DEFAULT_QUOTES[edition])


def convert_quotes(text: str, target: str) -> str:
    """Quotation marks of either style in the ``target`` style (curly or corner), so that
    an edition prints one style whatever was typed; an apostrophe (don’t) stays."""
    table = _TO_CORNER if target == "corner" else _TO_CURLY
    return "".join(char if is_apostrophe(text, index) else table.get(char, char)
                   for index, char in enumerate(text))


def converter(issue: Issue, edition: str) -> Callable[[str], str]:
    """The function that turns the manuscript's text into the edition's."""
    return text_converter(issue.language, edition, issue.phrases, issue.glossary,
                          quote_style(issue, edition))


def text_converter(language: str, edition: str, phrases: bool,
                   glossary: tuple[GlossaryEntry, ...], quotes: str) -> Callable[[str], str]:
    """Text in ``language`` → text of ``edition`` with ``quotes`` (curly or corner)."""
    configurations = CONFIGURATIONS.get((language, edition, phrases), ())
    entries = sorted(glossary, key=lambda entry: len(entry.term), reverse=True)
    if len(entries) > _PLACEHOLDERS:
        raise ValueError(f"a glossary of more than {_PLACEHOLDERS} terms")
    found = terms(frozenset(entry.term for entry in entries))
    placeholders = {entry.term: chr(_PLACEHOLDER + index) for index, entry in enumerate(entries)}
    restore = {chr(_PLACEHOLDER + index): entry.term if edition == language
               else entry.form(edition) for index, entry in enumerate(entries)}

    def convert(text: str) -> str:
        if found:
            text = found.sub(placeholders.__getitem__, text)
        for configuration in configurations:
            text = _opencc(configuration).convert(text)
        text = convert_quotes(text, quotes)
        if found:
            text = "".join(restore.get(char, char) for char in text)
        return text

    return convert


def layout_text(edition: str) -> Callable[[str], str]:
    """A layout's own words, written in Simplified Chinese, in the edition's script."""
    configurations = CONFIGURATIONS.get(("zh-Hans", edition, False), ())

    def convert(text: str) -> str:
        for configuration in configurations:
            text = _opencc(configuration).convert(text)
        return convert_quotes(text, DEFAULT_QUOTES[edition])
    return convert


def convert_issue(issue: Issue, edition: str) -> Issue:
    """The issue in the script of ``edition``."""
    return _convert(issue, converter(issue, edition))


# Identifiers, file names, addresses, codes and settings stay as they are.
KEPT_FIELDS = {"id", "stem", "language", "editions", "layout", "url", "href", "name", "data", "path",
         "folder", "date", "origin", "glossary", "quotes", "phrases", "vertical"}


def _convert(value: Any, convert: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, Ruby):
        return Ruby(convert(value.base), value.annotation)
    if isinstance(value, tuple):
        return tuple(_convert(item, convert) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type) \
            and not isinstance(value, GlossaryEntry):
        changes = {field.name: _convert(getattr(value, field.name), convert)
                   for field in dataclasses.fields(value) if field.name not in KEPT_FIELDS}
        return dataclasses.replace(value, **changes)
    return value
