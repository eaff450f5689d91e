"""The e-book's accessibility as DAISY Ace reports it: no violation of any impact, in every
edition, horizontal and vertical, with ruby, emphasis and pictures."""

from __future__ import annotations

import pytest

from bulletin_press.build import build
from bulletin_press.diagnostics import Report
from tests.backends.test_epub import VERTICAL_ISSUE, VERTICAL_STORY
from tests.conftest import write_issue
from tests.epub_tools import ace_violations
from tests.reliability.conftest import png

PICTURE = """\
    images:
      - src: images/p.png
        alt: 一张照片
        caption: 图为**现场**
        credit: 摄影　张三
    quote: 引语
    """


@pytest.fixture(scope="module")
def verdicts(sample_outputs, tmp_path_factory) -> dict[str, list[str]]:
    """Ace's violations for each book: the sample's editions, and a vertical book with ruby,
    emphasis, a picture and a quote.  Each book is checked once."""
    folder = write_issue(tmp_path_factory.mktemp("manuscripts") / "vertical", VERTICAL_ISSUE,
                         {"01": VERTICAL_STORY + PICTURE}, {"images/p.png": png()})
    out = tmp_path_factory.mktemp("vertical")
    report = Report()
    (vertical,) = build([folder], ("epub",), None, out, report).written
    assert report.ok, [str(d) for d in report]
    books = {f"sample {edition}": sample_outputs[f"epub:{edition}"]
             for edition in ("zh-Hans", "zh-Hant", "zh-Hant-HK")}
    books["vertical"] = vertical
    found = ace_violations(list(books.values()), tmp_path_factory.mktemp("ace"))
    return {name: found[path] for name, path in books.items()}


@pytest.mark.parametrize("book", ["sample zh-Hans", "sample zh-Hant", "sample zh-Hant-HK",
                                  "vertical"])
def test_ace_finds_nothing(verdicts, book):
    assert verdicts[book] == []
