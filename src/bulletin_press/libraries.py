"""The native libraries WeasyPrint loads (Pango, HarfBuzz, Fontconfig), found quickly.

WeasyPrint 70's ``text/ffi.py`` tries several names for each library, for each
platform (``libpango-1.0-0``, ``pango-1.0-0``, ``pango-1.0``, …); cffi hands each
name it cannot load as a file to ``ctypes.util.find_library``, which on Linux runs
``ldconfig -p``, then ``gcc``, then ``ld`` — some fifty programs, about 0.15 s, before
the first page is set.  While WeasyPrint is imported here, ``find_library`` answers
from one reading of the dynamic linker's cache instead, by the same rule as its own
first step; a name the cache lacks is not looked for with a compiler, since every name
WeasyPrint needs on Linux is in the cache wherever the libraries are installed as
packages.  Where there is no such cache (not glibc's Linux), where ``LD_LIBRARY_PATH``
names other folders, or where the quick answers miss a library, WeasyPrint is imported
with ``find_library`` as it is.

PATH keeps only absolute entries first: ``find_library``'s ``gcc`` and ``ld`` are
found through it, and a file named ``gcc`` in the folder a build runs in (a
manuscript folder) must never be run.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import io
import os
import re
import struct
import subprocess
import sys
from typing import Iterator

LDCONFIG = "/sbin/ldconfig"
PANGO_NAMES = ("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll")
# ctypes.util's names for the C library's ABI in ldconfig's listing
_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


def absolute_search_path() -> None:
    """Drop relative entries ('', '.') from PATH."""
    entries = os.environ.get("PATH", "").split(os.pathsep)
    os.environ["PATH"] = os.pathsep.join(entry for entry in entries if os.path.isabs(entry))


@functools.cache
def _linker_cache() -> bytes | None:
    """``ldconfig -p``'s listing, or None where there is none to read."""
    if not sys.platform.startswith("linux") or not os.path.exists(LDCONFIG):
        return None
    try:
        listed = subprocess.run([LDCONFIG, "-p"], stdin=subprocess.DEVNULL, capture_output=True,
                                env={"LC_ALL": "C", "LANG": "C"}, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return listed.stdout if listed.returncode == 0 and listed.stdout else None


def _abi() -> str:
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    return _ABI.get(machine, "libc6")


def cached_library(name: str, listing: bytes) -> str | None:
    """The soname of library ``name`` (``pango-1.0``) in ldconfig's ``listing``, as the
    first step of ``ctypes.util.find_library`` finds it."""
    found = re.search(os.fsencode(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({_abi()}"), listing)
    return os.fsdecode(found.group(1)) if found else None


@contextlib.contextmanager
def _quick_find_library() -> Iterator[bool]:
    """``ctypes.util.find_library`` answering from the linker's cache for the block;
    yields whether it does."""
    listing = _linker_cache()
    if listing is None or os.environ.get("LD_LIBRARY_PATH"):
        yield False
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = functools.partial(cached_library, listing=listing)
    try:
        yield True
    finally:
        ctypes.util.find_library = original


def load_weasyprint() -> None:
    """Import WeasyPrint, its libraries found from the linker's cache where that finds them
    all, else as WeasyPrint finds them."""
    absolute_search_path()
    if "weasyprint.text.ffi" in sys.modules:
        return
    try:
        # WeasyPrint prints its help to standard output when a library is missing: it is
        # shown only if the second, ordinary search misses it too
        with _quick_find_library() as quick, contextlib.redirect_stdout(io.StringIO()):
            if not quick:
                raise OSError("no linker cache to read")
            import weasyprint.text.ffi  # noqa: F401
        return
    except OSError:
        for module in [name for name in sys.modules
                       if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[module]
    import weasyprint.text.ffi  # noqa: F401, F811


def pango_version() -> tuple[int, int, int] | None:
    """The version of the Pango library WeasyPrint would load, without loading WeasyPrint;
    None when there is none."""
    for name in PANGO_NAMES:
        try:
            version = ctypes.CDLL(name).pango_version()
        except (OSError, AttributeError):
            continue
        return version // 10000, version // 100 % 100, version % 100
    return None


def harfbuzz_subsetter() -> str | None:
    """The soname of HarfBuzz's subsetter where the linker finds it."""
    listing = _linker_cache()
    found = cached_library("harfbuzz-subset", listing) if listing else None
    return found or ctypes.util.find_library("harfbuzz-subset")
