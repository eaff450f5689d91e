"""Print markup: what clreq decides before layout, written into the HTML for WeasyPrint.

A Latin run next to Han characters is a span, and the ¼-em gap on either side
of it is the left margin of what stands right of the gap (the layout's CSS
sets the margin; the adapter trims it at a line's start); a mark compressed against its neighbour (``。”``) and a dash
are spans whose CSS turns on OpenType ``halt`` and ``fwid``; an emphasised Han
character is a span of its own for its dot (着重号); digit groups are held
together by narrow no-break spaces.  Nothing is inserted that is not printed.
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files

from markupsafe import Markup, escape

from bulletin_press.clreq import rules
from bulletin_press.clreq.chars import is_han

# Class names shared by the typesetting stage, the layout's CSS and the adapter.
LATIN = "latin"
# The ¼-em gap between a Han character and a Latin letter or digit is the left margin of
# whatever stands right of it (.as-l { margin-left: 0.25em }): a Latin run, or the Han
# character after one.  A box split over two lines keeps its left margin on its first
# piece, where it belongs, and the adapter trims it at a line's start.
GAP_BEFORE = "as-l"
HALF = "halt"  # .halt { font-feature-settings: "halt" }
DASH = "dash"  # .dash { font-feature-settings: "fwid" }: clreq's dash is two full ems
EMPHASIS_DOT = "ed"

_DASHES = re.compile("—+")
# The stylesheet of these classes, served to the print page under this name: a layout's
# print.css imports it (@import url(clreq.css)) before its own rules.
CLREQ_CSS = "clreq.css"


@functools.cache
def print_stylesheet() -> bytes:
    return files("bulletin_press.clreq").joinpath("print.css").read_bytes()


def print_text(text: str, lang: str, before: str = "", after: str = "",
               dotted: bool = False) -> Markup:
    """A run of a paragraph's text, ``before`` and ``after`` the characters around it."""
    parts = []
    runs = rules.split_runs(text, before[-1:], after)
    for index, run in enumerate(runs):
        if run.latin:
            classes = [LATIN] + [GAP_BEFORE] * run.gap_before
            parts.append(Markup('<span class="{}">{}</span>').format(
                " ".join(classes), rules.release_long_holds(rules.group_digits(run.text))))
        else:
            # the characters around the run decide a pair split by a span (“<em>…</em>”)
            left = runs[index - 1].text[-1:] if index else before[-1:]
            right = runs[index + 1].text[:1] if index + 1 < len(runs) else after[:1]
            gap = runs[index - 1].gap_after if index else rules.takes_gap(before.rstrip(" ")[-1:])
            parts.append(_chinese(run.text, lang, left, right, dotted, gap))
    return Markup("").join(parts)


def _chinese(text: str, lang: str, before: str, after: str, dotted: bool, gap: bool) -> Markup:
    padded = before + text + after
    halves = {index - len(before) for index in rules.compressed_pairs(padded, lang)
              if 0 <= index - len(before) < len(text)}
    parts = []
    position = 0
    for match in _DASHES.finditer(text):
        parts.append(_marks(text, position, match.start(), halves, dotted, gap))
        parts.append(Markup('<span class="{}">{}</span>').format(DASH, match.group()))
        position = match.end()
        gap = False
    parts.append(_marks(text, position, len(text), halves, dotted, gap))
    return Markup("").join(parts)


def _marks(text: str, start: int, end: int, halves: set[int], dotted: bool, gap: bool) -> Markup:
    parts = []
    index = start
    while index < end:
        char = text[index]
        if index in halves:  # a row of compressed marks (「『【) is one span, one box
            last = index
            while last + 1 < end and last + 1 in halves:
                last += 1
            parts.append(Markup('<span class="{}">{}</span>').format(HALF, text[index:last + 1]))
            index = last + 1
            continue
        classes = [EMPHASIS_DOT] * (dotted and is_han(char)) \
            + [GAP_BEFORE] * (gap and index == 0 and is_han(char))
        if classes:
            parts.append(Markup('<span class="{}">{}</span>').format(" ".join(classes), char))
        else:
            parts.append(escape(char))
        index += 1
    return Markup("").join(parts)
