"""A new issue folder written as a manuscript, all at once or not at all.

The YAML is written by hand, in the house style of the sample manuscripts —
text in ``|`` blocks, one sentence per line, a blank line between paragraphs —
and each file is read back with PyYAML and compared with what was meant
before anything is written: a text that a block cannot hold as typed would
otherwise change meaning silently.  One-line values are quoted by PyYAML's own
emitter where YAML needs it.

The folder is made beside the target under a hidden name and renamed into
place when complete, so that a failure or Ctrl-C leaves nothing behind and
another program never sees half an issue.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import yaml

from bulletin_press.manuscript.files import umask
from bulletin_press.signals import held_back, mark_published

INDENT = "  "


def scalar(value: str) -> str:
    """A one-line value as YAML writes it: plain where it can be, quoted where it must."""
    dumped = yaml.safe_dump({"v": value}, allow_unicode=True, width=1 << 30)
    return dumped[len("v: "):].rstrip("\n")


def block(paragraphs: list[list[str]], indent: str = INDENT) -> str:
    """Paragraphs of lines as a literal block (``|``) indented by ``indent``."""
    return "|\n" + "\n\n".join("\n".join(indent + line for line in lines)
                               for lines in paragraphs) + "\n"


def block_value(paragraphs: list[list[str]]) -> str:
    """What :func:`block` reads back as."""
    return "\n\n".join("\n".join(lines) for lines in paragraphs) + "\n"


def verified(text: str, meant: dict) -> bytes:
    """The file's bytes, once it reads back as ``meant``."""
    if yaml.safe_load(text) != meant:
        raise AssertionError(f"the YAML written does not read back as meant:\n{text}")
    return text.encode("utf-8")


class TargetError(Exception):
    """The folder to import into cannot be used; the message says why."""


def check_target(target: Path) -> None:
    """The target must not exist, or be an empty folder, in a folder that exists."""
    if target.is_symlink() or target.exists():
        if target.is_symlink() or not target.is_dir():
            raise TargetError("this exists and is not a folder: give a new folder to import into")
        if any(target.iterdir()):
            raise TargetError("this folder exists and is not empty: give a new folder, or an "
                              "empty one")
    parent = target.absolute().parent
    if not parent.is_dir():
        raise TargetError(f"there is no folder {parent} to make it in")


def write_folder(files: dict[str, bytes], target: Path, folders: tuple[str, ...] = ()) -> None:
    """``files`` (relative path → bytes), and the empty ``folders``, as the new folder
    ``target``: put together beside it and renamed into place in one step."""
    check_target(target)
    parent = target.absolute().parent
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.importing-", dir=parent))
    try:
        for name in folders:
            (staging / name).mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(staging, 0o777 & ~umask())  # a temporary folder is private; an issue is not
        with held_back():
            check_target(target)
            # rename(2) replaces an empty folder in one step, and refuses a full one
            os.rename(staging, target)
            mark_published()
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)

