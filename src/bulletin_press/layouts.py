"""Layouts: a folder of Jinja2 templates and CSS under ``layouts/``.

A layout has ``print.html`` and ``print.css`` for the PDF, and ``ebook/`` for the
EPUB: ``title.xhtml``, ``story.xhtml``, ``cover.xhtml`` and ``licence.xhtml`` with
``ebook.css`` (and ``vertical.css`` for vertical editions), and ``cover.html``
with ``cover.css``, the cover image's page, set like print.  Templates are
autoescaped: manuscript text is always text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2
import yaml

from bulletin_press.places import LAYOUTS_DIR, PROJECT_ROOT  # noqa: F401 (named from here too)

SETTINGS_FILE = "layout.yml"
_POINTS = {"pt": 1.0, "mm": 72 / 25.4, "in": 72.0}
REQUIRED_FILES = ("print.html", "print.css", "ebook/title.xhtml", "ebook/story.xhtml",
                  "ebook/ebook.css", "ebook/cover.html", "ebook/cover.css", "ebook/cover.xhtml",
                  "ebook/licence.xhtml")


def available_layouts(root: Path = LAYOUTS_DIR) -> frozenset[str]:
    if not root.is_dir():
        return frozenset()
    return frozenset(child.name for child in root.iterdir()
                     if all((child / name).is_file() for name in REQUIRED_FILES))


@dataclass(frozen=True)
class Layout:
    name: str
    folder: Path

    @classmethod
    def named(cls, name: str, root: Path = LAYOUTS_DIR) -> "Layout":
        return cls(name, root / name)

    @cached_property
    def environment(self) -> jinja2.Environment:
        return jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.folder),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def template(self, name: str) -> jinja2.Template:
        return self.environment.get_template(name)

    def read(self, name: str) -> bytes:
        return (self.folder / name).read_bytes()

    @cached_property
    def settings(self) -> dict:
        """``layout.yml``: what the checks need to know of the printed page ({} if none)."""
        path = self.folder / SETTINGS_FILE
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

    @cached_property
    def print_coverage(self) -> frozenset[int]:
        """The characters the print layout's fonts can all draw."""
        from bulletin_press.fonts import coverage

        return coverage(self.read("print.css").decode("utf-8"))
