"""The site of the archive: every issue's web edition, its PDFs and EPUBs, an index of
the issues, an OPDS catalogue, an Atom feed, checksums and a manifest — one folder.

Everything is loaded and checked first, then every file made in memory (downloads and
web editions that are up to date are taken from the site built before, by the build
record of :mod:`bulletin_press.cache`), then the folder written by
:func:`bulletin_press.build.publish` as one output: staged beside it and renamed into
place, so that a host serving the folder (or a sync to one) sees the old site or the new
one, never one whose index, feeds and checksums disagree with its files.  The folder is
the build's own: anything else in it is replaced with it.

Paths, all relative, so that the site works from ``file://`` and any static host::

    index.html  web.css  fonts/            the index of issues, newest first
    opds.xml  feed.xml  SHA256SUMS  site-manifest.json  LICENSE-fonts.txt
    <issue>/index.html                     the first edition's web edition (zh-Hans)
    <issue>/<issue>.<edition>.pdf|epub     the downloads, named as build names them
    <issue>/<edition>/index.html           each edition's web edition, with its
                      web.css fonts/ media/ cover.jpg cover-small.jpg
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import posixpath
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from bulletin_press.build import (Target, _render_reporting, _reporting, load_folders,
                                  modification_time, publish, private_temporary_folder)
from bulletin_press.cache import CACHE_FILE, Content, Keys, Record
from bulletin_press.diagnostics import Location, Report
from bulletin_press.document import COVER_IMAGE, THUMBNAIL, identifier
from bulletin_press.formats import DOWNLOADS, kind
from bulletin_press.manuscript.files import Limits
from bulletin_press.manuscript.folders import SITE_FILE, find_issues
from bulletin_press.signals import checkpoint

if TYPE_CHECKING:
    from bulletin_press.manuscript.model import Issue
    from bulletin_press.manuscript.site import Site

MANIFEST = "site-manifest.json"
CHECKSUMS = "SHA256SUMS"
FONT_LICENCE = "LICENSE-fonts.txt"
INDEX = "index.html"
PRIMARY_EDITION = "zh-Hans"  # also at <issue>/, where the issue has it


@dataclass
class SiteOutcome:
    files: dict[str, bytes] = field(default_factory=dict)  # path in the site → content
    issues: int = 0
    written: Path | None = None


def primary_edition(issue: Issue) -> str:
    return PRIMARY_EDITION if PRIMARY_EDITION in issue.editions else issue.editions[0]


def build_site(paths: list[Path], out: Path, report: Report,
               limits: Limits = Limits()) -> SiteOutcome:
    """Build the site of the issues under ``paths`` into ``out``, whole or not at all;
    nothing is written when ``report`` has errors."""
    from bulletin_press.manuscript.site import read_site

    folders = find_issues(paths, report)
    modified = modification_time(report)
    _check_out(out, report)
    if not report.ok:
        return SiteOutcome()
    issues = load_folders(folders, report, limits)
    site = read_site(folders[0].parent, Report(), limits)  # its problems are reported above
    if not report.ok:
        return SiteOutcome()
    if site.base_url is None:
        report.warning(Location(folders[0].parent / SITE_FILE),
                       "no site.yaml with the site's base_url here: the pages have no canonical "
                       "address or link-preview image, and issues without url no QR code")
    issues.sort(key=lambda issue: (issue.date, issue.id), reverse=True)
    kept = Kept(out, Record.read(out),
                Keys(os.environ.get("SOURCE_DATE_EPOCH", "").strip(), limits.file_bytes))
    try:
        with private_temporary_folder():
            files = _make(issues, site, modified, report, kept)
    except OSError as error:
        report.error(Location(out), f"cannot make the site: {error.strerror or error}")
        return SiteOutcome()
    if not report.ok:
        return SiteOutcome()
    files[CACHE_FILE] = kept.record.dumps()
    try:
        publish(out.parent, [(out.name, files)])
    except OSError as error:
        report.error(Location(out), f"cannot write the site: {error.strerror or error}")
        return SiteOutcome()
    return SiteOutcome(files, len(issues), out)


def _check_out(out: Path, report: Report) -> None:
    """The site's folder is replaced whole: it must be one a site build made, or new."""
    if out.exists() and not out.is_dir():
        report.error(Location(out), "the site's folder (--out) is a file, not a folder")
    elif out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        report.error(Location(out), f"this folder has files and no {MANIFEST}: a site is "
                                    "written to a folder of its own, which it replaces whole; "
                                    "give --out a new folder")
    elif out.resolve() == Path.cwd().resolve() or out.name in ("", ".", ".."):
        report.error(Location(out), "give --out a folder of its own (e.g. site)")


