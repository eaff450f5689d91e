"""The bulletin's parts in print: pictures where `placement`, `after` and `width` put them,
pull quotes among the text, headlines across the columns, the contents box, and no column
left short where a picture or pull quote did not fit — read from the built PDF."""

from __future__ import annotations

import io
import re
import shutil

import pdfplumber
import pytest
from PIL import Image, ImageDraw

from bulletin_press.build import build, load
from bulletin_press.diagnostics import Report
from bulletin_press.layouts import Layout
from bulletin_press.placement import segments, story_parts
from tests.conftest import SAMPLE
from tests.typography_tools import COLUMN, GUTTER, MARGIN

PITCH = Layout.named("newsletter").length("print", "grid", "pitch")
WIDTHS = {name: Layout.named("newsletter").picture_width(name)
          for name in ("column", "half", "page")}

LONG_STORY = """\
headline: 数据团队的一年
body: |
  第一段：数据团队今年完成了全区八十六个监测点的接入，数据每五分钟更新一次，平台的访问量比去年增加了一倍多，群众打开手机就能看到身边的空气质量。
  团队还为各街道培训了一百二十名数据联络员。

  第二段：上线之初，平台每天要处理的数据超过两百万条，团队连续三个星期加班，把入库时间从四十分钟缩短到六分钟，又把预警短信的发送时间缩短到三十秒以内。

  第三段：遇到超标，平台会在三十秒内向责任人发送短信；若十分钟内无人确认，再通知处长。上线第一个月，平台共发出预警一百三十七次，其中误报九次。

  第四段：下一步，团队将与气象局的接口对接，对未来二十四小时的浓度做出预测，并把结果推送给学校、医院和养老院，让大家提前做好防护。
quote: 把群众的事当成自己的事，数据才有温度。
quote-after: 2
images:
  - src: images/half.jpg
    alt: 数据团队在机房
    caption: 数据团队在机房
    width: half
    after: 3
"""


def picture(path, size, colour) -> None:
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 60):
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(255, 255, 255), width=5)
    image.save(path, quality=85)


@pytest.fixture(scope="module")
def placed(tmp_path_factory):
    """The sample with pictures and pull quotes placed every way, built as a zh-Hans PDF:
    (the PDF's bytes, the build's outcome)."""
    folder = tmp_path_factory.mktemp("placed") / "2022-04-placed"
    shutil.copytree(SAMPLE, folder)
    (folder / "images").mkdir()
    picture(folder / "images/a.jpg", (1600, 1000), (180, 120, 90))
    picture(folder / "images/half.jpg", (1200, 1200), (60, 120, 180))
    picture(folder / "images/wide.jpg", (2400, 1000), (90, 160, 90))
    stories = folder / "stories"
    with open(stories / "01-wang-yue.yaml", "a", encoding="utf-8") as story:
        story.write("span: columns\nimages:\n  - src: images/wide.jpg\n    alt: 社区全景\n"
                    "    caption: 半淞园街道高雄居民区\n    placement: span\n")
    with open(stories / "02-xie-ting.yaml", "a", encoding="utf-8") as story:
        # after its only paragraph, it does not fit at the foot of its column
        story.write("images:\n  - src: images/a.jpg\n    alt: 志愿者\n    caption: 志愿者们\n"
                    "    placement: inline\n    after: 1\n")
    (stories / "05-data.yaml").write_text(LONG_STORY, encoding="utf-8")
    issue = (folder / "issue.yaml").read_text(encoding="utf-8")
    (folder / "issue.yaml").write_text(re.sub(r"(stories:(\n  - .*)+)", r"\1\n  - 05-data",
                                              issue), encoding="utf-8")
    report = Report()
    out = tmp_path_factory.mktemp("out")
    outcome = build([folder], ("pdf",), ("zh-Hans",), out, report)
    assert report.ok, [str(d) for d in report]
    return (out / "2022-04-placed.zh-Hans.pdf").read_bytes(), outcome


