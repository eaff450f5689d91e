"""PDF through WeasyPrint.

The document's resources are served from memory by :class:`DocumentFetcher`;
any other URL is refused, so a build never reads a file or makes a network
request that the typeset document did not bring.

WeasyPrint 70 makes a Fontconfig configuration for each render and copies every
``@font-face`` font into a temporary folder of its own for it (50 MB for the shipped
faces); here a configuration is kept for the renders of the same fonts (an edition's
faces) while the temporary folder it copied them into lasts — the build's own.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
from contextlib import contextmanager
from typing import Callable, Iterator, Mapping
from urllib.parse import unquote

from bulletin_press.libraries import load_weasyprint

load_weasyprint()

from weasyprint import CSS, HTML  # noqa: E402 (imported as load_weasyprint finds its libraries)
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402

from bulletin_press.backends import RenderError, media_type  # noqa: E402
from bulletin_press.backends.profiles import PROFILES, finisher, metadata  # noqa: E402
from bulletin_press.clreq import weasyprint70  # noqa: E402
from bulletin_press.copyfit import Measured  # noqa: E402
from bulletin_press.document import Document  # noqa: E402

BASE_URL = "file:///bulletin-press/"
KEPT_CONFIGURATIONS = 6  # an edition's faces each: three editions, print and cover


class DocumentFetcher(URLFetcher):
    def __init__(self, resources: Mapping[str, bytes]):
        super().__init__(fail_on_errors=True, allowed_protocols=("file",))
        self.resources = resources

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        name = unquote(url[len(BASE_URL):]) if url.startswith(BASE_URL) else None
        if name not in self.resources:
            raise ValueError(f"'{url}' is not part of the typeset document")
        return URLFetcherResponse(url, self.resources[name], {"Content-Type": media_type(name)})


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def weasyprint_messages() -> Iterator[list[str]]:
    """WeasyPrint's warnings during a render (unsupported CSS, missing resources)."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


# Moves a figure or pull quote down its story where a column was left short: given the
# short columns of a layout, the document set again, or None to keep this layout; a
# document it gave before is the same object.
Replace = Callable[[list[weasyprint70.ShortColumn]], "Document | None"]
MOVES = 12  # layouts tried at most after the first


def render_pdf(document: Document, anchors: dict[str, int] | None = None,
               profile: str = "screen", fits: list[Measured] | None = None,
               replace: Replace | None = None, least: float = 0.0) -> bytes:
    """The PDF for ``profile`` (:mod:`~bulletin_press.backends.profiles`); ``anchors``, if
    given, gets the page number (from 1) where each element with an id starts, and under ""
    the number of pages; ``fits``, if given, gets how full the pages are (:func:`measure_fit`).

    With ``replace``, a layout that leaves a column more than ``least`` points short is
    handed to it, and the document it returns laid out instead."""
    chosen = PROFILES[profile]
    identifier = document.identifier if profile == "screen" else f"{document.identifier}#{profile}"
    try:
        with weasyprint70.installed():
            document, rendered = _placed(document, replace, least)
            for key, value in metadata(document).items():
                setattr(rendered.metadata, key, value)
            pdf = rendered.write_pdf(pdf_identifier=identifier.encode("ascii"),
                                     pdf_variant=chosen.variant, pdf_tags=chosen.tags,
                                     finisher=finisher(document, chosen))
    except weasyprint70.LayoutDefect:
        raise  # bulletin-press's own defect: the build reports it as an internal error
    # WeasyPrint raises many kinds; all mean the same here.  FatalURLFetchingError
    # derives from BaseException, so that it passes through its own handlers.
    except (Exception, FatalURLFetchingError) as error:
        raise RenderError(f"WeasyPrint could not render the PDF: {error}") from error
    if anchors is not None:
        anchors.update(_anchors(rendered))
    if fits is not None:
        fits.append(_measured(rendered))
    return pdf


def page_anchors(document: Document, replace: Replace | None = None,
                 least: float = 0.0) -> dict[str, int]:
    """The page number (from 1) where each element with an id starts, and under "" the
    number of pages: the document laid out (after ``replace``, as :func:`render_pdf`),
    not written."""
    return _anchors(_laid_out(document, replace, least))