@dataclass
class Kept:
    """The site built before into the same folder, and the build record of its downloads
    and web editions (:mod:`bulletin_press.cache`): what is up to date is taken from it."""

    out: Path
    record: Record
    keys: Keys

    def reuse(self, issue: Issue, edition: str, fmt: str, path: str,
              make: Callable[[], Content | None]) -> Content | None:
        """The output at ``path`` in the site: as it is there when it was made from the
        same inputs and is still as made, else ``make()``; noted in the new record."""
        key = self.keys.target(issue.folder, issue.layout, edition, fmt)
        place = self.out / path
        if self.record.in_place(issue.id, place, key):
            content: Content | None = place.read_bytes() if place.is_file() else {
                file.relative_to(place).as_posix(): file.read_bytes()
                for file in sorted(place.rglob("*")) if file.is_file()}
        else:
            content = make()
        if content is not None:
            self.record.note(issue.id, issue.layout, issue.editions, place.name, key, content)
        return content


def _make(issues: list[Issue], site: Site, modified: datetime.datetime | None,
          report: Report, kept: Kept) -> dict[str, bytes]:
    from bulletin_press import fonts
    from bulletin_press.layouts import Layout
    from bulletin_press.render import Job
    from bulletin_press.text.convert import convert_issue
    from bulletin_press.typeset.web import Listing, typeset_index

    files: dict[str, bytes] = {}
    downloads: dict[tuple[str, str], list] = {}  # (issue, edition) → [(format, path)]
    print_pages: dict = {}
    for issue in issues:
        for edition in issue.editions:
            for fmt in sorted(DOWNLOADS, key=lambda name: name != "pdf"):  # the PDF lays out
                path = f"{issue.id}/{kind(fmt).file_name(issue.id, edition)}"
                target = Target(issue, edition, fmt, Path(path))
                content = kept.reuse(issue, edition, fmt, path, lambda: _render_reporting(
                    target, modified, report, print_pages))
                if content is not None:
                    files[path] = content
                    downloads.setdefault((issue.id, edition), []).append((fmt, path))
                checkpoint()
    if not report.ok:
        return {}
    listings = []
    for issue in issues:
        first = primary_edition(issue)
        for edition in issue.editions:
            folder = f"{issue.id}/{edition}/"
            job = Job(Target(issue, edition, "web", Path(folder)), modified,
                      links=_links(issue, edition, folder, folder, site, files, downloads))
            # the page names its downloads' sizes: kept only when they are kept too
            content = kept.reuse(issue, edition, "web", folder.rstrip("/"), lambda: _reporting(
                lambda: kind("web").render(job), "web", issue, report))
            checkpoint()
            if content is None:
                continue
            files.update({folder + name: data for name, data in content.items()})
            if edition == first:  # the same page at <issue>/, its files left where they are
                copy = replace(job, links=_links(issue, edition, folder, f"{issue.id}/", site,
                                                 files, downloads))
                page = _reporting(lambda: _page_only(copy), "web", issue, report)
                if page is not None:
                    files[f"{issue.id}/{INDEX}"] = page
        listings.append(Listing(
            convert_issue(issue, first), first, f"{issue.id}/{first}/{INDEX}",
            f"{issue.id}/{first}/{THUMBNAIL}",
            tuple((_edition_link(issue, edition, "", site),
                   tuple(_download(issue, edition, fmt, path, "", files)
                         for fmt, path in downloads.get((issue.id, edition), [])))
                  for edition in issue.editions)))
    if not report.ok:
        return {}
    title = site.title or (issues[0].publication_text if issues else "")
    language = primary_edition(issues[0]) if issues else PRIMARY_EDITION
    layout = Layout.named(issues[0].layout) if issues else Layout.named("newsletter")
    index = _reporting(lambda: _render_index(typeset_index(listings, layout, title, language)),
                       "web", issues[0], report)
    if index is None:
        return {}
    files.update(index)
    files[FONT_LICENCE] = fonts.licence_text().encode("utf-8")
    files.update(_feeds(issues, site, title, files, downloads))
    files.update(_checksums(issues, files, downloads))
    return dict(sorted(files.items()))


def _page_only(job) -> bytes:  # noqa: ANN001
    from bulletin_press.typeset.web import typeset_web

    document = typeset_web(job.target.issue, job.target.edition, job.layout, job.links)
    return document.pages[0].html.encode("utf-8")


def _render_index(document) -> dict[str, bytes]:  # noqa: ANN001
    from bulletin_press.backends.web import render_web

    return render_web(document)


