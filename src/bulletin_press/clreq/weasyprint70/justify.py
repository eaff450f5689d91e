"""Justification and the edges of a line of Chinese text in WeasyPrint."""

from __future__ import annotations

from dataclasses import replace

from weasyprint.formatting_structure import boxes

from bulletin_press.clreq import markup, rules
from bulletin_press.clreq.chars import OPENING
from bulletin_press.clreq.weasyprint70.state import STATE, LayoutState, zh


def line_leaves(box, found: list) -> list:
    """Text boxes and atomic inline boxes of a line, in order."""
    if isinstance(box, boxes.TextBox):
        if box.text:
            found.append(box)
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                line_leaves(child, found)
    else:
        found.append(box)
    return found


def _everything(char: str) -> bool:
    return True


def _edges(leaf, expandable) -> tuple[bool, bool]:
    """Whether the first and the last character of a leaf take justification space."""
    if isinstance(leaf, boxes.TextBox):
        return expandable(leaf.text[0]), expandable(leaf.text[-1])
    return True, True  # an inline-block (ruby) stands for a Chinese character


def _inner_weight(leaf, expandable) -> float:
    """Gaps inside a text box, as Pango spaces them: edge characters count half."""
    if not isinstance(leaf, boxes.TextBox):
        return 0.0
    text = leaf.text
    count = sum(1 for cluster in rules.clusters(text) if expandable(cluster[0]))
    return count - 0.5 * expandable(text[0]) - 0.5 * expandable(text[-1])


def justify_line(original):
    def justify_line(context, line, extra_width):
        leaves = line_leaves(line, [])
        if not zh(line.style) or not leaves:
            return original(context, line, extra_width)
        # between Chinese characters and at spaces; on a line with neither (a piece of an
        # address), between every two characters rather than leaving it short
        for expandable in (rules.expandable, _everything):
            shifts = {}
            total = 0.0
            for index, leaf in enumerate(leaves):
                total += _inner_weight(leaf, expandable)
                if index:
                    gap = 0.5 * _edges(leaves[index - 1], expandable)[1] \
                        + 0.5 * _edges(leaf, expandable)[0]
                    shifts[id(leaf)] = gap
                    total += gap
            if total > 0:
                first_leaf = {}
                _first_leaves(line, first_leaf)
                _spread(line, extra_width / total, shifts, first_leaf, 0.0, set(), expandable)
                return
        return original(context, line, extra_width)
    return justify_line


def _first_leaves(box, result: dict):
    """Map each box to the first leaf it contains (for shifts placed outside spans)."""
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        first = None
        for child in box.children:
            if child.is_in_normal_flow():
                leaf = _first_leaves(child, result)
                first = first or leaf
        result[id(box)] = first
        return first
    if isinstance(box, boxes.TextBox) and not box.text:
        return None
    result[id(box)] = box
    return box


def _spread(box, spacing: float, shifts: dict, first_leaf: dict, x_advance: float,
            shifted: set, expandable) -> float:
    leaf = first_leaf.get(id(box))
    if leaf is not None and id(leaf) in shifts and id(leaf) not in shifted:
        x_advance += shifts[id(leaf)] * spacing
        shifted.add(id(leaf))
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        if box.text:
            extra = _inner_weight(box, expandable) * spacing
            if box.pango_layout is not None:
                STATE[box.pango_layout] = replace(STATE.get(box.pango_layout, LayoutState()),
                                                   spacing=spacing, everywhere=expandable is _everything)
            box.width += extra
            x_advance += extra
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(child, spacing, shifts, first_leaf, x_advance, shifted,
                                    expandable)
        box.width += x_advance - before
    else:
        box.translate(x_advance, 0)
    return x_advance


# Line edges -----------------------------------------------------------------------

def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    if element is None or not hasattr(element, "get"):
        return set()
    return set((element.get("class") or "").split())


def _edge_boxes(line, at_start: bool) -> list:
    """The inline boxes that open (or close) the line, outermost first."""
    chain = []
    box = line
    while isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        children = [child for child in box.children if child.is_in_normal_flow()]
        if not children:
            break
        box = children[0] if at_start else children[-1]
        if isinstance(box, boxes.InlineBox):
            chain.append(box)
    return chain


def _trim_line_edges(line) -> None:
    for box in _edge_boxes(line, at_start=True):
        if markup.GAP_BEFORE in _classes(box) and box.margin_left:
            margin, box.margin_left = box.margin_left, 0
            for child in box.children:
                child.translate(-margin, 0)
            shift_after(line, box, -margin)
            shrink_ancestors(line, box, margin)
            line.width -= margin


def shift_after(container, target, dx: float) -> bool:
    """Translate every box that follows ``target`` in the line; True once found."""
    found = False
    for child in getattr(container, "children", []):
        if found:
            child.translate(dx, 0)
        elif child is target:
            found = True
        elif isinstance(child, (boxes.LineBox, boxes.InlineBox)) and shift_after(child, target, dx):
            found = True
    return found


def shrink_ancestors(container, target, margin: float) -> bool:
    for child in getattr(container, "children", []):
        if child is target:
            return True
        if isinstance(child, boxes.InlineBox) and shrink_ancestors(child, target, margin):
            child.width -= margin
            return True
    return False


def _half_width_line_start(line) -> None:
    """An opening mark that starts the line in a box the line was not chosen from (it came
    after a break between boxes) is set half-width here: its blank left half goes."""
    leaves = line_leaves(line, [])
    if not leaves or not isinstance(leaves[0], boxes.TextBox) or leaves[0].pango_layout is None:
        return
    box = leaves[0]
    state = STATE.get(box.pango_layout, LayoutState())
    if box.text[:1] not in OPENING or 0 in state.halves:
        return
    STATE[box.pango_layout] = replace(state, halves=state.halves | {0})
    half = box.style["font_size"] / 2
    box.width -= half
    shift_after(line, box, -half)
    shrink_ancestors(line, box, half)
    line.width -= half


def text_align(original):
    def text_align(context, line, available_width, last):
        if zh(line.style):
            _trim_line_edges(line)
            _half_width_line_start(line)
        return original(context, line, available_width, last)
    return text_align


