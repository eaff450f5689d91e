"""The clreq rules inside WeasyPrint 70.0: the only module that names WeasyPrint's internals.

WeasyPrint breaks lines by Unicode's rules (UAX #14, which forbids breaking at
quotation marks and knows nothing of compression), justifies by stretching
U+0020 spaces only, and has no way to set a mark half-width at a line's edge.
:func:`installed` puts, for the length of a render, seven of its functions in
the hands of the rules in :mod:`bulletin_press.clreq.rules`:

- ``split_text_box`` lets the rules read the whole text of the box being
  split (an address broken over lines is still one);
- ``split_first_line`` ends each line of Chinese text where ``rules.fit_line``
  says: at the furthest break opportunity that fits once its last mark (and a
  few inside it) are set half-width, so lines compress before they stretch; an
  opening mark that starts a line is half-width when the line is chosen;
- ``can_break_text`` answers with ``rules.break_kinds`` where WeasyPrint asks
  whether two boxes may part;
- ``Layout.set_text`` gives the chosen marks OpenType ``halt`` and, when a
  justified line is drawn, adds its letter spacing around Chinese characters
  (Pango adds ``s/2`` on each side of every character it is set on, and only
  the inner half at a layout's edges — measured on Pango 1.50);
- ``text_align`` trims a Han–Latin gap (a left margin, see
  :mod:`bulletin_press.clreq.markup`) at the line's start: clreq puts no
  spacing at line edges;
- ``split_inline_box`` lays out a span with a left margin from where its
  content starts (WeasyPrint 70 fills it as if the margin were not there);
- ``justify_line`` spreads a line's remaining width over the gaps next to
  Chinese characters and at spaces (clreq §3.8, CSS ``text-justify:
  inter-character``), not inside Latin words; the half-gaps Pango leaves out
  at the edge of each text box are added as shifts between boxes.

What the adapter knows of a layout between choosing a line and drawing it is
kept in :data:`_STATE`, keyed weakly by WeasyPrint's layout object.  An
exception inside it is a defect of bulletin-press: it is raised as
:class:`LayoutDefect`, which the build reports as an internal error.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import weakref
from dataclasses import dataclass, replace
from typing import Iterator

from cffi import FFI
from weasyprint import VERSION
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline, preferred
from weasyprint.text import ffi as weasyprint_ffi
from weasyprint.text import line_break

from bulletin_press.clreq import markup, rules
from bulletin_press.clreq.chars import (OPENING, blank_after, blank_before, is_punctuation,
                                        is_simplified)

SUPPORTED_VERSION = "70.0"
if VERSION != SUPPORTED_VERSION:  # the adapter reaches into WeasyPrint's internals
    raise ImportError(f"bulletin-press's layout adapter supports WeasyPrint {SUPPORTED_VERSION}, "
                      f"not {VERSION}: install the version pinned in pyproject.toml")

ffi, pango = weasyprint_ffi.ffi, weasyprint_ffi.pango
TO_UNITS = 1024  # Pango units per CSS px

# One more Pango function than WeasyPrint declares: where each character starts.
_ffi = FFI()
_ffi.include(ffi)
_ffi.cdef("void pango_layout_index_to_pos (PangoLayout *layout, int index_, PangoRectangle *pos);")
_pango = weasyprint_ffi._dlopen(_ffi, "libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0",
                                "libpango-1.0.dylib", "libpango-1.0-0.dll")


class LayoutDefect(Exception):
    """The adapter failed: a defect of bulletin-press, not of the manuscript."""


@dataclass(frozen=True)
class _LayoutState:
    halves: frozenset[int] = frozenset()  # characters set half-width (OpenType halt)
    spacing: float = 0.0  # justification: letter spacing around Chinese characters
    everywhere: bool = False  # … or around every character (a line with no Chinese or space)


_STATE: "weakref.WeakKeyDictionary[line_break.Layout, _LayoutState]" = weakref.WeakKeyDictionary()


def _zh(style) -> bool:
    return str(style["lang"] or "").lower().startswith("zh")


def _lang(style) -> str:
    return str(style["lang"] or "")


def _guarded(function):
    def guarded(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except LayoutDefect:
            raise
        except Exception as error:
            raise LayoutDefect(f"{function.__name__}: {error!r}") from error
    guarded.__name__ = function.__name__
    return guarded


# Text: compression and justification spacing ----------------------------------

def _set_text(original):
    def set_text(self, text, justify=False):
        original(self, text, justify)
        if not _zh(self.style):
            return
        state = _STATE.get(self)
        if state is None:
            return
        halves = [index for index in state.halves if index < len(self.text)]
        spacing = state.spacing if justify else 0
        if not halves and not spacing:
            return
        attributes = pango.pango_layout_get_attributes(self.layout)
        if attributes == ffi.NULL:
            attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        offsets = _byte_offsets(self.text)
        for index in halves:
            attribute = pango.pango_attr_font_features_new(b"halt")
            attribute.start_index, attribute.end_index = offsets[index], offsets[index + 1]
            pango.pango_attr_list_insert(attributes, attribute)
        if spacing:
            letter_spacing = self.style["letter_spacing"]
            base = 0 if letter_spacing == "normal" else letter_spacing
            units = int((base + spacing) * TO_UNITS)
            for index, char in enumerate(self.text):
                if state.everywhere or rules.expandable(char):
                    attribute = pango.pango_attr_letter_spacing_new(units)
                    attribute.start_index, attribute.end_index = offsets[index], offsets[index + 1]
                    pango.pango_attr_list_change(attributes, attribute)
        pango.pango_layout_set_attributes(self.layout, attributes)
    return set_text


def _byte_offsets(text: str) -> list[int]:
    offsets, position = [0], 0
    for char in text:
        position += len(char.encode("utf-8"))
        offsets.append(position)
    return offsets


# Line breaking --------------------------------------------------------------------

# WeasyPrint's own guess at how many characters a line can hold (line_break.py): Latin
# letters are narrower than a quarter em only in rare fonts.
_CHARACTERS_PER_EM = 4


def _split_first_line(original):
    def split_first_line(text, style, context, max_width, justification_spacing,
                         is_line_start=True, minimum=False):
        if not _zh(style) or max_width is None or max_width == float("inf") or "\n" in text \
                or style["white_space"] not in ("normal", "pre-wrap", "pre-line") \
                or not style["font_size"]:
            return original(text, style, context, max_width, justification_spacing,
                            is_line_start, minimum)
        return _fit(text, style, max_width, justification_spacing, is_line_start, minimum)
    return split_first_line


def _fit(text, style, max_width, justification_spacing, is_line_start, minimum):
    em = style["font_size"]
    lang = _lang(style)
    window = int(max(max_width, 0) / em * _CHARACTERS_PER_EM) + 8
    short = text if len(text) <= window else text[:window]
    hyphen = style["hyphenate_character"] if style["hyphens"] == "auto" else ""
    # the rules read the whole text box: an address broken over lines is still one
    whole = _BOX_TEXTS[-1] if _BOX_TEXTS and _BOX_TEXTS[-1].endswith(text) else text
    offset = len(whole) - len(text)
    kinds = _box_kinds(whole, bool(hyphen))[offset:offset + len(short) + 1]
    # WeasyPrint says a box starts a line when it is the first of its parent; the width
    # left says whether it is the first of the line (a Han–Latin gap there is trimmed)
    line_width = _LINE_WIDTHS[-1] if _LINE_WIDTHS else max_width
    at_start = is_line_start and max_width >= line_width - 0.3 * em
    halved = frozenset({0}) if at_start and short[:1] in OPENING else frozenset()
    layout = line_break.Layout(style, justification_spacing, max_width)
    _STATE[layout] = _LayoutState(halved)
    layout.set_text(short)
    x = _positions(layout, short)
    anywhere = style["word_break"] == "break-all" or (at_start and (
        style["overflow_wrap"] == "anywhere" or (style["overflow_wrap"] == "break-word"
                                                 and not minimum)))
    fit = rules.fit_line(short, kinds, x, max_width, lang, em, halved,
                         _width(style, hyphen) if hyphen else 0.0,
                         anywhere, complete=short == text,
                         gaps_before=max(line_width - max_width, 0) / em)
    _STATE[layout] = _LayoutState(halved | fit.halves)
    line = text[:fit.end] + (hyphen if fit.hyphen else "")
    layout.set_text(line)
    first_line, _ = layout.get_first_line()
    resume = None if fit.resume >= len(text) else len(text[:fit.resume].encode())
    space_collapse = style["white_space"] in ("normal", "nowrap", "pre-line")
    return line_break.first_line_metrics(first_line, line, layout, resume, space_collapse, style,
                                         fit.hyphen, hyphen)


@functools.lru_cache(maxsize=64)
def _box_kinds(text: str, hyphenate: bool) -> tuple[int, ...]:
    kinds = rules.break_kinds(text)
    if hyphenate:
        rules.hyphenation_points(text, kinds)
    return tuple(kinds)


_BOX_TEXTS: list[str] = []  # the text box being split


def _split_text_box(original):
    def split_text_box(context, box, available_width, skip, is_line_start=True):
        _BOX_TEXTS.append(box.text)
        try:
            return original(context, box, available_width, skip, is_line_start)
        finally:
            _BOX_TEXTS.pop()
    return split_text_box


def _positions(layout, text: str) -> list[float]:
    """Where each character starts, and the text's width, in CSS px."""
    rectangle = _ffi.new("PangoRectangle *")
    offsets = _byte_offsets(text)
    pango_layout = _ffi.cast("PangoLayout *", layout.layout)
    x = []
    for offset in offsets[:-1]:
        _pango.pango_layout_index_to_pos(pango_layout, offset, rectangle)
        x.append(rectangle.x / TO_UNITS)
    first_line, _ = layout.get_first_line()
    width, _ = line_break.line_size(first_line, layout.style)
    x.append(width)
    return x


