"""Copy-fitting: how full an issue's last printed page is, and how much text would fill it
or must go to save a page.

Pure arithmetic on what the PDF backend measured (:func:`~bulletin_press.backends.pdf.
measure_fit`): the characters a page holds are estimated from the issue's own body text —
its characters over the pages (of area) its paragraphs take, short last lines included —
since cutting or adding body text is what moves the rest; pictures, headlines and the
colophon keep their room.  The figures are estimates: "about".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measured:
    """What the layout of one edition came to."""

    pages: int
    last_fill: float  # how far down the last page's content area the content reaches, 0–1
    characters: int  # characters of body text set (not spaces)
    body_pages: float  # the area the body paragraphs take, in pages
    moved: tuple[str, ...] = ()  # the pictures and pull quotes the layout moved, and why


@dataclass(frozen=True)
class Fit:
    pages: int
    last_fill: float
    per_page: float  # characters a page holds, estimated
    cut: int | None  # characters to cut to save a page (None for a single page)
    add: int  # characters that would fill the last page


def fit(measured: Measured) -> Fit:
    per_page = measured.characters / measured.body_pages if measured.body_pages else 0.0
    cut = round(per_page * measured.last_fill) if measured.pages > 1 else None
    return Fit(measured.pages, measured.last_fill, per_page, cut,
               round(per_page * (1 - measured.last_fill)))


def about(count: int) -> str:
    """A count as an estimate is said: two significant figures, thousands set apart by a
    space (1 400)."""
    if count >= 100:
        digits = len(str(count)) - 2
        count = round(count, -digits)
    return f"{count:,}".replace(",", " ")


def describe(name: str, measured: Measured) -> str:
    """``2022-04-x: 2 pages, last page 18 % full: cut about 180 characters to fit one page,
    or add about 1 400``"""
    found = fit(measured)
    percent = round(found.last_fill * 100)
    if found.cut is None:
        return (f"{name}: 1 page, {percent} % full: add about {about(found.add)} characters "
                "to fill it")
    fewer = found.pages - 1
    pages = "one page" if fewer == 1 else f"{fewer} pages"
    return (f"{name}: {found.pages} pages, last page {percent} % full: cut about "
            f"{about(found.cut)} characters to fit {pages}, or add about {about(found.add)}")
