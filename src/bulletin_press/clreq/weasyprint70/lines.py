"""Where lines of Chinese text end: WeasyPrint's line filling, asking ``rules``."""

from __future__ import annotations

import functools
from dataclasses import replace

from weasyprint.formatting_structure import boxes
from weasyprint.text import line_break

from bulletin_press.clreq import rules
from bulletin_press.clreq.chars import (OPENING, blank_after, blank_before, is_punctuation,
                                        is_simplified)
from bulletin_press.clreq.weasyprint70.justify import line_leaves, shift_after, shrink_ancestors
from bulletin_press.clreq.weasyprint70.state import (STATE, TO_UNITS, LayoutState, byte_offsets,
                                                      ffi_index, language, pango_index, zh)


# WeasyPrint's own guess at how many characters a line can hold (line_break.py): Latin
# letters are narrower than a quarter em only in rare fonts.
_CHARACTERS_PER_EM = 4


def split_first_line(original):
    def split_first_line(text, style, context, max_width, justification_spacing,
                         is_line_start=True, minimum=False):
        if not zh(style) or max_width is None or max_width == float("inf") or "\n" in text \
                or style["white_space"] not in ("normal", "pre-wrap", "pre-line") \
                or not style["font_size"]:
            return original(text, style, context, max_width, justification_spacing,
                            is_line_start, minimum)
        return _fit(text, style, max_width, justification_spacing, is_line_start, minimum)
    return split_first_line


def _fit(text, style, max_width, justification_spacing, is_line_start, minimum):
    em = style["font_size"]
    lang = language(style)
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
    STATE[layout] = LayoutState(halved)
    layout.set_text(short)
    x = _positions(layout, short)
    anywhere = style["word_break"] == "break-all" or (at_start and (
        style["overflow_wrap"] == "anywhere" or (style["overflow_wrap"] == "break-word"
                                                 and not minimum)))
    fit = rules.fit_line(short, kinds, x, max_width, lang, em, halved,
                         _width(style, hyphen) if hyphen else 0.0,
                         anywhere, complete=short == text,
                         gaps_before=max(line_width - max_width, 0) / em)
    STATE[layout] = LayoutState(halved | fit.halves)
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


def split_text_box(original):
    def split_text_box(context, box, available_width, skip, is_line_start=True):
        _BOX_TEXTS.append(box.text)
        try:
            return original(context, box, available_width, skip, is_line_start)
        finally:
            _BOX_TEXTS.pop()
    return split_text_box


def _positions(layout, text: str) -> list[float]:
    """Where each character starts, and the text's width, in CSS px."""
    rectangle = ffi_index.new("PangoRectangle *")
    offsets = byte_offsets(text)
    pango_layout = ffi_index.cast("PangoLayout *", layout.layout)
    x = []
    for offset in offsets[:-1]:
        pango_index.pango_layout_index_to_pos(pango_layout, offset, rectangle)
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


def can_break_text(original):
    def can_break_text(text, lang):
        if not str(lang or "").lower().startswith("zh"):
            return original(text, lang)
        if not text or len(text) < 2:
            return False
        return any(kind != rules.NO_BREAK for kind in rules.break_kinds(text)[1:len(text)])
    return can_break_text


_LINE_WIDTHS: list[float] = []  # the width of each line being filled (lines nest: inline-blocks)


def split_inline_box(original):
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
                result = _fill_line(original, context, box, position_x, max_x, bottom_space,
                                    skip_stack, args, kwargs)
            finally:
                _LINE_WIDTHS.pop()
            # a line filled to the measure may come out wider by Pango's rounding: beside a
            # float, WeasyPrint would then take it for too wide and set it under the float
            line = result[0]
            if line is not None and 0 < line.width - (max_x - line.position_x) < 0.05:
                line.width = max_x - line.position_x  # from the line's start: its indent too
            return result
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
    if line is None or resume_at is None or preserved or not zh(box.style) \
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
        state = STATE.get(leaf.pango_layout, LayoutState())
        STATE[leaf.pango_layout] = replace(state, halves=state.halves | {index})
        leaf.width -= half
        shift_after(retry[0], leaf, -half)
        shrink_ancestors(retry[0], leaf, half)
        retry[0].width -= half
    for arg, new in zip(args, fresh):
        if isinstance(arg, list):
            arg[:] = new
    return retry


def _stretch(line, width: float) -> float:
    """What justifying the line would add to each gap, in em."""
    leaves = line_leaves(line, [])
    gaps = sum(sum(1 for char in leaf.text if rules.expandable(char))
               if isinstance(leaf, boxes.TextBox) else 1 for leaf in leaves) - 1
    return (width - line.width) / line.style["font_size"] / max(gaps, 1)


def _marks(line) -> list:
    """The marks of a line that may be set half-width, last first: (text box, index, half
    its width); not the line's first character, nor one already half-width or next to one
    (a compressed pair keeps its em and a half), nor in Traditional Chinese (which does not
    compress marks in pairs) one next to another mark."""
    lang = language(line.style)
    chars = []  # (text box or None, index, character, half-width already)
    for leaf in line_leaves(line, []):
        if not isinstance(leaf, boxes.TextBox) or leaf.pango_layout is None:
            chars.append((None, 0, "", False))
            continue
        pair = "halt" in str(leaf.style["font_feature_settings"])
        halves = STATE.get(leaf.pango_layout, LayoutState()).halves
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


