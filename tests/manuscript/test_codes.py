"""Every warning code: a manuscript that draws it at a known line and column, and a near miss
that must not (Latin, addresses, times, decimals, English quotes, every standard form)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bulletin_press.build import load
from bulletin_press.diagnostics import CODES, Report
from tests.conftest import MINIMAL_ISSUE

HANT = "title: 測試刊\npublication: 測試簡報\ndate: 2023-05-01\nlanguage: zh-Hant\n"


def png(width: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, width), "white").save(out, "PNG")
    return out.getvalue()


def story(body: str, headline: str = "标题") -> dict:
    return {"01": f"headline: {headline}\nbody: |\n  {body}\n"}


# code: (issue.yaml, stories, extra files, (file, line, column)), and the near miss
CASES = {
    "ascii-punctuation": ((MINIMAL_ISSUE, story("一早,来了。"), {}, ("stories/01.yaml", 3, 5)),
                          (MINIMAL_ISSUE, story("Hello, world. 8:30, 3.5, 1,024, a.b@x.org。"), {})),
    "space-in-chinese": ((MINIMAL_ISSUE, story("一早 来了。"), {}, ("stories/01.yaml", 3, 5)),
                         (MINIMAL_ISSUE, story("一早来了。", "累　但值得"), {})),
    "space-beside-chinese": ((MINIMAL_ISSUE, story("共 5 人。"), {}, ("stories/01.yaml", 3, 4)),
                             (MINIMAL_ISSUE, story("共5人，见 https://x.org/a 。图1　说明"), {})),
    "fullwidth-ruby-bar": ((MINIMAL_ISSUE, story("{淡水｜Tām-tsuí}。"), {}, ("stories/01.yaml", 3, 3)),
                           (MINIMAL_ISSUE, story("{淡水|Tām-tsuí}。"), {})),
    "converter-pinyin": ((MINIMAL_ISSUE, story("局系统(tǒng)。"), {}, ("stories/01.yaml", 3, 6)),
                         (MINIMAL_ISSUE, story("Beta (test) build，不是拼音。"), {})),
    "mojibake": ((HANT, story("確??乖瓩z測試劑。", "標題"), {}, ("stories/01.yaml", 3, 4)),
                 (HANT, story("佢哋嘅嘢，啛啛。", "標題"), {})),
    "quote-style": ((HANT, story("他說：“好”。", "標題"), {}, ("stories/01.yaml", 3, 6)),
                    (HANT, story("他說：「好『吧』」，Don’t。", "標題"), {})),
    "unpaired-bracket": ((MINIMAL_ISSUE, story("他说：“好。"), {}, ("stories/01.yaml", 3, 6)),
                         (MINIMAL_ISSUE, story("他说：“好。”；1）《书》the students’ union"), {})),
    "headline-too-long": ((MINIMAL_ISSUE, story("正文。", "一" * 35), {}, ("stories/01.yaml", 1, 11)),
                          (MINIMAL_ISSUE, story("正文。", "一" * 34), {})),
    "image-resolution": (
        (MINIMAL_ISSUE, {"01": "headline: 标题\nbody: 正文。\nimages:\n  - src: a.png\n    alt: 图\n"},
         {"a.png": png(300)}, ("stories/01.yaml", 4, 10)),
        (MINIMAL_ISSUE, {"01": "headline: 标题\nbody: 正文。\nimages:\n  - src: a.png\n    alt: 图\n"},
         {"a.png": png(500)})),
    "other-script": ((HANT, story("到门诊看病。", "標題"), {}, ("stories/01.yaml", 3, 4)),
                     (HANT, story("台北101的平台、服務台，占地；爲、裏、啓、着、羣。", "標題"), {})),
    "glossary-form": ((MINIMAL_ISSUE + "glossary:\n  马跃俊: 馬躍俊\n", story("馬躍俊同志。"), {},
                       ("stories/01.yaml", 3, 3)),
                      (MINIMAL_ISSUE + "glossary:\n  马跃俊: 馬躍俊\n", story("马跃俊同志，原著。"), {})),
    "unlisted-story": ((MINIMAL_ISSUE + "stories: ['01']\n", {**story("正文。"), "02": "headline: 二\nbody: 二。\n"},
                        {}, ("stories/02.yaml", 0, 0)),
                       (MINIMAL_ISSUE + "stories: ['01', '02']\n",
                        {**story("正文。"), "02": "headline: 二\nbody: 二。\n"}, {})),
    "yml-file": ((MINIMAL_ISSUE, story("正文。"), {"stories/02.yml": b"headline: x\n"},
                  ("stories/02.yml", 0, 0)),
                 (MINIMAL_ISSUE, story("正文。"), {"stories/notes.txt": b"x"})),
    "vertical-without-traditional": ((MINIMAL_ISSUE + "vertical: true\n", story("正文。"), {},
                                      ("issue.yaml", 5, 1)),
                                     (MINIMAL_ISSUE + "editions: [zh-Hans, zh-Hant]\nvertical: true\n",
                                      story("正文。"), {})),
}


def found(issue_folder, issue: str, stories: dict, files: dict) -> list[tuple]:
    folder = issue_folder(issue, stories=stories, files=files)
    report = Report()
    load([folder], report)
    assert report.ok, [str(d) for d in report]
    return [(d.code, str(d.location.path.relative_to(folder)), d.location.line, d.location.col)
            for d in report]


def test_every_code_has_its_case():
    assert set(CASES) == set(CODES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_code_is_drawn_at_its_place(issue_folder, code):
    (issue, stories, files, place), _ = CASES[code]
    drawn = found(issue_folder, issue, stories, files)
    assert {item[0] for item in drawn} == {code} and drawn[0] == (code, *place)


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_near_miss_draws_nothing(issue_folder, code):
    _, (issue, stories, files) = CASES[code]
    assert found(issue_folder, issue, stories, files) == []
