"""The files a manuscript names, read once, confined to the issue folder, and bounded.

A manuscript comes from many hands, so the paths it names are never trusted:
each is opened once, here, and only if it is a regular file whose real place is
inside the issue folder (a symbolic link may point elsewhere in the folder,
never out of it), no larger than the limit.  The bytes go into the model;
nothing downstream opens a manuscript path again, and outputs name each file
by a name the build derives from its content, never by the string written in
the manuscript.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024

# The picture formats Pillow may take a file for. Pillow would otherwise try every format it
# knows, and render EPS by running Ghostscript: a manuscript never makes a program run.
PICTURE_FORMATS = ("PNG", "JPEG")  # JPEG takes a camera's multi-picture JPEG (MPO) too


def open_picture(data: bytes, formats: tuple[str, ...] = PICTURE_FORMATS):  # noqa: ANN201
    """Pillow's image of ``data``, taken only for one of ``formats``."""
    from PIL import Image

    Image.init()  # every plugin registered, so that each of the formats can be tried
    return Image.open(io.BytesIO(data), formats=list(formats))


@dataclass(frozen=True)
class Limits:
    """How much work one manuscript may ask for."""

    file_bytes: int = 2 * MB  # a YAML file: issue.yaml, a story, the glossary
    image_bytes: int = 50 * MB  # a picture file
    image_pixels: int = 89_478_485  # Pillow's decompression-bomb limit (a quarter gigabyte RGBA)
    depth: int = 20  # nesting of mappings and lists in a YAML file
    # A field printed on one line (a title, a headline line, a caption) and the URL: longer
    # ones cannot fit the layout, and WeasyPrint takes seconds to break them.
    line_chars: int = 200
    url_chars: int = 300
    glossary_terms: int = 20_000
    term_chars: int = 30  # a glossary term: a name, a place, an office


class Refused(Exception):
    """A file the manuscript names cannot be read; the message says why, for the editor."""


class TooLarge(Refused):
    """The file is larger than the limit."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def read_confined(path: Path, folder: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file inside ``folder`` (both as given,
    relative or absolute), at most ``limit`` bytes long."""
    root = Path(os.path.realpath(folder))
    real = Path(os.path.realpath(path))
    if not _inside(real, root):
        raise Refused("it leads outside the issue folder (a link to a file elsewhere): "
                      "copy the file into the issue folder instead")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: the
        # last component was resolved above and must not have changed since.
        handle = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        raise Refused("no such file in the issue folder") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Refused("it was replaced by a link while being read") from None
        try:
            mode = os.stat(real).st_mode
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):  # a socket cannot even be opened
            raise Refused(f"it is {_kind(mode)}, not a regular file") from None
        raise Refused(f"cannot read it: {error.strerror}") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"it is {_kind(info.st_mode)}, not a regular file")
        opened = _opened_path(handle)
        if opened is not None and not _inside(opened, root):
            raise Refused("it leads outside the issue folder")
        if info.st_size > limit:
            raise TooLarge(f"it is {info.st_size:,} bytes, more than the limit of {_size(limit)}")
        os.set_blocking(handle, True)
        chunks, total = [], 0
        while chunk := os.read(handle, min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise TooLarge(f"it is larger than the limit of {_size(limit)}")
        return b"".join(chunks)
    except OSError as error:
        raise Refused(f"cannot read it: {error.strerror}") from None
    finally:
        os.close(handle)


def _opened_path(handle: int) -> Path | None:
    """Where the open file really is (Linux), to close the gap between resolving and opening."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{handle}"))
    except OSError:
        return None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size(count: int) -> str:
    return f"{count / MB:g} MB ({count:,} bytes)" if count >= MB else f"{count:,} bytes"


def umask() -> int:
    """The process's file mode mask (reading it means setting it, and back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` as ``path`` in one step: a reader (or a crash) sees the old file or the
    new one, never half of it.  A file keeps its permissions; a new one gets the umask's."""
    if path.exists():
        mode = stat.S_IMODE(os.stat(path).st_mode)
    else:
        mode = 0o666 & ~umask()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
