"""What the preview shows: one issue folder, loaded and rendered again on every save.

A :class:`Session` keeps the latest diagnostics and, per edition, the last good
rendering: the PDF, each page's text, and the e-book's typeset files.  One
worker thread renders; the process stays up, so WeasyPrint, the fonts, the
templates and the converters are loaded once.  The edition on screen is
rendered first, the others asked for once the editor pauses, and a newer save
stops a round between editions.  Nothing raised while rendering stops the worker: it becomes a
message on the page.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_press import build, fonts
from bulletin_press.diagnostics import Diagnostic, Report
from bulletin_press.layouts import Layout
from bulletin_press.manuscript.load import STORIES_DIR, Reread

OTHERS_AFTER = 1.0  # seconds without a save before the editions not on screen are rendered
PAGE_SCALE = 1.5  # pixels per PDF point: a readable zoom on a laptop screen

# pypdfium2 is not thread-safe; every use of it holds this lock.
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class Shown:
    """A diagnostic as the page shows it: where, what, and the line it points into."""

    where: str
    severity: str
    message: str
    source: str | None


@dataclass
class Rendering:
    """One edition, rendered from one version of the manuscript."""

    edition: str
    version: int
    pdf: bytes
    page_texts: list[str]
    page_sizes: list[tuple[int, int]]  # in pixels, at PAGE_SCALE
    ebook: dict[str, bytes]  # the typeset e-book: file name → content
    ebook_pages: list[tuple[str, str]]  # (file name, title), in reading order
    _images: dict[int, bytes] = field(default_factory=dict)

    def image(self, number: int) -> bytes:
        """Page ``number`` (from 1) as a PNG, rendered when first asked for."""
        if number not in self._images:
            with _PDFIUM:
                import pypdfium2

                pdf = pypdfium2.PdfDocument(self.pdf)
                try:
                    bitmap = pdf[number - 1].render(scale=PAGE_SCALE).to_pil()
                finally:
                    pdf.close()
            out = io.BytesIO()
            bitmap.save(out, "PNG")
            self._images[number] = out.getvalue()
        return self._images[number]


@dataclass
class State:
    """What the page shows now, for one edition."""

    version: int  # of the manuscript: grows with every save
    shown: int  # Session.shown when this state was taken
    editions: tuple[str, ...]
    diagnostics: list[Shown]
    errors: int
    failure: str | None  # a render error or a defect, as a message
    current: Rendering | None  # rendered from this version
    last_good: Rendering | None  # the newest rendering, from this version or before
    busy: bool  # this edition of this version is still to be rendered


def _pdf_pages(pdf: bytes) -> tuple[list[str], list[tuple[int, int]]]:
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            texts, sizes = [], []
            for page in document:
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range().replace("\r\n", "\n"))
                textpage.close()
                width, height = page.get_size()
                sizes.append((round(width * PAGE_SCALE), round(height * PAGE_SCALE)))
                page.close()
        finally:
            document.close()
    return texts, sizes


def render_edition(issue, edition: str, version: int) -> Rendering:  # noqa: ANN001
    """The PDF of one edition, its pages' text, and the typeset e-book."""
    from bulletin_press.backends.html import render_html
    from bulletin_press.typeset import typeset_ebook

    (target,) = build.plan([issue], ("pdf",), (edition,), Path("."))
    with build.private_temporary_folder():
        pdf = build.render(target)
    ebook_document = typeset_ebook(issue, edition, Layout.named(issue.layout))
    ebook = render_html(ebook_document)
    pages = [(page.name, page.title) for page in ebook_document.pages if page.kind != "cover"]
    texts, sizes = _pdf_pages(pdf)
    return Rendering(edition, version, pdf, texts, sizes, ebook, pages)


