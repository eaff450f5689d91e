"""The site of the archive, built once from the sample and a second issue: its files, feeds,
checksums, links and pages, read as a browser, a feed reader and an e-reader app would."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pypdfium2
import pytest
import tinycss2
from lxml import etree

from bulletin_press.cli import main
from bulletin_press.diagnostics import Report
from bulletin_press.site import build_site
from tests.conftest import BASE_URL, MIXED_TEXT, ROOT, SAMPLE, make_site_project

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/terms/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ACQUISITION = "http://opds-spec.org/acquisition/open-access"
ISSUES = {SAMPLE.name: ("zh-Hans", "zh-Hant", "zh-Hant-HK"), MIXED_TEXT.name: ("zh-Hans",)}
# what a file's first bytes say it is
MAGIC = {"application/pdf": b"%PDF-", "application/epub+zip": b"PK\x03\x04",
         "image/jpeg": b"\xff\xd8\xff", "font/woff2": b"wOF2", "text/html": b"<!DOCTYPE html>"}


def pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def parse(page: Path):  # noqa: ANN201
    """The page as a browser reads it; any parse error fails (html5lib, strict)."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), strict=True)
    return parser.parse(page.read_bytes())


def test_each_issue_and_edition_has_its_web_edition_and_downloads(built_site):
    root = built_site.root
    for issue, editions in ISSUES.items():
        assert (root / issue / "index.html").is_file()  # the first edition, zh-Hans, here too
        for edition in editions:
            for name in ("index.html", "web.css", "cover.jpg", "cover-small.jpg"):
                assert (root / issue / edition / name).is_file(), (issue, edition, name)
            for suffix in ("pdf", "epub"):
                assert (root / issue / f"{issue}.{edition}.{suffix}").is_file()
    for name in ("index.html", "opds.xml", "feed.xml", "SHA256SUMS", "site-manifest.json",
                 "LICENSE-fonts.txt"):
        assert (root / name).is_file()


def test_the_index_lists_the_issues_newest_first_with_their_headlines(built_site):
    tree = parse(built_site.root / "index.html")
    issues = tree.findall(f".//{XHTML}li[@class='issue']")
    titles = ["".join(item.find(f".//{XHTML}h2").itertext()) for item in issues]
    assert titles == ["数字化转型进行时", "守望相助　共克时艰"]
    dates = [item.find(f".//{XHTML}time").get("datetime") for item in issues]
    assert dates == ["2023-05-20", "2022-04-02"]
    headlines = "".join(issues[1].find(f".//{XHTML}ul[@class='headlines']").itertext())
    assert "我们要提前谋划" in headlines and "让我打通最后100米" in headlines
    sizes = {a.get("href"): a.getnext().text for a in issues[1].iter(f"{XHTML}a")
             if a.get("download") is not None}
    assert len(sizes) == 6  # three editions, a PDF and an EPUB each
    for href, shown in sizes.items():
        size = (built_site.root / href).stat().st_size
        assert shown == (f"{size / 1_000_000:.1f} MB" if size >= 1_000_000
                         else f"{size // 1000} KB"), href


def _links(page: Path) -> list[tuple[str, str, str | None]]:
    """(tag, URL, type) of every link and resource of a page."""
    found = []
    for element in parse(page).iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.removeprefix(XHTML)
        for attribute in ("href", "src"):
            if element.get(attribute):
                found.append((tag, element.get(attribute), element.get("type")))
    return found


