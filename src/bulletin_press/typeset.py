"""Typesetting: one edition of an issue → HTML documents, through the layout's templates.

This stage owns Chinese text on its way to HTML: the edition's script, the
inline structure (emphasis, ruby) and the language tags.  It produces a
:class:`Document`: the pages as HTML and every resource they refer to (CSS,
fonts, images, the QR code) as bytes, so that backends read no files.
"""

from __future__ import annotations

import datetime
import functools
import html.parser
import io
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import segno
from markupsafe import Markup, escape

from bulletin_press import fonts
from bulletin_press.layouts import Layout
from bulletin_press.manuscript.model import Emphasis, Inlines, Issue, Ruby, Text, plain_text
from bulletin_press.text.convert import convert_issue, layout_text
from bulletin_press.text.breaks import long_run_breaks, quote_breaks
from bulletin_press.text.spacing import Run, is_han, split_runs

QR_CODE = "qr.svg"
MEDIA_PREFIX = "media/"
COVER_IMAGE = "cover.jpg"


class UnprintableText(LookupError):
    """A page prints characters its layout's fonts lack: words of the layout itself, since
    the manuscript's text, converted for each edition, is checked when it is loaded."""

    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class Page:
    name: str  # file name inside the document, e.g. story-01.xhtml
    title: str
    html: str
    kind: str  # "print", or in an e-book "cover", "title", "story" or "licence"


@dataclass(frozen=True)
class Document:
    issue: Issue  # in the edition's script
    edition: str
    pages: tuple[Page, ...]
    resources: Mapping[str, bytes]  # relative URL → content
    vertical: bool = False  # top to bottom, right to left
    cover: "Document | None" = None  # the cover image's page, set like print
    modified: datetime.datetime | None = None  # when the edition last changed (UTC)

    @property
    def identifier(self) -> str:
        return identifier(self.issue, self.edition)


def issue_time(issue: Issue) -> datetime.datetime:
    """The issue's date as a moment: its midnight, UTC."""
    return datetime.datetime.combine(issue.date, datetime.time(), datetime.timezone.utc)


def identifier(issue: Issue, edition: str) -> str:
    """A stable identifier per issue and edition."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"bulletin-press:{issue.id}/{edition}"))


_UPRIGHT_NUMBER = re.compile(r"(?<![0-9A-Za-z.,])([0-9]{1,2})(?![0-9A-Za-z.,])")


def render_inlines(inlines: Inlines, vertical: bool = False) -> Markup:
    """Inline text for the e-book: semantic ``<em>`` and ``<ruby>``; readers space and dot it.

    In vertical text, numbers of one or two digits stand upright in one em
    (``text-combine-upright``, clreq §3.3.3); longer ones lie sideways.
    """
    parts = []
    for inline in inlines:
        if isinstance(inline, Text):
            if vertical:
                pieces = _UPRIGHT_NUMBER.split(inline.text)
                parts.extend(Markup('<span class="tcy">{}</span>').format(piece) if index % 2
                             else escape(piece) for index, piece in enumerate(pieces))
            else:
                parts.append(escape(inline.text))
        elif isinstance(inline, Ruby):
            # the parentheses are for readers without ruby, not for speech
            language = _annotation_language(inline.annotation)
            parts.append(Markup('<ruby>{}<rp aria-hidden="true">(</rp><rt lang="{}" xml:lang="{}">'
                                '{}</rt><rp aria-hidden="true">)</rp></ruby>')
                         .format(inline.base, language, language, inline.annotation))
        elif isinstance(inline, Emphasis):
            parts.append(Markup('<em class="emphasis">{}</em>')
                         .format(render_inlines(inline.children, vertical)))
    return Markup("").join(parts)


def _annotation_language(annotation: str) -> str:
    """Ruby's language: zhuyin (Bopomofo) or, in the Latin alphabet, pinyin."""
    return "zh-Bopo" if any("\u3100" <= char <= "\u312f" or "\u31a0" <= char <= "\u31bf"
                            for char in annotation) else "zh-Latn-pinyin"


