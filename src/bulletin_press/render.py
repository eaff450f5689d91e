"""Rendering one target: the typesetting stage for its kind of output, then that kind's
backend.  :mod:`bulletin_press.formats` names one function here per output kind.

Backends are imported when used: WeasyPrint alone takes a third of a second to import,
which an HTML build need not pay.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bulletin_press.build import Target
    from bulletin_press.cache import Content
    from bulletin_press.layouts import Layout
    from bulletin_press.typeset.web import Links


@dataclass
class Job:
    """One target, and what the targets of a run share."""

    target: Target
    # the outputs' date: SOURCE_DATE_EPOCH, where set
    modified: datetime.datetime | None = None
    # by (issue folder, edition), the print page each paragraph starts on: a run that
    # builds the PDF too lays it out once for the e-book's page list
    print_pages: dict | None = None
    # by issue id, how full the first PDF built of the issue is (bulletin_press.copyfit)
    fits: dict | None = None
    # a web edition's links to its site: the other editions, the downloads
    links: Links | None = None

    @property
    def layout(self) -> Layout:
        from bulletin_press.layouts import Layout

        return Layout.named(self.target.issue.layout)


def render_pdf(job: Job) -> Content:
    """The PDF of ``target.profile``, dated ``modified``, else by the issue's date."""
    from bulletin_press.backends.pdf import render_pdf as pdf
    from bulletin_press.typeset import Placer

    target = job.target
    # a picture or pull quote that would leave a column short is moved down its story
    placer = Placer(target.issue, target.edition, job.layout, target.profile, job.modified)
    asked = placer.document()
    anchors: dict[str, int] = {}
    measured: list = []
    content = pdf(asked, anchors, target.profile, measured, placer.replace, placer.least)
    if job.fits is not None:
        moved = tuple(placer.notes.values())
        job.fits.setdefault(target.issue.id, dataclasses.replace(measured[0], moved=moved))
    if target.profile == "screen":  # its pages: the other profiles add a bleed, not pages
        from bulletin_press.backends.pages import keep_print_pages

        keep_print_pages(asked, anchors)
        if job.print_pages is not None:
            job.print_pages[(target.issue.folder, target.edition)] = anchors
    return content


def render_epub(job: Job) -> Content:
    """The e-book, dated ``modified``, else by the last change of its issue's files
    (:func:`bulletin_press.build.last_change`), else by the issue's date."""
    from bulletin_press.backends.epub import render_epub as epub
    from bulletin_press.build import last_change
    from bulletin_press.typeset import typeset_ebook

    target = job.target
    modified = job.modified or last_change(target.issue.folder)
    return epub(typeset_ebook(target.issue, target.edition, job.layout, modified,
                              print_pages(job)))


def render_html(job: Job) -> Content:
    from bulletin_press.backends.html import render_html as html
    from bulletin_press.typeset import typeset_print

    return html(typeset_print(job.target.issue, job.target.edition, job.layout))


def render_web(job: Job) -> Content:
    """The web edition's folder: its page, stylesheet, fonts cut to the page, pictures."""
    from bulletin_press.backends.web import render_web as web
    from bulletin_press.typeset.web import typeset_web

    return web(typeset_web(job.target.issue, job.target.edition, job.layout, job.links))


def print_pages(job: Job) -> dict[str, int]:
    """The print page each paragraph of the target's edition starts on; laid out here
    unless a PDF of the run did it already."""
    key = (job.target.issue.folder, job.target.edition)
    if job.print_pages is not None and key in job.print_pages:
        return job.print_pages[key]
    from bulletin_press.backends.pages import print_pages as pages
    from bulletin_press.typeset import Placer

    placer = Placer(job.target.issue, job.target.edition, job.layout)
    anchors = pages(placer.document(), placer.replace, placer.least)
    if job.print_pages is not None:
        job.print_pages[key] = anchors
    return anchors
