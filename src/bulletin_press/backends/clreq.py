"""Chinese layout in WeasyPrint 70.0: inter-character justification, punctuation compression.

WeasyPrint justifies by stretching U+0020 spaces only, so lines of Chinese are
not justified, and it does not compress adjacent punctuation.  This module
extends it — pinned to the version in ``pyproject.toml`` — in two places:

- ``Layout.set_text`` gets OpenType ``halt`` on the glyph of a punctuation pair
  that has a blank half (clreq §3.1.6: ``。”`` ``）。`` ``：“`` take 1.5 em) and
  ``fwid`` on em dashes (Noto CJK SC's dash is proportional, and its ``——``
  ligature 1.69 em: clreq's dash is 2 em), at layout and at drawing time alike,
  and, when drawing a justified line, the
  line's letter spacing (Pango adds ``s/2`` on each side of every character it
  is set on, and only the inner half at a layout's edges — measured on Pango
  1.50);
- ``justify_line`` spreads a justified line's extra width over every gap next
  to a Chinese character and every space (clreq §3.8, CSS ``text-justify:
  inter-character``), not over the inside of Latin words; the half-gaps that
  Pango leaves out at the edge of each text box are added as shifts between
  boxes, so a span (emphasis, a Latin run) does not show as an uneven gap;
- ``text_align`` first trims the CJK–Latin spacing margins (class ``as-l`` /
  ``as-r``, set by the typesetting stage) at the start and end of a line: clreq
  puts no spacing at line edges; and it sets an opening mark that starts a line
  half-width (clreq §3.1.6), so that its ink, not its blank half, meets the edge.
"""

from __future__ import annotations

import re

from weasyprint import VERSION
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text import line_break
from weasyprint.text.ffi import ffi, pango, unicode_to_char_p

from bulletin_press.text.breaks import ZERO_WIDTH_SPACE
from bulletin_press.text.chars import is_chinese

SUPPORTED_VERSION = "70.0"
if VERSION != SUPPORTED_VERSION:  # the extension reaches into WeasyPrint's internals
    raise ImportError(f"bulletin-press's layout extension supports WeasyPrint {SUPPORTED_VERSION}, "
                      f"not {VERSION}: install the version pinned in pyproject.toml")

TO_UNITS = 1024  # Pango units per CSS px

OPENING = set("“‘（〔［｛〈《「『【〖〘〚")
CLOSING = set("”’）〕］｝〉》」』】〗〙〛")
# In Simplified Chinese these sit in the left half of their em, the right half blank;
# in Traditional Chinese they are centred and are not compressed.
HANS_CLOSING = set("、，。．：；！？")


def _closing(lang: str) -> set[str]:
    return CLOSING | HANS_CLOSING if lang.startswith("zh-Hans") or lang in ("zh", "zh-CN") else CLOSING


def compressed(text: str, lang: str) -> list[int]:
    """Indexes of the characters set half-width (``halt``) in adjacent punctuation.

    A zero-width space (a break opportunity, see ``text/breaks.py``) between two
    marks does not part them.
    """
    closing = _closing(lang)
    visible = [(index, char) for index, char in enumerate(text) if char != ZERO_WIDTH_SPACE]
    result = []
    for (index, first), (next_index, second) in zip(visible, visible[1:]):
        if first in closing and (second in closing or second in OPENING):
            result.append(index)
        elif first in OPENING and second in OPENING:
            result.append(next_index)
    return result


def expandable(char: str) -> bool:
    """Whether justification may add space around this character."""
    return char == " " or char == "\u00a0" or is_chinese(char)


def clusters(text: str) -> list[str]:
    """The text as Pango spaces it: a run of em dashes is one glyph, so one cluster."""
    return re.findall(r"—+|.", text, re.DOTALL)


def _lang(style) -> str:
    return str(style["lang"] or "")


_original_set_text = line_break.Layout.set_text


def _set_text(self, text, justify=False):
    _original_set_text(self, text, justify)
    lang = _lang(self.style)
    if not lang.startswith("zh"):
        return
    spacing = getattr(self, "cjk_spacing", 0) if justify else 0
    halts = _halts_in_context(self, lang)
    dashes = [index for index, char in enumerate(self.text) if char == "—"]
    if not halts and not spacing and not dashes:
        return
    attributes = pango.pango_layout_get_attributes(self.layout)
    if attributes == ffi.NULL:
        attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    offsets = _byte_offsets(self.text)
    for indexes, feature in ((halts, b"halt"), (dashes, b"fwid")):
        for index in indexes:
            attribute = pango.pango_attr_font_features_new(feature)
            attribute.start_index, attribute.end_index = offsets[index], offsets[index + 1]
            pango.pango_attr_list_insert(attributes, attribute)
    if spacing:
        letter_spacing = self.style["letter_spacing"]
        base = 0 if letter_spacing == "normal" else letter_spacing
        units = int((base + spacing) * TO_UNITS)
        for index, char in enumerate(self.text):
            if expandable(char):
                attribute = pango.pango_attr_letter_spacing_new(units)
                attribute.start_index, attribute.end_index = offsets[index], offsets[index + 1]
                pango.pango_attr_list_change(attributes, attribute)
    pango.pango_layout_set_attributes(self.layout, attributes)


def _halts_in_context(layout, lang: str) -> list[int]:
    """Compression decided where the text had its context, kept when the text is cut.

    WeasyPrint lays out a paragraph's remaining text, sets the same layout again
    with just the first line, and again with that line to draw it.  A pair split
    by the line break (``。`` ending the line, ``“`` starting the next) was
    compressed when the line was chosen, so it stays compressed.
    """
    text = layout.text
    halts = set(compressed(text, lang))
    previous_text, previous = getattr(layout, "_clreq_context", ("", frozenset()))
    if previous_text.startswith(text):
        halts |= {index for index in previous if index < len(text)}
    if getattr(layout, "clreq_line_start", False):
        first = next((i for i, char in enumerate(text) if char != ZERO_WIDTH_SPACE), None)
        if first is not None and text[first] in OPENING:
            halts.add(first)
    layout._clreq_context = (text, frozenset(halts))
    return sorted(halts)


