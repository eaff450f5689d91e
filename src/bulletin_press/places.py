"""Where the layouts and fonts are.

The built-in layouts and fonts are package resources: the checkout keeps them in its
top-level ``layouts/`` and ``fonts/``, which pyproject.toml maps into the package as
``bulletin_press.builtin_layouts`` and ``bulletin_press.builtin_fonts``, so that the
editable install finds them in the checkout and an installed wheel inside the package.

A project may have layouts of its own: a ``layouts/`` folder in the working directory
(where ``bulletin-press`` is run, beside ``manuscripts/``).  Each of its ``<name>/``
folders is a layout, and a file it lacks is taken from the built-in layout of the same
name, if there is one; so a folder holding only ``print.css`` overrides the print page's
stylesheet of that layout and keeps the rest.  Only these two places hold layouts: a
manuscript names a layout, never a path.
"""

from __future__ import annotations

import atexit
import contextlib
import re
from importlib import resources
from pathlib import Path

LAYOUTS_FOLDER = "layouts"  # a project's own layouts, in the working directory
LAYOUT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")

_kept = contextlib.ExitStack()
atexit.register(_kept.close)


def _resource_folder(package: str) -> Path:
    """A package's folder on disk: WeasyPrint, fontTools and HarfBuzz read files by name.
    Installed and editable packages are on disk already, and ``as_file`` gives their own
    folder (the fonts are 52 MB: they are never copied for a build)."""
    return _kept.enter_context(resources.as_file(resources.files(package)))


LAYOUTS_DIR = _resource_folder("bulletin_press.builtin_layouts")
FONTS_DIR = _resource_folder("bulletin_press.builtin_fonts")
# the checkout the package runs from; in an installed package, the package's own folder
PROJECT_ROOT = LAYOUTS_DIR.parent


# the project's layouts of the build a task is rendered for, where that build runs
# elsewhere (a Dask worker's): innermost last
_given: list[Path | None] = []


@contextlib.contextmanager
def layouts_of_build(folder: Path | None):  # noqa: ANN201 (an Iterator[None])
    """Within the block, the project's layouts are ``folder`` (None: the project has none)
    rather than the working directory's."""
    _given.append(folder)
    try:
        yield
    finally:
        _given.pop()


def project_layouts() -> Path | None:
    """The working directory's ``layouts/``, if it has one and it is not the built-in one
    (as it is when run in the checkout); within :func:`layouts_of_build`, the build's."""
    if _given:
        return _given[-1]
    try:
        folder = Path.cwd() / LAYOUTS_FOLDER
        if folder.is_dir() and folder.resolve() != LAYOUTS_DIR.resolve():
            return folder
    except OSError:  # the working directory was removed
        pass
    return None


def layout_roots() -> tuple[Path, ...]:
    """The folders that hold layouts, in the order a layout's files are looked for."""
    own = project_layouts()
    return (LAYOUTS_DIR,) if own is None else (own, LAYOUTS_DIR)


def layout_folders(name: str) -> tuple[Path, ...]:
    """The folders of the layout ``name``, in the order its files are looked for: the
    project's own, then the built-in one."""
    if not LAYOUT_NAME.fullmatch(name):
        raise ValueError(f"'{name}' is not a layout's name")
    return tuple(root / name for root in layout_roots() if (root / name).is_dir())
