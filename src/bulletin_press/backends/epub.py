"""EPUB 3 through ebooklib.

ebooklib 0.20 is pinned, and its traps are worked around here, each with a test:

- ``set_cover()`` puts a non-linear cover page in the spine (EPUBCheck OPF-096):
  the cover image is added without its page, and the layout's own cover page
  is the first, linear item of the spine, with a ``cover`` landmark;
- ``dcterms:modified`` comes from the clock: it is given (``mtime``) from the
  issue's date or ``SOURCE_DATE_EPOCH``;
- zip entries are dated with the current time: the archive is rewritten with
  every entry dated ``modified``, ``mimetype`` first and stored;
- ``<package>`` gets no ``xml:lang``: it is added when the archive is rewritten,
  together with Apple's ``com.apple.ibooks.display-options.xml`` (so that Apple
  Books uses the embedded fonts), and the landmarks list is hidden;
- an item ebooklib cannot write raises from the middle of ``write_epub``: it is
  written to memory, so a failure leaves no file, and raised as ``RenderError``.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from ebooklib import epub
from lxml import etree

from bulletin_press import fonts
from bulletin_press.backends import RenderError, media_type, screen_image
from bulletin_press.faces import characters_by_face
from bulletin_press.text.convert import layout_text
from bulletin_press.document import COVER_IMAGE, Document, issue_time

APPLE_DISPLAY_OPTIONS = "META-INF/com.apple.ibooks.display-options.xml"
_APPLE_OPTIONS_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<display_options>
  <platform name="*">
    <option name="specified-fonts">true</option>
  </platform>
</display_options>
"""


def render_epub(document: Document) -> bytes:
    issue = document.issue
    modified = document.modified or issue_time(issue)
    book = epub.EpubBook()
    book.set_identifier(document.identifier)
    book.set_title(issue.title_text)
    book.set_language(document.edition)
    if document.vertical:
        book.set_direction("rtl")  # the spine's page-progression-direction
        # Kindle reads the writing mode from here, not from the CSS
        book.add_metadata(None, "meta", "", {"name": "primary-writing-mode",
                                             "content": "vertical-rl"})
    _metadata(book, document)

    pages = [page for page in document.pages if page.kind != "cover"]
    stylesheets, font_files = [], {}
    for name, content in document.resources.items():
        kind = media_type(name)
        if kind == "text/css":
            item = epub.EpubItem(uid=_uid(name), file_name=name, media_type=kind, content=content)
            stylesheets.append(item)
        elif kind.startswith("image/"):
            item = epub.EpubImage(uid=_uid(name), file_name=name, media_type=kind,
                                  content=screen_image(content))
        elif kind.startswith("font/"):
            # subset in _finish, from the text of the book as written
            item = epub.EpubItem(uid=_uid(name), file_name=name, media_type=kind, content=b"")
            font_files[name] = content
        else:
            item = epub.EpubItem(uid=_uid(name), file_name=name, media_type=kind, content=content)
        book.add_item(item)

    chapters = {}
    for page in document.pages:
        chapter = epub.EpubHtml(uid=_uid(page.name), file_name=page.name, title=page.title,
                                lang=document.edition, content=page.html.encode("utf-8"))
        if page.kind == "licence":
            chapter.lang = "en"
        for stylesheet in stylesheets:
            chapter.add_item(stylesheet)
        book.add_item(chapter)
        chapters[page.name] = chapter

    if document.cover is not None:
        from bulletin_press.backends.cover import render_cover

        book.set_cover(COVER_IMAGE, render_cover(document.cover), create_page=False)

    words = layout_text(document.edition)
    stories = [chapters[page.name] for page in pages if page.kind == "story"]
    book.toc = _nested(document.toc, chapters) if document.toc else [
        epub.Link(chapters[page.name].file_name, page.title, chapters[page.name].id)
        for page in pages if page.kind in ("title", "story")]
    book.guide = [{"href": "cover.xhtml", "title": words("封面"), "type": "cover"},
                  {"href": "nav.xhtml", "title": words("目录"), "type": "toc"},
                  {"href": stories[0].file_name, "title": words("正文"), "type": "text"}] \
        if "cover.xhtml" in chapters else []
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=words("目录"))
    for stylesheet in stylesheets:  # the book's fonts and writing mode
        nav.add_item(stylesheet)
    book.add_item(nav)
    # reading order: cover, title page, contents (the toc landmark's target), stories;
    # the fonts' licence is reached from the title page
    spine = []
    for page in document.pages:
        spine.append((chapters[page.name], "no") if page.kind == "licence" else chapters[page.name])
        if page.kind == "title":
            spine.append(nav)
    book.spine = spine

    out = io.BytesIO()
    options = {"mtime": modified.astimezone(datetime.timezone.utc).replace(tzinfo=None),
               "raise_exceptions": True, "epub3_pages": False, "landmark_title": words("导览")}
    try:
        epub.write_epub(out, book, options)
    except Exception as error:  # ebooklib raises bare exceptions from lxml and zipfile
        raise RenderError(f"ebooklib could not write the EPUB: {error}") from error
    try:
        return _finish(out.getvalue(), modified, document.edition, font_files,
                       _page_list(document.page_list, words("页码")))
    except etree.XMLSyntaxError as error:
        raise RenderError(f"ebooklib wrote a document that is not XHTML: {error}") from error


