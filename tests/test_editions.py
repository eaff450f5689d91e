"""The sample built in all three editions: each in its own script, tagged with its own language."""

from __future__ import annotations

import re

import opencc
import pypdf
import pytest

from tests.epub_tools import NS, epubcheck, opf, xml
from tests.pdf_tools import body_text

EDITIONS = ("zh-Hans", "zh-Hant", "zh-Hant-HK")
URL = "https://bulletin.example.org/2022-04-community-volunteers/"


@pytest.mark.parametrize("edition, present, absent", [
    ("zh-Hans", ["局系统党员干部", "“谋划早、效率高、落实好”", "并为行动不便", "马跃俊", "扫码阅读网络版",
                 "群众", "500余户"], ["幹部", "「"]),
    ("zh-Hant", ["局系統黨員幹部", "「謀劃早、效率高、落實好」", "並為行動不便", "馬躍俊", "掃碼閱讀網絡版",
                 "市民群眾", "執法協調處", "500餘戶"], ["干部", "併為", "“", "羣"]),
    ("zh-Hant-HK", ["局系統黨員幹部", "「謀劃早、效率高、落實好」", "並為行動不便", "馬躍俊",
                    "市民羣眾", "500餘户", "她説道"], ["干部", "併為", "“", "群眾"]),
])
def test_each_editions_text(sample_outputs, edition, present, absent):
    text = body_text(sample_outputs[f"pdf:{edition}"])
    for phrase in present:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase


@pytest.mark.parametrize("edition, configuration", [("zh-Hant", "s2tw"), ("zh-Hant-HK", "s2hk")])
def test_traditional_editions_have_no_simplified_left(sample_outputs, edition, configuration):
    # Converting an edition's text once more changes nothing: no Simplified character is left,
    # and each character is in its edition's standard form (Taiwan 群, Hong Kong 羣).
    convert = opencc.OpenCC(configuration).convert
    text = body_text(sample_outputs[f"pdf:{edition}"]).replace(URL, "")
    epub_text = "".join(xml(sample_outputs[f"epub:{edition}"], f"EPUB/story-0{n}.xhtml")
                        .xpath("string(//x:body)", namespaces=NS) for n in range(1, 5))
    for printed in (text, epub_text):
        assert [(a, b) for a, b in zip(printed, convert(printed)) if a != b] == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_language_tags_and_metadata(sample_outputs, edition):
    reader = pypdf.PdfReader(sample_outputs[f"pdf:{edition}"])
    assert reader.trailer["/Root"]["/Lang"] == edition
    title = {"zh-Hans": "机关工作简报 · 守望相助　共克时艰",
             "zh-Hant": "機關工作簡報 · 守望相助　共克時艱",
             "zh-Hant-HK": "機關工作簡報 · 守望相助　共克時艱"}[edition]
    assert reader.metadata.title == title
    epub = sample_outputs[f"epub:{edition}"]
    package = opf(epub)
    assert package.xpath("//dc:language/text()", namespaces=NS) == [edition]
    assert package.xpath("//dc:title/text()", namespaces=NS) == [title.split(" · ")[1]]
    for name in ("title", "story-01", "nav"):
        document = xml(epub, f"EPUB/{name}.xhtml")
        assert document.get("lang") == edition
        assert document.get("{http://www.w3.org/XML/1998/namespace}lang") == edition
    html = (sample_outputs[f"html:{edition}"] / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{edition}">' in html


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_editions_epub_passes_epubcheck(sample_outputs, edition):
    assert epubcheck(sample_outputs[f"epub:{edition}"]) == []


def test_editions_have_distinct_identifiers(sample_outputs):
    identifiers = {opf(sample_outputs[f"epub:{e}"]).xpath("//dc:identifier/text()", namespaces=NS)[0]
                   for e in EDITIONS}
    assert len(identifiers) == 3 and all(re.match(r"urn:uuid:[0-9a-f-]{36}$", i) for i in identifiers)
