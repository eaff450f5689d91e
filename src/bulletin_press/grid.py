"""The print line grid: the height of a figure, rounded up to whole lines of body text.

Body lines in both columns stand on one grid (a pitch of 10.5 pt × 1.75), so every
block set between body paragraphs must take whole lines of it.  The stylesheet does
that for headlines, bylines and pull quotes; a figure's height follows from its
picture's shape and its caption's length, which only the typesetting stage knows:
it gives each figure a minimum height of whole lines (``layout.yml``:
``print: grid``, ``picture`` and ``caption``).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from bulletin_press.headlines import Measure
from bulletin_press.layouts import Layout
from bulletin_press.manuscript.files import open_picture
from bulletin_press.manuscript.model import Image, plain_text

_EXIF_ORIENTATION, _TURNED = 0x0112, {5, 6, 7, 8}  # a quarter turn: width and height swap


@dataclass(frozen=True)
class Grid:
    pitch: float  # pt: one line of body text
    picture_width: float  # pt: as wide as a picture prints (a column's)
    space_above: float  # pt: the figure's padding above its picture
    space_below: float  # pt: at least this much below the caption, before the next line
    caption: Measure | None  # the caption's font, size and measure
    caption_gap: float = 0.0  # pt: between the picture and its caption
    caption_leading: float = 0.0  # pt: the caption's line height
    widths: tuple[tuple[str, float], ...] = ()  # a picture's width (half, page) → pt

    @classmethod
    def of(cls, layout: Layout) -> "Grid | None":
        """The layout's grid, or None if it keeps none."""
        pitch = layout.length("print", "grid", "pitch")
        width = layout.length("print", "picture", "width")
        if not (pitch and width):
            return None
        caption = (layout.settings.get("print", {}).get("caption") or {})
        size = layout.length("print", "caption", "size")
        measure = Measure(caption["font"], size, layout.length("print", "caption", "measure")) \
            if caption.get("font") and size else None
        return cls(pitch, width, layout.length("print", "grid", "figure-space-above") or 0.0,
                   layout.length("print", "grid", "figure-space-below") or 0.0, measure,
                   layout.length("print", "caption", "gap") or 0.0,
                   layout.length("print", "caption", "line-height") or 0.0,
                   tuple((name, layout.picture_width(name)) for name in ("half", "page")))

    def lines(self, height: float) -> float:
        """``height`` rounded up to whole lines of the grid, in pt."""
        return math.ceil(round(height / self.pitch, 6)) * self.pitch

    def figure_height(self, image: Image) -> float:
        """How tall the figure of ``image`` is set: picture, caption and the space around
        them, rounded up to whole lines."""
        with open_picture(image.data) as picture:
            width, height = picture.size
            if picture.getexif().get(_EXIF_ORIENTATION) in _TURNED:
                width, height = height, width
        printed = dict(self.widths).get(image.span, self.picture_width)
        total = self.space_above + printed * height / width
        caption, credit = plain_text(image.caption), plain_text(image.credit)
        if (caption.strip() or credit.strip()) and self.caption:
            # the caption is as wide as its picture, or a column's width if wider
            measure = dataclasses.replace(self.caption, width=min(self.caption.width, printed))
            count, last = _lines(caption, measure)
            if credit:  # the credit is set whole: after the caption, or on a line of its own
                credit_count, _ = _lines(credit, measure)
                joined = (last + "　" + credit) if last else credit
                if credit_count > 1 or measure.text_width(joined) > measure.width + 0.01:
                    count += credit_count if last else credit_count - 1
            total += self.caption_gap + count * self.caption_leading
        return self.lines(total + self.space_below)


def _lines(text: str, measure: Measure) -> tuple[int, str]:
    """How many lines ``text`` fills at ``measure``, filled character by character as a
    ragged Chinese paragraph is (a close estimate: no justification, no compression), and
    its last line."""
    count, line = 1, ""
    for char in text:
        if line and measure.text_width(line + char) > measure.width + 0.01:
            count, line = count + 1, char
        else:
            line += char
    return count, line
