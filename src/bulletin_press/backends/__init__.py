"""Backends: a typeset document → the bytes of one output format."""

import mimetypes
import os

mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("image/svg+xml", ".svg")


def absolute_search_path() -> None:
    """Drop relative entries ('', '.') from PATH before WeasyPrint loads its libraries.

    ``ctypes.util.find_library`` runs ``gcc`` and ``ld`` found through PATH to locate
    Pango and GLib; with a relative entry, a file named ``gcc`` in the folder the build
    runs in (a manuscript folder) would be run.
    """
    entries = os.environ.get("PATH", "").split(os.pathsep)
    os.environ["PATH"] = os.pathsep.join(entry for entry in entries if os.path.isabs(entry))


def media_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


class RenderError(Exception):
    """A backend could not produce its output."""
