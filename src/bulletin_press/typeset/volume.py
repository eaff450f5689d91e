"""Typesetting a yearly volume: a year's issues of one edition → one print document and one
e-book document, through the layout's ``volume.html`` and its e-book templates.

Each issue is set as it prints (``story-parts.html``, as ``print.html`` sets it), from a new
page; ids carry the issue's number in the volume (``story-2-3``, ``s2-3p1``) and its pictures
are kept apart (``media/2/…``), so that issues never clash.  The index of bylines lists the
people who wrote the stories: a byline's roles (记者, 通讯员) and trailing words (报道) are
not people.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable

from bulletin_press import fonts
from bulletin_press.clreq.markup import CLREQ_CSS, print_stylesheet
from bulletin_press.document import MEDIA_PREFIX, Document, Page, issue_time
from bulletin_press.layouts import Layout
from bulletin_press.manuscript.model import Issue, Text, plain_text
from bulletin_press.placement import segments, story_parts
from bulletin_press.text.convert import convert_issue, layout_text
from bulletin_press.typeset import (_check_printable, _context, _environment, _imports, _media,
                                    chinese_date)

# Words of a byline that name a role, not a person, and what may follow the name; written in
# Simplified Chinese and converted for each edition.  A role of one character (文, 图) is one
# only standing apart: 文静 is a name.
ROLES = ("本刊记者", "特约记者", "记者", "通讯员", "编辑", "撰稿", "摄影", "作者", "文", "图")
AFTER_NAMES = ("报道", "供稿", "整理", "摄影")
_BETWEEN_NAMES = re.compile(r"[\u3000、，,；;／/]+|(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


@dataclass(frozen=True)
class VolumeIssue:
    """An issue as a part of the volume: in the edition's script, its pictures' folder."""

    issue: Issue
    media: str
    date: tuple  # inlines: 2023年5月20日

    def segments(self, number: int, story) -> list:  # noqa: ANN001 (a Story)
        """The story's parts as the manuscript places them, in and across the columns."""
        return segments(story_parts(story))


def volume_issues(issues: list[Issue], year: int) -> list[Issue]:
    """The issues dated ``year``, by date (then by id, for issues of one day)."""
    return sorted((issue for issue in issues if issue.date.year == year),
                  key=lambda issue: (issue.date, issue.id))


def people(byline: str, words: Callable[[str], str] = str) -> list[str]:
    """The people a byline names, in its order: 本刊记者　周明 → 周明, 记者 Li Ming报道 → Li Ming."""
    roles = sorted({words(role) for role in ROLES}, key=len, reverse=True)
    after = sorted({words(word) for word in AFTER_NAMES}, key=len, reverse=True)
    found = []
    for part in _BETWEEN_NAMES.split(byline.strip()):
        part = part.strip()
        changed = True
        while changed and part:
            changed = False
            for role in roles:
                if part == role or part.startswith(role) and (
                        len(role) > 1 or part[len(role)] in " \u3000"):
                    part, changed = part[len(role):].strip(), True
                    break
            for word in after:
                if part.endswith(word) and len(part) > len(word):
                    part, changed = part[:-len(word)].strip(), True
                    break
        if part and part not in found:
            found.append(part)
    return found


def byline_index(issues: list[Issue], words: Callable[[str], str] = str) \
        -> list[tuple[str, list[tuple[int, int]]]]:
    """Each person of the bylines, in code point order, with the (issue, story) numbers of
    their stories (from 1)."""
    index: dict[str, list[tuple[int, int]]] = {}
    for issue_number, issue in enumerate(issues, 1):
        for story_number, story in enumerate(issue.stories, 1):
            for person in people(plain_text(story.byline), words):
                index.setdefault(person, []).append((issue_number, story_number))
    return sorted(index.items())


def volume_model(issues: list[Issue], year: int, edition: str) -> Issue:
    """The volume as an issue, for the metadata backends write: the publication of its first
    issue, titled "<year>年合订本", every story of the year, dated by its last issue."""
    first, last = issues[0], issues[-1]
    return dataclasses.replace(
        first, id=f"volume-{year}", title=(Text(layout_text(edition)(f"{year}年合订本")),),
        number=(), lead=(), date=last.date, url=None,
        stories=tuple(story for issue in issues for story in issue.stories))


