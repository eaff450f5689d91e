"""The web edition: one page per issue and edition, the e-book's text and stylesheet (its
clreq rules, emphasis and ruby) through the layout's ``web/`` templates, which extend the
e-book's; and the site's index of issues.

The site (:mod:`bulletin_press.site`) tells each page where it stands: the other editions,
the downloads with their sizes, the page's own address.  Fonts are named here by their
WOFF2 URLs; the web backend cuts each to the page's text and compresses it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from types import MappingProxyType

import tinycss2

from bulletin_press import fonts
from bulletin_press.document import COVER_IMAGE, MEDIA_PREFIX, Document, Page, issue_time
from bulletin_press.layouts import Layout
from bulletin_press.manuscript.model import Issue, plain_text
from bulletin_press.text.convert import convert_issue
from bulletin_press.typeset import (_check_printable, _context, _environment, _media,
                                    _phrased, _typeset_cover, chinese_date, render_inlines)

STYLESHEET = "web.css"
# each edition's name, in its own script, for the links between editions
EDITION_NAMES = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "zh-Hant-HK": "繁體中文（香港）"}
# Open Graph's locales (language_TERRITORY)
OG_LOCALES = {"zh-Hans": "zh_CN", "zh-Hant": "zh_TW", "zh-Hant-HK": "zh_HK"}
DESCRIPTION_CHARS = 120


@dataclass(frozen=True)
class Download:
    edition: str
    format: str  # pdf, epub
    href: str  # relative to the page
    media_type: str
    size: int  # bytes


@dataclass(frozen=True)
class EditionLink:
    edition: str
    href: str  # relative to the page
    url: str | None  # its address, when the site's base_url is known

    @property
    def name(self) -> str:
        return EDITION_NAMES.get(self.edition, self.edition)


@dataclass(frozen=True)
class Links:
    """Where a web edition's page stands in its site; every href relative to the page."""

    folder: str  # the edition's own folder ("" for its page there; "zh-Hans/" for a copy above)
    home: str  # the site's index
    feed: str  # the Atom feed
    licence: str  # the fonts' licence
    site_title: str
    editions: tuple[EditionLink, ...]  # every edition of the issue, this one included
    downloads: tuple[Download, ...]  # every edition's files
    url: str | None = None  # the page's canonical address
    image: str | None = None  # the cover's address, for link previews


@dataclass(frozen=True)
class Listing:
    """An issue on the site's index: in its first edition's script."""

    issue: Issue
    edition: str
    href: str  # its web edition
    thumbnail: str
    editions: tuple[tuple[EditionLink, tuple[Download, ...]], ...]


def stylesheet(layout: Layout) -> bytes:
    """The web pages' stylesheet: the e-book's rules (clreq, emphasis, ruby) without its
    ``@font-face`` rules, then the layout's ``web/web.css``, which names the WOFF2 faces and
    adds what a browser window needs (a measure, a page header and footer)."""
    ebook = tinycss2.parse_stylesheet(layout.read("ebook/ebook.css").decode("utf-8"))
    kept = [rule for rule in ebook
            if not (rule.type == "at-rule" and rule.lower_at_keyword == "font-face")]
    return (tinycss2.serialize(kept).strip() + "\n\n").encode("utf-8") + layout.read("web/web.css")


def description(issue: Issue) -> str:
    """The page's summary for link previews: the lead, else the headlines, shortened."""
    text = "".join(paragraph.text for paragraph in issue.lead) or "；".join(
        story.headline_text for story in issue.stories)
    return text if len(text) <= DESCRIPTION_CHARS else text[:DESCRIPTION_CHARS - 1] + "…"


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(size // 1000, 1)} KB"


def _web_environment(layout: Layout, edition: str):  # noqa: ANN202
    """The e-book's filters (the web is set horizontally), in an overlay of the layout's
    environment: HTML's ``lang`` and ``<wbr>``, file sizes, editions' names."""
    environment = _environment(layout, "ebook", edition).overlay()
    environment.filters = dict(environment.filters)  # an overlay shares its base's otherwise
    environment.filters["inlines"] = functools.partial(render_inlines, xml=False)
    environment.filters["phrased"] = _phrased(environment.filters["inlines"], edition, "<wbr>")
    environment.filters["size"] = _size
    environment.filters["edition_name"] = lambda code: EDITION_NAMES.get(code, code)
    return environment


def _no_epub_type(kind: str) -> str:
    return ""


def typeset_web(issue: Issue, edition: str, layout: Layout, links: Links) -> Document:
    """The web edition of one edition: ``index.html`` with its stylesheet, fonts, pictures,
    and the cover's page (set like print) for the backend to rasterise."""
    issue = convert_issue(issue, edition)
    cover = _typeset_cover(issue, edition, layout)
    environment = _web_environment(layout, edition)
    css = stylesheet(layout)
    resources = {STYLESHEET: css, **fonts.web_font_resources(css.decode("utf-8"), edition),
                 **_media(issue)}
    context = {**_context(issue, edition), "epub_type": _no_epub_type,
               "licence_href": links.licence}
    html = environment.get_template("web/issue.html").render(
        **context, links=links, media=links.folder + MEDIA_PREFIX, page_breaks={},
        description=description(issue),
        og_locale=OG_LOCALES.get(edition, edition.replace("-", "_")),
        cover_image=links.folder + COVER_IMAGE, stylesheet=links.folder + STYLESHEET)
    _check_printable(html, layout, "web/issue.html")
    return Document(issue, edition, (Page("index.html", issue.title_text, html, "web"),),
                    MappingProxyType(resources), cover=cover, modified=issue_time(issue))


def typeset_index(listings: list[Listing], layout: Layout, title: str,
                  language: str) -> Document:
    """The site's index: every issue, newest first (each in the script of the edition
    listed), with its cover, headlines and files."""
    environment = _web_environment(layout, language)
    css = stylesheet(layout)
    resources = {STYLESHEET: css, **fonts.web_font_resources(css.decode("utf-8"), language)}
    html = environment.get_template("web/index.html").render(
        lang=language, title=title, listings=listings, date_of=chinese_date,
        description=f"{title}：" + "、".join(plain_text(listing.issue.title)
                                            for listing in listings[:5]),
        stylesheet=STYLESHEET, feed="feed.xml", catalogue="opds.xml")
    _check_printable(html, layout, "web/index.html")
    return Document(listings[0].issue if listings else None, language,
                    (Page("index.html", title, html, "web"),), MappingProxyType(resources))