def render_print_inlines(inlines: Inlines, before: str = "", after: str = "") -> Markup:
    """Inline text for print, where WeasyPrint needs the clreq rules spelled out in HTML.

    Latin runs next to Han characters get spacing spans (``as-l``/``as-r``) instead
    of inserted characters; each emphasised Han character gets its own span for
    its dot (着重号), since WeasyPrint has no ``text-emphasis``; ruby becomes an
    annotation positioned above its base, outside the line's flow.
    """
    parts = []
    neighbours = _neighbours([plain_text((inline,)) for inline in inlines], before, after)
    for inline, (left, right) in zip(inlines, neighbours):
        if isinstance(inline, Text):
            parts.append(_print_text(inline.text, left, right, dotted=False))
        elif isinstance(inline, Ruby):
            parts.append(_print_ruby(inline, dotted=False))
        elif isinstance(inline, Emphasis):
            inner = []
            children = _neighbours([plain_text((child,)) for child in inline.children], left, right)
            for child, (child_left, child_right) in zip(inline.children, children):
                inner.append(_print_ruby(child, dotted=True) if isinstance(child, Ruby)
                             else _print_text(child.text, child_left, child_right, dotted=True))
            parts.append(Markup('<em class="emphasis">{}</em>').format(Markup("").join(inner)))
    return Markup("").join(parts)


def _neighbours(texts: list[str], before: str, after: str) -> list[tuple[str, str]]:
    """For each text, the character just before it and just after it, skipping empty texts:
    in one pass each way, however many inlines a paragraph has."""
    lefts, last = [], before
    for text in texts:
        lefts.append(last)
        last = text[-1:] or last
    rights, first = [], after
    for text in reversed(texts):
        rights.append(first)
        first = text[:1] or first
    return list(zip(lefts, reversed(rights)))


def _print_text(text: str, before: str, after: str, dotted: bool) -> Markup:
    parts = []
    runs = split_runs(text, before, after)
    for index, run in enumerate(runs):
        if not run.latin:
            # a run's own neighbours decide its breaks, not the whole text's
            run_before = runs[index - 1].text[-1:] if index else before
            run_after = runs[index + 1].text[:1] if index + 1 < len(runs) else after
            run = Run(long_run_breaks(quote_breaks(run.text, run_before, run_after)))
        if run.latin:
            classes = ["latin"] + ["as-l"] * run.gap_before + ["as-r"] * run.gap_after
            parts.append(Markup('<span class="{}">{}</span>').format(" ".join(classes),
                                                                       long_run_breaks(run.text)))
        elif dotted:
            parts.extend(Markup('<span class="ed">{}</span>').format(char) if is_han(char)
                         else escape(char) for char in run.text)
        else:
            parts.append(escape(run.text))
    return Markup("").join(parts)


def _print_ruby(ruby: Ruby, dotted: bool) -> Markup:
    return Markup('<span class="ruby{}">{}<span class="rt">{}</span></span>').format(
        " ed" if dotted else "", ruby.base, ruby.annotation)


def chinese_date(issue: Issue) -> str:
    return f"{issue.date.year}年{issue.date.month}月{issue.date.day}日"


def _context(issue: Issue, edition: str) -> dict:
    return {"issue": issue, "edition": edition, "lang": edition, "date": chinese_date(issue),
            "identifier": identifier(issue, edition)}


def _environment(layout: Layout, target: str, edition: str):
    environment = layout.environment
    # The layout's own words are written in Simplified Chinese: {{ "扫码阅读" | zh }}.
    environment.filters["zh"] = layout_text(edition)
    environment.filters["inlines"] = {
        "print": render_print_inlines,
        "ebook": render_inlines,
        "vertical": functools.partial(render_inlines, vertical=True),
    }[target]
    return environment


def _media(issue: Issue) -> dict[str, bytes]:
    return {MEDIA_PREFIX + image.name: image.data
            for story in issue.stories for image in story.images}


