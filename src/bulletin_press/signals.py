"""Signals: a build stopped by Ctrl-C or ``kill`` cleans up after itself.

While a command runs, SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted`
(a ``BaseException``, like ``KeyboardInterrupt``), so that every ``finally``
on the way out runs: staging folders and temporary font copies are removed.
Around the few renames that publish a build, signals are held back and
delivered afterwards, so that the output folder is seen either as it was
before the build or as it is after it, never half and half.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(BaseException):
    """The process was asked to stop."""

    def __init__(self, signum: int, published: bool = False):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.published = published  # the outputs were all in place when it came

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


class _Run:
    published = False  # whether this command's outputs are in place


def mark_published() -> None:
    """The outputs are all in place: a signal from now on says so."""
    _Run.published = True


def _raise(signum: int, frame) -> None:  # noqa: ANN001 (the signal module's signature)
    raise Interrupted(signum, _Run.published)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def interruptible() -> Iterator[None]:
    """Within the block, the handled signals raise :class:`Interrupted`."""
    if not _main_thread():
        yield
        return
    _Run.published = False
    previous = {signum: signal.signal(signum, _raise) for signum in HANDLED}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def held_back() -> Iterator[None]:
    """Within the block, the handled signals wait; the first is raised when it ends."""
    if not _main_thread():
        yield
        return
    pending: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: pending.append(signum))
                for signum in HANDLED}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if pending:
        raise Interrupted(pending[0], _Run.published)