def _width(style, text: str) -> float:
    layout = line_break.Layout(style)
    layout.set_text(text)
    first_line, _ = layout.get_first_line()
    return line_break.line_size(first_line, style)[0]


def _can_break_text(original):
    def can_break_text(text, lang):
        if not str(lang or "").lower().startswith("zh"):
            return original(text, lang)
        if not text or len(text) < 2:
            return False
        return any(kind != rules.NO_BREAK for kind in rules.break_kinds(text)[1:len(text)])
    return can_break_text


_LINE_WIDTHS: list[float] = []  # the width of each line being filled (lines nest: inline-blocks)


def _split_inline_box(original):
    def split_inline_box(context, box, position_x, max_x, bottom_space, skip_stack, *args,
                         **kwargs):
        # WeasyPrint 70 lays a box's children out from the box's own left edge and moves
        # them past its left margin, padding and border only afterwards, so a span with a
        # left margin (a Han–Latin gap) is filled as if it had none, then found too wide
        # and moved whole to the next line.  Laid out from where its content starts, and
        # moved back, it breaks where it fits.
        if isinstance(box, boxes.LineBox):  # the line being filled, for rules.fit_line
            _LINE_WIDTHS.append(max_x - position_x)
            try:
                return _fill_line(original, context, box, position_x, max_x, bottom_space,
                                  skip_stack, args, kwargs)
            finally:
                _LINE_WIDTHS.pop()
        spacing = box.margin_left + box.padding_left + box.border_left_width \
            if isinstance(box, boxes.InlineBox) and skip_stack is None \
            and box.style["direction"] == "ltr" else 0
        if not spacing:
            return original(context, box, position_x, max_x, bottom_space, skip_stack,
                            *args, **kwargs)
        result = original(context, box, position_x + spacing, max_x, bottom_space, skip_stack,
                          *args, **kwargs)
        if result[0] is not None:
            result[0].translate(-spacing, 0, ignore_floats=True)
        return result
    return split_inline_box


