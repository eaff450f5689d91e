"""The build cache: which outputs are up to date with everything they are made from.

A target's key is a hash of all it reads: every entry of its issue folder and the
shared glossary beside it, its layout (the project's own folder of it and the
built-in layouts), the fonts (the manifest, whose sha256s stand for the font files,
and each file's size), the package's own files (a new version or a changed line
builds again), and the options that change the bytes.

The record, ``<out>/.bulletin-press-cache.json``, keeps each output's key, size and
hash.  It is not trusted blindly: an output is up to date only when its key is the
target's and the file or folder on disk still has the recorded size and hash.  The
record is published with the outputs it names, so it never names one not in place.
Only the standard library is used here: with every output up to date, a build reads
no manuscript and imports neither the converter nor WeasyPrint.

What is slow to derive and outlives a build (the fonts with a region's forms frozen in)
is kept by :func:`remembered` in the user's cache folder, named by a hash of all it is
made from.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from functools import cache, cached_property
from pathlib import Path, PurePosixPath
from typing import Callable, Union

from bulletin_press.formats import DEFAULT_PROFILE, output_name, profile_of
from bulletin_press.manuscript.folders import GLOSSARY_FILE, SITE_FILE
from bulletin_press.places import FONTS_DIR, LAYOUTS_DIR, project_layouts

CACHE_FILE = ".bulletin-press-cache.json"
RECORD_VERSION = 1
RECORD_LIMIT = 16 * 1024 * 1024  # a record larger than this is not read, only replaced
PACKAGE_DIR = Path(__file__).resolve().parent
FONT_MANIFEST = "manifest.json"

Content = Union[bytes, dict[str, bytes]]  # an output: a file, or a folder's files by name
USER_CACHE = "bulletin-press"


def _file_digest(path: Path) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _entry(digest: "hashlib._Hash", path: Path, name: str) -> None:
    """One entry by kind: a file's bytes, a link's text (links are not followed), other
    kinds by kind alone (the loader refuses them)."""
    info = os.lstat(path)
    if stat.S_ISREG(info.st_mode):
        described = "file " + _file_digest(path)
    elif stat.S_ISLNK(info.st_mode):
        described = "link " + os.readlink(path)
    elif stat.S_ISDIR(info.st_mode):
        described = "folder"
    else:
        described = "other"
    digest.update(f"{name}\0{described}\n".encode("utf-8", "surrogateescape"))


def tree_digest(folder: Path, skip: frozenset[str] = frozenset()) -> str:
    """A hash of every entry below ``folder`` by relative name (a missing folder hashes as
    empty)."""
    digest = hashlib.sha256()
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name not in skip)
        base = Path(root)
        for name in sorted([*folders, *files]):
            if name not in skip:
                _entry(digest, base / name, (base / name).relative_to(folder).as_posix())
    return digest.hexdigest()


@cache
def package_digest() -> str:
    """The package's own code and data.  An installed package's built-in layouts and fonts
    are left out: a target's key has its layout, and the fonts, on their own."""
    return tree_digest(PACKAGE_DIR, frozenset({"__pycache__", "builtin_layouts", "builtin_fonts"}))


@cache
def fonts_digest(folder: Path = FONTS_DIR) -> str:
    digest = hashlib.sha256()
    try:
        manifest = (folder / FONT_MANIFEST).read_bytes()
        listed = {font["file"] for font in json.loads(manifest)["fonts"]}
    except (OSError, ValueError, KeyError, TypeError):
        manifest, listed = b"", set()
    digest.update(hashlib.sha256(manifest).digest())
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.name in listed and path.is_file() and not path.is_symlink():
            # the manifest's sha256 stands for the file; its size catches a swapped file
            digest.update(f"{path.name}\0size {path.stat().st_size}\n".encode())
        elif path.name != FONT_MANIFEST:
            _entry(digest, path, path.name)
    return digest.hexdigest()


