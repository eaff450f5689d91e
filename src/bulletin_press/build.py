"""Building: what to make, from which issues, and publishing it — completely or not at all.

Every manuscript is loaded and checked first; a run with errors writes nothing.
Then every output is rendered in memory, written to a staging folder inside
the output folder, and only when all of them are there moved into place, with
signals held back for those few renames; a failure on the way (a full disk,
Ctrl-C, ``kill``) rolls them back, so the output folder holds either what it
held before or the whole new build, and no staging folder or temporary file
is left behind.  Concurrent builds stage in folders of their own.  An issue whose
outputs are all up to date (:mod:`bulletin_press.cache`) is not even loaded again.
"""

from __future__ import annotations

import dataclasses
import datetime
import errno
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Callable, Iterator, Union

from bulletin_press.cache import CACHE_FILE, Content, Keys, Record
from bulletin_press.diagnostics import InternalError, Location, Report
from bulletin_press.formats import DEFAULT_PROFILE, kind, output_name
from bulletin_press.manuscript.files import Limits
from bulletin_press.manuscript.folders import find_issues
from bulletin_press.signals import checkpoint, held_back, mark_published

if TYPE_CHECKING:
    from bulletin_press.manuscript.checks import IssueReview
    from bulletin_press.manuscript.load import Reread
    from bulletin_press.manuscript.model import Issue

# The loader (OpenCC), the layouts (Jinja2) and the backends (WeasyPrint) are imported
# when used: a build whose outputs are all up to date needs none of them.

STAGING_PREFIX = ".bulletin-press-staging-"
# The zip format dates its entries from 1980 to 2107.
EPOCH_RANGE = (datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc),
               datetime.datetime(2107, 12, 31, 23, 59, 59, tzinfo=datetime.timezone.utc))


def load(paths: list[Path], report: Report, limits: Limits = Limits(),
         review: list[IssueReview] | None = None, reread: Reread | None = None,
         layout: str | None = None) -> list[Issue]:
    """Every issue under ``paths``, checked; problems go to ``report``, and with ``review``
    the converter's choices in each edition to it; ``reread`` keeps unchanged stories
    between readings; ``layout``, when given, is every issue's layout."""
    return load_folders(find_issues(paths, report), report, limits, review, reread, layout)


def load_folders(folders: list[Path], report: Report, limits: Limits = Limits(),
                 review: list[IssueReview] | None = None,
                 reread: Reread | None = None, layout: str | None = None) -> list[Issue]:
    from bulletin_press.layouts import available_layouts
    from bulletin_press.manuscript.load import load_issue
    from bulletin_press.manuscript.site import Site, read_site

    layouts = available_layouts()
    if layout is not None and layout not in layouts:
        report.error(Location(Path(layout)), f"no layout '{layout}' (--layout; the layouts "
                                             f"are: {', '.join(sorted(layouts))})")
        return []
    issues = []
    sites: dict[Path, Site] = {}  # site.yaml beside the issue folders, read once
    for folder in folders:
        try:
            if folder.parent not in sites:
                sites[folder.parent] = read_site(folder.parent, report, limits)
            issue = load_issue(folder, report, layouts, limits, review, reread, layout,
                               sites[folder.parent])
        except OSError as error:  # not the manuscript's files: those are read as data
            _cannot_read(error, folder, report)
            continue
        except Exception as error:
            raise InternalError(folder.name) from error
        if issue is not None:
            issues.append(issue)
    return issues


@dataclass(frozen=True)
class Target:
    issue: Issue
    edition: str
    format: str
    path: Path  # a file, or a folder for html
    profile: str = DEFAULT_PROFILE  # what a PDF is for (formats.PROFILES)


def plan(issues: list[Issue], formats: tuple[str, ...], editions: tuple[str, ...] | None,
         out: Path, profile: str = DEFAULT_PROFILE, layout: str | None = None) -> list[Target]:
    """The targets; set in a ``layout`` given for the run (``--layout``), their names carry
    it (``….zh-Hans.booklet.pdf``), so that they never replace the issue's own outputs."""
    targets = []
    for issue in issues:
        for edition in issue.editions:
            if editions and edition not in editions:
                continue
            named = f"{edition}.{layout}" if layout else edition
            for fmt in formats:
                targets.append(Target(issue, edition, fmt,
                                      out / output_name(issue.id, named, fmt, profile),
                                      profile))
    return targets


