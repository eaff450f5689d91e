"""Rendering a build's targets on several cores: worker processes that import once and
render many targets, returning bytes; only :mod:`bulletin_press.build` writes.

A task is one edition of one issue — its PDF first, then its e-book, whose page list
takes the page numbers of that PDF's layout — so each worker does what the build in
one process does for that edition, and the bytes are the same.  Outputs are handed on
in the order of the targets, whatever order the workers finish in, each as soon as
those before it are in: the build writes them as they come and holds none.

Workers are forked from Python's fork server (spawned where there is none), which
imports the rendering machinery once, before the first is forked; their temporary
files (WeasyPrint's copies of the fonts) go into the build's private folder.  They
leave signals to the build: Ctrl-C or ``kill`` stops the build, which stops them.

The same tasks can go to a Dask cluster instead (``build --executor dask://host:port``,
the extra ``bulletin-press[dask]``), whose workers read the manuscripts at the same paths.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime
import os
import shutil
import signal
import socket
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from bulletin_press.diagnostics import Diagnostic, InternalError, Location, Report
from bulletin_press.places import layouts_of_build, project_layouts
from bulletin_press.signals import checkpoint, held_back

if TYPE_CHECKING:
    import multiprocessing.pool

    from bulletin_press.build import Progress, Target
    from bulletin_press.cache import Content

# what the fork server imports once for every worker, by the formats built
PRELOAD = {"pdf": ("bulletin_press.backends.pdf",),
           "epub": ("bulletin_press.backends.epub", "bulletin_press.backends.pages"),
           "html": ("bulletin_press.backends.html",)}


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def tasks_of(targets: list[Target]) -> list[list[Target]]:
    """The targets by issue and edition, in their order (a PDF before its e-book)."""
    grouped: dict[tuple, list[Target]] = {}
    for target in targets:
        grouped.setdefault((target.issue.folder, target.edition), []).append(target)
    return list(grouped.values())


@dataclass
class Rendered:
    """What the workers did besides the outputs (handed on as they came): the copy-fit of
    each issue's first PDF, and the processes that rendered."""

    fits: dict = field(default_factory=dict)
    workers: set[int] = field(default_factory=set)


@dataclass
class _Defect:
    """An internal error in a worker, brought back to be raised by the build."""

    issue: str
    cause: BaseException
    trace: str


class WorkerTraceback(Exception):
    """Where a worker met a defect: the traceback's text, as the worker printed it."""


def render_in_workers(targets: list[Target], modified: datetime.datetime | None,
                      report: Report, jobs: int, keep: Callable[[Target, Content], None],
                      progress: Progress | None = None, formats: tuple[str, ...] = (),
                      executor: str | None = None) -> Rendered:
    """Render ``targets`` on ``jobs`` worker processes, or on the Dask cluster whose
    scheduler ``executor`` names (``dask://host:port``), handing each output made to
    ``keep`` in the targets' order as soon as those before it are in; problems go to
    ``report``.

    Raises :class:`InternalError` for a defect met in a worker, and
    :class:`~bulletin_press.signals.Interrupted` when stopped by a signal (the workers
    are stopped first)."""
    tasks = tasks_of(targets)
    numbers = {id(target): number for number, target in enumerate(targets, 1)}
    work = [(index, task, modified) for index, task in enumerate(tasks)]
    # the answers not yet handed on: a target waits for those before it
    by_target: dict[int, tuple[Content | None, float]] = {}
    fits_by_task: dict[int, dict] = {}
    told = 0  # the targets handed on, in their order: a log reads the same each time
    rendered = Rendered()

    def ended() -> None:
        nonlocal told
        while told < len(targets) and id(targets[told]) in by_target:
            content, seconds = by_target.pop(id(targets[told]))
            if content is not None:
                if progress is not None:
                    progress(targets[told], told + 1, len(targets), seconds)
                if report.ok:
                    keep(targets[told], content)
            told += 1

    def started(index: int) -> None:
        if progress is not None and index < len(tasks):
            for target in tasks[index]:
                progress(target, numbers[id(target)], len(targets), None)

    try:
        answering = _on_dask(executor, work) if executor else \
            _on_processes(min(jobs, len(tasks)), formats or tuple(PRELOAD), work)
        with answering as answers:
            for index in range(min(jobs, len(tasks))):
                started(index)
            for done, (index, outcome, diagnostics, fits, pid) in enumerate(answers):
                checkpoint()
                rendered.workers.add(pid)
                if isinstance(outcome, _Defect):
                    outcome.cause.__cause__ = WorkerTraceback(outcome.trace)
                    raise InternalError(outcome.issue) from outcome.cause
                report.diagnostics.extend(diagnostics)
                fits_by_task[index] = fits
                for target, answer in zip(tasks[index], outcome):
                    by_target[id(target)] = answer
                ended()
                started(done + min(jobs, len(tasks)))
    except ExecutorError as error:
        report.error(Location(Path(executor or "--executor")), str(error))
        return rendered
    for index in sorted(fits_by_task):
        for issue_id, measured in fits_by_task[index].items():
            rendered.fits.setdefault(issue_id, measured)
    return rendered


class ExecutorError(Exception):
    """The workers could not be reached or started."""


