"""Typesetting: one edition of an issue → HTML documents, through the layout's templates.

This stage owns Chinese text on its way to HTML: the edition's script, the
inline structure (emphasis, ruby) and the language tags.  It produces a
:class:`Document`: the pages as HTML and every resource they refer to (CSS,
fonts, images, the QR code) as bytes, so that backends read no files.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import functools
import html.parser
import io
import math
import re
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import segno
from markupsafe import Markup, escape

from bulletin_press import fonts
from bulletin_press.clreq.chars import is_han
from bulletin_press.clreq.markup import (CLREQ_CSS, EMPHASIS_DOT, GAP_BEFORE, print_stylesheet,
                                         print_text)
from bulletin_press.clreq.rules import takes_gap
from bulletin_press.document import (COVER_IMAGE, MEDIA_PREFIX, QR_CODE, Document, Page,  # noqa: F401
                                     identifier, issue_time, paragraph_id, story_id)
from bulletin_press.grid import Grid
from bulletin_press.headlines import Line, measure, set_lines, split_phrases
from bulletin_press.layouts import Layout
from bulletin_press.manuscript.files import open_picture
from bulletin_press.manuscript.model import Emphasis, Inlines, Issue, Ruby, Text, plain_text
from bulletin_press.placement import segments, story_parts
from bulletin_press.text.convert import convert_issue, layout_text


class MissingStylesheet(LookupError):
    """A layout's stylesheet imports one that neither it nor a built-in layout has."""

    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path = path


class UnprintableText(LookupError):
    """A page prints characters its layout's fonts lack: words of the layout itself, since
    the manuscript's text, converted for each edition, is checked when it is loaded."""

    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path = path


_UPRIGHT_NUMBER = re.compile(r"(?<![0-9A-Za-z.,])([0-9]{1,2})(?![0-9A-Za-z.,])")


def render_inlines(inlines: Inlines, vertical: bool = False, xml: bool = True) -> Markup:
    """Inline text for the e-book: semantic ``<em>`` and ``<ruby>``; readers space and dot it.

    In vertical text, numbers of one or two digits stand upright in one em
    (``text-combine-upright``, clreq §3.3.3); longer ones lie sideways.  ``xml``: the
    e-book's XHTML tags languages with ``xml:lang`` too; a web page, HTML, with ``lang``.
    """
    parts = []
    for inline in inlines:
        if isinstance(inline, Text):
            if vertical:
                pieces = _UPRIGHT_NUMBER.split(inline.text)
                parts.extend(Markup('<span class="tcy">{}</span>').format(piece) if index % 2
                             else escape(piece) for index, piece in enumerate(pieces))
            else:
                parts.append(escape(inline.text))
        elif isinstance(inline, Ruby):
            # the parentheses are for readers without ruby, not for speech
            language = _annotation_language(inline.annotation)
            tag = Markup(' lang="{}" xml:lang="{}"' if xml else ' lang="{}"').format(
                language, language)
            parts.append(Markup('<ruby>{}<rp aria-hidden="true">(</rp><rt{}>'
                                '{}</rt><rp aria-hidden="true">)</rp></ruby>')
                         .format(inline.base, tag, inline.annotation))
        elif isinstance(inline, Emphasis):
            parts.append(Markup('<em class="emphasis">{}</em>')
                         .format(render_inlines(inline.children, vertical, xml)))
    return Markup("").join(parts)


def _annotation_language(annotation: str) -> str:
    """Ruby's language: zhuyin (Bopomofo) or, in the Latin alphabet, pinyin."""
    return "zh-Bopo" if any("\u3100" <= char <= "\u312f" or "\u31a0" <= char <= "\u31bf"
                            for char in annotation) else "zh-Latn-pinyin"