def modification_time(report: Report) -> datetime.datetime | None:
    """``SOURCE_DATE_EPOCH``, where set: reproducible builds give outputs this date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    moment = None
    if epoch.isascii() and epoch.isdigit() and len(epoch) <= 10:
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    if moment is None or not EPOCH_RANGE[0] <= moment <= EPOCH_RANGE[1]:
        report.error(Location(Path("SOURCE_DATE_EPOCH")),
                     f"'{epoch[:40]}' is not a time for the outputs: give seconds since 1970, "
                     "for a moment from 1980 to 2107 (e.g. SOURCE_DATE_EPOCH=$(git log -1 "
                     "--format=%ct)), or unset it")
    return moment


# git, told to run nothing a repository's configuration names (a signature program, a file
# system monitor) and to take no locks
GIT = ("--no-pager", "-c", "log.showSignature=false", "-c", "core.fsmonitor=false")
GIT_LOG = (*GIT, "log", "-1", "--format=%ct", "--no-show-signature", "--", ".")
GIT_STATUS = (*GIT, "status", "--porcelain", "--untracked-files=all", "--ignored=no", "--", ".")


def last_change(folder: Path) -> datetime.datetime | None:
    """When an issue's files last changed: the time of the last git commit that touched its
    folder where it has no changes since, else the newest modification time of its files;
    None when neither is known.

    A repository inside the issue folder is not asked: it came with the manuscript.  git is
    looked up on the absolute entries of PATH only, since it runs in the manuscript's folder.
    """
    search = os.pathsep.join(entry for entry in os.environ.get("PATH", "").split(os.pathsep)
                             if os.path.isabs(entry))
    git = shutil.which("git", path=search)
    if git and not os.path.lexists(folder / ".git"):
        try:
            answers = [subprocess.run(
                [git, *command], cwd=folder, capture_output=True, text=True, timeout=10,
                stdin=subprocess.DEVNULL, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0",
                                               "GIT_TERMINAL_PROMPT": "0"})
                for command in (GIT_STATUS, GIT_LOG)]
            status, log = answers
            if status.returncode == 0 and not status.stdout.strip() \
                    and log.returncode == 0 and log.stdout.strip().isdigit():
                return _in_range(int(log.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    newest = None
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != ".git"]
        for name in names:
            try:
                stamp = os.lstat(os.path.join(root, name)).st_mtime
            except OSError:
                continue
            newest = stamp if newest is None else max(newest, stamp)
    return _in_range(int(newest)) if newest is not None else None


def _in_range(seconds: int) -> datetime.datetime:
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return min(max(moment, EPOCH_RANGE[0]), EPOCH_RANGE[1])


def render(target: Target, modified: datetime.datetime | None = None,
           print_pages: dict | None = None, fits: dict | None = None) -> Content:
    """One target's bytes, by the renderer its output kind names (:mod:`bulletin_press.formats`,
    :mod:`bulletin_press.render`); ``modified`` dates it (``SOURCE_DATE_EPOCH``).

    An e-book's page breaks need the print page each paragraph starts on: ``print_pages``
    keeps them by issue and edition, so that a run that builds the PDF too lays it out once.
    ``fits`` gets, by issue id, how full the first PDF built of the issue is
    (:mod:`bulletin_press.copyfit`).
    """
    from bulletin_press.render import Job

    return kind(target.format).render(Job(target, modified, print_pages, fits))


@dataclass
class Outcome:
    written: list[Path] = field(default_factory=list)  # in place, in the order built
    up_to_date: list[Path] = field(default_factory=list)  # left as they were
    unchanged: int = 0  # issues not read again: their outputs were all up to date
    fits: dict = field(default_factory=dict)  # issue id → copyfit.Measured of a PDF built


# Told, as each target's rendering starts (seconds None) and ends: it, its number, how many.
Progress = Callable[["Target", int, int, Union[float, None]], None]


def build(paths: list[Path], formats: tuple[str, ...], editions: tuple[str, ...] | None,
          out: Path, report: Report, limits: Limits = Limits(),
          review: list[IssueReview] | None = None, force: bool = False,
          progress: Progress | None = None, profile: str = DEFAULT_PROFILE,
          layout: str | None = None, jobs: int = 1, executor: str | None = None) -> Outcome:
    """Build everything asked for that is not up to date (everything, with ``force``);
    nothing is written when ``report`` has errors.  With ``review``, the converter's
    choices in each edition are added to it.  ``profile`` says what the PDFs are for;
    ``layout``, when given, replaces each issue's own.  With ``jobs`` above 1, the
    editions are rendered on that many worker processes, and with ``executor``
    (``dask://host:port``) on that Dask cluster (:mod:`bulletin_press.workers`).

    Raises :class:`InternalError` for a defect met while building, and
    :class:`~bulletin_press.signals.Interrupted` when stopped by a signal.
    """
    folders = find_issues(paths, report)
    modified = modification_time(report)
    if out.exists() and not out.is_dir():
        report.error(Location(out), "the output folder (--out) is a file, not a folder")
    if not report.ok:
        return Outcome()
    keys = Keys(os.environ.get("SOURCE_DATE_EPOCH", "").strip(), limits.file_bytes, layout)
    record = Record.read(out)
    fresh = {} if force else {folder: record.fresh(folder, keys, out, formats, editions,
                                                           profile)
                              for folder in folders}
    unchanged = [folder for folder in folders if fresh.get(folder)]
    stale = [folder for folder in folders if folder not in unchanged]
    outcome = Outcome(up_to_date=[path for folder in unchanged for path in fresh[folder]],
                      unchanged=len(unchanged))
    if review is not None:  # it needs every issue; the warnings of unchanged ones were shown
        load_folders(unchanged, Report(), limits, review, layout=layout)
    if not stale:
        return outcome
    issues = load_folders(stale, report, limits, review, layout=layout)
    if profile == "press":
        check_press(issues, report)
    if not report.ok:
        return Outcome()
    targets = plan(issues, formats, editions, out, profile, layout)
    for target in targets:
        if (target.path / "issue.yaml").exists():
            report.error(Location(target.path), "an output would replace this issue folder: "
                                                "give --out a folder of its own")
    if not report.ok:
        return Outcome()
    if not targets and not outcome.up_to_date:
        report.error(Location(paths[0]), "nothing to build: no issue has the edition(s) "
                                         f"{', '.join(editions or ())}")
        return Outcome()
    if not force:  # of a changed issue, what is still in place stays
        kept = [t.path for t in targets if record.in_place(t.issue.id, t.path, _key(keys, t))]
        outcome.up_to_date += kept
        targets = [target for target in targets if target.path not in kept]
    if not targets:
        return outcome
    print_pages: dict = {}  # an edition's PDF lays out the pages its e-book's page list needs
    fits: dict = {}
    targets.sort(key=lambda target: target.format != "pdf")
    written: list[Path] = []
    try:
        with Staging(out) as staging:

            def keep(target: Target, content: Content) -> None:
                record.note(target.issue.id, target.issue.layout, target.issue.editions,
                            target.path.name, _key(keys, target), content)
                staging.add(target.path.name, content)
                written.append(target.path)

            if not _render_all(targets, modified, report, keep, jobs, executor, progress,
                               formats, print_pages, fits):
                return Outcome()
            # The record goes in last, with the outputs: it never names one not in place.
            staging.add(CACHE_FILE, record.dumps())
            staging.commit()
    except CannotWrite as error:
        cause = error.__cause__
        report.error(Location(out), "cannot write the outputs: "
                                    f"{getattr(cause, 'strerror', None) or cause}")
        return Outcome()
    outcome.written = written
    outcome.fits = fits
    return outcome


def _render_all(targets: list[Target], modified: datetime.datetime | None, report: Report,
                keep: Callable[[Target, Content], None], jobs: int, executor: str | None,
                progress: Progress | None, formats: tuple[str, ...], print_pages: dict,
                fits: dict) -> bool:
    """Render ``targets`` — on worker processes or a Dask cluster where asked — handing
    each output to ``keep`` as it is made, in their order; whether all went well."""
    try:
        with private_temporary_folder():
            from bulletin_press.workers import render_in_workers, tasks_of

            if executor or jobs > 1 and len(tasks_of(targets)) > 1:
                fits.update(render_in_workers(targets, modified, report, jobs, keep, progress,
                                              formats, executor).fits)
            else:
                for number, target in enumerate(targets, 1):
                    start = time.monotonic()
                    if progress is not None:
                        progress(target, number, len(targets), None)
                    content = _render_reporting(target, modified, report, print_pages, fits)
                    if progress is not None and content is not None:
                        progress(target, number, len(targets), time.monotonic() - start)
                    checkpoint()
                    if content is not None and report.ok:
                        keep(target, content)
    except OSError as error:  # the rendering's own errors are reported above
        report.error(Location(Path(tempfile.gettempdir())),
                     f"cannot make a temporary folder: {error.strerror or error}")
    return report.ok


def _key(keys: Keys, target: Target) -> str:
    return keys.target(target.issue.folder, target.issue.layout, target.edition, target.format,
                       target.profile)


def _render_reporting(target: Target, modified: datetime.datetime | None,
                      report: Report, print_pages: dict | None = None,
                      fits: dict | None = None) -> Content | None:
    """One target's bytes; problems of the layout or of the machine go to ``report``."""
    return _reporting(lambda: render(target, modified, print_pages, fits), target.format,
                      target.issue, report)


def check_press(issues: list[Issue], report: Report) -> None:
    """Warn where a picture has fewer pixels than the print shop needs for the width it
    prints at (the layout's ``press-ppi``), where the manuscript names it."""
    from bulletin_press.layouts import Layout
    from bulletin_press.manuscript.schema import resolution_problem

    for issue in issues:
        layout = Layout.named(issue.layout)
        for story in issue.stories:
            for image in story.images:
                problem = resolution_problem(image, layout, "press-ppi")
                if problem and "image-resolution" not in issue.ignored:
                    report.warning(image.origin or Location(story.path), problem,
                                   "image-resolution")


def measure_fits(issues: list[Issue], report: Report) -> dict:
    """By issue id, how full the print pages of each issue's first edition are, laid out
    and written nowhere; problems go to ``report``."""
    from bulletin_press.backends.pdf import measure_fit
    from bulletin_press.layouts import Layout
    from bulletin_press.typeset import Placer

    def measure(issue: Issue):  # noqa: ANN202 (copyfit.Measured)
        placer = Placer(issue, issue.editions[0], Layout.named(issue.layout))
        measured = measure_fit(placer.document(), placer.replace, placer.least)
        return dataclasses.replace(measured, moved=tuple(placer.notes.values()))

    fits = {}
    with private_temporary_folder():  # the fonts WeasyPrint copies go with it
        for issue in issues:
            measured = _reporting(lambda: measure(issue), "pdf", issue, report)
            if measured is not None:
                fits[issue.id] = measured
            checkpoint()
    return fits


def _reporting(work: Callable, fmt: str, issue: Issue, report: Report):  # noqa: ANN202
    import jinja2

    from bulletin_press.backends import RenderError

    try:
        return work()
    except jinja2.TemplateSyntaxError as error:
        report.error(Location(Path(error.filename or issue.layout), error.lineno, 1),
                     f"layout template: {error.message}")
    except (jinja2.TemplateError, RenderError, LookupError) as error:
        report.error(Location(getattr(error, "path", issue.folder)), f"{fmt}: {error}")
    except OSError as error:  # a layout or font file missing or unreadable
        _cannot_read(error, issue.folder, report)
    except Exception as error:
        raise InternalError(issue.id) from error
    return None


def _cannot_read(error: OSError, fallback: Path, report: Report) -> None:
    report.error(Location(Path(error.filename) if error.filename else fallback),
                 f"cannot read a file the build needs: {error.strerror or error}")


@contextmanager
def private_temporary_folder() -> Iterator[Path]:
    """Temporary files of the libraries (WeasyPrint copies every font it loads) go into one
    folder of this build's, removed when the block ends however it ends."""
    folder, previous = None, tempfile.tempdir
    try:
        with held_back():  # a signal waits until the folder is known, to be removed
            folder = Path(tempfile.mkdtemp(prefix="bulletin-press-"))
            tempfile.tempdir = str(folder)
        yield folder
    finally:
        with held_back():
            tempfile.tempdir = previous
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def publish(out: Path, outputs: list[tuple[str, Content]]) -> None:
    """Put every output into ``out``, or — on any failure or signal — none of them;
    raises the OSError of a failure."""
    try:
        with Staging(out) as staging:
            for name, content in outputs:
                staging.add(name, content)
            staging.commit()
    except CannotWrite as error:
        raise error.__cause__ from None


class CannotWrite(Exception):
    """An output could not be staged or put in place: the OSError is its cause."""


class Staging:
    """Outputs written, as they are made, into a folder of ``out`` of their own, and put
    in place all at once by :meth:`commit`; when the block ends without it, the folder and
    the folders made for ``out`` are removed, and nothing was published.  A build holds
    no more than the output it is writing, however many it makes.

    Signals wait while a folder is made or removed and while the outputs are moved into
    place, and are raised between those steps, where the clean-up can undo them.  Its
    failures raise :class:`CannotWrite`.
    """

    def __init__(self, out: Path):
        self.out = out
        self.created: list[Path] = []  # the folders made for ``out``, deepest first
        self.folder: Path | None = None
        self.names: list[str] = []

    def __enter__(self) -> Staging:
        try:
            with held_back():
                _make_folders(self.out, self.created)
                self.folder = Path(tempfile.mkdtemp(dir=self.out, prefix=STAGING_PREFIX))
        except BaseException as error:  # a signal too: the block is not entered
            self.__exit__(type(error), error, None)
            if isinstance(error, OSError):
                raise CannotWrite(error) from error
            raise
        return self

    def add(self, name: str, content: Content) -> None:
        assert self.folder is not None
        try:
            _stage(self.folder / "new" / name, content)
        except OSError as error:
            raise CannotWrite(error) from error
        self.names.append(name)

    def commit(self) -> None:
        assert self.folder is not None
        checkpoint()
        try:
            with held_back():
                _swap_in(self.folder, self.out, self.names)
                mark_published()
                shutil.rmtree(self.folder, ignore_errors=True)
                self.folder = None
        except OSError as error:
            raise CannotWrite(error) from error

    def __exit__(self, kind, error, trace) -> None:  # noqa: ANN001
        if self.folder is None and kind is None:
            return  # published
        with held_back():
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)
                self.folder = None
            _remove_empty(self.created)


