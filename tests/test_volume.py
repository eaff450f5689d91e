"""The yearly volume: a year's issues as one book, read back from the PDF and the EPUB."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from pypdf import PdfReader

from bulletin_press.build import load
from bulletin_press.cli import main
from bulletin_press.diagnostics import Report
from bulletin_press.layouts import Layout
from bulletin_press.manuscript.model import plain_text
from bulletin_press.typeset.volume import people, typeset_volume_print, volume_issues
from tests.epub_tools import epubcheck
from tests.pdf_tools import embedded_fonts

ROOT = Path(__file__).resolve().parents[1]
ISSUES_2023 = ("2023-05-mixed-text", "2023-09-hard-cases")  # in date order
SAMPLE_2022 = ROOT / "manuscripts" / "2022-04-community-volunteers"
XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
WRITTEN = re.compile(r"wrote (\S+) \((?:(\d+) pages, )?[\d.]+ MB, [\d.]+ s, \d+ MB peak\)")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def _project(folder: Path) -> Path:
    manuscripts = folder / "manuscripts"
    for name in ISSUES_2023:
        shutil.copytree(ROOT / "tests" / "fixtures" / name, manuscripts / name)
    shutil.copytree(SAMPLE_2022, manuscripts / SAMPLE_2022.name)
    return manuscripts


@pytest.fixture(scope="module")
def volume(tmp_path_factory):
    folder = tmp_path_factory.mktemp("volume")
    manuscripts = _project(folder)
    status, out, err = _run("volume", str(manuscripts), "--year", "2023",
                            "--edition", "zh-Hans", "--out", str(folder / "dist"))
    assert status == 0, err
    issues = volume_issues(load([manuscripts], Report()), 2023)
    return {"out": out, "dist": folder / "dist", "issues": issues, "manuscripts": manuscripts,
            "pdf": folder / "dist" / "volume-2023.zh-Hans.pdf",
            "epub": folder / "dist" / "volume-2023.zh-Hans.epub"}


@pytest.fixture(scope="module")
def pages(volume) -> list[str]:
    with pdfplumber.open(volume["pdf"]) as pdf:
        return [page.extract_text() for page in pdf.pages]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _standing(pages: list[str], text: str, after: int = 2) -> int:
    """The number (from 1) of the first page after the contents where ``text`` stands."""
    wanted = _squeezed(text)
    return next(number for number, page in enumerate(pages, 1)
                if number > after and wanted in _squeezed(page))


def _contents_number(pages: list[str], text: str) -> int:
    line = next(line for line in pages[1].splitlines() if _squeezed(text) in _squeezed(line))
    return int(re.search(r"(\d+)$", line).group(1))


def _first_line(story) -> str:  # noqa: ANN001 (a Story)
    return plain_text(story.headline[0])


def test_the_volume_gathers_the_years_issues_in_date_order(volume):
    assert [issue.folder.name for issue in volume["issues"]] == list(ISSUES_2023)
    written = WRITTEN.findall(volume["out"])
    assert [Path(path).name for path, _ in written] == ["volume-2023.zh-Hans.pdf",
                                                       "volume-2023.zh-Hans.epub"]
    assert int(written[0][1]) == len(PdfReader(volume["pdf"]).pages)
    assert sorted(path.name for path in volume["dist"].iterdir()) == [
        "volume-2023.zh-Hans.epub", "volume-2023.zh-Hans.pdf"]


def test_the_whole_book_has_one_subset_of_each_face(volume):
    faces = [font.postscript_name for font in embedded_fonts(volume["pdf"])]
    assert faces and len(faces) == len(set(faces)), faces


def test_the_title_page_names_the_publication_and_the_year(volume, pages):
    first = _squeezed(pages[0])
    assert _squeezed(volume["issues"][0].publication_text) in first
    assert "2023年合订本" in first


def test_the_contents_give_the_pages_where_issues_and_stories_stand(volume, pages):
    assert "目录" in pages[1]
    for issue in volume["issues"]:
        assert _contents_number(pages, issue.title_text) == _standing(pages, issue.title_text)
        for story in issue.stories:
            assert _contents_number(pages, _first_line(story)) \
                == _standing(pages, _first_line(story)), story.stem


def test_each_issue_starts_a_page_with_its_masthead(volume, pages):
    starts = []
    for issue in volume["issues"]:
        number = _standing(pages, issue.title_text)
        head = _squeezed(issue.publication_text + issue.number_text)
        # the running head, then the masthead: nothing of the issue before stands above it
        assert _squeezed(pages[number - 1]).startswith(head + head), number
        starts.append(number)
    assert starts == sorted(set(starts)) and starts[0] == 3


def test_the_folios_run_on_through_the_whole_volume(pages):
    assert len(pages) >= 5
    assert not re.search(r"\d$", pages[0].strip())  # the title page has none
    for number, page in enumerate(pages[1:], 2):
        assert page.strip().splitlines()[-1].strip() == str(number)


def test_the_outline_has_each_issue_with_its_stories(volume):
    reader = PdfReader(volume["pdf"])
    outline = reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    issues = volume["issues"]
    assert titles == ["目录", *(issue.title_text for issue in issues), "作者索引"]
    for issue in issues:
        position = next(index for index, item in enumerate(outline)
                        if not isinstance(item, list) and item.title == issue.title_text)
        children = outline[position + 1]
        assert isinstance(children, list)
        assert [child.title for child in children] == [story.headline_text
                                                       for story in issue.stories]


def test_the_byline_index_gives_each_persons_pages(volume, pages):
    expected: dict[str, list[int]] = {}
    for issue in volume["issues"]:
        for story in issue.stories:
            for person in people(plain_text(story.byline)):
                expected.setdefault(person, []).append(_standing(pages, _first_line(story)))
    assert {"周明", "Li Ming", "Zhang Wei"} <= set(expected)
    index = pages[-1]
    assert "作者索引" in index
    for person, numbers in expected.items():
        found = re.search(re.escape(person) + r"\s*([\d，]+)", index)
        assert found, person
        assert [int(n) for n in found.group(1).split("，")] == numbers, person


def test_people_are_the_byline_without_its_roles():
    assert people("本刊记者　周明") == ["周明"]
    assert people("记者 Li Ming报道") == ["Li Ming"]
    assert people("通讯员 Zhang Wei") == ["Zhang Wei"]
    assert people("记者 王芳 李强") == ["王芳", "李强"]
    assert people("文 张三／图 李文") == ["张三", "李文"]
    assert people("文静") == ["文静"]
    assert people("本刊记者") == []


def _nav(epub: Path) -> etree._Element:
    with zipfile.ZipFile(epub) as book:
        name = next(name for name in book.namelist() if name.endswith("nav.xhtml"))
        return etree.fromstring(book.read(name))


def test_the_epub_contents_nest_issues_and_their_stories(volume):
    nav = _nav(volume["epub"])
    toc = nav.xpath("//x:nav[@epub:type='toc']/x:ol", namespaces=XHTML)[0]
    entries = toc.xpath("x:li", namespaces=XHTML)
    issues = volume["issues"]
    for number, (issue, entry) in enumerate(zip(issues, entries), 1):
        assert _squeezed("".join(entry.xpath("(x:a|x:span)[1]//text()", namespaces=XHTML))) \
            == _squeezed(issue.title_text)
        stories = entry.xpath("x:ol/x:li/x:a", namespaces=XHTML)
        assert [_squeezed("".join(a.itertext())) for a in stories] \
            == [_squeezed(story.headline_text) for story in issue.stories]
        assert [a.get("href").rpartition("/")[2] for a in stories] \
            == [f"i{number:02d}-story-{index:02d}.xhtml"
                for index in range(1, len(issue.stories) + 1)]


def test_every_story_is_in_the_epub(volume):
    with zipfile.ZipFile(volume["epub"]) as book:
        names = book.namelist()
        for number, issue in enumerate(volume["issues"], 1):
            for index, story in enumerate(issue.stories, 1):
                name = next(n for n in names if n.endswith(f"i{number:02d}-story-{index:02d}.xhtml"))
                assert _squeezed(_first_line(story)) in _squeezed(
                    "".join(etree.fromstring(book.read(name)).itertext()))


def test_the_epub_passes_epubcheck(volume):
    assert epubcheck(volume["epub"]) == []


def test_the_epub_is_the_same_bytes_when_built_again(volume):
    from bulletin_press.backends.epub import render_epub
    from bulletin_press.typeset.volume import typeset_volume_ebook

    again = render_epub(typeset_volume_ebook(volume["issues"], 2023, "zh-Hans",
                                             Layout.named("newsletter")))
    assert again == volume["epub"].read_bytes()


def test_the_pdf_is_the_same_bytes_when_built_again(volume):
    from bulletin_press.backends.pdf import render_pdf

    again = render_pdf(typeset_volume_print(volume["issues"], 2023, "zh-Hans",
                                            Layout.named("newsletter")))
    assert again == volume["pdf"].read_bytes()


def test_the_volumes_words_are_in_the_editions_script(volume):
    html = typeset_volume_print(volume["issues"], 2023, "zh-Hant", Layout.named("newsletter"))
    assert "2023年合訂本" in html.pages[0].html and "合订本" not in html.pages[0].html


def test_a_year_without_issues_is_an_error_and_writes_nothing(volume, tmp_path):
    status, out, err = _run("volume", str(volume["manuscripts"]), "--year", "2021",
                            "--out", str(tmp_path / "dist"))
    assert status == 1
    assert f"{volume['manuscripts']}: error: no issue dated 2021" in err
    assert "nothing was written" in err and not (tmp_path / "dist").exists()


def test_a_bad_manuscript_is_a_located_error_and_writes_nothing(tmp_path):
    manuscripts = _project(tmp_path)
    story = manuscripts / ISSUES_2023[0] / "stories" / "01-network.yaml"
    story.write_text(story.read_text(encoding="utf-8").replace("byline:", "bylne:", 1),
                     encoding="utf-8")
    status, _, err = _run("volume", str(manuscripts), "--year", "2023",
                          "--out", str(tmp_path / "dist"))
    assert status == 1
    assert re.search(re.escape(str(story)) + r":\d+:\d+: error: ", err), err
    assert not (tmp_path / "dist").exists()


def test_a_layout_without_the_volumes_templates_says_which_it_lacks(tmp_path, monkeypatch):
    from bulletin_press.places import LAYOUTS_DIR

    manuscripts = _project(tmp_path)
    own = tmp_path / "layouts" / "office"
    shutil.copytree(LAYOUTS_DIR / "newsletter", own)
    (own / "volume.html").unlink()
    monkeypatch.chdir(tmp_path)
    status, _, err = _run("volume", str(manuscripts), "--year", "2023", "--layout", "office",
                          "--out", str(tmp_path / "dist"))
    assert status == 1
    assert "error: layout 'office' has no volume.html" in err, err
    assert not (tmp_path / "dist").exists()
