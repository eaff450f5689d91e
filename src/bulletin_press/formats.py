"""The output kinds a build can make — one table, so that a new output is an entry here and
a renderer — the print profiles of the PDF, and the names of the outputs.

Each kind names its renderer as ``module:function`` (a :data:`Renderer`), imported only
when an output of that kind is made: WeasyPrint alone takes a third of a second to
import, which an HTML or e-book build whose print pages are known need not pay.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from bulletin_press.cache import Content
    from bulletin_press.render import Job

# What a PDF is for: screens (tagged PDF/UA-1), the archive (PDF/A-2u), the print shop
# (PDF/X-4 with bleed and crop marks).  Only the PDF differs between profiles.
PROFILES = ("screen", "archive", "press")
DEFAULT_PROFILE = "screen"

Renderer = Callable[["Job"], "Content"]


@dataclass(frozen=True)
class OutputKind:
    name: str  # as --format and the cache name it
    description: str
    extension: str | None  # of the file, or None for a folder of files
    renderer: str  # "module:function", a Renderer
    media_type: str | None = None  # of the file, for links to it (a site's downloads)
    needs_weasyprint: bool = False  # lays out pages (a folder of HTML and CSS does not)
    profiled: bool = False  # the print profile changes it
    command: str = "build"  # the command that makes it: build --format, or site

    def file_name(self, issue_id: str, edition: str, profile: str = DEFAULT_PROFILE) -> str:
        stem = f"{issue_id}.{edition}"
        if self.profiled and profile != DEFAULT_PROFILE:
            stem += f".{profile}"
        return f"{stem}.{self.extension}" if self.extension else stem

    def render(self, job: "Job") -> "Content":
        module, _, function = self.renderer.partition(":")
        return getattr(importlib.import_module(module), function)(job)


KINDS = {kind.name: kind for kind in (
    OutputKind("pdf", "the print PDF (WeasyPrint), of a print profile", "pdf",
               "bulletin_press.render:render_pdf", "application/pdf", needs_weasyprint=True,
               profiled=True),
    OutputKind("epub", "the EPUB 3 (ebooklib); its page list and cover are laid out", "epub",
               "bulletin_press.render:render_epub", "application/epub+zip",
               needs_weasyprint=True),
    OutputKind("html", "the typeset print page with its CSS, fonts and images", None,
               "bulletin_press.render:render_html"),
    # its cover image is the layout's cover page, laid out and rasterised
    OutputKind("web", "the web edition: the e-book's text on one responsive page", None,
               "bulletin_press.render:render_web", "text/html", needs_weasyprint=True,
               command="site"),
)}

FORMATS = tuple(name for name, kind in KINDS.items() if kind.command == "build")
DEFAULT_FORMATS = ("pdf", "epub")
DOWNLOADS = ("pdf", "epub")  # the files a site offers beside each web edition


def kind(name: str) -> OutputKind:
    return KINDS[name]


def output_name(issue_id: str, edition: str, fmt: str, profile: str = DEFAULT_PROFILE) -> str:
    """``<issue>.<edition>.pdf|epub``, ``<issue>.<edition>.archive.pdf`` or ``….press.pdf``
    for the other profiles' PDFs, or the folder ``<issue>.<edition>`` for html."""
    return KINDS[fmt].file_name(issue_id, edition, profile)


def profile_of(fmt: str, profile: str) -> str:
    """The profile that makes a difference to an output of ``fmt``: only a PDF has one."""
    return profile if KINDS[fmt].profiled else DEFAULT_PROFILE
