"""``site.yaml`` beside the issue folders: where the site of the archive is published.

Its ``base_url`` completes each issue's ``url``: an issue without one is printed with the
address of its web edition (``<base_url><issue-id>/``), and a relative ``url`` is taken
under ``base_url``, so that printed copies always point at the web edition.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from bulletin_press.diagnostics import Report
from bulletin_press.manuscript import schema
from bulletin_press.manuscript.files import Limits
from bulletin_press.manuscript.folders import SITE_FILE

@dataclass(frozen=True)
class Site:
    base_url: str | None = None  # ends with "/"
    title: str | None = None  # the site's name; by default the newest issue's publication
    path: Path | None = None  # site.yaml, where there is one

    def web_edition(self, issue_id: str, edition: str | None = None) -> str | None:
        """The address of an issue's web edition (its first edition's, without ``edition``)."""
        if self.base_url is None:
            return None
        return urljoin(self.base_url, f"{issue_id}/" + (f"{edition}/" if edition else ""))

    def issue_url(self, issue_id: str, url: str | None) -> str | None:
        """What an issue's QR code gives: its ``url`` completed under ``base_url``."""
        if self.base_url is None:
            return url
        return urljoin(self.base_url, url) if url else self.web_edition(issue_id)


def _base_url(node, context: schema.Context, name: str) -> str:  # noqa: ANN001
    value = schema.absolute_url(node, context, name)
    return value if value.endswith("/") else value + "/"


SITE_FIELDS = [
    schema.Field("base_url", _base_url, {"type": "string", "format": "uri"},
                 "the address the site is published at, e.g. https://bulletin.example.org/",
                 required=True),
    schema.Field("title", schema.scalar, {"type": "string"},
                 "the site's name on its index and feeds (default: the newest issue's "
                 "publication)"),
]


def read_site(folder: Path, report: Report, limits: Limits = Limits()) -> Site:
    """``folder/site.yaml``; an empty :class:`Site` when there is none.  Problems go to
    ``report`` at their line and column."""
    from bulletin_press.manuscript.load import read_document

    path = folder / SITE_FILE
    if not path.exists() and not path.is_symlink():
        return Site()
    root = read_document(path, folder, report, limits,
                         "the file is empty; give the site's base_url, or remove the file")
    if root is None:
        return Site(path=path)
    context = schema.Context(path, folder, report, frozenset(), limits)
    fields = schema.read_mapping(root, SITE_FIELDS, "the site", context) or {}
    return Site(fields.get("base_url"), fields.get("title"), path)
