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
kept in :data:`state.STATE`, keyed weakly by WeasyPrint's layout object.  An
exception inside it is a defect of bulletin-press: it is raised as
:class:`LayoutDefect`, which the build reports as an internal error.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Iterator

from weasyprint import VERSION

SUPPORTED_VERSION = "70.0"
if VERSION != SUPPORTED_VERSION:  # the adapter reaches into WeasyPrint's internals
    raise ImportError(f"bulletin-press's layout adapter supports WeasyPrint {SUPPORTED_VERSION}, "
                      f"not {VERSION}: install the version pinned in pyproject.toml")

from weasyprint.layout import inline, preferred  # noqa: E402
from weasyprint.text import line_break  # noqa: E402

from bulletin_press.clreq.weasyprint70.columns import ShortColumn, short_columns  # noqa: E402, F401
from bulletin_press.clreq.weasyprint70.fill import page_fill  # noqa: E402, F401
from bulletin_press.clreq.weasyprint70.justify import justify_line, text_align  # noqa: E402
from bulletin_press.clreq.weasyprint70.lines import (can_break_text, split_first_line,  # noqa: E402
                                                     split_inline_box, split_text_box)
from bulletin_press.clreq.weasyprint70.state import pango_version, set_text  # noqa: E402, F401


class LayoutDefect(Exception):
    """The adapter failed: a defect of bulletin-press, not of the manuscript."""


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


_PATCHES = (
    (line_break.Layout, "set_text", set_text),
    (inline, "split_first_line", split_first_line),
    (preferred, "split_first_line", split_first_line),
    (inline, "can_break_text", can_break_text),
    (preferred, "can_break_text", can_break_text),
    (inline, "split_inline_box", split_inline_box),
    (inline, "split_text_box", split_text_box),
    (inline, "justify_line", justify_line),
    (inline, "text_align", text_align),
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