def render_print_inlines(inlines: Inlines, before: str = "", after: str = "",
                         lang: str = "zh-Hans") -> Markup:
    """Inline text for print, where WeasyPrint needs the clreq rules spelled out in HTML
    (``clreq.markup``): spacing spans, compressed marks, emphasis dots; ruby becomes an
    annotation positioned above its base, outside the line's flow."""
    parts = []
    neighbours = _neighbours([plain_text((inline,)) for inline in inlines], before, after)
    for inline, (left, right) in zip(inlines, neighbours):
        if isinstance(inline, Text):
            parts.append(print_text(inline.text, lang, left, right))
        elif isinstance(inline, Ruby):
            parts.append(_print_ruby(inline, left, dotted=False))
        elif isinstance(inline, Emphasis):
            inner = []
            children = _neighbours([plain_text((child,)) for child in inline.children], left, right)
            for child, (child_left, child_right) in zip(inline.children, children):
                inner.append(_print_ruby(child, child_left, dotted=True) if isinstance(child, Ruby)
                             else print_text(child.text, lang, child_left, child_right, dotted=True))
            parts.append(Markup('<em class="emphasis">{}</em>').format(Markup("").join(inner)))
    return Markup("").join(parts)


def _neighbours(texts: list[str], before: str, after: str) -> list[tuple[str, str]]:
    """For each text, the two characters just before it and the one just after it, skipping
    empty texts: in one pass each way, however many inlines a paragraph has."""
    lefts, last = [], before[-2:]
    for text in texts:
        lefts.append(last)
        last = (last + text)[-2:]
    rights, first = [], after
    for text in reversed(texts):
        rights.append(first)
        first = text[:1] or first
    return list(zip(lefts, reversed(rights)))


def _print_ruby(ruby: Ruby, before: str, dotted: bool) -> Markup:
    classes = ["ruby"] + [EMPHASIS_DOT] * dotted \
        + [GAP_BEFORE] * (takes_gap(before[-1:]) and is_han(ruby.base[:1] or " "))
    return Markup('<span class="{}">{}<span class="rt">{}</span></span>').format(
        " ".join(classes), ruby.base, ruby.annotation)


def names(inlines: Inlines) -> list[tuple[Inlines, str]]:
    """A byline's parts — a role, a name — each with the space typed after it: parts stand
    apart by an ideographic space, or by a space between Chinese characters (本刊记者 李明);
    a space beside Latin is the ¼ em gap, inside a part (记者 Li Ming).  Each part is set
    whole: a line breaks between names, never inside one."""
    text = plain_text(inlines)
    parts: list[tuple[Inlines, str]] = []
    current: list = []
    position = 0  # of the inline's first character in ``text``
    for inline in inlines:
        if not isinstance(inline, Text):
            current.append(inline)
            position += len(plain_text((inline,)))
            continue
        start = 0
        for index, char in enumerate(inline.text):
            at = position + index
            if char == "\u3000" or (char == " " and 0 < at < len(text) - 1
                                     and is_han(text[at - 1]) and is_han(text[at + 1])):
                if inline.text[start:index]:
                    current.append(Text(inline.text[start:index]))
                parts.append((tuple(current), char))
                current, start = [], index + 1
        if inline.text[start:]:
            current.append(Text(inline.text[start:]))
        position += len(inline.text)
    if current:
        parts.append((tuple(current), ""))
    return parts


def render_print_phrases(line: Line, lang: str = "zh-Hans") -> Markup:
    """A ragged line for print (a headline's, the title's): each phrase that fits the measure
    in a span the layout keeps on one line, so that the line breaks only between phrases."""
    texts = [plain_text(phrase.inlines) for phrase in line]
    parts = []
    for index, phrase in enumerate(line):
        before = "".join(texts[:index])[-1:]
        after = "".join(texts[index + 1:])[:1]
        inner = render_print_inlines(phrase.inlines, before, after, lang)
        parts.append(Markup('<span class="phrase">{}</span>').format(inner) if phrase.fits
                     else inner)
    return Markup("").join(parts)


