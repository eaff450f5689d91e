"""Where a laid-out page leaves a column short, read from WeasyPrint 70's box tree.

WeasyPrint sets a block that must not be split (a figure, a pull quote) at the head of the
next column when it does not fit at the foot of this one, and leaves the rest of this
column empty.  :func:`short_columns` finds such columns, and what stands at the head of
the next one, so that the typesetting stage can move that block further down its story
(:mod:`bulletin_press.placement`) and let the text fill the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

PX = 0.75  # WeasyPrint's lengths are CSS pixels; a point is 4/3 of one
_MOVABLE = re.compile(r"s\d+(f\d+|q)")
_WHOLE = ("figure", "blockquote", "nav", "img", "h1", "h2")  # never split: their box is their ink


@dataclass(frozen=True)
class ShortColumn:
    page: int  # from 1
    column: int  # from 1, left to right
    room: float  # pt left empty at the column's foot
    # the id of the movable block (a figure, a pull quote) that comes next, else of the one
    # the column ends with (what comes next did not fit under it)
    next: str | None


def short_columns(rendered, least: float) -> list[ShortColumn]:  # noqa: ANN001
    """Every column of a multi-column flow that ends more than ``least`` points above the
    foot of its row (the lowest column beside it, or the page's foot where the page goes
    on), but on the last page, whose columns are balanced."""
    found = []
    pages = [page._page_box for page in rendered.pages]
    flow = [_rows(page) for page in pages]
    for number, (page, rows) in enumerate(zip(pages, flow), 1):
        page_foot = page.content_box_y() + page.height
        for row_number, row in enumerate(rows):
            last_row = row_number == len(rows) - 1
            if isinstance(row, _Across):
                # a block across the columns that ends the page short: what follows it did
                # not fit under it; the picture it holds may stand further down its story
                room = (page_foot - _bottom(row.box)) * PX
                if last_row and number < len(pages) and room > least:
                    found.append(ShortColumn(number, 1, room, _first_movable(row.box)
                                             or _last_movable(row.box)))
                continue
            if last_row and number == len(pages):
                continue
            bottoms = [_bottom(column) for column in row]
            # a column is short of the lowest beside it; at the page's foot, all of them are
            # short where even the lowest ends more than ``least`` above it
            foot = max(bottoms)
            if last_row and (len(row) == 1 or (page_foot - foot) * PX > least):
                foot = page_foot
            for index, (column, bottom) in enumerate(zip(row, bottoms)):
                room = (foot - bottom) * PX
                if room <= least:
                    continue
                following = _next(rows, row_number, index, flow[number:] if number < len(flow)
                                  else [])
                found.append(ShortColumn(number, index + 1, room,
                                         following or _last_movable(column)))
    return found


def _multicol(box):  # noqa: ANN001, ANN202
    """The box of the page's multi-column element (its children: a box per column, and the
    blocks across the columns), or None."""
    for child in getattr(box, "children", ()):
        style = getattr(child, "style", None)
        if style is not None and style["column_count"] != "auto" and hasattr(child, "children"):
            return child
        found = _multicol(child)
        if found is not None:
            return found
    return None


def _rows(page) -> list[list]:  # noqa: ANN001
    """The page's rows of columns: a list per run of columns between blocks across them;
    a block across the columns is a row of its own (:class:`_Across`).  A page without
    columns is one row of one column: its root box."""
    box = _multicol(page)
    if box is None:
        return [[page.children[0]]] if page.children else []
    rows: list = []
    current: list = []
    element = box.element
    for child in box.children:
        if getattr(child, "element", None) is element and child.element_tag == box.element_tag:
            current.append(child)
        else:
            if current:
                rows.append(current)
            rows.append(_Across(child))
            current = []
    if current:
        rows.append(current)
    return rows


class _Across(list):
    """A block across the columns: a row that leaves no column short."""

    def __init__(self, box) -> None:  # noqa: ANN001
        super().__init__()
        self.box = box


def _bottom(box) -> float:  # noqa: ANN001
    """How far down the ink of a column reaches: its lowest line, picture or whole block
    (a split block's own box runs to the column's foot, whatever it holds)."""
    bottoms = list(_ink_bottoms(box))
    return max(bottoms) if bottoms else box.content_box_y()


def _ink_bottoms(box) -> Iterator[float]:  # noqa: ANN001
    name = type(box).__name__
    if name == "LineBox" or "Replaced" in name or getattr(box, "element_tag", None) in _WHOLE:
        yield box.position_y + box.margin_height()
        return
    for child in getattr(box, "children", ()):
        yield from _ink_bottoms(child)


def _next(rows: list, row_number: int, index: int, later: list[list]) -> str | None:
    """The id of the movable block the flow goes on with after column ``index`` of row
    ``row_number``: the next column's, the next row's, or the next page's first."""
    candidates = []
    row = rows[row_number]
    if index + 1 < len(row):
        candidates.append(row[index + 1])
    else:
        for following in rows[row_number + 1:] + [r for page in later for r in page]:
            if isinstance(following, _Across):
                candidates.append(following.box)
                break
            if following:
                candidates.append(following[0])
                break
    for box in candidates:
        return _first_movable(box)
    return None


def _last_movable(box) -> str | None:  # noqa: ANN001
    """The id of the figure or pull quote ``box`` ends with (its last block with ink, through
    the blocks that contain it), if it ends with one."""
    return _movable(box, lambda children: [child for child in children
                                           if list(_ink_bottoms(child))][-1:])


def _first_movable(box) -> str | None:  # noqa: ANN001
    """The id of the first block in ``box`` if it is a figure or a pull quote, descending
    through the blocks that contain it."""
    return _movable(box, lambda children: [child for child in children
                                           if type(child).__name__ != "AbsolutePlaceholder"][:1])


def _movable(box, pick) -> str | None:  # noqa: ANN001
    """The id of a figure or pull quote met descending from ``box`` into the child ``pick``
    gives (a list of none or one), before any line or picture."""
    while box is not None:
        element = getattr(box, "element", None)
        identifier = element.get("id") if element is not None else None
        if identifier and _MOVABLE.fullmatch(identifier):
            return identifier
        name = type(box).__name__
        if name == "LineBox" or "Replaced" in name:
            return None
        chosen = pick(getattr(box, "children", ()))
        box = chosen[0] if chosen else None
    return None