def columns_of(pdf: bytes) -> list[dict[int, float]]:
    """Per page, how far down each column's ink reaches (pt from the page's top): text and
    pictures inside the text block, the running head and folio left out."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            bottoms: dict[int, float] = {}
            items = [(c["x0"], c["x1"], c["bottom"]) for c in page.chars if c["text"].strip()]
            items += [(i["x0"], i["x1"], i["bottom"]) for i in page.images]
            for x0, x1, bottom in items:
                if not 51 < bottom < page.height - 56:
                    continue
                for column in (0, 1):
                    left = MARGIN + column * (COLUMN + GUTTER)
                    if x0 < left + COLUMN and x1 > left:
                        bottoms[column] = max(bottoms.get(column, 0.0), bottom)
            found.append(bottoms)
    return found


def assert_no_column_short(pdf: bytes) -> None:
    """No column more than two lines short of its neighbour, but on the last page."""
    pages = columns_of(pdf)
    for number, bottoms in enumerate(pages[:-1], 1):
        assert len(bottoms) == 2, (number, bottoms)
        assert abs(bottoms[0] - bottoms[1]) <= 2 * PITCH + 1, (number, bottoms)


TEXT = "执法协调处的同志们在居家隔离期间主动担任社区志愿者，把多年的机关工作经验运用在抗疫志愿服务工作上。"


def test_a_picture_that_leaves_a_column_short_is_moved_and_said_so(issue_folder, tmp_path):
    # the first paragraph ends four lines above the foot of page 1's first column: the
    # picture after it does not fit there
    body = "\n\n  ".join(((TEXT * 20)[:544], (TEXT * 30)[:1200], (TEXT * 30)[:600]))
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (70, 110, 160)).save(out, "PNG")
    folder = issue_folder(stories={"01": "headline: 标题\nimages:\n  - src: p.png\n    alt: 图\n"
                                         "    caption: 图片说明\n    placement: inline\n"
                                         f"    after: 1\nbody: |\n  {body}\n"},
                          files={"p.png": out.getvalue()})
    report = Report()
    outcome = build([folder], ("pdf",), ("zh-Hans",), tmp_path / "out", report)
    assert report.ok, [str(d) for d in report]
    (measured,) = outcome.fits.values()
    assert measured.moved == ("01: picture 1 moved after paragraph 2: after paragraph 1, it "
                              "left column 1 of page 1 short by 4 lines",)
    assert_no_column_short((tmp_path / "out" / "test-issue.zh-Hans.pdf").read_bytes())
    # set where it was asked, the column is short
    from bulletin_press.backends.pdf import render_pdf
    from bulletin_press.typeset import typeset_print

    (issue,) = load([folder], Report())
    as_asked = render_pdf(typeset_print(issue, "zh-Hans", Layout.named(issue.layout)))
    with pytest.raises(AssertionError):
        assert_no_column_short(as_asked)


@pytest.mark.parametrize("name", ["sample", "hard cases"])
def test_no_column_is_left_short_but_on_the_last_page(name, sample_outputs, tmp_path):
    if name == "sample":
        pdf = sample_outputs["pdf"].read_bytes()
    else:
        from tests.clreq.test_hard_cases import HARD_CASES

        report = Report()
        build([HARD_CASES], ("pdf",), ("zh-Hans",), tmp_path, report)
        pdf = next(tmp_path.glob("*.pdf")).read_bytes()
    assert len(columns_of(pdf)) >= 2
    assert_no_column_short(pdf)


def test_pictures_print_as_wide_as_asked(placed):
    pdf, _ = placed
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        widths = sorted(round(image["x1"] - image["x0"], 1)
                        for page in document.pages for image in page.images
                        if image["x1"] - image["x0"] > 60)  # not the QR code
    assert widths == sorted([round(WIDTHS["half"], 1), round(WIDTHS["column"], 1),
                             round(WIDTHS["page"], 1)])


def test_a_span_picture_and_headline_stand_across_the_columns_above_the_story(placed):
    pdf, _ = placed
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        wide = [i for i in page.images if i["x1"] - i["x0"] > COLUMN + 1]
        title = min(c["bottom"] for c in page.chars if round(c["size"]) == 20)
        headline = [c for c in page.chars if round(c["size"]) == 20 and c["top"] > title]
    (wide,) = wide
    assert wide["x0"] == pytest.approx(MARGIN, abs=0.5)
    assert "".join(c["text"] for c in headline).replace(" ", "") == "我们要提前谋划提高效率\u3000解决问题"
    # under the picture and its caption, set larger; under it, both columns: the contents
    # box (9.5 pt) in the first, the story's text in the second
    assert min(c["top"] for c in headline) > wide["bottom"]
    text = [c for c in page.chars if c["top"] > max(c["bottom"] for c in headline)
            and round(c["size"], 1) in (9.5, 10.5)]
    assert {c["x0"] > MARGIN + COLUMN for c in text} == {True, False}


def reading_order(pdf: bytes) -> str:
    """The text in reading order: by page, column, then line."""
    keyed = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            for c in page.chars:
                column = 1 if c["x0"] > MARGIN + COLUMN + GUTTER / 2 - 1 else 0
                keyed.append(((number, column, round(c["top"]), c["x0"]), c["text"]))
    return "".join(text for _, text in sorted(keyed))


def test_a_pull_quote_stands_after_the_paragraph_it_is_asked_after_in_larger_type(placed):
    pdf, _ = placed
    text = reading_order(pdf)
    second, quote, third = (text.index("第二段"), text.index("把群众的事当成"),
                            text.index("第三段"))
    assert second < quote < third
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        larger = "".join(c["text"] for page in document.pages for c in page.chars
                         if round(c["size"], 1) == 13.0)
    assert "把群众的事当成自己的事，数据才有温度。" in larger


def test_contents_give_the_pages_where_the_stories_start(placed):
    pdf, _ = placed
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        contents = [line for line in document.pages[0].extract_text().splitlines()
                    if re.search(r"\.{5,}\s*\d+$", line)]
        # the headlines' text on each page (13 pt, or 20 pt across the columns)
        heads = ["".join(c["text"] for c in page.chars if round(c["size"]) in (13, 20))
                 for page in document.pages]
    listed = [(re.sub(r"[\s.]+\d+$", "", line), int(line.split(".")[-1])) for line in contents]
    assert len(listed) == 5, contents
    for headline, page in listed:
        first_line = headline.split()[0]
        assert next(number for number, text in enumerate(heads, 1) if first_line in text) == page
    assert {page for _, page in listed} == {1, 2}


def test_a_one_page_issue_has_no_contents(issue_folder, tmp_path):
    folder = issue_folder(stories={"01": "headline: 一\nbody: 正文。\n",
                                   "02": "headline: 二\nbody: 正文。\n"})
    report = Report()
    build([folder], ("pdf",), ("zh-Hans",), tmp_path / "out", report)
    with pdfplumber.open(tmp_path / "out" / "test-issue.zh-Hans.pdf") as document:
        assert len(document.pages) == 1
        assert "本期目录" not in document.pages[0].extract_text()


def test_parts_follow_the_paragraphs_asked_and_span_in_runs_of_their_own():
    report = Report()
    (issue,) = load([SAMPLE], report)
    from dataclasses import replace

    from bulletin_press.manuscript.model import Image as Picture

    story = replace(issue.stories[0], body=issue.stories[0].body * 3, span="columns",
                    quote=issue.stories[0].body[:1], quote_after=None, images=(
                        Picture(b"", "a.png", "a", "a", placement="inline", after=2),
                        Picture(b"", "b.png", "b", "b", placement="span"),
                        Picture(b"", "c.png", "c", "c", placement="top"),
                        Picture(b"", "d.png", "d", "d", width="page")))
    kinds = [(part.kind, part.index, part.span) for part in story_parts(story)]
    assert kinds == [("figure", 2, True), ("head", 0, True), ("figure", 3, False),
                     ("paragraph", 1, False), ("paragraph", 2, False), ("figure", 1, False),
                     ("quote", 0, False), ("paragraph", 3, False), ("figure", 4, True)]
    assert [across for across, _ in segments(story_parts(story))] == [True, False, True]
    moved = story_parts(story, {"f1": 3, "q": 1})
    assert [(p.kind, p.index) for p in moved][3:8] == [
        ("paragraph", 1), ("quote", 0), ("paragraph", 2), ("paragraph", 3), ("figure", 1)]


@pytest.mark.parametrize("fields, message", [
    ("images:\n  - src: p.png\n    alt: 图\n    after: 3\n",
     r"stories/01\.yaml:9:12: error: 'after': the story has 2 paragraphs, not 3"),
    ("quote-after: 0\n", r"stories/01\.yaml:6:14: error: 'quote-after' must be a paragraph's "
                         r"number, counted from 1, not '0'"),
    ("images:\n  - src: p.png\n    alt: 图\n    placement: left\n",
     r"stories/01\.yaml:9:16: error: 'placement' must be one of top, bottom, inline, span, "
     r"not 'left'"),
    ("images:\n  - src: p.png\n    alt: 图\n    placement: top\n    after: 1\n",
     r"stories/01\.yaml:10:12: error: 'after' places an inline picture, and this one's "
     r"placement is top"),
    ("span: both\n", r"stories/01\.yaml:6:7: error: 'span' must be one of columns, not 'both'"),
])
def test_placements_are_checked_where_they_are_written(issue_folder, fields, message):
    out = io.BytesIO()
    Image.new("RGB", (600, 400), (9, 9, 9)).save(out, "PNG")
    folder = issue_folder(stories={"01": "headline: 标题\nbody: |\n  一。\n\n  二。\n" + fields},
                          files={"p.png": out.getvalue()})
    report = Report()
    load([folder], report)
    assert any(re.search(message, str(d)) for d in report.errors), [str(d) for d in report]


def image_widths(pdf: bytes) -> list[int]:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return sorted(int(image.Width) for page in document.pages
                      for _, image in page.get_images().items() if int(image.Width) > 200)


def test_the_screen_pdf_keeps_150_ppi_of_a_picture_and_press_every_pixel(placed, tmp_path):
    pdf, _ = placed
    # the page-wide picture: 2400 pixels over 483 pt (6.7 in) is 358 ppi; 150 ppi is 1007
    # pixels; the others are no larger than that already
    screen = image_widths(pdf)
    assert max(screen) == -(-WIDTHS["page"] * 150 // 72)
    report = Report()
    folder = next((tmp_path.parent).glob("placed*/2022-04-placed"), None)
    assert folder is not None
    build([folder], ("pdf",), ("zh-Hans",), tmp_path, report, profile="press")
    press = image_widths((tmp_path / "2022-04-placed.zh-Hans.press.pdf").read_bytes())
    assert max(press) == 2400


def test_press_warns_where_a_picture_has_fewer_pixels_than_the_print_shop_needs(
        issue_folder, capsys):
    from bulletin_press.cli import main

    out = io.BytesIO()
    Image.new("RGB", (600, 400), (9, 9, 9)).save(out, "PNG")  # 187 ppi in a column
    folder = issue_folder(stories={"01": "headline: 标题\nbody: 正文。\nimages:\n  - src: p.png\n"
                                         "    alt: 图\n"}, files={"p.png": out.getvalue()})
    assert main(["check", str(folder)]) == 0
    assert "ppi" not in capsys.readouterr().err
    assert main(["check", "--profile", "press", str(folder)]) == 0
    err = capsys.readouterr().err
    assert re.search(r"stories/01\.yaml:4:10: warning: 'p\.png' is 600 pixels wide and prints "
                     r"8\.1 cm wide in layout 'newsletter': 187 ppi, and the print shop "
                     r"\(--profile press\) needs 300 \(a picture at least 963 pixels wide\) "
                     r"\[image-resolution\]", err), err


def test_the_layout_keeps_the_page_with_the_fewest_empty_lines_it_tried():
    from dataclasses import replace

    from bulletin_press.clreq.weasyprint70 import ShortColumn
    from bulletin_press.manuscript.model import Image as Picture
    from bulletin_press.typeset import Placer

    report = Report()
    (issue,) = load([SAMPLE], report)
    out = io.BytesIO()
    Image.new("RGB", (600, 400), (9, 9, 9)).save(out, "PNG")
    story = replace(issue.stories[0], body=issue.stories[0].body * 2, images=(
        Picture(out.getvalue(), "a.png", "a", "a", placement="inline", after=1),))
    placer = Placer(replace(issue, stories=(story,)), "zh-Hans", Layout.named("newsletter"))
    asked = placer.document()
    short = ShortColumn(1, 1, 5 * placer.pitch, "s1f1")
    # as asked, a column five lines short: the picture moves after paragraph 2
    assert placer.replace([short]) is not None and placer.moves == {1: {"f1": 2}}
    # that leaves nine: it goes above the story (the last place left) ...
    assert placer.replace([replace(short, room=9 * placer.pitch)]) is not None
    assert placer.moves == {1: {"f1": 0}}
    # ... which leaves seven, and no place is left: back where it was asked, with no note,
    # to the very document set first (its layout is kept, not made again)
    assert placer.replace([replace(short, room=7 * placer.pitch)]) is asked
    assert placer.moves == {} and placer.notes == {}
    assert placer.replace([short]) is None


def test_a_layout_gone_back_to_is_not_made_again(monkeypatch):
    from bulletin_press.backends import pdf
    from bulletin_press.clreq.weasyprint70 import ShortColumn

    # documents and their layouts stand for themselves; a layout is its empty lines
    rooms = {"asked": 4, "below": 7, "above": 1}
    laid_out = []
    monkeypatch.setattr(pdf, "_lay_out", lambda document: laid_out.append(document) or document)
    monkeypatch.setattr(pdf.weasyprint70, "short_columns", lambda rendered, least: [
        ShortColumn(1, 2, rooms[rendered], "s1f1")] if rooms[rendered] else [])
    proposals = iter(["below", "asked", "above"])
    assert pdf._placed("asked", lambda short: next(proposals, None), 2) == ("above", "above")
    assert laid_out == ["asked", "below", "above"]  # "asked" once, though gone back to
    # at most MOVES layouts after the first, however many a placer offers
    laid_out.clear()
    rooms.update({f"move {n}": 5 for n in range(100)})
    offered = iter(f"move {n}" for n in range(100))
    document, _ = pdf._placed("asked", lambda short: next(offered), 2)
    assert len(laid_out) == pdf.MOVES + 1 and document == f"move {pdf.MOVES - 1}"


@pytest.mark.parametrize("layout", ["newsletter", "booklet"])
def test_the_text_beside_a_half_width_picture_fills_the_width_it_leaves(issue_folder, tmp_path,
                                                                       layout):
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (70, 110, 160)).save(out, "PNG")
    text = TEXT * 4
    folder = issue_folder(stories={"01": "headline: 标题\nimages:\n  - src: p.png\n    alt: 图\n"
                                         "    width: half\n    after: 1\nbody: |\n"
                                         f"  {text[:60]}\n\n  {text[60:]}\n"},
                          files={"p.png": out.getvalue()})
    report = Report()
    build([folder], ("pdf",), ("zh-Hans",), tmp_path, report, layout=layout)
    (pdf,) = tmp_path.glob("*.pdf")
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        (image,) = [i for i in page.images if i["x1"] - i["x0"] > 60]
        size = Layout.named(layout).length("print", "page", "body-size")
        column = Layout.named(layout).length("print", "page", "column")
        beside = {}  # the picture stands at its column's right
        for c in page.chars:
            if round(c["size"], 1) == size and image["top"] <= c["top"] < image["bottom"] - size \
                    and c["x0"] > image["x1"] - column - 1:
                beside.setdefault(round(c["top"]), []).append(c)
    assert len(beside) >= 4
    for row in beside.values():  # each line stops 1 em short of the picture, and is full
        assert max(c["x1"] for c in row) == pytest.approx(image["x0"] - size, abs=0.6)
        assert max(c["x0"] - b["x1"] for b, c in zip(row, row[1:])) < 0.2 * size, \
            "".join(c["text"] for c in row)