def _relative(path: str, page_folder: str) -> str:
    return posixpath.relpath(path, page_folder.rstrip("/") or ".")


def _edition_link(issue: Issue, edition: str, page_folder: str, site: Site):  # noqa: ANN202
    from bulletin_press.typeset.web import EditionLink

    return EditionLink(edition, _relative(f"{issue.id}/{edition}/{INDEX}", page_folder),
                       site.web_edition(issue.id, edition))


def _download(issue: Issue, edition: str, fmt: str, path: str, page_folder: str,
              files: dict[str, bytes]):  # noqa: ANN202
    from bulletin_press.typeset.web import Download

    return Download(edition, fmt, _relative(path, page_folder), kind(fmt).media_type,
                    len(files[path]))


def _links(issue: Issue, edition: str, edition_folder: str, page_folder: str, site: Site,
           files: dict[str, bytes], downloads: dict):  # noqa: ANN202
    from bulletin_press.typeset.web import Links

    at_issue = page_folder != edition_folder
    return Links(
        folder=_relative(edition_folder, page_folder) + "/" if at_issue else "",
        home=_relative(INDEX, page_folder), feed=_relative("feed.xml", page_folder),
        licence=_relative(FONT_LICENCE, page_folder),
        site_title=site.title or issue.publication_text,
        editions=tuple(_edition_link(issue, other, page_folder, site)
                       for other in issue.editions),
        downloads=tuple(_download(issue, other, fmt, path, page_folder, files)
                        for other in issue.editions
                        for fmt, path in downloads.get((issue.id, other), [])),
        url=site.web_edition(issue.id) if at_issue else site.web_edition(issue.id, edition),
        image=(site.web_edition(issue.id, edition) + COVER_IMAGE) if site.base_url else None)


def _feeds(issues: list[Issue], site: Site, title: str, files: dict[str, bytes],
           downloads: dict) -> dict[str, bytes]:
    from bulletin_press.feeds import Entry, FileLink, atom_feed, opds_catalogue
    from bulletin_press.text.convert import convert_issue
    from bulletin_press.typeset.web import description

    def entry(issue: Issue, edition: str, with_files: bool) -> Entry:
        converted = convert_issue(issue, edition)
        return Entry(
            identifier(issue, edition), converted.title_text,
            converted.publisher_text or converted.publication_text, edition, issue.date,
            description(converted), f"{issue.id}/{edition}/{INDEX}",
            tuple(FileLink(path, kind(fmt).media_type, len(files[path]))
                  for fmt, path in sorted(downloads.get((issue.id, edition), []),
                                          key=lambda item: item[0] != "epub"))
            if with_files else (),
            f"{issue.id}/{edition}/{COVER_IMAGE}", f"{issue.id}/{edition}/{THUMBNAIL}",
            converted.publisher_text or None)

    author = title  # the site's; each entry names its issue's publisher
    feed_id = "urn:uuid:" + _uuid(f"site:{site.base_url or title}")
    return {
        "opds.xml": opds_catalogue(feed_id, title, author,
                                   [entry(issue, edition, True) for issue in issues
                                    for edition in issue.editions]),
        "feed.xml": atom_feed(feed_id + "-feed", title, author,
                              [entry(issue, primary_edition(issue), False)
                               for issue in issues]),
    }


def _uuid(name: str) -> str:
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"bulletin-press:{name}"))


def _checksums(issues: list[Issue], files: dict[str, bytes],
               downloads: dict) -> dict[str, bytes]:
    """``SHA256SUMS`` of every download (``sha256sum -c`` in the site's folder checks them)
    and ``site-manifest.json``, which lists the web editions too."""
    records = []
    for issue in issues:
        for edition in issue.editions:
            for fmt, path in downloads.get((issue.id, edition), []):
                records.append((issue.id, edition, fmt, path))
            page = f"{issue.id}/{edition}/{INDEX}"
            if page in files:
                records.append((issue.id, edition, "web", page))
    manifest = [{"issue": issue_id, "edition": edition, "format": fmt, "path": path,
                 "bytes": len(files[path]), "sha256": hashlib.sha256(files[path]).hexdigest()}
                for issue_id, edition, fmt, path in records]
    sums = "".join(f"{item['sha256']}  {item['path']}\n"
                   for item in sorted(manifest, key=lambda item: item["path"])
                   if item["format"] in DOWNLOADS)
    return {CHECKSUMS: sums.encode("ascii"),
            MANIFEST: (json.dumps({"files": manifest}, ensure_ascii=False, indent=2)
                       + "\n").encode("utf-8")}
