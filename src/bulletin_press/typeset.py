"""Typesetting: one edition of an issue → HTML documents, through the layout's templates.

This stage owns Chinese text on its way to HTML: the edition's script, the
inline structure (emphasis, ruby) and the language tags.  It produces a
:class:`Document`: the pages as HTML and every resource they refer to (CSS,
fonts, images, the QR code) as bytes, so that backends read no files.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import segno
from markupsafe import Markup, escape

from bulletin_press import fonts
from bulletin_press.layouts import Layout
from bulletin_press.manuscript.model import Emphasis, Inlines, Issue, Ruby, Text
from bulletin_press.text.convert import convert_issue

QR_CODE = "qr.svg"
MEDIA_PREFIX = "media/"


@dataclass(frozen=True)
class Page:
    name: str  # file name inside the document, e.g. story-01.xhtml
    title: str
    html: str
    kind: str  # "print", "title" or "story"


@dataclass(frozen=True)
class Document:
    issue: Issue  # in the edition's script
    edition: str
    pages: tuple[Page, ...]
    resources: Mapping[str, bytes]  # relative URL → content

    @property
    def identifier(self) -> str:
        return identifier(self.issue, self.edition)


def identifier(issue: Issue, edition: str) -> str:
    """A stable identifier per issue and edition."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"bulletin-press:{issue.id}/{edition}"))


def render_inlines(inlines: Inlines) -> Markup:
    parts = []
    for inline in inlines:
        if isinstance(inline, Text):
            parts.append(escape(inline.text))
        elif isinstance(inline, Ruby):
            parts.append(Markup("<ruby>{}<rp>(</rp><rt>{}</rt><rp>)</rp></ruby>")
                         .format(inline.base, inline.annotation))
        elif isinstance(inline, Emphasis):
            parts.append(Markup('<em class="emphasis">{}</em>')
                         .format(render_inlines(inline.children)))
    return Markup("").join(parts)


def chinese_date(issue: Issue) -> str:
    return f"{issue.date.year}年{issue.date.month}月{issue.date.day}日"


def _context(issue: Issue, edition: str) -> dict:
    return {"issue": issue, "edition": edition, "lang": edition, "date": chinese_date(issue),
            "identifier": identifier(issue, edition)}


def _environment(layout: Layout):
    environment = layout.environment
    environment.filters["inlines"] = render_inlines
    return environment


def _media(issue: Issue) -> dict[str, bytes]:
    return {MEDIA_PREFIX + image.href: image.src.read_bytes()
            for story in issue.stories for image in story.images}


def qr_code(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", scale=4, border=0, xmldecl=False, title=url, dark="#000")
    return out.getvalue()


def typeset_print(issue: Issue, edition: str, layout: Layout) -> Document:
    issue = convert_issue(issue, edition)
    _environment(layout)
    css = layout.read("print.css")
    resources = {"print.css": css, **fonts.font_resources(css.decode("utf-8")), **_media(issue)}
    if issue.url:
        resources[QR_CODE] = qr_code(issue.url)
    html = layout.template("print.html").render(
        **_context(issue, edition), qr_code=QR_CODE if issue.url else None, media=MEDIA_PREFIX)
    page = Page("index.html", issue.title, html, "print")
    return Document(issue, edition, (page,), MappingProxyType(resources))


def typeset_ebook(issue: Issue, edition: str, layout: Layout) -> Document:
    issue = convert_issue(issue, edition)
    _environment(layout)
    css = layout.read("ebook/ebook.css")
    resources = {"ebook.css": css, **fonts.font_resources(css.decode("utf-8")), **_media(issue)}
    context = _context(issue, edition)
    pages = [Page("title.xhtml", issue.title,
                  layout.template("ebook/title.xhtml").render(**context), "title")]
    for number, story in enumerate(issue.stories, 1):
        html = layout.template("ebook/story.xhtml").render(
            **context, story=story, number=number, media=MEDIA_PREFIX)
        pages.append(Page(f"story-{number:02d}.xhtml", story.headline_text, html, "story"))
    return Document(issue, edition, tuple(pages), MappingProxyType(resources))