class Session:
    def __init__(self, folder: Path, edition: str | None = None):
        self.folder = folder
        self.focus = edition  # the edition on screen, rendered first
        self.version = 0
        self.shown = 0  # counts the changes of what is shown
        self.changed = threading.Condition()  # notified whenever what is shown changes
        self._dirty = threading.Event()  # the files changed since they were loaded
        self._reread = Reread()  # the stories as last read, kept while only stories change
        self._forget = threading.Event()  # something other than a story changed
        self._wake = threading.Event()  # the worker has something to do
        self._wanted: set[str] = set()  # the editions someone asked for
        self._failed: dict[str, int] = {}  # edition → the version it could not be rendered from
        self._stop = threading.Event()
        self._issue = None
        self._editions: tuple[str, ...] = ()
        self._diagnostics: list[Shown] = []
        self._errors = 0
        self._failure: str | None = None
        self._renderings: dict[str, Rendering] = {}
        self._worker = threading.Thread(target=self._work, name="preview-render", daemon=True)

    # the worker

    def start(self) -> None:
        self._dirty.set()
        self._wake.set()
        self._worker.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._worker.join(timeout=30)

    def reload(self, paths: set[Path] = frozenset()) -> None:
        """The manuscript, the layout or the fonts changed: render again."""
        stories = self.folder.resolve() / STORIES_DIR
        if not paths or any(path.parent != stories for path in paths):
            self._forget.set()  # what stories are checked against may have changed
        if any(fonts.FONTS_DIR in path.parents for path in paths):
            for function in vars(fonts).values():
                if hasattr(function, "cache_clear"):
                    function.cache_clear()
        self._dirty.set()
        self._wake.set()

    def _work(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                if self._dirty.is_set():
                    self._dirty.clear()
                    self._load()
                self._render_wanted()
            except Exception as error:  # a defect must not stop the preview
                self._publish(failure=f"internal error: {error!r}")

    def _load(self) -> None:
        if self._forget.is_set():
            self._forget.clear()
            self._reread.forget()
        report = Report()
        issues = build.load([self.folder], report, reread=self._reread)
        shown = [_shown(diagnostic, report) for diagnostic in report]
        with self.changed:
            self.version += 1
            self._issue = issues[0] if issues and report.ok else None
            if self._issue is not None:
                self._editions = self._issue.editions
            self._diagnostics, self._errors, self._failure = shown, len(report.errors), None
            self.shown += 1
            self.changed.notify_all()

    def _render_wanted(self) -> None:
        """The editions someone looked at, the one on screen first; the others wait for a
        pause in the editor's saves, so that the next save is not kept waiting."""
        while not self._dirty.is_set():
            with self.changed:
                issue, version = self._issue, self.version
                editions = issue.editions if issue else ()
                focus = self.focus if self.focus in editions else editions[:1] and editions[0]
                missing = [edition for edition in editions
                           if (edition == focus or edition in self._wanted)
                           and getattr(self._renderings.get(edition), "version", 0) != version
                           and self._failed.get(edition) != version]
                missing.sort(key=lambda edition: edition != focus)
            if not missing:
                return
            edition = missing[0]
            if edition != focus and self._dirty.wait(OTHERS_AFTER):
                return
            try:
                rendering = render_edition(issue, edition, version)
            except Exception as error:  # the layout's or WeasyPrint's: shown, not raised
                rendering = None
                self._publish(failure=f"{edition}: {error}")
            with self.changed:
                if rendering is not None:
                    self._renderings[edition] = rendering
                else:
                    self._failed[edition] = version  # not again until the next save
                self.shown += 1
                self.changed.notify_all()

    def _publish(self, failure: str) -> None:
        with self.changed:
            self._failure = failure
            self.shown += 1
            self.changed.notify_all()

    # what the server asks

    def state(self, edition: str | None) -> State:
        with self.changed:
            editions = self._editions
            if edition not in editions:
                edition = self.focus if self.focus in editions else (editions or (None,))[0]
            last = self._renderings.get(edition)
            current = last if last is not None and last.version == self.version else None
            return State(self.version, self.shown, editions, list(self._diagnostics), self._errors,
                         self._failure, current, last,
                         busy=self._issue is not None and current is None)

    def rendering(self, edition: str, version: str) -> Rendering | None:
        """The rendering of ``edition`` from ``version``, while it is the newest."""
        with self.changed:
            rendering = self._renderings.get(edition)
        if rendering is None or str(rendering.version) != version:
            return None
        return rendering

    def look_at(self, edition: str) -> None:
        """The editor switched to ``edition``: render it next."""
        with self.changed:
            self.focus = edition
            self._wanted.add(edition)
        self._wake.set()

    def want(self, edition: str) -> None:
        """Someone asked for ``edition``: render it, after the one on screen."""
        with self.changed:
            self._wanted.add(edition)
        self._wake.set()

    def wait(self, seen: int, timeout: float) -> int:
        """Until what is shown changes after ``seen`` (a :attr:`shown` value), or ``timeout``
        passes; the new value."""
        with self.changed:
            self.changed.wait_for(lambda: self.shown != seen, timeout)
            return self.shown


def _shown(diagnostic: Diagnostic, report: Report) -> Shown:
    return Shown(str(diagnostic.location), diagnostic.severity,
                 f"{diagnostic.message}" + (f" [{diagnostic.code}]" if diagnostic.code else ""),
                 report.source_line(diagnostic.location))
