"""The line grid: body lines of both columns stand on one grid, whatever stands between them
(headlines, bylines, pictures with captions, pull quotes), read from the built PDF."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from PIL import Image

from bulletin_press.backends.pdf import render_pdf
from bulletin_press.build import load
from bulletin_press.diagnostics import Report
from bulletin_press.layouts import Layout
from bulletin_press.typeset import typeset_print
from tests.backends.test_clreq import MIXED, build
from tests.typography_tools import baseline, read_lines

PITCH = Layout.named("newsletter").length("print", "grid", "pitch")
BODY = "执法协调处的同志们在居家隔离期间主动担任社区志愿者，把多年的机关工作经验运用在抗疫志愿服务工作上。" * 3


def phases(pdf: bytes) -> dict[tuple[int, int], list[float]]:
    """Per page and column, each body line's baseline modulo the grid's pitch."""
    lines = read_lines(pdf, sizes=(10.5,))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        height = document.pages[0].height
    found: dict[tuple[int, int], list[float]] = {}
    for line in lines:
        found.setdefault((line.page, line.column), []).append(
            baseline(line.chars[0], height) % PITCH)
    return found


def assert_on_one_grid(pdf: bytes) -> None:
    found = phases(pdf)
    pages = {page for page, _ in found}
    # there is something to measure: both columns of the first page have lines
    assert (0, 0) in found and (0, 1) in found and len(found[0, 1]) > 3, found.keys()
    for page in pages:
        values = [value for (p, _), column in found.items() if p == page for value in column]
        reference = values[0]
        off = [round(value, 2) for value in values
               if min((value - reference) % PITCH, (reference - value) % PITCH) > 0.05]
        assert off == [], (page, round(reference, 2), sorted(set(off)))


def test_body_lines_of_both_columns_share_one_grid_in_the_sample(sample_outputs):
    assert_on_one_grid(sample_outputs["pdf"].read_bytes())


def test_body_lines_of_both_columns_share_one_grid_in_mixed_text():
    _, pdf, _, _ = build(MIXED)
    assert_on_one_grid(pdf)


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (70, 110, 160)).save(out, "PNG")
    return out.getvalue()


STORY = """\
headline: {headline}
byline: 本刊记者　李明
body: |
  {body}

  {body}
images:
  - src: {src}
    alt: 一张图
    caption: {caption}
    credit: 摄影　张三
quote: 我们不仅要把工作做好，还要把群众的事放在心上。
"""


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    from tests.conftest import MINIMAL_ISSUE, write_issue

    shapes = [(1200, 800), (1000, 1013), (900, 371), (1600, 1201)]
    captions = ["志愿者在社区门口合影", "社区志愿者在小区门口为居民分发抗原检测试剂和生活物资，居民们排队有序领取，现场秩序井然",
                "执法站点的5G专网机房", "夜里的小区门口"]
    stories = {f"{index:02}": STORY.format(headline=f"第{index}个故事", body=BODY[:40 + 17 * index],
                                           src=f"images/{index}.png", caption=caption)
               for index, caption in enumerate(captions)}
    files = {f"images/{index}.png": png(*shape) for index, shape in enumerate(shapes)}
    folder = write_issue(tmp_path_factory.mktemp("g") / "test-issue", MINIMAL_ISSUE, stories, files)
    report = Report()
    (issue,) = load([folder], report)
    assert report.ok, [str(d) for d in report]
    return render_pdf(typeset_print(issue, "zh-Hans", Layout.named(issue.layout)))


def test_pictures_captions_bylines_and_pull_quotes_take_whole_lines(figures):
    with pdfplumber.open(io.BytesIO(figures)) as document:
        assert sum(len(page.images) for page in document.pages) == 4
    assert_on_one_grid(figures)