def _nested(entries: tuple, chapters: dict) -> list:
    """ebooklib's contents from :attr:`Document.toc`: an entry with entries under it is a
    section that leads to its page."""
    nested = []
    for name, title, children in entries:
        if children:
            nested.append((epub.Section(title, chapters[name].file_name),
                           _nested(children, chapters)))
        else:
            nested.append(epub.Link(chapters[name].file_name, title, chapters[name].id))
    return nested


def _metadata(book: epub.EpubBook, document: Document) -> None:
    issue = document.issue
    words = layout_text(document.edition)
    book.add_author(issue.publisher_text or issue.publication_text)
    book.add_metadata("DC", "publisher", issue.publisher_text or issue.publication_text)
    book.add_metadata("DC", "date", issue.date.isoformat())
    book.add_metadata("DC", "description", f"{issue.publication_text} {issue.number_text}".strip())
    if issue.rights:
        book.add_metadata("DC", "rights", issue.rights_text)
    book.add_metadata(None, "meta", issue.publication_text,
                      {"property": "belongs-to-collection", "id": "publication"})
    book.add_metadata(None, "meta", "series",
                      {"refines": "#publication", "property": "collection-type"})
    position = _issue_position(issue.number_text)
    if position:
        book.add_metadata(None, "meta", position,
                          {"refines": "#publication", "property": "group-position"})

    if document.page_list:  # the page breaks are the print edition's
        source = f"{issue.publication_text} {issue.number_text} PDF".replace("  ", " ")
        book.add_metadata("DC", "source", source, {"id": "print-edition"})
        book.add_metadata(None, "meta", "pagination",
                          {"refines": "#print-edition", "property": "source-of"})
    images = any(story.images for story in issue.stories)
    ruby = "<ruby>" in "".join(page.html for page in document.pages)
    accessibility = [
        ("schema:accessMode", "textual"),
        *([("schema:accessMode", "visual")] if images else []),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        *([("schema:accessibilityFeature", "pageBreakMarkers"),
           ("schema:accessibilityFeature", "pageNavigation")] if document.page_list else []),
        ("schema:accessibilityFeature", "displayTransformability"),
        *([("schema:accessibilityFeature", "alternativeText")] if images else []),
        *([("schema:accessibilityFeature", "rubyAnnotations")] if ruby else []),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", words(
            "本书为可重排文本，阅读顺序即目录顺序，标题有层级结构，语言已标注；"
            + ("所有图片均有替代文字。" if images else "书中没有图片。"))),
    ]  # no dcterms:conformsTo: no evaluation is recorded (docs/ebook.md)
    for name, value in accessibility:
        book.add_metadata(None, "meta", value, {"property": name})


_NUMBERED = re.compile(r"第\s*([0-9]{1,9})\s*[期号號]")
_MAX_POSITION_DIGITS = 9


