"""The EPUB 3, asserted on its XML and on EPUBCheck's verdict."""

from __future__ import annotations

import datetime
import zipfile

from bulletin_press.backends.epub import render_epub
from bulletin_press.build import load
from bulletin_press.diagnostics import Report
from bulletin_press.layouts import Layout
from bulletin_press.typeset import typeset_ebook
from tests.conftest import MINIMAL_ISSUE, SAMPLE
from tests.epub_tools import NS, epubcheck, opf, xml


def build_epub(folder) -> bytes:
    report = Report()
    (issue,) = load([folder], report)
    assert report.ok, [str(d) for d in report]
    return render_epub(typeset_ebook(issue, issue.language, Layout.named(issue.layout)))


def test_epubcheck_finds_nothing(sample_outputs):
    assert epubcheck(sample_outputs["epub"]) == []


def test_epubcheck_passes_with_ruby_emphasis_images_and_quotes(issue_folder, tmp_path):
    from PIL import Image

    photo = tmp_path / "p.png"
    Image.new("RGB", (40, 30), "steelblue").save(photo)
    folder = issue_folder(stories={"01": """\
        headline: ["{淞|sōng}江", 第二行]
        byline: 本刊记者
        body: |
          这是**重点**，还有{漢字|hàn zì}。<b>不是标签</b>
        images:
          - src: images/p.png
            alt: 一张照片
            caption: 图为**现场**
            credit: 摄影 张三
        quote: 引语
        """}, files={"images/p.png": photo.read_bytes()})
    epub = tmp_path / "x.epub"
    epub.write_bytes(build_epub(folder))
    assert epubcheck(epub) == []
    story = xml(epub, "EPUB/story-01.xhtml")
    assert story.xpath("//x:ruby/x:rt/text()", namespaces=NS) == ["sōng", "hàn zì"]
    assert story.xpath("//x:em[@class='emphasis']/text()", namespaces=NS) == ["重点", "现场"]
    assert story.xpath("//x:img/@alt", namespaces=NS) == ["一张照片"]
    assert "<b>不是标签</b>" in "".join(story.xpath("//x:p//text()", namespaces=NS))


def test_package_metadata(sample_outputs):
    package = opf(sample_outputs["epub"])
    assert package.get("version") == "3.0"
    meta = lambda path: package.xpath(path, namespaces=NS)  # noqa: E731
    assert meta("//dc:title/text()") == ["守望相助　共克时艰"]
    assert meta("//dc:language/text()") == ["zh-Hans"]
    assert meta("//dc:publisher/text()") == ["局机关党委"]
    assert meta("//dc:date/text()") == ["2022-04-02"]
    # the sample's copy is in no repository: its newest file dates it
    newest = max(path.stat().st_mtime for path in SAMPLE.rglob("*") if path.is_file())
    assert meta("//opf:meta[@property='dcterms:modified']/text()") == [
        datetime.datetime.fromtimestamp(int(newest), datetime.timezone.utc)
        .strftime("%Y-%m-%dT%H:%M:%SZ")]
    (identifier,) = meta("//dc:identifier/text()")
    assert identifier == "urn:uuid:da7c7dc0-1abc-5b27-846e-394b92c6d68e"  # uuid5 of id and edition


def test_identifier_differs_per_edition_and_issue():
    from bulletin_press.typeset import identifier

    report = Report()
    (issue,) = load([SAMPLE], report)
    ids = {identifier(issue, edition) for edition in ("zh-Hans", "zh-Hant", "zh-Hant-HK")}
    assert len(ids) == 3


def test_one_document_per_story_in_reading_order(sample_outputs):
    package = opf(sample_outputs["epub"])
    spine = package.xpath("//opf:spine/opf:itemref/@idref", namespaces=NS)
    assert spine == ["cover", "title", "nav", "story-01", "story-02", "story-03", "story-04",
                     "licence"]
    report = Report()
    (issue,) = load([SAMPLE], report)
    for number, story in enumerate(issue.stories, 1):
        document = xml(sample_outputs["epub"], f"EPUB/story-{number:02d}.xhtml")
        assert document.get("lang") == "zh-Hans"
        assert document.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hans"
        assert document.xpath("//x:h1/x:span[@class='line']", namespaces=NS) and [
            line.xpath("string()") for line in document.xpath(
                "//x:h1/x:span[@class='line']", namespaces=NS)] == [
            "".join(i.text for i in line) for line in story.headline]
        paragraphs = document.xpath("//x:article/x:p", namespaces=NS)
        assert [p.xpath("string()") for p in paragraphs] == [p.text for p in story.body]