def _fill_line(original, context, box, position_x, max_x, bottom_space, skip_stack, args,
               kwargs):
    """A line, filled; a loose one filled again with room for halving marks inside it.

    Each text box ends its own lines compressing first (``_fit``), but the marks of a
    line often sit in other boxes than its end (a Latin word, a quotation in a span).
    Where the line would stretch more than ``rules.LOOSE`` em a gap, it is laid out again
    as wide as halving its last marks allows, and kept if halving them makes it fit.
    """
    result = original(context, box, position_x, max_x, bottom_space, skip_stack, *args, **kwargs)
    line, resume_at, preserved = result[0], result[1], result[2]
    width = max_x - position_x
    if line is None or resume_at is None or preserved or not _zh(box.style) \
            or _stretch(line, width) <= rules.LOOSE:
        return result
    budget = sum(half for _, _, half in _marks(line)[:rules.MIDLINE_HALVES + 1])
    if not budget:
        return result
    # the lists WeasyPrint fills while laying out a line (absolutes, placeholders…) start empty
    fresh = [[] if isinstance(arg, list) else arg for arg in args]
    _LINE_WIDTHS.append(width + budget)
    try:
        retry = original(context, box, position_x, max_x + budget, bottom_space, skip_stack,
                         *fresh, **kwargs)
    finally:
        _LINE_WIDTHS.pop()
    if retry[0] is None or retry[1] == resume_at or retry[2]:
        return result
    need = retry[0].width - width
    chosen = []
    for leaf, index, half in _marks(retry[0])[:rules.MIDLINE_HALVES + 1]:
        if need <= 0.01:
            break
        chosen.append((leaf, index, half))
        need -= half
    if need > 0.01:
        return result
    for leaf, index, half in chosen:
        state = _STATE.get(leaf.pango_layout, _LayoutState())
        _STATE[leaf.pango_layout] = replace(state, halves=state.halves | {index})
        leaf.width -= half
        _shift_after(retry[0], leaf, -half)
        _shrink_ancestors(retry[0], leaf, half)
        retry[0].width -= half
    for arg, new in zip(args, fresh):
        if isinstance(arg, list):
            arg[:] = new
    return retry


