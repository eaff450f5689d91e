"""Layouts: a folder of Jinja2 templates and CSS under ``layouts/``.

A layout is looked for in the project's own ``layouts/`` (in the working directory) and
among the built-in ones (:mod:`bulletin_press.places`); each of its files is taken from
the first of these that has it, so a project's ``layouts/newsletter/print.css`` replaces
the built-in one and the other files stay.  A template may extend a built-in layout's
template by its layout's name: ``{% extends "newsletter/print.html" %}``.  A layout whose
``layout.yml`` says ``extends: newsletter`` takes the files it does not have from that layout.

A layout has ``print.html`` and ``print.css`` for the PDF, and ``ebook/`` for the
EPUB: ``title.xhtml``, ``story.xhtml``, ``cover.xhtml`` and ``licence.xhtml`` with
``ebook.css`` (and ``vertical.css`` for vertical editions), and ``cover.html``
with ``cover.css``, the cover image's page, set like print.  For the site, ``web/``
(``issue.html``, ``index.html``, ``web.css``) extends the e-book's templates; a layout
that extends newsletter has it.  Templates are autoescaped: manuscript text is always text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2
import yaml

from bulletin_press.places import (LAYOUT_NAME, LAYOUTS_DIR, PROJECT_ROOT,  # noqa: F401
                                   layout_folders, layout_roots)

SETTINGS_FILE = "layout.yml"
_POINTS = {"pt": 1.0, "mm": 72 / 25.4, "in": 72.0}
REQUIRED_FILES = ("print.html", "print.css", "ebook/title.xhtml", "ebook/story.xhtml",
                  "ebook/ebook.css", "ebook/cover.html", "ebook/cover.css", "ebook/cover.xhtml",
                  "ebook/licence.xhtml")


def available_layouts() -> frozenset[str]:
    """The names of the layouts that have every file a layout needs, the project's own and
    the built-in ones."""
    names = {child.name for root in layout_roots() if root.is_dir() for child in root.iterdir()
             if LAYOUT_NAME.fullmatch(child.name) and child.is_dir()}
    return frozenset(name for name in names if Layout.named(name).complete)


def _extended(folders: tuple[Path, ...]) -> str | None:
    """The layout the first ``layout.yml`` among ``folders`` extends, if it names one."""
    path = next((folder / SETTINGS_FILE for folder in folders
                 if (folder / SETTINGS_FILE).is_file()), None)
    if path is None:
        return None
    try:
        settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    base = settings.get("extends") if isinstance(settings, dict) else None
    return base if isinstance(base, str) and LAYOUT_NAME.fullmatch(base) else None


@dataclass(frozen=True)
class Layout:
    name: str
    folders: tuple[Path, ...]  # where its files are looked for, first to last

    @classmethod
    def named(cls, name: str, _seen: tuple[str, ...] = ()) -> "Layout":
        folders = layout_folders(name)
        base = _extended(folders)
        if base is not None and base != name and base not in _seen:
            folders += cls.named(base, _seen + (name,)).folders
        return cls(name, folders)

    @property
    def folder(self) -> Path:
        """The first of its folders: the project's own, if it has one."""
        return self.folders[0] if self.folders else LAYOUTS_DIR / self.name

    def path(self, name: str) -> Path:
        """The file ``name`` of the layout: in the first of its folders that has it."""
        return next((folder / name for folder in self.folders if (folder / name).is_file()),
                    self.folder / name)

    @property
    def complete(self) -> bool:
        return all(self.path(name).is_file() for name in REQUIRED_FILES)

    @cached_property
    def environment(self) -> jinja2.Environment:
        return jinja2.Environment(
            # its own files, then the built-in layouts' by name ("newsletter/print.html")
            loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(self.folders),
                                        jinja2.FileSystemLoader(LAYOUTS_DIR)]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def template(self, name: str) -> jinja2.Template:
        return self.environment.get_template(name)

    def read(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    @cached_property
    def settings(self) -> dict:
        """``layout.yml``: what the checks need to know of the printed page ({} if none)."""
        path = self.path(SETTINGS_FILE)
        if not path.is_file():
            return {}
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    def length(self, *keys: str) -> float | None:
        """A length of the settings in points (``print``, ``headline``, ``measure``), or None."""
        value: object = self.settings
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None:
            return None
        number, unit = re.fullmatch(r"([\d.]+)\s*(pt|mm|in)?", str(value)).groups()
        return float(number) * _POINTS[unit or "pt"]

    def picture_width(self, width: str = "column") -> float | None:
        """How wide a picture of ``width`` (column, half, page) prints, in points:
        ``print: picture:`` gives ``width`` (a column's), ``half`` and ``page``."""
        column = self.length("print", "picture", "width")
        if width == "column" or column is None:
            return column
        return self.length("print", "picture", width) or column

    @cached_property
    def print_coverage(self) -> frozenset[int]:
        """The characters the print layout's fonts can all draw."""
        from bulletin_press.fonts import coverage

        return coverage(self.read("print.css").decode("utf-8"))