def _parts(issues: list[Issue], edition: str) -> list[VolumeIssue]:
    return [VolumeIssue(convert_issue(issue, edition), f"{MEDIA_PREFIX}{number}/",
                        chinese_date(issue)) for number, issue in enumerate(issues, 1)]


def _media_of(parts: list[VolumeIssue], layout: Layout | None) -> dict[str, bytes]:
    return {part.media + name[len(MEDIA_PREFIX):]: data
            for part in parts for name, data in _media(part.issue, layout).items()}


def typeset_volume_print(issues: list[Issue], year: int, edition: str, layout: Layout,
                         modified: datetime.datetime | None = None) -> Document:
    """The volume's print document: one page of HTML, laid out in one render."""
    parts = _parts(issues, edition)
    words = layout_text(edition)
    volume = volume_model([part.issue for part in parts], year, edition)
    _environment(layout, "print", edition)
    css, volume_css = layout.read("print.css"), layout.read("volume.css")
    resources = {"print.css": css, "volume.css": volume_css, CLREQ_CSS: print_stylesheet(),
                 **_imports(css, layout), **fonts.font_resources(css.decode("utf-8"), edition),
                 **_media_of(parts, layout)}
    html = layout.template("volume.html").render(
        **_context(volume, edition), volume=volume, parts=parts,
        contents_label=words("目录"), index_label=words("作者索引"),
        index=byline_index([part.issue for part in parts], words))
    _check_printable(html, layout, "volume.html")
    return Document(volume, edition, (Page("index.html", volume.title_text, html, "print"),),
                    MappingProxyType(resources), modified=modified or issue_time(volume))


def typeset_volume_ebook(issues: list[Issue], year: int, edition: str, layout: Layout,
                         modified: datetime.datetime | None = None) -> Document:
    """The volume's e-book: a title page, then per issue its title page and its stories
    (``i01-title.xhtml``, ``i01-story-01.xhtml``), the index of bylines, the fonts' licence;
    its contents nest each issue's stories under it (``Document.toc``)."""
    parts = _parts(issues, edition)
    words = layout_text(edition)
    volume = volume_model([part.issue for part in parts], year, edition)
    _environment(layout, "ebook", edition)
    css = layout.read("ebook/ebook.css")
    resources = {"ebook.css": css, **fonts.font_resources(css.decode("utf-8"), edition),
                 **_media_of(parts, None)}
    context = _context(volume, edition)
    pages = [Page("title.xhtml", volume.title_text, layout.template(
        "ebook/volume.xhtml").render(**context, volume=volume), "title")]
    toc = []
    for issue_number, part in enumerate(parts, 1):
        issue, prefix = part.issue, f"i{issue_number:02d}-"
        issue_context = {**_context(issue, edition), "licence_href": "licence.xhtml"}
        pages.append(Page(f"{prefix}title.xhtml", issue.title_text, layout.template(
            "ebook/title.xhtml").render(**issue_context), "part"))
        stories = []
        for number, story in enumerate(issue.stories, 1):
            name = f"{prefix}story-{number:02d}.xhtml"
            pages.append(Page(name, story.headline_text, layout.template(
                "ebook/story.xhtml").render(**issue_context, story=story, number=number,
                                            media=part.media, page_breaks={}), "story"))
            stories.append((name, story.headline_text, ()))
        toc.append((f"{prefix}title.xhtml", issue.title_text, tuple(stories)))
    index = byline_index([part.issue for part in parts], words)
    if index:
        pages.append(Page("index.xhtml", words("作者索引"), layout.template(
            "ebook/volume-index.xhtml").render(**context, index=index,
                                               index_label=words("作者索引"), parts=parts),
            "index"))
        toc.append(("index.xhtml", words("作者索引"), ()))
    pages.append(Page("licence.xhtml", "Fonts: SIL Open Font License", layout.template(
        "ebook/licence.xhtml").render(**context, licence=fonts.licence_text()), "licence"))
    return Document(volume, edition, tuple(pages), MappingProxyType(resources),
                    modified=modified or issue_time(volume), toc=tuple(toc))
