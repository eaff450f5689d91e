"""What a build shows as it goes: a progress display on a terminal (issue, edition,
format, time elapsed), a line per output otherwise, nothing with ``--quiet``; and what
it did in the end."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO


class Display:
    """A build's :data:`~bulletin_press.build.Progress`; shown only for several targets."""

    def __init__(self, quiet: bool = False, stream: TextIO | None = None):
        self.stream = stream or sys.stdout
        self.quiet = quiet
        self._bar = None
        self._task = None

    def __enter__(self) -> "Display":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __call__(self, target, number: int, total: int, seconds: float | None) -> None:  # noqa: ANN001
        if self.quiet or total < 2:
            return
        if not self.stream.isatty():
            if seconds is not None:
                print(f"built {target.path.name} in {seconds:.1f} s", file=self.stream)
            return
        if self._bar is None:
            self._start(total)
        if seconds is None:
            self._bar.update(self._task, description=f"{target.issue.id} · {target.edition} · "
                                                     f"{target.format}")
        else:
            self._bar.console.print(f"built {target.path.name} in {seconds:.1f} s",
                                    markup=False, highlight=False)
            self._bar.advance(self._task)

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn)

        self._bar = Progress(TextColumn("{task.description}"), BarColumn(),
                             MofNCompleteColumn(), TimeElapsedColumn(),
                             console=Console(file=self.stream), transient=True)
        self._task = self._bar.add_task("", total=total)
        self._bar.start()


def print_outcome(outcome, quiet: bool = False) -> None:  # noqa: ANN001 (build.Outcome)
    """What was written, and what was up to date already."""
    if quiet:
        return
    for path in outcome.written:
        size = size_of(path)
        print(f"wrote {path}" + (f" ({size / 1024:.0f} KB)" if size is not None else ""))
    if not outcome.written:
        print(f"all {len(outcome.up_to_date)} output(s) are up to date "
              "(--force builds them again)")
    elif outcome.unchanged:
        print(f"{outcome.unchanged} issue(s) unchanged: {len(outcome.up_to_date)} output(s) "
              "up to date")
    elif outcome.up_to_date:
        print(f"{len(outcome.up_to_date)} output(s) up to date")


def size_of(path: Path) -> int | None:
    """The size of an output; None where a concurrent build is replacing it just now."""
    try:
        if path.is_dir():
            return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        return path.stat().st_size
    except OSError:
        return None


def print_fits(fits: dict, quiet: bool = False, stream: TextIO | None = None) -> None:
    """A line per issue whose PDF was laid out: its pages, how full the last one is, and
    about how many characters to cut to save a page or to add to fill it."""
    if quiet:
        return
    from bulletin_press.copyfit import describe

    for name, measured in fits.items():
        print(describe(name, measured), file=stream or sys.stderr)
        for note in measured.moved:
            print(f"{name}: {note}", file=stream or sys.stderr)