def _byte_offsets(text: str) -> list[int]:
    offsets, position = [0], 0
    for char in text:
        position += len(char.encode("utf-8"))
        offsets.append(position)
    return offsets


# Justification ---------------------------------------------------------------

def _leaves(box, found: list) -> list:
    """Text boxes and atomic inline boxes of a line, in order."""
    if isinstance(box, boxes.TextBox):
        if box.text:
            found.append(box)
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                _leaves(child, found)
    else:
        found.append(box)
    return found


def _drawn(leaf) -> str:
    """A text box's characters that Pango draws (a zero-width space has no glyph)."""
    return leaf.text.replace(ZERO_WIDTH_SPACE, "")


def _edges(leaf) -> tuple[bool, bool]:
    """Whether the first and the last character of a leaf take justification space."""
    if isinstance(leaf, boxes.TextBox):
        text = _drawn(leaf)
        return (expandable(text[0]), expandable(text[-1])) if text else (False, False)
    return True, True  # an inline-block (ruby) stands for a Chinese character


def _inner_weight(leaf) -> float:
    """Gaps inside a text box, as Pango spaces them: edge characters count half."""
    if not isinstance(leaf, boxes.TextBox):
        return 0.0
    text = _drawn(leaf)
    if not text:
        return 0.0
    count = sum(1 for cluster in clusters(text) if expandable(cluster[0]))
    return count - 0.5 * expandable(text[0]) - 0.5 * expandable(text[-1])


_original_justify_line = inline.justify_line


def _justify_line(context, line, extra_width):
    leaves = _leaves(line, [])
    lang = _lang(line.style)
    if not lang.startswith("zh") or not leaves:
        return _original_justify_line(context, line, extra_width)
    shifts = {}
    total = 0.0
    for index, leaf in enumerate(leaves):
        total += _inner_weight(leaf)
        if index:
            gap = 0.5 * _edges(leaves[index - 1])[1] + 0.5 * _edges(leaf)[0]
            shifts[id(leaf)] = gap
            total += gap
    if total <= 0:
        return _original_justify_line(context, line, extra_width)
    spacing = extra_width / total
    first_leaf = {}
    _first_leaves(line, first_leaf)
    _spread(line, spacing, shifts, first_leaf, 0.0, set())


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
            shifted: set) -> float:
    leaf = first_leaf.get(id(box))
    if leaf is not None and id(leaf) in shifts and id(leaf) not in shifted:
        x_advance += shifts[id(leaf)] * spacing
        shifted.add(id(leaf))
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        if box.text:
            extra = _inner_weight(box) * spacing
            if box.pango_layout is not None:
                box.pango_layout.cjk_spacing = spacing
            box.width += extra
            x_advance += extra
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(child, spacing, shifts, first_leaf, x_advance, shifted)
        box.width += x_advance - before
    else:
        box.translate(x_advance, 0)
    return x_advance


# Line edges ------------------------------------------------------------------

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
        if "as-l" in _classes(box) and box.margin_left:
            margin, box.margin_left = box.margin_left, 0
            for child in box.children:
                child.translate(-margin, 0)
            _shift_after(line, box, -margin)
            _shrink_ancestors(line, box, margin)
            line.width -= margin
    for box in _edge_boxes(line, at_start=False):
        if "as-r" in _classes(box) and box.margin_right:
            margin, box.margin_right = box.margin_right, 0
            _shrink_ancestors(line, box, margin)
            line.width -= margin


def _shift_after(container, target, dx: float) -> bool:
    """Translate every box that follows ``target`` in the line; True once found."""
    found = False
    for child in getattr(container, "children", []):
        if found:
            child.translate(dx, 0)
        elif child is target:
            found = True
        elif isinstance(child, (boxes.LineBox, boxes.InlineBox)) and _shift_after(child, target, dx):
            found = True
    return found


def _shrink_ancestors(container, target, margin: float) -> bool:
    for child in getattr(container, "children", []):
        if child is target:
            return True
        if isinstance(child, boxes.InlineBox) and _shrink_ancestors(child, target, margin):
            child.width -= margin
            return True
    return False


def _half_width_line_start(line) -> None:
    """Set an opening mark that starts the line half-width: its blank left half goes."""
    leaves = _leaves(line, [])
    if not leaves or not isinstance(leaves[0], boxes.TextBox) or leaves[0].pango_layout is None:
        return
    box = leaves[0]
    text = box.text
    first = next((i for i, char in enumerate(text) if char != ZERO_WIDTH_SPACE), None)
    lang = _lang(box.style)
    if first is None or text[first] not in OPENING or first in compressed(text, lang):
        return
    half = box.style["font_size"] / 2
    box.pango_layout.clreq_line_start = True
    box.width -= half
    _shift_after(line, box, -half)
    _shrink_ancestors(line, box, half)
    line.width -= half


_original_text_align = inline.text_align


def _text_align(context, line, available_width, last):
    if _lang(line.style).startswith("zh"):
        _trim_line_edges(line)
        _half_width_line_start(line)
    return _original_text_align(context, line, available_width, last)


def install() -> None:
    """Extend WeasyPrint (idempotent)."""
    line_break.Layout.set_text = _set_text
    inline.justify_line = _justify_line
    inline.text_align = _text_align


install()
