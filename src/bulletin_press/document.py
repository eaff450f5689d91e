"""What the typesetting stage hands to the backends: a document's pages and resources, and
the identifiers both sides agree on (an edition's URN, a paragraph's id, resource names).

Backends import this module, never the typesetting stage: a backend turns a
:class:`Document` into bytes and reads no files.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Mapping

from bulletin_press.manuscript.model import Issue

QR_CODE = "qr.svg"
MEDIA_PREFIX = "media/"
COVER_IMAGE = "cover.jpg"
THUMBNAIL = "cover-small.jpg"  # the cover, small, for lists of issues


@dataclass(frozen=True)
class Page:
    name: str  # file name inside the document, e.g. story-01.xhtml
    title: str
    html: str
    kind: str  # "print", in an e-book "cover", "title", "part", "story", "index" or
    # "licence", or "web"


@dataclass(frozen=True)
class Document:
    issue: Issue  # in the edition's script
    edition: str
    pages: tuple[Page, ...]
    resources: Mapping[str, bytes]  # relative URL → content
    vertical: bool = False  # top to bottom, right to left
    cover: "Document | None" = None  # the cover image's page, set like print
    modified: datetime.datetime | None = None  # when the edition last changed (UTC)
    # an e-book's print pages: (page number, the page break before the first paragraph
    # that starts on that print page)
    page_list: tuple[tuple[int, str], ...] = ()
    # print: the stylesheets of a print profile, among the resources, added after the page's own
    stylesheets: tuple[str, ...] = ()
    # print: the page as set when it takes one page (without the contents box)
    single_page: "Document | None" = None
    # an e-book's contents where they nest (a volume: its issues, their stories): entries of
    # (page name, title, the entries under it); else the title page and the stories
    toc: tuple = ()

    @property
    def identifier(self) -> str:
        return identifier(self.issue, self.edition)


def issue_time(issue: Issue) -> datetime.datetime:
    """The issue's date as a moment: its midnight, UTC."""
    return datetime.datetime.combine(issue.date, datetime.time(), datetime.timezone.utc)


def identifier(issue: Issue, edition: str) -> str:
    """A stable identifier per issue and edition."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"bulletin-press:{issue.id}/{edition}"))


def paragraph_id(story: int, paragraph: int) -> str:
    """The print page's id of a story's paragraph (from 1): the e-book's page breaks stand
    before the first paragraph each print page starts."""
    return f"s{story}p{paragraph}"


def story_id(story: int) -> str:
    """The anchor of a story (from 1) in the e-book's documents and the web edition."""
    return f"story-{story}"
