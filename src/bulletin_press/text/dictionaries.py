"""OpenCC as the editions use it: its configurations with our corrections, and its dictionaries.

Corrections are made the way OpenCC is extended: ``data/opencc/`` holds copies of the stock
configurations in which a text dictionary of ours comes first in a dictionary group (see
``data/opencc/README.md``).  In a ``union`` group the longest match of any dictionary wins
and the first dictionary wins a tie; in a ``short_circuit`` group the first dictionary with
any match wins.

OpenCC looks for a configuration's dictionaries beside the configuration, in the working
directory and in a folder fixed when the library was built (a build machine's folder, in the
wheels on PyPI), never in the installed package.  So our copies name every dictionary by its
file name, as the stock ones do, and each is resolved here to an absolute path — ours in
``data/opencc/``, the stock ones in the opencc package — in a copy handed to OpenCC.

The edition review reads what the dictionaries say: our text dictionaries directly, the
stock ones (binary ``.ocd2``) through ``opencc_dict``, the tool the opencc package ships.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, Iterator

import opencc

DATA = Path(__file__).parent / "data" / "opencc"
_CLIB = Path(opencc.__file__).parent / "clib"
STOCK = _CLIB / "share" / "opencc"
DICTIONARY_TOOL = _CLIB / "bin" / "opencc_dict"

Entries = dict[str, tuple[str, ...]]  # key → its forms, the default first


def ours(name: str) -> bool:
    """Whether the configuration ``name`` (s2tw, tw2sp, …) is one we correct."""
    return (DATA / f"{name}.json").is_file()


@cache
def configuration(name: str) -> dict[str, Any]:
    """The configuration ``name`` with every dictionary file as an absolute path."""
    path = DATA / f"{name}.json" if ours(name) else STOCK / f"{name}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    for dictionary in leaves(document):
        dictionary["file"] = str(_dictionary_file(dictionary["file"]))
    return document


def _dictionary_file(name: str) -> Path:
    return DATA / name if (DATA / name).is_file() else STOCK / name


@cache
def converter(name: str) -> opencc.OpenCC:
    """An OpenCC converter for the configuration ``name``, corrected where we correct it."""
    if not ours(name):
        return opencc.OpenCC(name)
    with tempfile.TemporaryDirectory(prefix="bulletin-press-opencc-") as folder:
        path = Path(folder) / f"{name}.json"
        path.write_text(json.dumps(configuration(name), ensure_ascii=False), encoding="utf-8")
        # the dictionaries are read now, once: the copy is not needed afterwards
        return opencc.OpenCC(str(path))


def leaves(node: Any) -> Iterator[dict[str, Any]]:
    """Every dictionary (not group) named anywhere in a configuration, in order."""
    if isinstance(node, dict):
        if "file" in node:
            yield node
        for value in node.values():
            yield from leaves(value)
    elif isinstance(node, list):
        for item in node:
            yield from leaves(item)


@cache
def entries(file: str) -> Entries:
    """The entries of a dictionary file (an absolute path, as :func:`configuration` gives)."""
    path = Path(file)
    if path.suffix == ".txt":
        return _parse(path.read_text(encoding="utf-8"))
    if not DICTIONARY_TOOL.is_file():
        raise LookupError(f"reading OpenCC's dictionaries needs {DICTIONARY_TOOL.name}, which "
                          f"the opencc package installs in {DICTIONARY_TOOL.parent}; it is not there")
    with tempfile.TemporaryDirectory(prefix="bulletin-press-opencc-") as folder:
        text = Path(folder) / (path.stem + ".txt")
        subprocess.run([str(DICTIONARY_TOOL), "-i", str(path), "-o", str(text), "-f", "ocd2",
                        "-t", "text"], check=True, capture_output=True, timeout=60,
                       env={"PATH": os.defpath})
        return _parse(text.read_text(encoding="utf-8"))


def _parse(text: str) -> Entries:
    found: Entries = {}
    for line in text.splitlines():
        if "\t" in line:
            key, values = line.split("\t", 1)
            found.setdefault(key, tuple(values.split(" ")))
    return found
