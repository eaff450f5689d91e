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
import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(BaseException):
    """The process was asked to stop."""

    def __init__(self, signum: int, published: bool = False):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.published = published  # the outputs were all in place when it came
        self.outcome: str | None = None  # what was done, where it is not "outputs"

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


class _Run:
    published = False  # whether this command's outputs are in place
    received: int | None = None  # the first signal, once one has come


def mark_published() -> None:
    """The outputs are all in place: a signal from now on says so."""
    _Run.published = True


def checkpoint() -> None:
    """Raise :class:`Interrupted` if a signal came and its exception was lost: Python drops
    an exception raised while a finalizer runs (a library's ``__del__``)."""
    if _Run.received is not None:
        raise Interrupted(_Run.received, _Run.published)


def _raise(signum: int, frame) -> None:  # noqa: ANN001 (the signal module's signature)
    if _Run.received is None:
        _Run.received = signum
    raise Interrupted(_Run.received, _Run.published)


def _unraisable(previous: Callable) -> Callable:
    """Python's hook for exceptions it cannot raise, quiet about ours: the signal is kept
    for the next :func:`checkpoint`."""
    def hook(unraisable) -> None:  # noqa: ANN001
        if not isinstance(unraisable.exc_value, Interrupted):
            previous(unraisable)
    return hook


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def interruptible() -> Iterator[None]:
    """Within the block, the handled signals raise :class:`Interrupted`."""
    if not _main_thread():
        yield
        return
    _Run.published, _Run.received = False, None
    previous = {signum: signal.signal(signum, _raise) for signum in HANDLED}
    previous_hook, sys.unraisablehook = sys.unraisablehook, _unraisable(sys.unraisablehook)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        sys.unraisablehook = previous_hook
        _Run.received = None


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
    checkpoint()
