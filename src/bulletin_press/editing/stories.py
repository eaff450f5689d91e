"""Blocks of a source told apart into an issue: its title, the lead, stories, pictures.

Markdown and Word mark their headlines; plain text does not, so a headline is
found by its shape: a short line (at most :data:`HEADLINE_CHARS` characters)
that does not end a sentence, followed by the story's text.  Two or three such
lines in a row are one headline of several lines; more are a list, not a
headline.  A line wholly in brackets — （完）, （供稿：办公室） — closes a story
and is never a headline.  What comes before the first headline is the lead.
The rules look only at the shape of lines, so they hold for any bulletin.

Each text is cleaned (:mod:`bulletin_press.editing.cleaning`) before its shape
is judged, so that a converter's pinyin does not make a headline look long, and
boilerplate lines are taken out before headlines are looked for.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bulletin_press.editing.cleaning import Cleaned, Undecided, boilerplate, clean
from bulletin_press.editing.sources import Block, Picture, Source
from bulletin_press.manuscript.files import Limits

HEADLINE_CHARS = 20
HEADLINE_LINES = 3
CAPTION_CHARS = 40  # a centred line under a picture this short is its caption
_ENDS_SENTENCE = re.compile(r"[。！？!?…，、；：,;:][”’」』）)]*$")
_BRACKETED = re.compile(r"^[（(【\[].*[）)】\]]$")
# 图1　…, 图一：…, 图为…, 图：… (not 图书馆…)
_CAPTION_START = re.compile(r"^[（(]?[图圖図](?:\s*[\d一二三四五六七八九十]+|[为為示]|\s*[：:\u3000 ])")


@dataclass
class Story:
    headline: list[str]
    paragraphs: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    undecided: list[tuple[str, Undecided]] = field(default_factory=list)  # (where, what)


@dataclass
class Draft:
    """The issue as the source gives it, before it is written."""

    title: str | None  # the source's own title, if it marks one
    lead: list[str]
    stories: list[Story]
    fixes: Counter
    boilerplate: list[tuple[str, str]]  # (kind, the line)
    lead_undecided: list[tuple[str, Undecided]]
    headlines_found: bool


def draft(source: Source) -> Draft:
    fixes: Counter = Counter()
    removed: list[tuple[str, str]] = []
    items: list[tuple[Block, Cleaned | None]] = []
    blocks = _with_captions(source.blocks)
    for block in blocks:
        if block.picture is not None:
            items.append((block, None))
            continue
        as_headline = clean(block.text, headline=True)
        kind = None if block.level or block.title else boilerplate(as_headline.text)
        if kind:
            removed.append((kind, as_headline.text))
        else:
            items.append((block, as_headline))
    titled = next((cleaned for block, cleaned in items if block.title and cleaned), None)
    title = titled.text.replace("**", "") if titled else None
    fixes.update(titled.fixes if titled else {})
    items = [item for item in items if titled is None or item[1] is not titled]
    for block, _ in items:  # a second paragraph in the Title style is a headline
        block.title = False
    texts = [cleaned.text for _, cleaned in items if cleaned is not None]
    if source.marks_headlines:
        heads = [bool(block.level) for block, _ in items]
    else:
        heads = _headlines([None if cleaned is None else cleaned.text for _, cleaned in items],
                           single=len(texts) < 2)
    lead: list[str] = []
    lead_undecided: list[tuple[str, Undecided]] = []
    stories: list[Story] = []
    waiting: list[Picture] = []  # pictures before the first headline go to the first story
    for (block, cleaned), head in zip(items, heads):
        if block.picture is not None:
            (stories[-1].pictures if stories else waiting).append(block.picture)
            continue
        if head:
            if stories and not stories[-1].paragraphs and not stories[-1].pictures:
                stories[-1].headline.append(cleaned.text)  # the next line of a headline
            else:
                stories.append(Story([cleaned.text]))
            stories[-1].undecided += [("headline", item) for item in cleaned.undecided]
            fixes.update(cleaned.fixes)
            continue
        body = clean(block.text)
        fixes.update(body.fixes)
        if stories:
            story = stories[-1]
            story.undecided += [(f"paragraph {len(story.paragraphs) + 1}", item)
                                for item in body.undecided]
            story.paragraphs.append(body.text)
        else:
            lead_undecided += [(f"paragraph {len(lead) + 1}", item) for item in body.undecided]
            lead.append(body.text)
    found = bool(stories)
    if not stories:  # no headline anywhere: the whole text is one story
        stories, lead, lead_undecided = [Story([], lead, [], lead_undecided)], [], []
    stories[0].pictures[:0] = waiting
    for story in stories:
        story.headline = [line.replace("**", "").strip() for line in story.headline]
        for number, picture in enumerate(story.pictures, 1):
            if picture.caption:
                caption = clean(picture.caption)
                fixes.update(caption.fixes)
                picture.caption = caption.text
                story.undecided += [(f"caption of picture {number}", item)
                                    for item in caption.undecided]
    return Draft(title, lead, stories, fixes, removed, lead_undecided, found)


def _with_captions(blocks: list[Block]) -> list[Block]:
    """The blocks with each picture's caption — the text right after it, when it looks
    like one — moved into the picture."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1].picture if out else None
        if previous is not None and not previous.caption and block.picture is None \
                and not block.level and _looks_like_caption(block):
            previous.caption = block.text
            continue
        out.append(block)
    return out


def _looks_like_caption(block: Block) -> bool:
    text = block.text.replace("**", "")
    if len(text) > Limits().line_chars:
        return False
    if block.caption:
        return True
    if _ENDS_SENTENCE.search(text) and len(text) > CAPTION_CHARS:
        return False
    return bool(_CAPTION_START.match(text)) or (block.centred and len(text) <= CAPTION_CHARS)


def _short(text: str) -> bool:
    plain = text.replace("**", "").strip()
    return (0 < len(plain) <= HEADLINE_CHARS and not _ENDS_SENTENCE.search(plain)
            and not _BRACKETED.match(plain) and any(char.isalpha() for char in plain))


def _headlines(texts: list[str | None], single: bool) -> list[bool]:
    """Which lines of plain text are headline lines (None stands for a picture)."""
    heads = [False] * len(texts)
    if single:
        return heads
    index = 0
    while index < len(texts):
        if texts[index] is None or not _short(texts[index]):
            index += 1
            continue
        end = index
        while end < len(texts) and texts[end] is not None and _short(texts[end]):
            end += 1
        following = next((text for text in texts[end:] if text is not None), None)
        if end - index <= HEADLINE_LINES and following is not None:
            heads[index:end] = [True] * (end - index)
        index = end
    return heads
