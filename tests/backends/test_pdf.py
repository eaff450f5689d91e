"""The print PDF, asserted on what it really contains."""

from __future__ import annotations

import io
import re

import pdfplumber
import pypdf
import pytest

from bulletin_press.backends.pdf import render_pdf, weasyprint_messages
from bulletin_press.build import load
from bulletin_press.diagnostics import Report
from bulletin_press.fonts import FONTS_DIR, shipped_fonts
from bulletin_press.layouts import Layout
from bulletin_press.typeset import typeset_print
from tests.conftest import MINIMAL_ISSUE, SAMPLE
from tests.pdf_tools import body_text, drawn_glyphs, embedded_fonts, page_image
from tests.typography_tools import COLUMN, GUTTER, MARGIN


def shipped_name(file: str) -> str:
    (font,) = [font for font in shipped_fonts() if font.file == file]
    return font.postscript_name


def sample_issue():
    report = Report()
    (issue,) = load([SAMPLE], report)
    return issue


def render(folder):
    report = Report()
    (issue,) = load([folder], report)
    assert report.ok, [str(d) for d in report]
    return render_pdf(typeset_print(issue, issue.language, Layout.named(issue.layout)))


def test_every_paragraph_of_every_story_is_in_the_pdf(sample_outputs):
    issue = sample_issue()
    text = body_text(sample_outputs["pdf"])
    paragraphs = [p.text for p in issue.lead] + [
        p.text for story in issue.stories for p in story.body]
    assert len(paragraphs) == 5
    for paragraph in paragraphs:
        assert re.sub(r"\s+", "", paragraph) in text
    for story in issue.stories:
        assert re.sub(r"\s+", "", story.headline_text) in text
    for masthead in ("机关工作简报", "2022年第4期", "2022年4月2日", "守望相助　共克时艰"):
        assert masthead.replace("　", "") in text.replace("　", "")


def test_fonts_are_embedded_subsets_of_the_shipped_fonts(sample_outputs):
    fonts = embedded_fonts(sample_outputs["pdf"])
    shipped = {font.postscript_name for font in shipped_fonts()}
    assert fonts and all(font.embedded for font in fonts)
    assert all(re.match(r"^/[A-Z]{6}\+", font.base_font) for font in fonts), fonts  # subset tag
    assert {font.postscript_name for font in fonts} <= shipped, fonts
    # body serif and headline sans are both used
    assert {shipped_name("NotoSerifCJKscBP-Regular.otf"), shipped_name("NotoSansCJKscBP-Bold.otf")} \
        <= {f.postscript_name for f in fonts}


def test_text_the_fonts_lack_stops_the_build_where_weasyprint_would_fall_back(issue_folder):
    # Cyrillic is not in the shipped fonts, and the loader refuses it in a manuscript.  Text
    # that reaches a page another way (a layout's own words) is refused when the page is set:
    # WeasyPrint would silently take a system font (DejaVu) for it.
    import dataclasses

    from bulletin_press.manuscript.model import Paragraph, Text
    from bulletin_press.typeset import Page, UnprintableText

    report = Report()
    (issue,) = load([issue_folder()], report)
    story = issue.stories[0]
    story = dataclasses.replace(story, body=(Paragraph((Text("正文 Жизнь"),), story.body[0].origin),))
    layout = Layout.named("newsletter")
    with pytest.raises(UnprintableText) as refused:
        typeset_print(dataclasses.replace(issue, stories=(story,)), "zh-Hans", layout)
    assert refused.value.path == layout.folder / "print.html"
    assert "'Ж' (U+0416)" in str(refused.value)

    document = typeset_print(issue, "zh-Hans", layout)
    (page,) = document.pages
    page = dataclasses.replace(page, html=page.html.replace("正文。", "正文 Жизнь。"))
    fonts = embedded_fonts(render_pdf(dataclasses.replace(document, pages=(page,))))
    shipped = {font.postscript_name for font in shipped_fonts()}
    assert {font.postscript_name for font in fonts} - shipped