def test_navigation_document_and_ncx(sample_outputs):
    nav = xml(sample_outputs["epub"], "EPUB/nav.xhtml")
    entries = nav.xpath("//x:nav[@epub:type='toc']//x:a/@href", namespaces=NS)
    assert entries == ["title.xhtml", "story-01.xhtml", "story-02.xhtml", "story-03.xhtml",
                       "story-04.xhtml"]
    ncx = xml(sample_outputs["epub"], "EPUB/toc.ncx")
    assert len(ncx.xpath("//ncx:navPoint", namespaces=NS)) == 5


def test_title_page_carries_the_masthead(sample_outputs):
    title = xml(sample_outputs["epub"], "EPUB/title.xhtml")
    text = title.xpath("string(//x:body)", namespaces=NS)
    for part in ("机关工作简报", "2022年第4期", "2022年4月2日", "守望相助　共克时艰", "连日来",
                 "https://bulletin.example.org/2022-04-community-volunteers/"):
        assert part in text


def test_the_layout_css_is_linked_from_every_document(sample_outputs):
    with zipfile.ZipFile(sample_outputs["epub"]) as archive:
        assert "EPUB/ebook.css" in archive.namelist()
    for name in ("title", "story-01", "story-04"):
        document = xml(sample_outputs["epub"], f"EPUB/{name}.xhtml")
        assert document.xpath("//x:link[@rel='stylesheet']/@href", namespaces=NS) == ["ebook.css"]


def test_same_manuscript_gives_the_same_bytes():
    first, second = build_epub(SAMPLE), build_epub(SAMPLE)
    assert first == second
    with zipfile.ZipFile(__import__("io").BytesIO(first)) as archive:
        infos = archive.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert {info.date_time for info in infos} == {(2022, 4, 2, 0, 0, 0)}


VERTICAL_ISSUE = """\
    title: 社區志願者
    publication: 工作簡報
    date: 2022-04-02
    language: zh-Hant
    vertical: true
    """
VERTICAL_STORY = """\
    headline: 讓我打通最後100米
    body: |
      3月28日以來，他累計轉運快遞外賣300餘單，**贏得了大家的稱讚**。
      {淞|sōng}字的讀音，PM2.5和5G也要排好。
    """


