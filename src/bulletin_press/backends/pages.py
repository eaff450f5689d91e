"""Where the print pages start: the page each element of the print document starts on,
for an e-book's page breaks and page list.

Laying out the print pages takes WeasyPrint; the answer is kept in the user's cache
folder by a hash of the print document (and the code and libraries that lay it out),
so that an e-book built on its own lays them out once per change of the print pages —
and not at all after its screen PDF was built, which keeps the pages it laid out.
"""

from __future__ import annotations

import dataclasses
import json

from bulletin_press.cache import document_digest, remembered
from bulletin_press.document import Document


def print_pages(document: Document, replace=None, least: float = 0.0) -> dict[str, int]:  # noqa: ANN001
    """The page number (from 1) where each element with an id starts, and under "" the
    number of pages, of the print document laid out for screens (its pictures and pull
    quotes moved by ``replace`` where they left a column short, as the PDF's are: the
    same for the same document)."""
    return json.loads(remembered(_name(document), lambda: _dumps(
        _lay_out(document, replace, least))))


def keep_print_pages(document: Document, anchors: dict[str, int]) -> None:
    """Keep the pages of the screen PDF of ``document`` (set as asked), laid out, for its
    e-book."""
    remembered(_name(document), lambda: _dumps(anchors))


def _name(document: Document) -> str:
    # the date goes into the PDF's metadata only: the PDF of a build dated by
    # SOURCE_DATE_EPOCH has the pages of one that is not
    return f"pages-{document_digest(dataclasses.replace(document, modified=None), 'print pages')}.json"


def _dumps(anchors: dict[str, int]) -> bytes:
    return json.dumps(anchors, sort_keys=True).encode()


def _lay_out(document: Document, replace, least: float) -> dict[str, int]:  # noqa: ANN001
    from bulletin_press.backends.pdf import page_anchors

    return page_anchors(document, replace, least)