def _phrased(render, language: str, separator: str = "<wbr/>"):
    """The e-book's filter ``phrased``: a headline line with ``<wbr/>`` (in HTML ``<wbr>``)
    between its phrases, where a reader set to ``word-break: keep-all`` may break it."""
    def phrased(line: Inlines) -> Markup:
        return Markup(separator).join(render(phrase) for phrase in split_phrases(line, language))
    return phrased


def _ragged_lines(layout: Layout, edition: str):
    """The template filter ``ragged(kind)``: a headline's lines (or a title) as printed."""
    def lines(value: "tuple[Inlines, ...] | str", kind: str) -> tuple[Line, ...]:
        # a headline is its lines; a title, one line of inlines
        given = ((Text(value),),) if isinstance(value, str) \
            else (value,) if value and not isinstance(value[0], tuple) else value
        return set_lines(given, edition, measure(layout, kind))
    return lines



def chinese_date(issue: Issue) -> Inlines:
    """The issue's date as printed, 2022年4月2日: inlines, so that it is set like any text."""
    return (Text(f"{issue.date.year}年{issue.date.month}月{issue.date.day}日"),)


def _epub_type(kind: str) -> Markup:
    """An e-book's structural semantics (``epub:type``), which HTML pages do without."""
    return Markup(' epub:type="{}"').format(kind)


def _context(issue: Issue, edition: str) -> dict:
    return {"issue": issue, "edition": edition, "lang": edition, "date": chinese_date(issue),
            "paragraph_id": paragraph_id, "story_id": story_id, "story_parts": story_parts,
            "identifier": identifier(issue, edition), "epub_type": _epub_type,
            "licence_href": "licence.xhtml"}


def _environment(layout: Layout, target: str, edition: str):
    environment = layout.environment
    # The layout's own words are written in Simplified Chinese: {{ "扫码阅读" | zh }}.
    environment.filters["zh"] = layout_text(edition)
    environment.filters["names"] = names
    environment.filters["inlines"] = {
        "print": functools.partial(render_print_inlines, lang=edition),
        "ebook": render_inlines,
        "vertical": functools.partial(render_inlines, vertical=True),
    }[target]
    environment.filters["phrased"] = _phrased(environment.filters["inlines"], edition)
    environment.filters["ragged"] = _ragged_lines(layout, edition)
    environment.filters["phrases"] = functools.partial(render_print_phrases, lang=edition)
    grid = Grid.of(layout)
    environment.filters["figure_height"] = lambda image: (
        f"{grid.figure_height(image):.3f}pt" if grid else "0")
    return environment


def _media(issue: Issue, layout: Layout | None = None) -> dict[str, bytes]:
    """The pictures; given the ``layout`` of a screen PDF, each at most as many pixels an
    inch as its ``screen-ppi`` at the width it prints at."""
    ppi = (layout.settings.get("print", {}).get("picture") or {}).get("screen-ppi") \
        if layout is not None else None
    return {MEDIA_PREFIX + image.name: _at_most(image, layout.picture_width(image.span), ppi)
            if ppi else image.data for story in issue.stories for image in story.images}


def _at_most(image, printed: float | None, ppi: float) -> bytes:  # noqa: ANN001 (an Image)
    """The picture's bytes with no more than ``ppi`` pixels an inch across ``printed`` points
    (resampled, turned upright; the same bytes for the same picture), or as they are."""
    from PIL import Image as Picture, ImageOps

    if not printed:
        return image.data
    with open_picture(image.data) as picture:
        wanted = math.ceil(printed / 72 * ppi)
        upright = ImageOps.exif_transpose(picture)
        if upright.width <= wanted:
            return image.data
        resized = upright.resize((wanted, max(1, round(upright.height * wanted / upright.width))),
                                 Picture.Resampling.LANCZOS)
        out = io.BytesIO()
        if picture.format == "JPEG":
            resized.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
        else:
            resized.save(out, "PNG", optimize=True)
    return out.getvalue()