def _make_folders(folder: Path, created: list[Path]) -> None:
    """Create ``folder`` and its missing parents, noting each in ``created``, deepest first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        created.insert(0, path)


def _remove_empty(folders: list[Path]) -> None:
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _stage(path: Path, content: Content) -> None:
    files = content if isinstance(content, dict) else {"": content}
    for name, data in files.items():
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"an output file name leads out of its folder: {name!r}")
        target = path / relative if name else path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(target, 0o644)
    if isinstance(content, dict):
        for folder in [path, *(p for p in path.rglob("*") if p.is_dir())]:
            os.chmod(folder, 0o755)


def _swap_in(staging: Path, out: Path, names: list[str]) -> None:
    """Move the staged outputs over the old ones; undo all of it if one move fails."""
    old = staging / "old"
    old.mkdir()
    done: list[tuple[str, bool]] = []  # (name, whether an old output was moved aside)
    try:
        for name in names:
            had_old = _set_aside(out / name, old / name)
            done.append((name, had_old))
            _move_into_place(staging / "new" / name, out / name, old / name)
    except BaseException:
        for name, had_old in reversed(done):
            _undo(out / name, old / name if had_old else None, staging / "undone" / name)
        raise


def _set_aside(target: Path, aside: Path) -> bool:
    """Keep the current output at ``aside``: a file by a second link (it stays in place
    until the new one replaces it in one step), a folder by moving it.  A concurrent build
    may move the output meanwhile, or put a folder where a file was: look again."""
    for _ in range(8):
        if not os.path.lexists(target):
            return False
        try:
            if target.is_dir() and not target.is_symlink():
                os.rename(target, aside)
            else:
                os.link(target, aside, follow_symlinks=False)
            return True
        except FileNotFoundError:
            continue
        except OSError as error:
            if target.is_dir() and not target.is_symlink():
                continue  # it became a folder (linking a folder fails)
            if error.errno not in (errno.EXDEV, errno.EMLINK, errno.EPERM, errno.ENOTSUP):
                raise
            shutil.copy2(target, aside, follow_symlinks=False)  # no hard links here
            return True
    raise OSError(errno.EBUSY, "another build keeps replacing it", str(target))


def _move_into_place(new: Path, target: Path, aside: Path) -> None:
    if not new.is_dir():
        os.replace(new, target)
        return
    for attempt in range(8):
        try:
            os.rename(new, target)
            return
        except OSError:
            # a concurrent build moved its folder here after ours was set aside
            if attempt == 7 or not target.is_dir():
                raise
            os.rename(target, aside.with_name(f"{aside.name}.{attempt}"))


def _undo(target: Path, aside: Path | None, trash: Path) -> None:
    if aside is not None and not aside.is_dir():
        os.replace(aside, target)  # the old file back, in one step
        return
    trash.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() or target.is_symlink():
        os.rename(target, trash)
    if aside is not None:
        os.rename(aside, target)