def _issue_position(number: str | None) -> str | None:
    """The issue's number within its year or volume, where ``number`` has one: 第12期 → 12,
    else the last group of digits (No. 12 → 12).  Linear in the text's length."""
    if not number:
        return None
    match = _NUMBERED.search(number)
    if match:
        return str(int(match.group(1)))
    end = len(number)
    while end and not "0" <= number[end - 1] <= "9":
        end -= 1
    start = end
    while start and "0" <= number[start - 1] <= "9":
        start -= 1
    digits = number[start:end]
    return str(int(digits)) if 0 < len(digits) <= _MAX_POSITION_DIGITS else None


def _characters_by_font(entries: list[tuple[str, bytes]]) -> dict[str, set[int]]:
    """What each font sets, by its name beside the stylesheets: the book's documents
    through the stylesheets each links (:mod:`bulletin_press.faces`)."""
    files = dict(entries)
    documents = []
    for name, content in entries:
        if not name.endswith(".xhtml"):
            continue
        root = etree.fromstring(content, etree.XMLParser(resolve_entities=False))
        folder = name.rpartition("/")[0]
        links = root.xpath("//x:link[contains(concat(' ', @rel, ' '), ' stylesheet ')]/@href",
                           namespaces={"x": "http://www.w3.org/1999/xhtml"})
        css = "\n".join(files.get(f"{folder}/{href}".lstrip("/"), b"").decode("utf-8")
                        for href in links)
        documents.append((root, css))
    return characters_by_face(documents)


def _uid(name: str) -> str:
    """An XML id for a file name, distinct for distinct names (photo.png and photo.jpg too)."""
    stem, _, extension = name.rpartition(".")
    stem = "".join(c if c.isascii() and c.isalnum() else "-" for c in stem)
    if extension and extension not in ("xhtml", "css"):
        stem += "-" + extension
    return "x-" + stem if not stem[:1].isalpha() else stem


def _finish(data: bytes, modified: datetime.datetime, language: str,
            font_files: dict[str, bytes], page_list: etree._Element | None = None) -> bytes:
    """The archive, reproducible and complete: each font cut to the text set in it, dated entries,
    xml:lang, Apple's options."""
    stamp = _zip_time(modified)
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    entries.insert(2, (APPLE_DISPLAY_OPTIONS, _APPLE_OPTIONS_XML))
    entries = [(name, _package_language(content, language) if name.endswith(".opf")
                else _hide_landmarks(content, page_list) if name.endswith("nav.xhtml")
                else content)
               for name, content in entries]
    used = _characters_by_font(entries)
    entries = [(name, fonts.subset(font_files[key], used.get(key, set()))
                if (key := name.split("/", 1)[-1]) in font_files else content)
               for name, content in entries]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in entries:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def _zip_time(moment: datetime.datetime) -> tuple[int, ...]:
    """A zip entry's date: the format counts from 1980 to 2107."""
    stamp = moment.astimezone(datetime.timezone.utc).timetuple()[:6]
    return max((1980, 1, 1, 0, 0, 0), min(stamp, (2107, 12, 31, 23, 59, 58)))


def _hide_landmarks(nav: bytes, page_list: etree._Element | None = None) -> bytes:
    """The contents page is in the reading order; its landmarks list (and its page list,
    added here: ebooklib writes none) are for the reader only."""
    root = etree.fromstring(nav)
    for element in root.iter("{http://www.w3.org/1999/xhtml}nav"):
        if element.get("{http://www.idpf.org/2007/ops}type") == "landmarks":
            element.set("hidden", "hidden")
            if page_list is not None:
                element.addnext(page_list)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")


def _page_list(pages: tuple[tuple[int, str], ...], heading: str) -> etree._Element | None:
    """``<nav epub:type="page-list">``: each print page, to its page break."""
    if not pages:
        return None
    xhtml, ops = "{http://www.w3.org/1999/xhtml}", "{http://www.idpf.org/2007/ops}"
    nav = etree.Element(xhtml + "nav", {ops + "type": "page-list", "hidden": "hidden",
                                        "role": "doc-pagelist", "aria-label": heading})
    items = etree.SubElement(nav, xhtml + "ol")
    for number, href in pages:
        link = etree.SubElement(etree.SubElement(items, xhtml + "li"), xhtml + "a", href=href)
        link.text = str(number)
    return nav


def _package_language(opf: bytes, language: str) -> bytes:
    root = etree.fromstring(opf)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