def declarations(css: bytes) -> dict[str, dict[str, str]]:
    """Selector → property → value, from a stylesheet."""
    import tinycss2

    rules = {}
    for rule in tinycss2.parse_stylesheet(css.decode("utf-8"), skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selector = tinycss2.serialize(rule.prelude).strip()
        for declaration in tinycss2.parse_declaration_list(rule.content, skip_comments=True,
                                                           skip_whitespace=True):
            if declaration.type == "declaration":
                rules.setdefault(selector, {})[declaration.lower_name] = \
                    tinycss2.serialize(declaration.value).strip()
    return rules


def test_vertical_edition_for_traditional_chinese(issue_folder, tmp_path):
    folder = issue_folder(VERTICAL_ISSUE, stories={"01": VERTICAL_STORY})
    epub = tmp_path / "v.epub"
    epub.write_bytes(build_epub(folder))
    assert epubcheck(epub) == []
    package = opf(epub)
    assert package.xpath("//opf:spine/@page-progression-direction", namespaces=NS) == ["rtl"]
    assert package.get("dir") is None
    with zipfile.ZipFile(epub) as archive:
        vertical = declarations(archive.read("EPUB/vertical.css"))
    assert vertical["html"]["writing-mode"] == "vertical-rl"
    assert vertical["html"]["-epub-writing-mode"] == "vertical-rl"
    assert vertical[".tcy"]["text-combine-upright"] == "all"
    story = xml(epub, "EPUB/story-01.xhtml")
    assert story.xpath("//x:link[@rel='stylesheet']/@href", namespaces=NS) == ["ebook.css", "vertical.css"]
    assert story.get("dir") is None and story.find("{http://www.w3.org/1999/xhtml}body").get("dir") is None
    # one and two digits stand upright; longer numbers and PM2.5 lie sideways
    assert story.xpath("//x:span[@class='tcy']/text()", namespaces=NS) == ["3", "28"]
    assert "300" in story.xpath("string(//x:body)", namespaces=NS)


def test_horizontal_editions_stay_horizontal(issue_folder, tmp_path):
    folder = issue_folder(VERTICAL_ISSUE.replace("vertical: true", "vertical: false"),
                          stories={"01": VERTICAL_STORY})
    epub = tmp_path / "h.epub"
    epub.write_bytes(build_epub(folder))
    assert opf(epub).xpath("//opf:spine/@page-progression-direction", namespaces=NS) == []
    with zipfile.ZipFile(epub) as archive:
        assert "EPUB/vertical.css" not in archive.namelist()
    assert xml(epub, "EPUB/story-01.xhtml").xpath("//x:span[@class='tcy']", namespaces=NS) == []


def test_vertical_without_a_traditional_edition_is_a_warning(issue_folder):
    folder = issue_folder(MINIMAL_ISSUE + "vertical: true\n")
    report = Report()
    load([folder], report)
    assert report.ok
    assert [d.message for d in report] == [
        "'vertical' applies to the Traditional editions (zh-Hant, zh-Hant-HK), and this issue has none"]


def test_ebook_css_carries_the_clreq_rules(sample_outputs):
    with zipfile.ZipFile(sample_outputs["epub"]) as archive:
        css = declarations(archive.read("EPUB/ebook.css"))
    assert css["html"]["line-break"] == "strict"
    assert css["html"]["-epub-line-break"] == "strict"
    assert css["html"]["text-autospace"] == "normal"
    assert css["html"]["hanging-punctuation"] == "allow-end"
    assert css["p"]["text-align"] == "justify" and css["p"]["text-indent"] == "2em"
    assert css["p"]["text-justify"] == "inter-character"
    assert css["em.emphasis"]["text-emphasis-style"] == "filled dot"
    assert css["em.emphasis"]["-epub-text-emphasis-style"] == "filled dot"
    assert css["em.emphasis"]["font-style"] == "normal"


def test_a_headline_may_break_only_between_its_phrases(sample_outputs):
    from bulletin_press.text.phrases import phrases

    report = Report()
    (issue,) = load([SAMPLE], report)
    line = issue.stories[0].headline[1]  # 提高效率　解决问题
    document = xml(sample_outputs["epub"], "EPUB/story-01.xhtml")
    (span,) = document.xpath("//x:h1/x:span[@class='line'][2]", namespaces=NS)
    # the text before the first <wbr/>, then each <wbr/>'s tail: the phrases
    texts = [span.text or ""] + [wbr.tail or "" for wbr in span.xpath("x:wbr", namespaces=NS)]
    assert texts == phrases("".join(i.text for i in line), "zh-Hans")
    assert len(texts) > 1
    css = zipfile.ZipFile(sample_outputs["epub"]).read("EPUB/ebook.css").decode()
    assert "word-break: keep-all" in css


def test_vertical_books_size_pictures_logically_and_set_the_licence_horizontally(issue_folder,
                                                                                 tmp_path):
    folder = issue_folder(VERTICAL_ISSUE, stories={"01": VERTICAL_STORY})
    epub = tmp_path / "v.epub"
    epub.write_bytes(build_epub(folder))
    package = opf(epub)
    assert package.xpath("//opf:meta[@name='primary-writing-mode']/@content",
                         namespaces=NS) == ["vertical-rl"]
    with zipfile.ZipFile(epub) as archive:
        ebook = declarations(archive.read("EPUB/ebook.css"))
        vertical = declarations(archive.read("EPUB/vertical.css"))
    # inline size along the column, block size across it: the screen's width when vertical
    assert ebook["figure img"]["max-inline-size"] == "100%"
    assert ebook[".cover img"]["max-inline-size"] == "100%"
    assert "max-width" not in ebook["figure img"] and "max-width" not in ebook[".cover img"]
    assert vertical["figure img"]["max-block-size"].endswith("vw")
    assert vertical[".cover img"]["max-block-size"].endswith("vw")
    assert vertical["html:lang(en)"]["writing-mode"] == "horizontal-tb"
    assert xml(epub, "EPUB/licence.xhtml").get("lang") == "en"
    # the day and month stand upright on the title page; the year lies sideways
    title = xml(epub, "EPUB/title.xhtml")
    assert title.xpath("//x:*[@class='issue-line']//x:span[@class='tcy']/text()",
                       namespaces=NS) == ["4", "2"]
    assert "2022年" in title.xpath("string(//x:*[@class='issue-line'])", namespaces=NS)
    assert epubcheck(epub) == []


def test_horizontal_books_have_no_writing_mode_meta(sample_outputs):
    assert opf(sample_outputs["epub"]).xpath("//opf:meta[@name='primary-writing-mode']",
                                             namespaces=NS) == []
