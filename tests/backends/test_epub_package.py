"""The EPUB package: cover, navigation, embedded fonts, metadata, pictures, and ebooklib's traps."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from fontTools.ttLib import TTFont

from bulletin_press.backends import RenderError
from bulletin_press.backends.epub import render_epub
from bulletin_press.build import build, load
from bulletin_press.diagnostics import Report
from bulletin_press.fonts import FONTS_DIR, shipped_fonts
from bulletin_press.layouts import Layout
from bulletin_press.typeset import Document, Page, typeset_ebook
from tests.conftest import SAMPLE
from tests.epub_tools import NS, epubcheck, opf, xml

EDITIONS = ("zh-Hans", "zh-Hant", "zh-Hant-HK")


def sample_document(edition="zh-Hans", modified=None) -> Document:
    report = Report()
    (issue,) = load([SAMPLE], report)
    return typeset_ebook(issue, edition, Layout.named("newsletter"), modified)


def names(epub) -> list[str]:
    with zipfile.ZipFile(epub) as archive:
        return archive.namelist()


def test_cover_is_an_image_of_the_issue_and_the_first_linear_page(sample_outputs):
    epub = sample_outputs["epub"]
    package = opf(epub)
    (cover_item,) = package.xpath("//opf:item[@properties='cover-image']", namespaces=NS)
    assert cover_item.get("href") == "cover.jpg" and cover_item.get("media-type") == "image/jpeg"
    # ebooklib's set_cover() would add a non-linear cover page (EPUBCheck OPF-096)
    (first,) = package.xpath("//opf:spine/opf:itemref[1]", namespaces=NS)
    assert first.get("idref") == "cover" and first.get("linear") in (None, "yes")
    page = xml(epub, "EPUB/cover.xhtml")
    (alt,) = page.xpath("//x:img[@src='cover.jpg']/@alt", namespaces=NS)
    assert alt == "机关工作简报 2022年第4期 守望相助　共克时艰"
    from PIL import Image

    with zipfile.ZipFile(epub) as archive:
        image = Image.open(io.BytesIO(archive.read("EPUB/cover.jpg")))
        image.load()
    assert image.size == (1200, 1600)
    top = image.crop((0, 0, 1200, 60)).convert("RGB").getcolors(1 << 16)
    assert max(top)[1][0] > 180 and max(top)[1][1] < 60  # the red band across the top


def test_landmarks_toc_and_ncx(sample_outputs):
    nav = xml(sample_outputs["epub"], "EPUB/nav.xhtml")
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']", namespaces=NS)
    assert len(landmarks) == 1 and landmarks[0].get("hidden") is not None
    assert [(a.get("{http://www.idpf.org/2007/ops}type"), a.get("href"))
            for a in landmarks[0].xpath(".//x:a", namespaces=NS)] == [
        ("cover", "cover.xhtml"), ("toc", "nav.xhtml"), ("bodymatter", "story-01.xhtml")]
    package = opf(sample_outputs["epub"])
    assert package.xpath("//opf:guide/opf:reference/@type", namespaces=NS) == ["cover", "toc", "text"]
    assert all(name.isascii() for name in names(sample_outputs["epub"]))


def test_licence_page_is_reachable_and_out_of_the_reading_order(sample_outputs):
    package = opf(sample_outputs["epub"])
    (licence,) = package.xpath("//opf:spine/opf:itemref[@idref='licence']", namespaces=NS)
    assert licence.get("linear") == "no"
    title = xml(sample_outputs["epub"], "EPUB/title.xhtml")
    assert title.xpath("//x:a[@href='licence.xhtml']/text()", namespaces=NS) == ["字体许可"]
    text = xml(sample_outputs["epub"], "EPUB/licence.xhtml").xpath("string(//x:pre)", namespaces=NS)
    assert "SIL OPEN FONT LICENSE Version 1.1" in text and "Adobe" in text


@pytest.mark.parametrize("edition", EDITIONS)
def test_embedded_fonts_are_subsets_that_draw_every_character_between_them(sample_outputs, edition):
    epub = sample_outputs[f"epub:{edition}"]
    # the licence's <pre> is set in the reader's monospace; the landmarks are not shown
    text = "".join(node for name in names(epub) if name.endswith(".xhtml") and "/" in name
                   for node in xml(epub, name).xpath(
                       "//x:body//text()[not(ancestor::x:pre or ancestor::*[@hidden])]",
                       namespaces=NS))
    drawn = set()
    package = opf(epub)
    fonts = package.xpath("//opf:item[@media-type='font/otf']/@href", namespaces=NS)
    assert sorted(fonts) == ["fonts/NotoSansCJKscBP-Bold.otf", "fonts/NotoSerifCJKscBP-Regular.otf"]
    with zipfile.ZipFile(epub) as archive:
        for href in fonts:
            data = archive.read(f"EPUB/{href}")
            font = TTFont(io.BytesIO(data))
            shipped = (FONTS_DIR / href.split("/")[1]).stat().st_size
            assert len(data) < shipped / 20  # far smaller than the shipped font
            drawn |= set(font.getBestCmap())
            gsub = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
            gpos = {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord}
            if "Serif" in href:  # the text's marks; the region's locl is in the cmap
                assert {"vert", "vrt2"} <= gsub and {"halt", "vhal"} <= gpos
            assert font["name"].getDebugName(6) in {f.postscript_name for f in shipped_fonts()}
    assert sorted({c for c in text if not c.isspace() and ord(c) not in drawn}) == []


def test_apple_books_uses_the_embedded_fonts(sample_outputs):
    from lxml import etree

    with zipfile.ZipFile(sample_outputs["epub"]) as archive:
        options = etree.fromstring(archive.read("META-INF/com.apple.ibooks.display-options.xml"))
    assert options.xpath("//platform[@name='*']/option[@name='specified-fonts']/text()") == ["true"]


def test_metadata_collection_and_accessibility(sample_outputs):
    package = opf(sample_outputs["epub"])
    meta = lambda prop: package.xpath(f"//opf:meta[@property='{prop}']/text()", namespaces=NS)  # noqa: E731
    assert meta("belongs-to-collection") == ["机关工作简报"]
    assert meta("group-position") == ["4"] and meta("collection-type") == ["series"]
    assert package.xpath("//dc:rights/text()", namespaces=NS) == ["局机关党委编印　仅供内部交流"]
    assert package.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hans"
    assert meta("schema:accessMode") == ["textual"]
    assert meta("schema:accessModeSufficient") == ["textual"]
    assert set(meta("schema:accessibilityFeature")) == {
        "structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability",
        "pageBreakMarkers", "pageNavigation"}
    assert meta("schema:accessibilityHazard") == ["none"]
    assert meta("schema:accessibilitySummary")[0].startswith("本书为可重排文本")
    assert meta("dcterms:conformsTo") == []  # no evaluation is recorded
    # true: headings are headings, every story document has its language
    for number in range(1, 5):
        story = xml(sample_outputs["epub"], f"EPUB/story-0{number}.xhtml")
        assert story.xpath("count(//x:h1)", namespaces=NS) == 1


def test_pictures_are_sized_for_screens_and_declared_for_accessibility(issue_folder, tmp_path):
    from PIL import Image

    photo = io.BytesIO()
    Image.new("RGB", (3000, 2000), (70, 110, 160)).save(photo, "JPEG", quality=95)
    folder = issue_folder(stories={"01": """\
        headline: "{淞|sōng}江"
        body: 正文。
        images:
          - src: images/p.jpg
            alt: 街道志愿者合影
            caption: 志愿者合影
            credit: 摄影　张三
        """}, files={"images/p.jpg": photo.getvalue()})
    report = Report()
    (issue,) = load([folder], report)
    epub = tmp_path / "p.epub"
    epub.write_bytes(render_epub(typeset_ebook(issue, "zh-Hans", Layout.named("newsletter"))))
    assert epubcheck(epub) == []
    story = xml(epub, "EPUB/story-01.xhtml")
    (src,) = story.xpath("//x:figure/x:img/@src", namespaces=NS)
    assert re.fullmatch(r"media/[0-9a-f]{20}\.jpg", src)  # named by the build, not as written
    with zipfile.ZipFile(epub) as archive:
        image = Image.open(io.BytesIO(archive.read(f"EPUB/{src}")))
    assert image.size == (1600, 1067)
    assert story.xpath("//x:figure/x:img/@alt", namespaces=NS) == ["街道志愿者合影"]
    # a pause heard between caption and credit, not seen
    assert story.xpath("string(//x:figcaption)", namespaces=NS) == "志愿者合影；摄影　张三"
    assert story.xpath("//x:figcaption/x:span[@class='pause']/text()", namespaces=NS) == ["；"]
    meta = opf(epub).xpath("//opf:meta[@property]", namespaces=NS)
    pairs = {(m.get("property"), m.text) for m in meta}
    assert {("schema:accessMode", "visual"), ("schema:accessibilityFeature", "alternativeText"),
            ("schema:accessibilityFeature", "rubyAnnotations")} <= pairs


def test_source_date_epoch_sets_modified_and_the_zip_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    report = Report()
    (path,) = build([SAMPLE], ("epub",), ("zh-Hans",), tmp_path, report).written
    assert opf(path).xpath("//opf:meta[@property='dcterms:modified']/text()", namespaces=NS) == [
        "2023-11-14T22:13:20Z"]
    with zipfile.ZipFile(path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_a_failure_inside_ebooklib_is_a_render_error():
    document = sample_document()
    broken = Document(document.issue, document.edition,
                      document.pages + (Page("empty.xhtml", "x", "", "story"),),
                      document.resources, modified=document.modified)
    with pytest.raises(RenderError):
        render_epub(broken)


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_sample_epub_is_under_one_and_a_half_megabytes(sample_outputs, edition):
    assert sample_outputs[f"epub:{edition}"].stat().st_size < 1.5 * 2**20


def test_each_edition_carries_its_regional_forms_in_the_font_cmaps(sample_outputs):
    # readers that ignore the language (and so locl) still show each region's forms
    import uharfbuzz

    file = "NotoSerifCJKscBP-Regular.otf"
    shipped = TTFont(FONTS_DIR / file, lazy=True)
    font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(FONTS_DIR / file))))
    marks = "，。、：！？"
    glyphs = {}
    for edition in EDITIONS:
        with zipfile.ZipFile(sample_outputs[f"epub:{edition}"]) as archive:
            cmap = TTFont(io.BytesIO(archive.read(f"EPUB/fonts/{file}"))).getBestCmap()
        glyphs[edition] = [cmap[ord(mark)] for mark in marks]  # CIDs: the subset keeps them
        buffer = uharfbuzz.Buffer()
        buffer.add_str("一" + "一".join(marks))
        buffer.guess_segment_properties()
        buffer.language = edition
        uharfbuzz.shape(font, buffer, {})
        assert glyphs[edition] == [shipped.getGlyphName(info.codepoint)
                                   for info in buffer.glyph_infos[1::2]], edition
    assert all(hans != hant for hans, hant in zip(glyphs["zh-Hans"], glyphs["zh-Hant"]))


def embedded_cmap(epub, file: str) -> set[int]:
    with zipfile.ZipFile(epub) as archive:
        return set(TTFont(io.BytesIO(archive.read(f"EPUB/fonts/{file}"))).getBestCmap())


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_font_carries_the_characters_set_in_it(sample_outputs, edition):
    # the stylesheet sets headlines and the publication's name in the sans bold, the rest
    # in the serif; the licence's <pre> in the reader's monospace
    epub = sample_outputs[f"epub:{edition}"]
    sans_text, other_text = set(), set()
    for name in names(epub):
        if name.endswith(".xhtml"):
            root = xml(epub, name)
            sans = root.xpath("//x:h1 | //x:*[@class='publication'] | //x:nav[not(@hidden)]/x:h2",
                              namespaces=NS)
            sans_text |= {ord(c) for element in sans for c in "".join(element.itertext())}
            other_text |= {ord(c) for node in root.xpath(
                "//x:body//text()[not(ancestor::x:h1 or ancestor::x:*[@class='publication'] "
                "or ancestor::x:pre or ancestor::x:h2 or ancestor::*[@hidden])]", namespaces=NS)
                for c in node}
    sans_cmap = embedded_cmap(epub, "NotoSansCJKscBP-Bold.otf")
    serif_cmap = embedded_cmap(epub, "NotoSerifCJKscBP-Regular.otf")
    assert sans_cmap == sans_text
    assert len(sans_cmap) < 80  # of the book's 500 characters
    assert other_text - {ord(c) for c in " \n\t"} <= serif_cmap
    assert not (sans_text - other_text) & serif_cmap  # what only headlines set
    with zipfile.ZipFile(epub) as archive:
        assert len(archive.read("EPUB/fonts/NotoSansCJKscBP-Bold.otf")) < 30_000


def test_the_emphasis_mark_is_in_the_font_of_the_emphasis(issue_folder, tmp_path):
    from tests.backends.test_epub import build_epub

    folder = issue_folder(stories={"01": "headline: 标题\nbody: 这是**重点**。\n"})
    epub = tmp_path / "e.epub"
    epub.write_bytes(build_epub(folder))
    assert 0x2022 in embedded_cmap(epub, "NotoSerifCJKscBP-Regular.otf")  # filled dot
    assert 0x2022 not in embedded_cmap(epub, "NotoSansCJKscBP-Bold.otf")


def test_the_contents_page_is_set_in_the_books_fonts_and_writing_mode(sample_outputs, issue_folder,
                                                                       tmp_path):
    from tests.backends.test_epub import VERTICAL_ISSUE, VERTICAL_STORY, build_epub

    nav = xml(sample_outputs["epub"], "EPUB/nav.xhtml")
    assert nav.xpath("//x:link[@rel='stylesheet']/@href", namespaces=NS) == ["ebook.css"]
    assert nav.xpath("string(//x:nav[@epub:type='toc']/x:h2)", namespaces=NS) == "目录"
    headline = "".join(xml(sample_outputs["epub"], "EPUB/story-01.xhtml").xpath(
        "//x:h1//text()", namespaces=NS))
    sans = embedded_cmap(sample_outputs["epub"], "NotoSansCJKscBP-Bold.otf")
    assert {ord(c) for c in "目录" + headline} <= sans
    vertical = tmp_path / "v.epub"
    vertical.write_bytes(build_epub(issue_folder(VERTICAL_ISSUE, stories={"01": VERTICAL_STORY})))
    assert xml(vertical, "EPUB/nav.xhtml").xpath("//x:link[@rel='stylesheet']/@href",
                                                  namespaces=NS) == ["ebook.css", "vertical.css"]
    assert epubcheck(vertical) == []


def git(folder, *arguments, when="2024-03-05T06:07:08Z"):
    import subprocess

    environment = {**__import__("os").environ, "GIT_AUTHOR_DATE": when,
                   "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "editor",
                   "GIT_AUTHOR_EMAIL": "e@example.org", "GIT_COMMITTER_NAME": "editor",
                   "GIT_COMMITTER_EMAIL": "e@example.org", "GIT_CONFIG_GLOBAL": "/dev/null"}
    subprocess.run(["git", *arguments], cwd=folder, env=environment, check=True,
                   capture_output=True)


def modified(epub) -> list[str]:
    return opf(epub).xpath("//opf:meta[@property='dcterms:modified']/text()", namespaces=NS)


def test_the_last_commit_of_the_issue_folder_dates_the_book(issue_folder, tmp_path):
    folder = issue_folder()
    git(folder.parent, "init", "-q")
    git(folder.parent, "add", ".")
    git(folder.parent, "commit", "-q", "-m", "issue")
    (folder.parent / "elsewhere.txt").write_text("x")
    git(folder.parent, "add", ".")
    git(folder.parent, "commit", "-q", "-m", "not the issue", when="2025-01-01T00:00:00Z")
    books = []
    for out in ("a", "b"):
        report = Report()
        (path,) = build([folder], ("epub",), None, tmp_path / out, report).written
        books.append(path.read_bytes())
        assert modified(path) == ["2024-03-05T06:07:08Z"]
    assert books[0] == books[1]  # the same commit, the same bytes
    # a change not yet committed: the file's own time
    story = folder / "stories" / "01.yaml"
    story.write_text(story.read_text(encoding="utf-8") + "quote: 引语\n", encoding="utf-8")
    for path in folder.rglob("*.yaml"):
        __import__("os").utime(path, (1_600_000_000, 1_600_000_000))
    __import__("os").utime(story, (1_700_000_000, 1_700_000_000))
    report = Report()
    (path,) = build([folder], ("epub",), None, tmp_path / "c", report).written
    assert modified(path) == ["2023-11-14T22:13:20Z"]


def test_outside_git_the_newest_file_dates_the_book(issue_folder, tmp_path):
    import os

    folder = issue_folder()
    for path in folder.rglob("*"):
        os.utime(path, (1_600_000_000, 1_600_000_000))
    os.utime(folder / "stories" / "01.yaml", (1_700_000_000, 1_700_000_000))
    git(folder, "init", "-q")  # a repository that came with the manuscript is not asked
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "theirs")
    report = Report()
    (path,) = build([folder], ("epub",), None, tmp_path / "out", report).written
    assert modified(path) == ["2023-11-14T22:13:20Z"]


def test_accessibility_markup(issue_folder, tmp_path, sample_outputs):
    from tests.backends.test_epub import build_epub

    folder = issue_folder(stories={"01": "headline: [第一行, 第二行]\nbody: 读{淞|sōng}江。\n"})
    epub = tmp_path / "a.epub"
    epub.write_bytes(build_epub(folder))
    story = xml(epub, "EPUB/story-01.xhtml")
    # pinyin has its language; the parentheses for readers without ruby are not spoken
    (rt,) = story.xpath("//x:rt", namespaces=NS)
    assert rt.get("lang") == rt.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Latn-pinyin"
    assert story.xpath("//x:rp/@aria-hidden", namespaces=NS) == ["true", "true"]
    # headline lines are heard apart
    assert story.xpath("string(//x:h1)", namespaces=NS) == "第一行，第二行"
    assert story.xpath("//x:h1/x:span[@class='pause']/text()", namespaces=NS) == ["，"]
    with zipfile.ZipFile(epub) as archive:
        css = archive.read("EPUB/ebook.css").decode()
    assert re.search(r"\.pause \{[^}]*position: absolute;[^}]*clip: rect\(0 0 0 0\)", css)
    assert not re.search(r"(^|\n)body \{", css)  # the reader's margins
    # every epub:type with a matching DPUB-ARIA role has it
    roles = {"cover": "doc-cover", "appendix": "doc-appendix", "toc": "doc-toc"}
    typed = [element for name in names(epub) if name.endswith(".xhtml")
             for element in xml(epub, name).xpath(  # landmarks name their targets' types
                 "//*[@epub:type][not(ancestor::x:nav[@epub:type='landmarks'])]", namespaces=NS)]
    assert {element.get("{http://www.idpf.org/2007/ops}type") for element in typed} >= set(roles)
    for element in typed:
        kind = element.get("{http://www.idpf.org/2007/ops}type")
        if kind in roles:
            assert element.get("role") == roles[kind], kind
    assert epubcheck(epub) == []


def test_page_breaks_mark_the_print_pages(tmp_path, monkeypatch):
    """In the hard-case bulletin, the first paragraph that starts on page 2 of the PDF is
    the third story's first; the e-book marks page 2 there, and its page list leads to the
    marks, whether the PDF is built beside it or not (the same bytes both ways)."""
    from tests.clreq.test_hard_cases import HARD_CASES

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1650000000")
    books = {}
    for formats in (("pdf", "epub"), ("epub",)):
        out = tmp_path / "-".join(formats)
        report = Report()
        build([HARD_CASES], formats, ("zh-Hans",), out, report)
        assert report.ok, [str(d) for d in report]
        books[formats] = next(out.glob("*.epub")).read_bytes()
    assert books[("pdf", "epub")] == books[("epub",)]
    epub = tmp_path / "book.epub"
    epub.write_bytes(books[("epub",)])
    nav = xml(epub, "EPUB/nav.xhtml")
    (page_list,) = nav.xpath("//x:nav[@epub:type='page-list']", namespaces=NS)
    entries = [(a.text, a.get("href")) for a in page_list.xpath(".//x:a", namespaces=NS)]
    assert entries == [("1", "story-01.xhtml#page-1"), ("2", "story-03.xhtml#page-2")]
    for label, href in entries:  # each target is a page break, right before a paragraph
        name, anchor = href.split("#")
        (mark,) = xml(epub, f"EPUB/{name}").xpath(f"//*[@id='{anchor}']")
        assert mark.get("{http://www.idpf.org/2007/ops}type") == "pagebreak"
        assert mark.get("aria-label") == label
        assert mark.getnext().tag == "{http://www.w3.org/1999/xhtml}p"
    package = opf(epub)
    assert package.xpath("//dc:source[@id='print-edition']/text()", namespaces=NS) == \
        ["政务服务中心工作简报 2023年第12期 PDF"]
    assert package.xpath("//opf:meta[@refines='#print-edition']/text()", namespaces=NS) == \
        ["pagination"]
    assert epubcheck(epub) == []


def test_a_print_page_with_no_paragraph_starting_on_it_is_marked_after_the_one_running_on():
    # every paragraph starts on page 1; the fourth story's only paragraph runs on to page 2
    report = Report()
    (issue,) = load([SAMPLE], report)
    pages = {f"s{story}p1": 1 for story in range(1, 5)} | {"": 2}
    document = typeset_ebook(issue, "zh-Hans", Layout.named(issue.layout), print_pages=pages)
    assert document.page_list == ((1, "story-01.xhtml#page-1"), (2, "story-04.xhtml#page-2"))
    story = next(page for page in document.pages if page.name == "story-04.xhtml")
    assert re.search(r'</p>\s*<span epub:type="pagebreak"[^>]*id="page-2"', story.html)