def test_a_word_longer_than_the_column_is_broken_inside_it(issue_folder):
    url = "https://example.org/" + "a" * 480
    pdf = render(issue_folder(stories={"01": f"headline: 标题\nbody: |\n  网址是{url}，请访问。\n"}))
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        edges = [(char["x0"], char["x1"]) for char in page.chars]
        width = page.width
    margin = MARGIN
    assert [e for e in edges if not (margin - 0.5 <= e[0] and e[1] <= width - margin + 0.5)] == []
    assert body_text(pdf).count("a") >= 480  # all of it printed


def test_bold_is_a_real_bold_face(issue_folder):
    # the pull quote is set in bold sans: drawn in the bold face itself, not a synthesized bold
    folder = issue_folder(stories={"01": "headline: 标题\nbody: 正文。\nquote: 引语是粗体。\n"})
    pdf = render(folder)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        faces = {char["fontname"].split("+")[-1] for char in document.pages[0].chars
                 if char["text"] in "引语是粗体"}
    assert faces == {"BP-Sans-Bold"}  # the @font-face of weight 700
    assert shipped_name("NotoSansCJKscBP-Bold.otf") in {
        font.postscript_name for font in embedded_fonts(pdf)}


def test_metadata_comes_from_the_issue(sample_outputs):
    reader = pypdf.PdfReader(sample_outputs["pdf"])
    assert reader.metadata.title == "机关工作简报 · 守望相助　共克时艰"
    assert reader.metadata.author == "局机关党委"
    assert reader.metadata["/CreationDate"] == "D:20220402000000Z"
    assert reader.metadata["/ModDate"] == "D:20220402000000Z"
    assert reader.trailer["/Root"]["/Lang"] == "zh-Hans"


def test_one_bookmark_per_story(sample_outputs):
    reader = pypdf.PdfReader(sample_outputs["pdf"])
    assert [item.title for item in reader.outline] == [
        story.headline_text for story in sample_issue().stories]


def test_pages_after_the_first_have_a_running_head_and_a_folio(sample_outputs):
    with pdfplumber.open(sample_outputs["pdf"]) as document:
        assert len(document.pages) >= 2
        for number, page in enumerate(document.pages, 1):
            # the page's margins are 18 mm (51 pt) above and 20 mm below its text
            head = page.crop((0, 0, page.width, 50)).extract_text().replace(" ", "")
            foot = page.crop((0, page.height - 56, page.width, page.height)).extract_text()
            if number == 1:  # the masthead stands there
                assert head == "" and foot == ""
            else:
                assert head == "机关工作简报2022年第4期", head
                assert foot == str(number)


def test_rendering_is_deterministic_and_quiet():
    issue = sample_issue()
    document = typeset_print(issue, "zh-Hans", Layout.named("newsletter"))
    with weasyprint_messages() as messages:
        first = render_pdf(document)
    assert render_pdf(document) == first
    assert messages == []


def test_manuscript_text_is_never_markup(issue_folder):
    folder = issue_folder(MINIMAL_ISSUE.replace("title: 测试刊", "title: \"<i>{{ issue.id }}</i>\""),
                          stories={"01": "headline: <b>粗体</b>\nbody: '{{ 7*7 }} {% if 1 %}x{% endif %} <script>'\n"})
    text = body_text(render(folder))
    assert "<b>粗体</b>" in text and "{{7*7}}{%if1%}x{%endif%}<script>" in text
    assert "<i>{{issue.id}}</i>" in text and "49" not in text


def test_page_looks_like_a_two_column_bulletin(sample_outputs):
    scale = 2  # px per pt
    image = page_image(sample_outputs["pdf"], 0, scale=scale)
    width, height = image.size
    pixels = image.load()

    def ink(x0, y0, x1, y1, test) -> int:
        return sum(1 for x in range(int(x0 * scale), int(x1 * scale))
                   for y in range(int(y0 * scale), int(y1 * scale)) if test(pixels[x, y]))

    red = lambda p: p[0] > 150 and p[1] < 80 and p[2] < 80  # noqa: E731
    dark = lambda p: sum(p) < 450  # noqa: E731
    assert ink(0, 0, width / scale, 120, red) > 2000  # the red masthead
    # Below the lead, both columns carry text and the 2em gutter between them stays blank.
    margin, column, gutter = MARGIN, COLUMN, GUTTER
    top, bottom = 300, height / scale - 80
    left = ink(margin, top, margin + column, bottom, dark)
    right = ink(margin + column + gutter, top, width / scale - margin, bottom, dark)
    between = ink(margin + column + 3, top, margin + column + gutter - 3, bottom, dark)
    assert left > 20000 and right > 20000 and between == 0