@contextlib.contextmanager
def _on_processes(processes: int, formats: tuple[str, ...], work: list) -> Iterator[Iterator]:
    pool = None
    try:
        # a pool stopped while it starts its workers leaves them starting, to fail later
        # with a traceback of their own: signals wait until it is whole
        with held_back():
            pool = _pool(processes, formats)
        yield pool.imap_unordered(_render_task, work)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


DASK_SCHEME = "dask://"
DASK_TIMEOUT = 30  # seconds to reach the scheduler


@contextlib.contextmanager
def _on_dask(executor: str, work: list) -> Iterator[Iterator]:
    """The tasks on a Dask cluster (``bulletin-press[dask]``): each worker renders from the
    same manuscripts (the same paths) and returns bytes, as a local worker does."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ExecutorError("the Dask executor needs Dask's distributed scheduler: "
                            "pip install 'bulletin-press[dask]'") from None
    address = "tcp://" + executor[len(DASK_SCHEME):]
    try:
        client = Client(address, timeout=DASK_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise ExecutorError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    pending: dict = {}  # key → the future of a task whose answer was not taken yet
    try:
        own = project_layouts()
        futures = client.map(_render_task_on_dask, work, pure=False,
                             layouts=None if own is None else str(own.resolve()))
        pending.update((future.key, future) for future in futures)
        del futures
        yield _taken(as_completed(list(pending.values()), loop=client.loop), pending)
    finally:
        client.cancel(list(pending.values()))
        client.close()


def _taken(done: Iterator, pending: dict) -> Iterator:
    """Each task's answer, its data then released on the cluster: a worker that lives on
    holds none of the outputs it made, however many the build has."""
    for future in done:
        answer = future.result()
        del pending[future.key]
        future.release()
        yield answer


def _pool(processes: int, formats: tuple[str, ...]) -> multiprocessing.pool.Pool:
    """Worker processes whose temporary files go into the build's private folder.  The
    pool's own files (the fork server's socket) go beside that folder: they outlive it,
    and Python removes them when the build's process ends."""
    import multiprocessing
    import multiprocessing.util

    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # taken up when the fork server starts: the first parallel build of a process
        context.set_forkserver_preload(["bulletin_press.build", "bulletin_press.typeset",
                                        *(module for fmt in formats for module in PRELOAD[fmt])])
    else:
        context = multiprocessing.get_context("spawn")
    private = tempfile.gettempdir()
    tempfile.tempdir = os.path.dirname(private)
    try:
        multiprocessing.util.get_temp_dir()
        return context.Pool(processes, initializer=_start_worker, initargs=(private,))
    finally:
        tempfile.tempdir = private


def _start_worker(temporary: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the build, which stops us
    tempfile.tempdir = temporary


def _render_task(job: tuple[int, list[Target], datetime.datetime | None]
                 ) -> tuple[int, list | _Defect, list[Diagnostic], dict, int]:
    from bulletin_press import build

    index, task, modified = job
    report = Report()
    print_pages: dict = {}
    fits: dict = {}
    outcome: list | _Defect = []
    try:
        for target in task:
            start = time.monotonic()
            content = build._render_reporting(target, modified, report, print_pages, fits)
            outcome.append((content, time.monotonic() - start))
    except InternalError as error:
        cause = error.__cause__ or error
        outcome = _Defect(error.issue, _picklable(cause),
                          "".join(traceback.format_exception(cause)))
    return index, outcome, report.diagnostics, fits, os.getpid()


def _render_task_on_dask(job: tuple[int, list[Target], datetime.datetime | None],
                         layouts: str | None = None
                         ) -> tuple[int, list | _Defect, list[Diagnostic], dict, int]:
    """A task on a Dask worker, for a build that runs elsewhere, whose project has its own
    ``layouts`` (the folder's absolute path) or none.  A worker with several threads
    renders one task at a time: the temporary folder is the process's."""
    with _ONE_AT_A_TIME:
        if layouts is not None and not os.path.isdir(layouts):
            index, task, _ = job
            report = Report()
            report.error(Location(Path(layouts)), "a Dask worker (on "
                         f"{socket.gethostname()}) cannot read the project's layouts at this "
                         "path: the workers must see the project at the same path")
            return index, [(None, 0.0)] * len(task), report.diagnostics, {}, os.getpid()
        folder = _worker_folder()
        previous, tempfile.tempdir = tempfile.tempdir, str(folder)
        try:
            with layouts_of_build(None if layouts is None else Path(layouts)):
                return _render_task(job)
        finally:
            tempfile.tempdir = previous


def _worker_folder() -> Path:
    """The temporary folder of a Dask worker process, which outlives the builds it renders
    for: WeasyPrint's copies of the fonts go there, one per edition's faces, kept for its
    later tasks (as the fonts' configurations are) and removed when the process ends."""
    global _folder
    if _folder is None or not _folder.is_dir():
        _folder = Path(tempfile.mkdtemp(prefix="bulletin-press-worker-"))
        atexit.register(shutil.rmtree, _folder, ignore_errors=True)
    return _folder


_folder: Path | None = None
_ONE_AT_A_TIME = threading.Lock()


def _picklable(error: BaseException) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(repr(error))