class Keys:
    """The keys of one run's targets; what targets share is hashed once per run."""

    def __init__(self, epoch: str, file_bytes: int, layout: str | None = None):
        # a layout chosen on the command line (build --layout) stands for every issue's own
        self.options = {"epoch": epoch, "file_bytes": file_bytes, "version": RECORD_VERSION}
        if layout is not None:
            self.options["layout"] = layout
        self._issues: dict[Path, str] = {}
        self._layouts: dict[str, str] = {}

    @cached_property
    def shared(self) -> str:
        return json.dumps([package_digest(), fonts_digest(), self.options], sort_keys=True)

    def issue(self, folder: Path) -> str:
        if folder not in self._issues:
            digest = hashlib.sha256(tree_digest(folder).encode())
            for name in (GLOSSARY_FILE, SITE_FILE):  # shared by the issues beside it
                if os.path.lexists(folder.parent / name):
                    _entry(digest, folder.parent / name, name)
            self._issues[folder] = digest.hexdigest()
        return self._issues[folder]

    def layout(self, name: str) -> str:
        """The project's own folder of the layout, and the built-in layouts (a template may
        extend any of them)."""
        if name not in self._layouts:
            own = project_layouts()
            parts = [tree_digest(LAYOUTS_DIR, frozenset({"__pycache__"}))]
            if own is not None and (own / name).is_dir():
                parts.append(tree_digest(own / name))
            self._layouts[name] = hashlib.sha256("\0".join(parts).encode()).hexdigest()
        return self._layouts[name]

    def target(self, folder: Path, layout: str, edition: str, fmt: str,
               profile: str = DEFAULT_PROFILE) -> str:
        parts = [self.shared, self.issue(folder), layout, self.layout(layout), edition, fmt,
                 profile_of(fmt, profile)]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _listing_digest(hashes: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(hashes):
        digest.update(f"{name}\0{hashes[name]}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def content_digest(content: Content) -> tuple[int, str]:
    """The size and hash of an output made in memory."""
    files = content if isinstance(content, dict) else {"": content}
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    return sum(len(data) for data in files.values()), _listing_digest(hashes)


def disk_digest(path: Path) -> tuple[int, str] | None:
    """The size and hash of an output on disk, as :func:`content_digest` gives them;
    None when it is missing, or a link, or a folder holding anything but files."""
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode):
            return info.st_size, _listing_digest({"": _file_digest(path)})
        if not stat.S_ISDIR(info.st_mode):
            return None
        hashes, size = {}, 0
        for root, folders, names in os.walk(path):
            for name in [*folders, *names]:
                entry = Path(root) / name
                kind = os.lstat(entry).st_mode
                if stat.S_ISDIR(kind):
                    continue
                if not stat.S_ISREG(kind):
                    return None
                hashes[PurePosixPath(entry.relative_to(path)).as_posix()] = _file_digest(entry)
                size += os.lstat(entry).st_size
        return size, _listing_digest(hashes)
    except OSError:
        return None


class Record:
    """What the last builds into one output folder made: per issue its layout and
    editions, per output its key, size and hash."""

    def __init__(self, issues: dict | None = None):
        self.issues: dict[str, dict] = issues or {}

    @classmethod
    def read(cls, out: Path) -> "Record":
        """The record in ``out``; an empty one where it is missing, unreadable or not ours."""
        try:
            fd = os.open(out / CACHE_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return cls()
        try:
            with open(fd, "rb") as stream:
                if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                    return cls()
                data = json.loads(stream.read(RECORD_LIMIT + 1)[:RECORD_LIMIT])
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("version") != RECORD_VERSION \
                or not isinstance(data.get("issues"), dict):
            return cls()
        return cls(data["issues"])

    def fresh(self, folder: Path, keys: Keys, out: Path, formats: tuple[str, ...],
              editions: tuple[str, ...] | None,
              profile: str = DEFAULT_PROFILE) -> list[Path] | None:
        """The outputs of the issue in ``folder`` asked for, when all of them are up to
        date; None when one is not (or the record cannot tell)."""
        issue_id = folder.resolve().name
        entry = self.issues.get(issue_id)
        try:
            chosen = [edition for edition in entry["editions"]
                      if not editions or edition in editions]
            # set in a layout given for the run, the names carry it (build.plan)
            given = keys.options.get("layout")
            named = {edition: f"{edition}.{given}" if given else edition for edition in chosen}
            paths = [out / output_name(issue_id, named[edition], fmt, profile)
                     for edition in chosen for fmt in formats
                     if self.in_place(issue_id,
                                      out / output_name(issue_id, named[edition], fmt, profile),
                                      keys.target(folder, entry["layout"], edition, fmt,
                                                  profile))]
        except (KeyError, TypeError, AttributeError):
            return None
        return paths if paths and len(paths) == len(chosen) * len(formats) else None

    def in_place(self, issue_id: str, path: Path, key: str) -> bool:
        """Whether the output at ``path`` was made with ``key`` and is still as made."""
        try:
            recorded = self.issues[issue_id]["outputs"][path.name]
            return recorded["key"] == key and \
                disk_digest(path) == (recorded["size"], recorded["sha256"])
        except (KeyError, TypeError):
            return False

    def note(self, issue_id: str, layout: str, editions: tuple[str, ...], name: str, key: str,
             content: Content) -> None:
        """An output made, to be published with this record."""
        entry = self.issues.get(issue_id)
        if not isinstance(entry, dict) or entry.get("layout") != layout \
                or entry.get("editions") != list(editions) \
                or not isinstance(entry.get("outputs"), dict):
            entry = self.issues[issue_id] = {"layout": layout, "editions": list(editions),
                                             "outputs": {}}
        size, digest = content_digest(content)
        entry["outputs"][name] = {"key": key, "size": size, "sha256": digest}

    def dumps(self) -> bytes:
        return json.dumps({"version": RECORD_VERSION, "issues": self.issues}, indent=1,
                          sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n"


def user_cache_folder() -> Path:
    """``$XDG_CACHE_HOME/bulletin-press``, by default ``~/.cache/bulletin-press``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / USER_CACHE


def remembered(name: str, make: Callable[[], bytes]) -> bytes:
    """``make()``, kept in the user's cache folder as ``name`` (which must be a hash of all
    it is made from), and read from there by later runs.  A kept copy is checked against
    its own hash; a cache folder that cannot be read or written is passed by."""
    path = user_cache_folder() / name
    try:
        kept = path.read_bytes()
        if len(kept) >= 32 and hashlib.sha256(kept[:-32]).digest() == kept[-32:]:
            return kept[:-32]
    except (OSError, ValueError):
        pass
    data = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".", delete=False) as stream:
            stream.write(data + hashlib.sha256(data).digest())
        os.replace(stream.name, path)
    except OSError:
        try:
            os.unlink(stream.name)
        except (OSError, NameError):
            pass
    return data


# identity → (the bytes, their sha256) of the fonts documents carry: an edition's faces are
# made once per process (fonts.font_resources), so each is hashed once; the bytes are held,
# so that an identity stays theirs.  Other resources (pictures) are hashed each time.
_font_digests: dict[int, tuple[bytes, str]] = {}


def _resource_digest(name: str, data: bytes) -> str:
    from bulletin_press.fonts import URL_PREFIX  # a renderer's import: tinycss2

    if not name.startswith(URL_PREFIX):
        return hashlib.sha256(data).hexdigest()
    if id(data) not in _font_digests:
        _font_digests[id(data)] = (data, hashlib.sha256(data).hexdigest())
    return _font_digests[id(data)][1]


@cache
def renderer_digest() -> str:
    """What draws a page besides the document: the package's code (the clreq adapter
    included), WeasyPrint's and pypdfium2's versions, and the Pango library's."""
    from importlib import metadata

    from bulletin_press.libraries import pango_version

    versions = []
    for name in ("weasyprint", "pypdfium2"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} none")
    return hashlib.sha256(json.dumps([package_digest(), versions, pango_version()])
                          .encode()).hexdigest()


def document_digest(document, *options: str) -> str:  # noqa: ANN001 (typeset.Document)
    """A hash of everything a typeset document shows: its pages, its resources and
    stylesheets, its edition, identifier and date, the renderer, and ``options``."""
    digest = hashlib.sha256(renderer_digest().encode())
    for part in (*options, document.edition, document.identifier, str(document.modified),
                 *document.stylesheets):
        digest.update(f"{part}\0".encode("utf-8", "surrogateescape"))
    for page in document.pages:
        digest.update(f"page {page.name}\0{page.kind}\0{page.title}\0".encode("utf-8",
                                                                               "surrogateescape"))
        digest.update(hashlib.sha256(page.html.encode("utf-8", "surrogateescape")).digest())
    for name in sorted(document.resources):
        digest.update(f"resource {name}\0{_resource_digest(name, document.resources[name])}\n"
                      .encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
