"""The e-book as a reader shows it: its documents in headless Chromium on a phone-sized
screen (420 × 900), in both writing modes, measured from the DOM's boxes."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from bulletin_press.build import build
from bulletin_press.diagnostics import Report
from tests.browser_tools import chromium
from tests.conftest import SAMPLE

WIDTH, HEIGHT = 420, 900
PAGES = ("cover.xhtml", "title.xhtml", "nav.xhtml", "story-01.xhtml", "licence.xhtml")
PICTURE = """
images:
  - src: images/p.jpg
    alt: 志愿者在社区门口
    caption: 图为志愿者在社区门口
    credit: 摄影　张三
"""
MEASURE = """
const root = document.documentElement, vertical = getComputedStyle(root).writingMode !== 'horizontal-tb';
const inline = vertical ? 'height' : 'width';
const limit = vertical ? root.clientHeight : root.clientWidth;
const over = [], fonts = new Set(), pictures = [];
for (const element of document.querySelectorAll('body *')) {
  const box = element.getBoundingClientRect();
  if (box[inline] > limit + 0.5) over.push(element.tagName + '.' + element.className);
  if (element.tagName.toLowerCase() === 'img')
    pictures.push([box.width, box.height, root.clientWidth, root.clientHeight]);
  for (const node of element.childNodes)
    if (node.nodeType === 3 && node.textContent.trim())
      fonts.add(getComputedStyle(element).fontFamily.split(',')[0].trim().replace(/"/g, ''));
}
return JSON.stringify({vertical, over, pictures, fonts: [...fonts]});
"""


@pytest.fixture(scope="module")
def browser():
    driver = chromium("the e-book", "--allow-file-access-from-files")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """The sample with a large picture, vertical in its Traditional editions: the zh-Hans
    (horizontal) and zh-Hant (vertical) books, unpacked."""
    from PIL import Image

    source = tmp_path_factory.mktemp("manuscripts") / "book"
    shutil.copytree(SAMPLE, source)
    (source / "images").mkdir()
    Image.new("RGB", (2400, 1600), "steelblue").save(source / "images" / "p.jpg")
    issue = source / "issue.yaml"
    issue.write_text(issue.read_text(encoding="utf-8") + "vertical: true\n", encoding="utf-8")
    story = next((source / "stories").glob("01-*.yaml"))
    story.write_text(story.read_text(encoding="utf-8") + PICTURE, encoding="utf-8")
    out = tmp_path_factory.mktemp("books")
    report = Report()
    build([source], ("epub",), ("zh-Hans", "zh-Hant"), out, report)
    assert report.ok, [str(d) for d in report]
    unpacked = {}
    for edition in ("zh-Hans", "zh-Hant"):
        folder = out / edition
        with zipfile.ZipFile(out / f"book.{edition}.epub") as archive:
            archive.extractall(folder)
        unpacked[edition] = folder / "EPUB"
    return unpacked


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-Hant"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_fits_the_screen_in_the_books_fonts(browser, books, edition, page):
    browser.get((books[edition] / page).as_uri())
    browser.execute_async_script("document.fonts.ready.then(arguments[arguments.length - 1])")
    seen = json.loads(browser.execute_script(MEASURE))
    assert seen["vertical"] == (edition == "zh-Hant" and page != "licence.xhtml")
    assert seen["over"] == []  # nothing runs past the screen along the line
    for width, height, screen_width, screen_height in seen["pictures"]:
        assert 0 < width <= screen_width and 0 < height <= screen_height
    if page in ("cover.xhtml", "story-01.xhtml"):
        assert seen["pictures"]
    # the licence's <pre> is the reader's monospace; all else is set in the book's fonts
    assert set(seen["fonts"]) - {"monospace"} <= {"BP Serif", "BP Sans"}, seen["fonts"]
    assert set(seen["fonts"]) & {"BP Serif", "BP Sans"} or page == "cover.xhtml"
