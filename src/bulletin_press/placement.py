"""Where a story's parts stand: its headline, paragraphs, pictures and pull quote, in order.

A picture follows the paragraph its ``placement`` and ``after`` give
(:meth:`~bulletin_press.manuscript.model.Image.follows`), a pull quote the paragraph
``quote-after`` gives, else the middle one.  In print some parts stand across the columns
(a ``span: columns`` headline, a ``span`` or page-wide picture): a multi-column page can
only set such a block between runs of columns, so a story is cut into *segments*, each
either across the columns or in them.

The print layout may move a picture or a pull quote further down its story, when set
where it was asked it would leave a column short (:mod:`bulletin_press.backends.pdf`):
``moves`` gives, by part id, the paragraph it follows instead.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Mapping

from bulletin_press.manuscript.model import Image, Paragraph, Story


@dataclass(frozen=True)
class Part:
    kind: str  # "head" (headline and byline), "paragraph", "figure" or "quote"
    index: int  # a paragraph's or a picture's number in its story, from 1; 0 otherwise
    value: "Paragraph | Image | tuple[Paragraph, ...] | None"
    span: bool = False  # across the columns
    above: bool = False  # a figure above its story's headline

    @property
    def id(self) -> str:
        """The part's id in its story: ``f2`` for its second picture, ``q`` for the quote."""
        return {"figure": f"f{self.index}", "quote": "q"}.get(self.kind, "")


def spans(image: Image) -> bool:
    return image.span == "page"


def story_parts(story: Story, moves: Mapping[str, int] | None = None) -> list[Part]:
    """The story's parts in reading order."""
    moves = moves or {}
    paragraphs = len(story.body)
    following: dict[int, list[Part]] = {}
    for index, image in enumerate(story.images, 1):
        part = Part("figure", index, image, spans(image))
        following.setdefault(moves.get(part.id, image.follows(paragraphs)), []).append(part)
    if story.quote:
        quote = Part("quote", 0, story.quote)
        following.setdefault(moves.get("q", story.quote_follows), []).append(quote)
    head = Part("head", 0, None, story.span == "columns")
    above = [dataclasses.replace(part, above=not head.span or part.span)
             for part in following.pop(0, [])]
    # pictures across the columns stand above the story; the others above its headline,
    # unless the headline stands across the columns: then under it, in the columns
    parts = [part for part in above if part.span]
    if head.span:
        parts += [head] + [part for part in above if not part.span]
    else:
        parts += [part for part in above if not part.span] + [head]
    for number, paragraph in enumerate(story.body, 1):
        parts.append(Part("paragraph", number, paragraph))
        parts += following.pop(number, [])
    for number in sorted(following):  # moved past the last paragraph
        parts += following[number]
    return parts


def segments(parts: list[Part]) -> list[tuple[bool, list[Part]]]:
    """The parts in runs that stand across the columns (True) or in them (False)."""
    runs: list[tuple[bool, list[Part]]] = []
    for part in parts:
        if runs and runs[-1][0] == part.span:
            runs[-1][1].append(part)
        else:
            runs.append((part.span, [part]))
    return runs
