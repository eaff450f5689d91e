"""Watching what a preview is made from: the issue folder, the shared glossary beside it,
the layouts (the project's own and the built-in ones) and the fonts."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

import watchfiles

from bulletin_press.fonts import FONTS_DIR
from bulletin_press.layouts import layout_roots
from bulletin_press.manuscript.folders import SITE_FILE
from bulletin_press.manuscript.load import GLOSSARY_FILE


class Watcher:
    def __init__(self, folder: Path, changed: Callable[[set[Path]], None]):
        self.folder = folder.resolve()
        self.glossary = self.folder.parent / GLOSSARY_FILE
        self.site = self.folder.parent / SITE_FILE  # its base_url makes the QR code's address
        self.roots = [root.resolve() for root in (*layout_roots(), FONTS_DIR) if root.is_dir()]
        self.changed = changed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="preview-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def concerns(self, path: Path) -> bool:
        return (path in (self.glossary, self.site) or path == self.folder or self.folder in path.parents
                or any(root in path.parents for root in self.roots))

    def _watch(self) -> None:
        # the issue folder's parent, for the shared glossary and site.yaml (which may not
        # exist yet)
        for changes in watchfiles.watch(self.folder.parent, *self.roots,
                                        watch_filter=lambda _, path: self.concerns(Path(path)),
                                        stop_event=self._stop, step=20, debounce=400,
                                        raise_interrupt=False):
            self.changed({Path(path) for _, path in changes})
