"""Helpers for the reliability tests: a project tree to attack, snapshots of it, and a
command-line run that may not hang."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bulletin_press.cli import main
from tests.conftest import MINIMAL_ISSUE, MINIMAL_STORY, write_issue

ISSUE_ID = "test-issue"
OLD_OUTPUT = b"the previous build"


def snapshot(root: Path) -> dict[str, str]:
    """Every entry below ``root``: its kind, and for files a hash of the content."""
    entries = {}
    for path in sorted(root.rglob("*")):
        relative = str(path.relative_to(root))
        if path.is_symlink():
            entries[relative] = "link:" + os.readlink(path)
        elif path.is_file():
            entries[relative] = "file:" + hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        elif path.is_dir():
            entries[relative] = "dir"
        else:
            entries[relative] = "special"
    return entries


def temporary_litter() -> set[str]:
    """What our builds and WeasyPrint leave in the system's temporary folder."""
    folder = Path(tempfile.gettempdir())
    return {p.name for p in folder.iterdir()
            if p.name.startswith(("bulletin-press-", "weasyprint-"))}


@dataclass
class Project:
    """A folder holding the manuscripts, a secret beside them, and a previous build."""

    root: Path

    @property
    def issue(self) -> Path:
        return self.root / "manuscripts" / ISSUE_ID

    @property
    def out(self) -> Path:
        return self.root / "dist"

    @property
    def secret(self) -> Path:
        return self.root / "outside" / "secret.png"

    def write(self, issue: str = MINIMAL_ISSUE, stories: dict[str, str] | None = None,
              files: dict[str, bytes] | None = None) -> Path:
        return write_issue(self.issue, issue, stories if stories is not None
                           else {"01": MINIMAL_STORY}, files)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = Project(tmp_path)
    project.secret.parent.mkdir(parents=True)
    project.secret.write_bytes(png(8, 8, (255, 0, 0)))
    (project.root / "outside" / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    project.out.mkdir()
    (project.out / f"{ISSUE_ID}.zh-Hans.pdf").write_bytes(OLD_OUTPUT)
    return project


def png(width: int = 40, height: int = 30, color=(30, 90, 160)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def jpeg(width: int = 40, height: int = 30) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (160, 90, 30)).save(out, "JPEG")
    return out.getvalue()


class Hung(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Fail a case that takes longer than ``seconds`` (a hang is a failure, not a stall)."""
    def expire(signum, frame):
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(capsys, *args: str, seconds: float = 15) -> tuple[int, str]:
    """Run the command line in this process; its status and what it printed to stderr."""
    capsys.readouterr()
    with time_limit(seconds):
        status = main(list(args))
    return status, capsys.readouterr().err