def _stretch(line, width: float) -> float:
    """What justifying the line would add to each gap, in em."""
    leaves = _leaves(line, [])
    gaps = sum(sum(1 for char in leaf.text if rules.expandable(char))
               if isinstance(leaf, boxes.TextBox) else 1 for leaf in leaves) - 1
    return (width - line.width) / line.style["font_size"] / max(gaps, 1)


def _marks(line) -> list:
    """The marks of a line that may be set half-width, last first: (text box, index, half
    its width); not the line's first character, nor one already half-width or next to one
    (a compressed pair keeps its em and a half), nor in Traditional Chinese (which does not
    compress marks in pairs) one next to another mark."""
    lang = _lang(line.style)
    chars = []  # (text box or None, index, character, half-width already)
    for leaf in _leaves(line, []):
        if not isinstance(leaf, boxes.TextBox) or leaf.pango_layout is None:
            chars.append((None, 0, "", False))
            continue
        pair = "halt" in str(leaf.style["font_feature_settings"])
        halves = _STATE.get(leaf.pango_layout, _LayoutState()).halves
        chars.extend((None if pair else leaf, index, char, pair or index in halves)
                     for index, char in enumerate(leaf.text))
    found = []
    for position, (leaf, index, char, halved) in enumerate(chars):
        neighbours = chars[max(position - 1, 0):position] + chars[position + 1:position + 2]
        if leaf is not None and position and not halved \
                and (blank_after(char, lang) or blank_before(char)) \
                and not any(other[3] for other in neighbours) \
                and (is_simplified(lang) or not any(is_punctuation(other[2])
                                                    for other in neighbours)):
            found.append((leaf, index, leaf.style["font_size"] / 2))
    return found[::-1]


# Justification ---------------------------------------------------------------------

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


def _justify_line(original):
    def justify_line(context, line, extra_width):
        leaves = _leaves(line, [])
        if not _zh(line.style) or not leaves:
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
                _STATE[box.pango_layout] = replace(_STATE.get(box.pango_layout, _LayoutState()),
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
            _shift_after(line, box, -margin)
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
    """An opening mark that starts the line in a box the line was not chosen from (it came
    after a break between boxes) is set half-width here: its blank left half goes."""
    leaves = _leaves(line, [])
    if not leaves or not isinstance(leaves[0], boxes.TextBox) or leaves[0].pango_layout is None:
        return
    box = leaves[0]
    state = _STATE.get(box.pango_layout, _LayoutState())
    if box.text[:1] not in OPENING or 0 in state.halves:
        return
    _STATE[box.pango_layout] = replace(state, halves=state.halves | {0})
    half = box.style["font_size"] / 2
    box.width -= half
    _shift_after(line, box, -half)
    _shrink_ancestors(line, box, half)
    line.width -= half


def _text_align(original):
    def text_align(context, line, available_width, last):
        if _zh(line.style):
            _trim_line_edges(line)
            _half_width_line_start(line)
        return original(context, line, available_width, last)
    return text_align


# Installation ------------------------------------------------------------------------

_PATCHES = (
    (line_break.Layout, "set_text", _set_text),
    (inline, "split_first_line", _split_first_line),
    (preferred, "split_first_line", _split_first_line),
    (inline, "can_break_text", _can_break_text),
    (preferred, "can_break_text", _can_break_text),
    (inline, "split_inline_box", _split_inline_box),
    (inline, "split_text_box", _split_text_box),
    (inline, "justify_line", _justify_line),
    (inline, "text_align", _text_align),
)
_LOCK = threading.RLock()
_depth = 0


@contextlib.contextmanager
def installed() -> Iterator[None]:
    """WeasyPrint with the clreq rules, for the length of the block (renders in this
    process wait for each other: the functions replaced are WeasyPrint's, process-wide)."""
    global _depth
    with _LOCK:
        saved = [(owner, name, getattr(owner, name)) for owner, name, _ in _PATCHES]
        if _depth == 0:
            for owner, name, wrap in _PATCHES:
                setattr(owner, name, _guarded(wrap(getattr(owner, name))))
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
            if _depth == 0:
                for owner, name, original in saved:
                    setattr(owner, name, original)