def _anchors(rendered) -> dict[str, int]:  # noqa: ANN001 (weasyprint.Document)
    anchors: dict[str, int] = {}
    for number, laid_out in enumerate(rendered.pages, 1):
        for anchor in laid_out.anchors:
            anchors.setdefault(anchor, number)
    anchors[""] = len(rendered.pages)
    return anchors


def measure_fit(document: Document, replace: Replace | None = None,
                least: float = 0.0) -> Measured:
    """How full the print document's pages are, laid out and not written."""
    return _measured(_laid_out(document, replace, least))


def _laid_out(document: Document, replace: Replace | None, least: float):  # noqa: ANN202
    """The document laid out (as :func:`render_pdf` would, after ``replace``), not written."""
    try:
        with weasyprint70.installed():
            return _placed(document, replace, least)[1]
    except weasyprint70.LayoutDefect:
        raise  # bulletin-press's own defect: the build reports it as an internal error
    except (Exception, FatalURLFetchingError) as error:
        raise RenderError(f"WeasyPrint could not lay out the PDF: {error}") from error


def _placed(document: Document, replace: Replace | None, least: float):  # noqa: ANN202
    """The document and its layout, after moving what left columns short (at most
    :data:`MOVES` layouts after the first).  The layout with the fewest empty lines so far
    is kept: a ``replace`` that goes back to its document gets it without a new layout."""
    rendered = _lay_out(document)
    best: tuple = (math.inf, document, rendered)  # empty room, document, its layout
    layouts = 0
    for _ in range(2 * MOVES):  # a return to the best is no layout, and never twice running
        if replace is None or layouts == MOVES:
            break
        short = weasyprint70.short_columns(rendered, least)
        room = sum(column.room for column in short)
        if room < best[0]:
            best = (room, document, rendered)
        moved = replace(short) if short else None
        if moved is None:
            break
        if moved is best[1]:
            document, rendered = best[1], best[2]
        else:
            document, rendered = moved, _lay_out(moved)
            layouts += 1
    return document, rendered


def _lay_out(document: Document):  # noqa: ANN202 (weasyprint.Document)
    """The document laid out; with a contents box, unless it then takes one page."""
    rendered = _lay_out_page(document)
    if document.single_page is not None and len(rendered.pages) == 1:
        return _lay_out_page(document.single_page)
    return rendered


def _lay_out_page(document: Document):  # noqa: ANN202 (weasyprint.Document)
    (page,) = document.pages
    fetcher = DocumentFetcher(document.resources)
    html = HTML(string=page.html, base_url=BASE_URL, url_fetcher=fetcher)
    return html.render(font_config=_font_configuration(document), stylesheets=[
        CSS(url=BASE_URL + name, url_fetcher=fetcher) for name in document.stylesheets])


# (temporary folder, the fonts' and stylesheets' contents) → (their bytes, the configuration)
_configurations: dict[tuple, tuple[list[bytes], FontConfiguration]] = {}


def _font_configuration(document: Document) -> FontConfiguration:
    """A Fontconfig configuration with the document's fonts, shared by the renders of the
    same fonts and stylesheets for as long as the temporary folder of the first lasts.

    Fonts are told apart by identity (each edition's faces are made once per process,
    :func:`bulletin_press.fonts.font_resources`) and kept referenced here, so that an
    identity is never another font's; equal fonts of other origins get a configuration of
    their own, which is only slower.  Stylesheets (small) count by content, since their
    ``@font-face`` rules name the families.
    """
    kinds = {name: media_type(name) for name in document.resources}
    held = [data for name, data in sorted(document.resources.items())
            if kinds[name].startswith("font/")]
    key = (tempfile.gettempdir(), tuple(id(data) for data in held),
           tuple((name, data) for name, data in sorted(document.resources.items())
                 if kinds[name] == "text/css"))
    for stale in [known for known in _configurations if not os.path.isdir(known[0])]:
        del _configurations[stale]  # its build is over: its font copies are gone
    if key not in _configurations:
        while len(_configurations) >= KEPT_CONFIGURATIONS:
            del _configurations[next(iter(_configurations))]
        _configurations[key] = (held, FontConfiguration())
    return _configurations[key][1]


def _measured(rendered) -> Measured:  # noqa: ANN001 (weasyprint.Document)
    return Measured(*weasyprint70.page_fill(rendered))
