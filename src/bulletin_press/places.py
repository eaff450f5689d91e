"""Where the built-in layouts and fonts are.

They are package resources: the checkout keeps them in its top-level ``layouts/`` and
``fonts/``, which pyproject.toml maps into the package as ``bulletin_press.builtin_layouts``
and ``bulletin_press.builtin_fonts``, so that the editable install finds them in the
checkout and an installed wheel inside the package.
"""

from __future__ import annotations

import atexit
import contextlib
from importlib import resources
from pathlib import Path

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
