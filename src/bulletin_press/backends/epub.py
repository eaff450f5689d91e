"""EPUB 3 through ebooklib.

ebooklib 0.20 writes ``dcterms:modified`` from the clock and stamps zip entries
with the current time; both are set from the issue's date here, so that the
same manuscript gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from ebooklib import epub

from bulletin_press.backends import RenderError, media_type
from bulletin_press.typeset import Document


def render_epub(document: Document) -> bytes:
    issue = document.issue
    book = epub.EpubBook()
    book.set_identifier(document.identifier)
    book.set_title(issue.title)
    book.set_language(document.edition)
    if document.vertical:
        book.set_direction("rtl")  # the spine's page-progression-direction
    book.add_author(issue.publisher or issue.publication)
    book.add_metadata("DC", "publisher", issue.publisher or issue.publication)
    book.add_metadata("DC", "date", issue.date.isoformat())
    book.add_metadata("DC", "description", f"{issue.publication} {issue.number or ''}".strip())
    if issue.rights:
        book.add_metadata("DC", "rights", issue.rights)

    stylesheets = []
    for name, content in document.resources.items():
        kind = media_type(name)
        if kind == "text/css":
            item = epub.EpubItem(uid=_uid(name), file_name=name, media_type=kind, content=content)
            stylesheets.append(item)
        elif kind.startswith("image/"):
            item = epub.EpubImage(uid=_uid(name), file_name=name, media_type=kind, content=content)
        else:
            item = epub.EpubItem(uid=_uid(name), file_name=name, media_type=kind, content=content)
        book.add_item(item)

    chapters = []
    for page in document.pages:
        chapter = epub.EpubHtml(uid=_uid(page.name), file_name=page.name, title=page.title,
                                lang=document.edition, content=page.html.encode("utf-8"))
        for stylesheet in stylesheets:
            chapter.add_item(stylesheet)
        book.add_item(chapter)
        chapters.append(chapter)

    book.toc = [epub.Link(chapter.file_name, chapter.title, chapter.id) for chapter in chapters]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = chapters

    stamp = datetime.datetime.combine(issue.date, datetime.time(0, 0))
    out = io.BytesIO()
    try:
        epub.write_epub(out, book, {"mtime": stamp, "raise_exceptions": True, "epub3_pages": False})
    except Exception as error:  # ebooklib raises bare exceptions from lxml and zipfile
        raise RenderError(f"ebooklib could not write the EPUB: {error}") from error
    return _restamp(out.getvalue(), stamp)


def _uid(name: str) -> str:
    stem = "".join(c if c.isalnum() else "-" for c in name.rsplit(".", 1)[0])
    return "x-" + stem if not stem[:1].isalpha() else stem


def _restamp(data: bytes, stamp: datetime.datetime) -> bytes:
    """The same zip with every entry dated ``stamp``, ``mimetype`` first and stored."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" \
                else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