def qr_code(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", scale=4, border=0, xmldecl=False, title=url, dark="#000")
    return out.getvalue()


class _Text(html.parser.HTMLParser):
    """The text an HTML page sets: its text nodes, less the head's."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        self.in_head |= tag == "head"

    def handle_endtag(self, tag: str) -> None:
        self.in_head &= tag != "head"

    def handle_data(self, data: str) -> None:
        if not self.in_head:
            self.parts.append(data)


def _check_printable(page: str, layout: Layout, template: str) -> None:
    reader = _Text()
    reader.feed(page)
    covered = layout.print_coverage
    missing = sorted({char for char in "".join(reader.parts) if not fonts.printable(char, covered)})
    if missing:
        listed = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in missing[:8])
        raise UnprintableText(layout.path(template), f"the page prints {listed}, which the "
                                                       f"fonts of layout '{layout.name}' lack")


def _imports(css: bytes, layout: Layout, name: str = "print.css") -> dict[str, bytes]:
    """The stylesheets the layout's stylesheet ``name`` imports, by URL: the layout's own
    (newsletter's ``parts.css``), or a built-in layout's by its name
    (``newsletter/parts.css``), as templates extend; ``clreq.css`` is the typesetting
    stage's."""
    import tinycss2

    from bulletin_press.places import LAYOUTS_DIR

    found = {}
    for rule in tinycss2.parse_stylesheet_bytes(css, skip_comments=True,
                                                skip_whitespace=True)[0]:
        if rule.type != "at-rule" or rule.lower_at_keyword != "import":
            continue
        url = next((_url(token) for token in rule.prelude if _url(token)), None)
        if not url or url == CLREQ_CSS:
            continue
        path = next((path for path in (layout.path(url), LAYOUTS_DIR / url)
                     if path.is_file() and ".." not in Path(url).parts), None)
        if path is None:
            raise MissingStylesheet(layout.path(name), f"{name} imports '{url}', which layout "
                                                     f"'{layout.name}' does not have")
        found[url] = path.read_bytes()
    return found


def _url(token) -> str | None:  # noqa: ANN001 (a tinycss2 token)
    """The URL of ``url(x)``, ``url("x")`` or ``"x"``."""
    if token.type in ("url", "string"):
        return token.value
    if token.type == "function" and token.lower_name == "url":
        return next((argument.value for argument in token.arguments
                     if argument.type == "string"), None)
    return None


def typeset_print(issue: Issue, edition: str, layout: Layout, profile: str = "screen",
                  modified: datetime.datetime | None = None,
                  moves: Mapping[int, Mapping[str, int]] | None = None) -> Document:
    """The print page; a print profile's stylesheet, ``print-<profile>.css`` in the layout
    (``print-press.css``: bleed and crop marks), is added where the layout has one.

    An issue of more than one story gets a contents box; the document keeps, as its
    ``single_page``, the page without it, to be printed where the issue takes one page.
    ``moves`` gives, by story (from 1), the paragraph a picture or pull quote follows
    instead of the one asked for (:mod:`bulletin_press.placement`)."""
    issue = convert_issue(issue, edition)
    _environment(layout, "print", edition)
    css = layout.read("print.css")
    resources = {"print.css": css, CLREQ_CSS: print_stylesheet(), **_imports(css, layout),
                 **fonts.font_resources(css.decode("utf-8"), edition),
                 **_media(issue, layout if profile == "screen" else None)}
    stylesheets = ()
    if layout.path(f"print-{profile}.css").is_file():
        profile_css = layout.read(f"print-{profile}.css")
        resources.update(fonts.font_resources(profile_css.decode("utf-8"), edition))
        stylesheets = (f"print-{profile}.css",)
        resources[stylesheets[0]] = profile_css
    if issue.url:
        resources[QR_CODE] = qr_code(issue.url)
    moves = moves or {}

    def story_segments(number: int, story) -> list:  # noqa: ANN001 (a Story)
        return segments(story_parts(story, moves.get(number)))

    def page(contents: bool) -> Page:
        html = layout.template("print.html").render(
            **_context(issue, edition), qr_code=QR_CODE if issue.url else None,
            media=MEDIA_PREFIX, contents=contents, story_segments=story_segments)
        _check_printable(html, layout, "print.html")
        return Page("index.html", issue.title_text, html, "print")

    single = Document(issue, edition, (page(False),), MappingProxyType(resources),
                      modified=modified or issue_time(issue), stylesheets=stylesheets)
    if len(issue.stories) < 2:
        return single
    return dataclasses.replace(single, pages=(page(True),), single_page=single)


def typeset_ebook(issue: Issue, edition: str, layout: Layout,
                  modified: datetime.datetime | None = None,
                  print_pages: Mapping[str, int] | None = None) -> Document:
    """The e-book: a cover, a title page, one document per story, the fonts' licence.

    ``print_pages`` gives the print page of each id of the print document: a page break
    marks, in each story, the first paragraph that starts on a print page, and the page
    list leads to them, so that a reader can find "p. 2" of the issue."""
    issue = convert_issue(issue, edition)
    vertical = issue.vertical and edition.startswith("zh-Hant")
    cover = _typeset_cover(issue, edition, layout)
    _environment(layout, "vertical" if vertical else "ebook", edition)
    css = layout.read("ebook/ebook.css")
    resources = {"ebook.css": css, **fonts.font_resources(css.decode("utf-8"), edition),
                 **_media(issue)}
    if vertical:
        resources["vertical.css"] = layout.read("ebook/vertical.css")
    context = _context(issue, edition)
    cover_alt = " ".join(filter(None, (issue.publication_text, issue.number_text,
                                       issue.title_text)))
    pages = [
        Page("cover.xhtml", issue.title_text, layout.template("ebook/cover.xhtml").render(
            **context, cover_image=COVER_IMAGE, cover_alt=cover_alt), "cover"),
        Page("title.xhtml", issue.title_text,
             layout.template("ebook/title.xhtml").render(**context),
             "title"),
    ]
    breaks = _page_breaks(issue, print_pages or {})
    for number, story in enumerate(issue.stories, 1):
        html = layout.template("ebook/story.xhtml").render(
            **context, story=story, number=number, media=MEDIA_PREFIX,
            page_breaks=breaks.get(number, {}))
        pages.append(Page(f"story-{number:02d}.xhtml", story.headline_text, html, "story"))
    pages.append(Page("licence.xhtml", "Fonts: SIL Open Font License", layout.template(
        "ebook/licence.xhtml").render(**context, licence=fonts.licence_text()), "licence"))
    return Document(issue, edition, tuple(pages), MappingProxyType(resources), vertical, cover,
                    modified or issue_time(issue),
                    tuple((page, f"story-{story:02d}.xhtml#page-{page}")
                          for story, marks in sorted(breaks.items())
                          for _, page in sorted(marks.items())))


def _page_breaks(issue: Issue, print_pages: Mapping[str, int]) -> dict[int, dict]:
    """Where the e-book marks each print page: story → {(paragraph, "before"|"after"): page}.

    A page is marked before the first paragraph that starts on it; a page on which no
    paragraph starts (a paragraph runs on into it) after the paragraph that runs on."""
    starts = [(story, index, print_pages[paragraph_id(story, index)])
              for story, item in enumerate(issue.stories, 1)
              for index in range(1, len(item.body) + 1)
              if paragraph_id(story, index) in print_pages]
    breaks: dict[int, dict] = {}
    for page in range(1, print_pages.get("", 0) + 1):
        first = next(((story, index) for story, index, start in starts if start == page), None)
        before = [(story, index) for story, index, start in starts if start < page]
        if first is not None:
            breaks.setdefault(first[0], {})[(first[1], "before")] = page
        elif before:
            breaks.setdefault(before[-1][0], {})[(before[-1][1], "after")] = page
    return breaks


def _typeset_cover(issue: Issue, edition: str, layout: Layout) -> Document:
    """The cover's page, set like print (shipped fonts, clreq markup), to be rasterised."""
    _environment(layout, "print", edition)
    css = layout.read("ebook/cover.css")
    resources = {"cover.css": css, **fonts.font_resources(css.decode("utf-8"), edition)}
    html = layout.template("ebook/cover.html").render(**_context(issue, edition))
    _check_printable(html, layout, "ebook/cover.html")
    return Document(issue, edition, (Page("cover.html", issue.title_text, html, "print"),),
                    MappingProxyType(resources))


class Placer:
    """Sets an issue's print page again with a picture or pull quote moved down its story,
    where set as asked it left a column short (:func:`bulletin_press.backends.pdf.
    render_pdf`'s ``replace``); ``notes`` says what was moved, and why."""

    def __init__(self, issue: Issue, edition: str, layout: Layout, profile: str = "screen",
                 modified: datetime.datetime | None = None):
        self.issue, self.edition, self.layout = issue, edition, layout
        self.profile, self.modified = profile, modified
        self.moves: dict[int, dict[str, int]] = {}
        self.notes: dict[tuple[int, str], str] = {}  # by story and part: the last move's
        self._tried: dict[tuple[int, str], list[int]] = {}
        self._best: tuple | None = None  # (empty room, moves, notes) of the best page set
        # by moves, the document set: a page set again is the same object, so that its
        # layout, where kept (backends.pdf), is not made again
        self._documents: dict[str, Document] = {}
        grid = Grid.of(layout)
        self.pitch = grid.pitch if grid else 0.0
        self.least = 2 * self.pitch  # a column may end two lines short of its neighbour

    def document(self) -> Document:
        key = repr(sorted((story, sorted(parts.items())) for story, parts in self.moves.items()))
        if key not in self._documents:
            self._documents[key] = typeset_print(self.issue, self.edition, self.layout,
                                                 self.profile, self.modified, self.moves)
        return self._documents[key]

    def replace(self, short: list) -> Document | None:  # list[weasyprint70.ShortColumn]
        """Given the short columns of the page last set, the page set again with the block
        the first of them names moved to the next place its story offers: after a later
        paragraph, else after an earlier one or above the story.  When none is left to try,
        the page as set with the fewest empty lines seen (as asked, unless a move left fewer),
        or None if that is the page last set."""
        room = sum(column.room for column in short)
        if self._best is None or room < self._best[0] - 0.5:
            self._best = (room, copy.deepcopy(self.moves), dict(self.notes))
        if self._move(short):
            return self.document()
        if self.moves != self._best[1]:
            self.moves, self.notes = copy.deepcopy(self._best[1]), dict(self._best[2])
            return self.document()
        return None

    def _move(self, short: list) -> bool:
        for column in short:
            found = re.fullmatch(r"s(\d+)(f\d+|q)", column.next or "")
            if not found or not self.pitch:
                continue
            number, part_id = int(found.group(1)), found.group(2)
            story = self.issue.stories[number - 1]
            part = next(part for part in story_parts(story, self.moves.get(number))
                        if part.id == part_id)
            asked = part.value.follows(len(story.body)) if part.kind == "figure" \
                else story.quote_follows
            tried = self._tried.setdefault((number, part_id), [asked])
            # below first, then above; a pull quote stands among the text, never above it
            places = [place for place in [*range(asked + 1, len(story.body) + 1),
                                          *range(asked - 1, -1 if part.kind == "figure" else 0, -1)]
                      if place not in tried]
            if not places:
                continue
            tried.append(places[0])
            self.moves.setdefault(number, {})[part_id] = places[0]
            what = f"picture {part.index}" if part.kind == "figure" else "the pull quote"
            where = lambda place: f"after paragraph {place}" if place else "above the story"
            self.notes[(number, part_id)] = (
                f"{story.stem}: {what} moved {where(places[0])}: {where(asked)}, it left "
                f"column {column.column} of page {column.page} short by "
                f"{column.room / self.pitch:.0f} lines")
            return True  # one at a time: a move changes every column after it
        return False
