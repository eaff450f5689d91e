"""How far the laid-out pages are filled, read from WeasyPrint 70's box tree (for
copy-fitting: :mod:`bulletin_press.copyfit`)."""

from __future__ import annotations

from typing import Iterator


def page_fill(rendered) -> tuple[int, float, int, float]:  # noqa: ANN001 (weasyprint.Document)
    """(pages, how far down its content area the last page's content reaches (0–1), the
    characters of the stories' body paragraphs, and the area those paragraphs take, in pages).
    """
    # WeasyPrint 70 keeps a page's boxes in Page._page_box: its first child is the root
    # element's box, whose height on the last page is as far as the content reaches (the
    # other children are margin boxes: running heads and folios, not counted).
    pages = [page._page_box for page in rendered.pages]
    last = pages[-1]
    root = last.children[0]
    reach = root.position_y + root.margin_height() - last.content_box_y()
    characters, area = 0, 0.0
    for page in pages:
        for paragraph in _body_paragraphs(page.children[0]):
            characters += _characters(paragraph)
            area += paragraph.margin_width() * paragraph.margin_height() \
                / (page.width * page.height)
    return len(pages), min(max(reach / last.height, 0.0), 1.0), characters, area


def _body_paragraphs(box, parent: str | None = None) -> Iterator:  # noqa: ANN001
    """The boxes of a story's body paragraphs (``article > p`` but the byline)."""
    tag = getattr(box, "element_tag", None)
    if tag == "p" and parent == "article" and "byline" not in (box.element.get("class") or ""):
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _body_paragraphs(child, tag)


def _characters(box) -> int:  # noqa: ANN001
    text = getattr(box, "text", None)
    if isinstance(text, str):
        return sum(not char.isspace() and char != "\u00ad" for char in text)
    return sum(_characters(child) for child in getattr(box, "children", ()))