def _local(page: Path, url: str, root: Path) -> Path | None:
    """The file a relative URL leads to, as a browser resolves it from ``file://``."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page
    target = (page.parent / unquote(parts.path)).resolve()
    assert target.is_relative_to(root.resolve()), f"{page}: {url} leads out of the site"
    return target


def test_every_link_of_the_index_and_the_web_editions_leads_to_a_file_of_its_type(built_site):
    root = built_site.root
    checked = 0
    for page in pages(root):
        ids = {element.get("id") for element in parse(page).iter() if isinstance(element.tag, str)}
        for tag, url, kind in _links(page):
            target = _local(page, url, root)
            if target is None:
                # only addresses of the site itself, and nothing loaded from anywhere else
                assert url.startswith(BASE_URL) and tag in ("link", "a"), (page, url)
                continue
            assert target.is_file(), f"{page.relative_to(root)}: {url} leads to no file"
            if kind in MAGIC:
                assert target.read_bytes().startswith(MAGIC[kind]), (page, url, kind)
            fragment = urlsplit(url).fragment
            if fragment and target == page:
                assert fragment in ids, (page, url)
            checked += 1
    assert checked > 100


def test_the_stylesheets_fonts_are_woff2_cut_to_the_page(built_site):
    from fontTools.ttLib import TTFont

    page = built_site.root / MIXED_TEXT.name / "zh-Hans" / "index.html"
    css = (page.parent / "web.css").read_text(encoding="utf-8")
    urls = [token.arguments[0].value if token.type == "function" else token.value
            for rule in tinycss2.parse_stylesheet(css, skip_comments=True)
            if rule.type == "at-rule" and rule.lower_at_keyword == "font-face"
            for token in tinycss2.parse_blocks_contents(rule.content)
            if token.type == "declaration" and token.lower_name == "src"
            for token in token.value
            if token.type == "url" or (token.type == "function" and token.lower_name == "url")]
    assert urls and all(url.endswith(".woff2") for url in urls)
    text = "".join(parse(page).find(f"{XHTML}body").itertext())
    cmap: set[int] = set()
    for url in urls:
        font = TTFont(page.parent / url)
        assert font.flavor == "woff2"
        assert len(font.getBestCmap()) < 2000  # a subset: the shipped font has tens of thousands
        cmap |= set(font.getBestCmap())
    # each character is in a face (which face sets it, the browser's test shows)
    assert {char for char in text if not char.isspace() and ord(char) not in cmap} == set()
    assert "<script" not in page.read_text(encoding="utf-8")


def test_web_editions_are_valid_html_with_languages_anchors_and_link_previews(built_site):
    for page in pages(built_site.root):
        tree = parse(page)  # strict: a parse error fails
        html = tree.getroot()
        assert html.get("lang") in ("zh-Hans", "zh-Hant", "zh-Hant-HK"), page
        head = html.find(f"{XHTML}head")
        assert head.find(f"{XHTML}meta[@charset='utf-8']") is not None
        assert head.find(f"{XHTML}meta[@name='viewport']") is not None
        description = head.find(f"{XHTML}meta[@name='description']").get("content")
        assert description.strip(), page
        properties = {meta.get("property"): meta.get("content")
                      for meta in head.iter(f"{XHTML}meta") if meta.get("property")}
        assert properties["og:title"] and properties["og:description"]
        ids = [element.get("id") for element in tree.iter()
               if isinstance(element.tag, str) and element.get("id")]
        assert len(ids) == len(set(ids)), page
        for element in tree.iter():  # languages that differ from the page's are tagged
            if isinstance(element.tag, str) and element.tag == f"{XHTML}rt":
                assert element.get("lang") == "zh-Latn-pinyin"
    page = built_site.root / SAMPLE.name / "zh-Hant" / "index.html"
    head = parse(page).getroot().find(f"{XHTML}head")
    alternates = {link.get("hreflang"): link.get("href") for link in head.iter(f"{XHTML}link")
                  if link.get("rel") == "alternate" and link.get("hreflang")}
    assert alternates == {edition: f"{BASE_URL}{SAMPLE.name}/{edition}/"
                          for edition in ISSUES[SAMPLE.name]}
    canonical = head.find(f"{XHTML}link[@rel='canonical']").get("href")
    assert canonical == f"{BASE_URL}{SAMPLE.name}/zh-Hant/"
    tree = parse(page)
    stories = [a.get("href") for a in tree.find(f".//{XHTML}nav[@class='contents']")
               .iter(f"{XHTML}a")]
    assert stories == [f"#story-{n}" for n in range(1, 5)]
    assert all(tree.find(f".//{XHTML}article[@id='{href[1:]}']") is not None for href in stories)


VNU = ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_the_nu_html_checker_finds_no_error_or_warning_in_pages_or_stylesheets(built_site):
    import subprocess

    if not VNU.is_file() or shutil.which("java") is None:
        pytest.fail(f"the HTML test needs Java and the Nu Html Checker at {VNU}: run make test")
    files = [str(path) for path in pages(built_site.root) + sorted(built_site.root.rglob("*.css"))]
    checked = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--also-check-css",
                              *files], capture_output=True, text=True, timeout=300)
    messages = json.loads(checked.stderr)["messages"]
    assert [(m["url"].rsplit("/site/", 1)[-1], m.get("lastLine"), m["message"])
            for m in messages if m["type"] != "info"] == []


def test_opds_catalogue_lists_every_edition_with_its_files_and_covers(built_site):
    root = built_site.root
    # The OPDS 1.2 RelaxNG schema is not shipped: the elements OPDS and Atom require are
    # asserted instead.
    feed = etree.parse(str(root / "opds.xml")).getroot()
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    own = {link.get("rel"): link.get("type") for link in feed.findall(f"{ATOM}link")}
    assert own["self"] == own["start"] == \
        "application/atom+xml;profile=opds-catalog;kind=acquisition"
    entries = feed.findall(f"{ATOM}entry")
    assert [(entry.findtext(f"{DC}issued"), entry.findtext(f"{DC}language"))
            for entry in entries] == [("2023-05-20", "zh-Hans"), ("2022-04-02", "zh-Hans"),
                                      ("2022-04-02", "zh-Hant"), ("2022-04-02", "zh-Hant-HK")]
    for entry in entries:
        for name in ("id", "title", "updated", "author", "summary"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        links = entry.findall(f"{ATOM}link")
        acquisitions = {link.get("type"): link for link in links if link.get("rel") == ACQUISITION}
        assert set(acquisitions) == {"application/epub+zip", "application/pdf"}
        for kind, link in acquisitions.items():
            target = root / link.get("href")
            assert target.read_bytes().startswith(MAGIC[kind])
            assert int(link.get("length")) == target.stat().st_size
        images = {link.get("rel"): link for link in links if "image" in link.get("rel")}
        assert set(images) == {"http://opds-spec.org/image", "http://opds-spec.org/image/thumbnail"}
        for link in images.values():
            assert link.get("type") == "image/jpeg"
            assert (root / link.get("href")).read_bytes().startswith(MAGIC["image/jpeg"])
        page = [link for link in links if link.get("rel") == "alternate"][0]
        assert (root / page.get("href")).is_file()


def test_atom_feed_lists_the_issues_newest_first(built_site):
    feed = etree.parse(str(built_site.root / "feed.xml")).getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == \
        ["数字化转型进行时", "守望相助　共克时艰"]
    assert entries[0].findtext(f"{ATOM}updated") == "2023-05-20T00:00:00Z"
    for entry in entries:
        page = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert (built_site.root / page).is_file()


def test_sha256sums_and_the_manifest_agree_with_the_files(built_site):
    root = built_site.root
    lines = (root / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    listed = {}
    for line in lines:
        digest, path = re.fullmatch(r"([0-9a-f]{64})  (\S+)", line).groups()
        assert hashlib.sha256((root / path).read_bytes()).hexdigest() == digest, path
        listed[path] = digest
    downloads = {str(path.relative_to(root)) for pattern in ("*/*.pdf", "*/*.epub")
                 for path in root.glob(pattern)}
    assert set(listed) == downloads and len(downloads) == 8
    manifest = json.loads((root / "site-manifest.json").read_text(encoding="utf-8"))["files"]
    for item in manifest:
        data = (root / item["path"]).read_bytes()
        assert item["bytes"] == len(data)
        assert item["sha256"] == hashlib.sha256(data).hexdigest()
        assert item["edition"] in ISSUES[item["issue"]]
    assert {(item["issue"], item["edition"], item["format"]) for item in manifest} == {
        (issue, edition, fmt) for issue, editions in ISSUES.items() for edition in editions
        for fmt in ("pdf", "epub", "web")}


def _qr_code(pdf: Path) -> str:
    import zxingcpp

    document = pypdfium2.PdfDocument(str(pdf))
    try:  # the colophon, with the code, ends the issue: on whichever page that is
        codes = [code for page in document
                 for code in zxingcpp.read_barcodes(page.render(scale=4).to_pil())]
    finally:
        document.close()
    assert len(codes) == 1, f"{pdf.name}: {len(codes)} codes"
    return codes[0].text


def test_the_printed_qr_code_gives_the_url_or_the_web_edition_under_base_url(built_site):
    root = built_site.root
    sample = _qr_code(root / SAMPLE.name / f"{SAMPLE.name}.zh-Hant.pdf")
    assert sample == "https://bulletin.example.org/2022-04-community-volunteers/"  # its url
    mixed = _qr_code(root / MIXED_TEXT.name / f"{MIXED_TEXT.name}.zh-Hans.pdf")
    assert mixed == f"{BASE_URL}{MIXED_TEXT.name}/"  # no url: its web edition
    for url in (sample, mixed):  # and the site has a page there
        assert (root / url.removeprefix(BASE_URL) / "index.html").is_file()


def test_a_relative_url_is_taken_under_base_url(tmp_path):
    from bulletin_press.build import load

    manuscripts = make_site_project(tmp_path)
    issue = manuscripts / MIXED_TEXT.name / "issue.yaml"
    issue.write_text(issue.read_text(encoding="utf-8") + "url: special/may/\n", encoding="utf-8")
    report = Report()
    issues = {issue.id: issue for issue in load([manuscripts], report)}
    assert report.ok
    assert issues[MIXED_TEXT.name].url == f"{BASE_URL}special/may/"
    assert issues[SAMPLE.name].url == "https://bulletin.example.org/2022-04-community-volunteers/"


def test_a_rebuild_makes_the_same_bytes(built_site, tmp_path):
    report = Report()
    build_site([built_site.manuscripts], tmp_path / "again", report)
    assert report.ok
    first = {str(p.relative_to(built_site.root)): p.read_bytes()
             for p in built_site.root.rglob("*") if p.is_file()}
    second = {str(p.relative_to(tmp_path / "again")): p.read_bytes()
              for p in (tmp_path / "again").rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.parametrize("site_yaml, expected", [
    ("base_url: ftp://example.org/\n",
     "site.yaml:1:11: error: 'base_url' must be a web address starting with https:// or "
     "http://, not 'ftp://example.org/'"),
    ("title: 简报\n", "site.yaml:1:1: error: the site needs 'base_url'"),
    ("base_url: https://example.org/\nbase_ur1: x\n",
     "site.yaml:2:1: error: 'base_ur1' is not a field of the site (did you mean 'base_url'?)"),
])
def test_a_wrong_site_yaml_is_reported_at_its_place_and_nothing_is_written(
        tmp_path, capsys, site_yaml, expected):
    manuscripts = tmp_path / "manuscripts"
    shutil.copytree(MIXED_TEXT, manuscripts / MIXED_TEXT.name)
    (manuscripts / "site.yaml").write_text(site_yaml, encoding="utf-8")
    status = main(["site", str(manuscripts), "--out", str(tmp_path / "site")])
    error = capsys.readouterr().err
    assert status == 1
    assert expected in error and "Traceback" not in error
    assert not (tmp_path / "site").exists()


def test_a_relative_url_without_a_base_url_is_an_error(tmp_path, capsys):
    manuscripts = tmp_path / "manuscripts"
    shutil.copytree(MIXED_TEXT, manuscripts / MIXED_TEXT.name)
    issue = manuscripts / MIXED_TEXT.name / "issue.yaml"
    issue.write_text(issue.read_text(encoding="utf-8") + "url: may/\n", encoding="utf-8")
    assert main(["build", str(manuscripts), "--out", str(tmp_path / "dist")]) == 1
    error = capsys.readouterr().err
    assert "issue.yaml:10:6: error: 'url' is a path, 'may/', and there is no site.yaml" in error
    assert not (tmp_path / "dist").exists()


def test_the_site_refuses_to_replace_a_folder_it_did_not_make(tmp_path, capsys):
    manuscripts = make_site_project(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    assert main(["site", str(manuscripts), "--out", str(tmp_path / "mine")]) == 1
    assert "has files and no site-manifest.json" in capsys.readouterr().err
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_without_site_yaml_the_site_is_built_with_relative_links_and_a_warning(tmp_path, capsys):
    manuscripts = tmp_path / "manuscripts"
    shutil.copytree(MIXED_TEXT, manuscripts / MIXED_TEXT.name)
    assert main(["site", str(manuscripts), "--out", str(tmp_path / "site")]) == 0
    assert "site.yaml: warning: no site.yaml with the site's base_url" in capsys.readouterr().err
    page = (tmp_path / "site" / MIXED_TEXT.name / "zh-Hans" / "index.html").read_text("utf-8")
    assert 'rel="canonical"' not in page and "https://" not in page


def test_a_second_build_takes_what_is_up_to_date_from_the_site_and_makes_the_rest(
        tmp_path, monkeypatch):
    import bulletin_press.render as render

    manuscripts = tmp_path / "manuscripts"
    for name in (MIXED_TEXT.name, "2023-06-copy"):
        shutil.copytree(MIXED_TEXT, manuscripts / name)
    (manuscripts / "site.yaml").write_text(f"base_url: {BASE_URL}\n", encoding="utf-8")
    report = Report()
    build_site([manuscripts], tmp_path / "site", report)
    before = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}

    made = []
    for name in ("render_pdf", "render_epub", "render_web"):
        original = getattr(render, name)
        monkeypatch.setattr(render, name, lambda job, original=original, name=name: (
            made.append((job.target.issue.id, name)), original(job))[1])
    build_site([manuscripts], tmp_path / "site", report)
    assert report.ok and made == []
    assert {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()} == before

    story = manuscripts / "2023-06-copy" / "stories" / "03-helpdesk.yaml"
    story.write_text(story.read_text(encoding="utf-8").replace("工程师", "技术员"), encoding="utf-8")
    build_site([manuscripts], tmp_path / "site", report)
    assert report.ok
    assert sorted(made) == [("2023-06-copy", "render_epub"), ("2023-06-copy", "render_pdf"),
                            ("2023-06-copy", "render_web")]
    page = (tmp_path / "site" / "2023-06-copy" / "zh-Hans" / "index.html").read_text("utf-8")
    assert "技术员" in page