def qr_code(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", scale=4, border=0, xmldecl=False, title=url, dark="#000")
    return out.getvalue()


class _Text(html.parser.HTMLParser):
    """The text an HTML page sets: its text nodes, less the head's."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        self.in_head |= tag == "head"

    def handle_endtag(self, tag: str) -> None:
        self.in_head &= tag != "head"

    def handle_data(self, data: str) -> None:
        if not self.in_head:
            self.parts.append(data)


def _check_printable(page: str, layout: Layout, template: str) -> None:
    reader = _Text()
    reader.feed(page)
    covered = layout.print_coverage
    missing = sorted({char for char in "".join(reader.parts) if not fonts.printable(char, covered)})
    if missing:
        listed = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in missing[:8])
        raise UnprintableText(layout.folder / template, f"the page prints {listed}, which the "
                                                       f"fonts of layout '{layout.name}' lack")


def typeset_print(issue: Issue, edition: str, layout: Layout) -> Document:
    issue = convert_issue(issue, edition)
    _environment(layout, "print", edition)
    css = layout.read("print.css")
    resources = {"print.css": css, **fonts.font_resources(css.decode("utf-8"), edition),
                 **_media(issue)}
    if issue.url:
        resources[QR_CODE] = qr_code(issue.url)
    html = layout.template("print.html").render(
        **_context(issue, edition), qr_code=QR_CODE if issue.url else None, media=MEDIA_PREFIX)
    _check_printable(html, layout, "print.html")
    page = Page("index.html", issue.title, html, "print")
    return Document(issue, edition, (page,), MappingProxyType(resources))


def typeset_ebook(issue: Issue, edition: str, layout: Layout,
                  modified: datetime.datetime | None = None) -> Document:
    """The e-book: a cover, a title page, one document per story, the fonts' licence."""
    issue = convert_issue(issue, edition)
    vertical = issue.vertical and edition.startswith("zh-Hant")
    cover = _typeset_cover(issue, edition, layout)
    _environment(layout, "vertical" if vertical else "ebook", edition)
    css = layout.read("ebook/ebook.css")
    resources = {"ebook.css": css, **fonts.font_resources(css.decode("utf-8"), edition),
                 **_media(issue)}
    if vertical:
        resources["vertical.css"] = layout.read("ebook/vertical.css")
    context = _context(issue, edition)
    if vertical:  # the day and month upright, as in the stories
        context["date"] = render_inlines((Text(context["date"]),), vertical=True)
    cover_alt = " ".join(filter(None, (issue.publication, issue.number, issue.title)))
    pages = [
        Page("cover.xhtml", issue.title, layout.template("ebook/cover.xhtml").render(
            **context, cover_image=COVER_IMAGE, cover_alt=cover_alt), "cover"),
        Page("title.xhtml", issue.title, layout.template("ebook/title.xhtml").render(**context),
             "title"),
    ]
    for number, story in enumerate(issue.stories, 1):
        html = layout.template("ebook/story.xhtml").render(
            **context, story=story, number=number, media=MEDIA_PREFIX)
        pages.append(Page(f"story-{number:02d}.xhtml", story.headline_text, html, "story"))
    pages.append(Page("licence.xhtml", "Fonts: SIL Open Font License", layout.template(
        "ebook/licence.xhtml").render(**context, licence=fonts.licence_text()), "licence"))
    return Document(issue, edition, tuple(pages), MappingProxyType(resources), vertical, cover,
                    modified or issue_time(issue))


def _typeset_cover(issue: Issue, edition: str, layout: Layout) -> Document:
    """The cover's page, set like print (shipped fonts, clreq markup), to be rasterised."""
    _environment(layout, "print", edition)
    css = layout.read("ebook/cover.css")
    resources = {"cover.css": css, **fonts.font_resources(css.decode("utf-8"), edition)}
    html = layout.template("ebook/cover.html").render(**_context(issue, edition))
    _check_printable(html, layout, "ebook/cover.html")
    return Document(issue, edition, (Page("cover.html", issue.title, html, "print"),),
                    MappingProxyType(resources))
