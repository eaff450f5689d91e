"""The site's feeds, built as XML trees with lxml: an OPDS 1.2 acquisition catalogue
(``opds.xml``) of every edition, for readers' e-book apps, and an Atom feed
(``feed.xml``) of the issues, for feed readers.

Links are relative to the feed (RFC 4287 resolves them against the feed's own address),
so that the catalogue works from any host and from ``file://``; ids are the editions'
URNs, dates the issues' (deterministic bytes).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
ACQUISITION_FEED = "application/atom+xml;profile=opds-catalog;kind=acquisition"
OPEN_ACCESS = "http://opds-spec.org/acquisition/open-access"
IMAGE = "http://opds-spec.org/image"
THUMBNAIL = "http://opds-spec.org/image/thumbnail"


@dataclass(frozen=True)
class FileLink:
    href: str  # relative to the site's root
    media_type: str
    size: int


@dataclass(frozen=True)
class Entry:
    """One edition of an issue (OPDS), or one issue (Atom)."""

    id: str  # a URN
    title: str
    author: str
    language: str
    issued: datetime.date
    summary: str
    page: str  # the web edition, relative to the site's root
    files: tuple[FileLink, ...] = ()
    cover: str | None = None
    thumbnail: str | None = None
    publisher: str | None = None


def _time(date: datetime.date) -> str:
    return datetime.datetime.combine(date, datetime.time(), datetime.timezone.utc) \
        .isoformat().replace("+00:00", "Z")


def _element(parent, tag: str, text: str | None = None, **attributes: str):  # noqa: ANN202
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v
                                             for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def _feed(feed_id: str, title: str, author: str, entries: list[Entry], self_href: str,
          self_type: str, nsmap: dict) -> etree._Element:
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, **nsmap})
    _element(root, f"{{{ATOM}}}id", feed_id)
    _element(root, f"{{{ATOM}}}title", title)
    _element(root, f"{{{ATOM}}}updated",
             _time(max((entry.issued for entry in entries), default=datetime.date(1970, 1, 1))))
    _element(_element(root, f"{{{ATOM}}}author"), f"{{{ATOM}}}name", author)
    _element(root, f"{{{ATOM}}}link", rel="self", href=self_href, type=self_type)
    return root


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def opds_catalogue(feed_id: str, title: str, author: str, entries: list[Entry]) -> bytes:
    """An OPDS 1.2 acquisition feed: each edition with its EPUB and PDF, cover and thumbnail."""
    root = _feed(feed_id, title, author, entries, "opds.xml", ACQUISITION_FEED,
                 {"dc": DC, "opds": OPDS})
    _element(root, f"{{{ATOM}}}link", rel="start", href="opds.xml", type=ACQUISITION_FEED)
    _element(root, f"{{{ATOM}}}link", rel="alternate", href="index.html", type="text/html")
    for entry in entries:
        item = _entry(root, entry)
        _element(item, f"{{{DC}}}language", entry.language)
        _element(item, f"{{{DC}}}issued", entry.issued.isoformat())
        if entry.publisher:
            _element(item, f"{{{DC}}}publisher", entry.publisher)
        for image, href in ((IMAGE, entry.cover), (THUMBNAIL, entry.thumbnail)):
            if href:
                _element(item, f"{{{ATOM}}}link", rel=image, href=href, type="image/jpeg")
        for file in entry.files:
            _element(item, f"{{{ATOM}}}link", rel=OPEN_ACCESS, href=file.href,
                     type=file.media_type, length=str(file.size))
    return _serialise(root)


def atom_feed(feed_id: str, title: str, author: str, entries: list[Entry]) -> bytes:
    """An Atom feed of the issues, each linking to its web edition."""
    root = _feed(feed_id, title, author, entries, "feed.xml", "application/atom+xml", {})
    _element(root, f"{{{ATOM}}}link", rel="alternate", href="index.html", type="text/html")
    for entry in entries:
        _entry(root, entry)
    return _serialise(root)


def _entry(root: etree._Element, entry: Entry) -> etree._Element:
    item = _element(root, f"{{{ATOM}}}entry")
    item.set("{http://www.w3.org/XML/1998/namespace}lang", entry.language)
    _element(item, f"{{{ATOM}}}id", entry.id)
    _element(item, f"{{{ATOM}}}title", entry.title)
    _element(item, f"{{{ATOM}}}updated", _time(entry.issued))
    _element(item, f"{{{ATOM}}}published", _time(entry.issued))
    _element(_element(item, f"{{{ATOM}}}author"), f"{{{ATOM}}}name", entry.author)
    _element(item, f"{{{ATOM}}}summary", entry.summary, type="text")
    _element(item, f"{{{ATOM}}}link", rel="alternate", href=entry.page, type="text/html",
             hreflang=entry.language)
    return item
