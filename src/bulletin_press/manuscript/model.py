"""The manuscript model: one frozen tree per issue of the bulletin.

Everything downstream (typesetting, backends) reads only this model, never YAML.
Text keeps its inline structure — runs of text, emphasis, ruby — so that the
typesetting stage can treat each for what it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from bulletin_press.diagnostics import Location
from bulletin_press.clreq.chars import is_chinese

LANGUAGES = ("zh-Hans", "zh-Hant")
EDITIONS = ("zh-Hans", "zh-Hant", "zh-Hant-HK")
DEFAULT_LAYOUT = "newsletter"


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Ruby:
    base: str
    annotation: str


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Union[Text, Ruby], ...]


Inline = Union[Text, Ruby, Emphasis]
Inlines = tuple[Inline, ...]


def plain_text(inlines: Inlines) -> str:
    """The text a reader sees, without ruby annotations."""
    parts = []
    for inline in inlines:
        if isinstance(inline, Text):
            parts.append(inline.text)
        elif isinstance(inline, Ruby):
            parts.append(inline.base)
        else:
            parts.append(plain_text(inline.children))
    return "".join(parts)


@dataclass(frozen=True)
class Paragraph:
    inlines: Inlines
    origin: Location

    @property
    def text(self) -> str:
        return plain_text(self.inlines)


@dataclass(frozen=True)
class Image:
    data: bytes = field(repr=False)  # the file's bytes, read once at load, fully decoded there
    name: str  # what outputs call it: from its content, e.g. 3f2a….jpg
    href: str  # as written in the manuscript, for messages only
    alt: str
    caption: Inlines = ()
    credit: Inlines = ()
    # where the layout places it: above the story's headline ("top"), after its text
    # ("bottom"), after its paragraph ``after`` ("inline"), or across the columns above the
    # story ("span"); and how wide: a column, half a column, or the page's text width
    placement: str = "bottom"
    width: str = "column"
    after: int | None = None  # "inline": the paragraph (from 1) it follows
    origin: Location | None = field(default=None, compare=False)  # its src, for messages

    @property
    def span(self) -> str:
        """How wide it prints: its ``width``, but the page's across the columns."""
        return "page" if self.placement == "span" else self.width

    def follows(self, paragraphs: int) -> int:
        """The paragraph (from 1) the picture follows in a story of ``paragraphs``; 0 above
        the headline."""
        if self.placement in ("top", "span"):
            return 0
        if self.placement == "bottom":
            return paragraphs
        return min(self.after or (paragraphs + 1) // 2, paragraphs)


@dataclass(frozen=True)
class Story:
    stem: str
    path: Path
    headline: tuple[Inlines, ...]  # one entry per headline line
    body: tuple[Paragraph, ...]
    byline: Inlines = ()
    images: tuple[Image, ...] = ()
    quote: tuple[Paragraph, ...] = ()
    quote_after: int | None = None  # the paragraph (from 1) the pull quote follows
    span: str | None = None  # "columns": the headline stands across the columns

    @property
    def quote_follows(self) -> int:
        """The paragraph (from 1) the pull quote follows: ``quote_after``, else the middle
        one, so that it stands inside the story, among its text."""
        return min(self.quote_after or (len(self.body) + 1) // 2, len(self.body))

    @property
    def headline_text(self) -> str:
        """The headline on one line: lines apart by an ideographic space in Chinese."""
        lines = [plain_text(line) for line in self.headline]
        text = lines[0]
        for line in lines[1:]:
            text += ("　" if is_chinese(text[-1]) or is_chinese(line[0]) else " ") + line
        return text


@dataclass(frozen=True)
class GlossaryEntry:
    """A term editors fix by hand in each edition: a name, a place, an office."""

    term: str  # as written in the manuscript
    forms: tuple[tuple[str, str], ...]  # (edition, form); edition "*": every other edition
    origin: Location | None = field(default=None, compare=False)

    def form(self, edition: str) -> str:
        forms = dict(self.forms)
        if edition in forms:
            return forms[edition]
        if edition == "zh-Hant-HK" and "zh-Hant" in forms:
            return forms["zh-Hant"]
        return forms.get("*", self.term)


@dataclass(frozen=True)
class Issue:
    id: str
    folder: Path
    title: Inlines
    publication: Inlines
    date: datetime.date
    language: str
    editions: tuple[str, ...]
    layout: str = DEFAULT_LAYOUT
    number: Inlines = ()
    publisher: Inlines = ()
    lead: tuple[Paragraph, ...] = ()
    stories: tuple[Story, ...] = ()
    url: str | None = None
    rights: Inlines = ()
    vertical: bool = False  # the e-book of Traditional editions is set vertically
    glossary: tuple[GlossaryEntry, ...] = ()
    phrases: bool = False  # convert vocabulary too (s2twp: 软件→軟體)
    quotes: tuple[tuple[str, str], ...] = ()  # (edition, "curly" | "corner") where not the default
    ignored: tuple[str, ...] = ()  # the warnings' codes its check: ignore names

    # Plain text, where a string is needed: metadata, <title>, bookmarks, alt texts.

    @property
    def title_text(self) -> str:
        return plain_text(self.title)

    @property
    def publication_text(self) -> str:
        return plain_text(self.publication)

    @property
    def number_text(self) -> str:
        return plain_text(self.number)

    @property
    def publisher_text(self) -> str:
        return plain_text(self.publisher)

    @property
    def rights_text(self) -> str:
        return plain_text(self.rights)