@pytest.mark.parametrize("url", ["https://bulletin.example.org/2022-04-community-volunteers/"])
def test_closing_block_has_the_qr_code_and_rights(sample_outputs, url):
    text = body_text(sample_outputs["pdf"])
    assert url in text and "局机关党委编印　仅供内部交流".replace("　", "") in text.replace("　", "")
    reader = pypdf.PdfReader(sample_outputs["pdf"])
    last = reader.pages[-1]
    # segno's SVG becomes vector paths: the QR code's module rectangles are drawn as one path
    content = last.get_contents().get_data()
    assert content.count(b" re") + content.count(b" l") > 100


def test_pictures_are_placed_with_caption_credit_and_byline(issue_folder, tmp_path):
    from PIL import Image

    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (1200, 800), (70, 110, 160)).save(photo, quality=85)
    folder = issue_folder(stories={"01": """\
        headline: 标题
        byline: 本刊记者　李明
        body: 正文第一段。
        images:
          - src: images/photo.jpg
            alt: 街道志愿者合影
            caption: 志愿者在社区门口合影
            credit: 摄影　张三
        """}, files={"images/photo.jpg": photo.read_bytes()})
    pdf = render(folder)
    page = pypdf.PdfReader(__import__("io").BytesIO(pdf)).pages[0]
    (image,) = page.images
    # a column's width (231 pt) at the screen PDF's 150 ppi: 482 pixels, of the 1200
    assert image.image.size == (482, 321)
    text = body_text(pdf)
    assert "志愿者在社区门口合影摄影张三" in text.replace("　", "")
    # the byline is set flush right in its column: its last glyph ends at the column edge
    import pdfplumber

    with pdfplumber.open(__import__("io").BytesIO(pdf)) as document:
        chars = [c for c in document.pages[0].chars if c["text"] == "明"]
    assert chars and abs(chars[0]["x1"] - (MARGIN + COLUMN)) < 1


def test_traditional_marks_keep_their_form_in_emphasis_and_after_latin(issue_folder):
    # Pango chooses locl by language only within one text box; an emphasised character
    # is a box of its own, and so is a mark after Latin.  The regional faces draw the
    # centred mark there too.
    import uharfbuzz

    folder = issue_folder(MINIMAL_ISSUE + "editions: [zh-Hans, zh-Hant]\n", {"01": (
        "headline: 标题\nbody: |\n  一，二。用APP，看到98.6%。\n  **强调，文字。**\n")})
    report = Report()
    (issue,) = load([folder], report)
    assert report.ok, [str(d) for d in report]
    drawn = {}
    for edition in ("zh-Hans", "zh-Hant"):
        pdf = render_pdf(typeset_print(issue, edition, Layout.named("newsletter")))
        drawn[edition] = {mark: [glyph for text, _, glyph in drawn_glyphs(pdf) if text == mark]
                          for mark in "，。"}
        # plain, after Latin, in emphasis: the same glyph
        assert [len(glyphs) for glyphs in drawn[edition].values()] == [3, 3], drawn
        assert all(len(set(glyphs)) == 1 for glyphs in drawn[edition].values()), (edition, drawn)
    assert drawn["zh-Hans"]["，"][0] != drawn["zh-Hant"]["，"][0]
    assert drawn["zh-Hans"]["。"][0] != drawn["zh-Hant"]["。"][0]
    # the glyph the shipped face gives a comma between Han characters in each language
    font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(
        str(FONTS_DIR / "NotoSerifCJKscBP-Regular.otf"))))
    for edition in drawn:
        buffer = uharfbuzz.Buffer()
        buffer.add_str("一，二")
        buffer.guess_segment_properties()
        buffer.language = edition
        uharfbuzz.shape(font, buffer, {})
        assert drawn[edition]["，"][0] == buffer.glyph_infos[1].codepoint  # ids kept by WeasyPrint
