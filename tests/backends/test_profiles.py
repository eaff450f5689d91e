"""The print profiles, read back with pikepdf: what each PDF claims to be and holds.

veraPDF (a Java tool) is not installable here — it is not packaged on Debian, PyPI or npm
— so PDF/A and PDF/X are checked structurally: identification in the XMP packet, output
intents, page boxes, tags and metadata, as a validator would find them first.
"""

from __future__ import annotations

import datetime
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest

from bulletin_press.backends.pdf import render_pdf
from bulletin_press.backends.profiles import metadata
from bulletin_press.build import build, load
from bulletin_press.diagnostics import Report
from bulletin_press.formats import PROFILES, output_name
from bulletin_press.layouts import Layout
from bulletin_press.typeset import typeset_print
from tests.conftest import SAMPLE

EDITION = "zh-Hans"
BLEED = Decimal(3) / Decimal("25.4") * 72  # 3 mm in points: 8.504
XMP_DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture(scope="session")
def sample_issue():
    report = Report()
    (issue,) = load([SAMPLE], report)
    return issue


@pytest.fixture(scope="session")
def profile_builds(tmp_path_factory) -> dict:
    """The sample's zh-Hans PDF built once per profile, into one output folder, and with its
    build time: {'out': folder, 'screen': (path, seconds), …}."""
    import time

    source = tmp_path_factory.mktemp("manuscripts") / SAMPLE.name
    shutil.copytree(SAMPLE, source)
    out = tmp_path_factory.mktemp("profiles")
    built: dict = {"out": out, "source": source}
    for profile in PROFILES:
        report = Report()
        start = time.monotonic()
        outcome = build([source], ("pdf",), (EDITION,), out, report, profile=profile)
        assert report.ok, [str(d) for d in report]
        (path,) = outcome.written
        built[profile] = (path, time.monotonic() - start)
    return built


def open_pdf(profile_builds, profile: str) -> pikepdf.Pdf:
    return pikepdf.open(profile_builds[profile][0])


def xmp(pdf: pikepdf.Pdf) -> dict:
    with pdf.open_metadata() as meta:
        return dict(meta)


def test_each_profile_has_its_own_file_name(profile_builds):
    assert {profile: profile_builds[profile][0].name for profile in PROFILES} == {
        "screen": f"{SAMPLE.name}.{EDITION}.pdf",
        "archive": f"{SAMPLE.name}.{EDITION}.archive.pdf",
        "press": f"{SAMPLE.name}.{EDITION}.press.pdf",
    }
    assert output_name("x", "zh-Hant", "epub", "press") == "x.zh-Hant.epub"


def test_screen_is_tagged_pdf_ua_with_a_language(profile_builds):
    pdf = open_pdf(profile_builds, "screen")
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert root.StructTreeRoot.Type == "/StructTreeRoot"
    assert str(root.Lang) == EDITION
    assert xmp(pdf)["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
    assert all("/StructParents" in page.obj for page in pdf.pages)
    # DeviceRGB is sRGB: the shared resources say so
    space = pdf.pages[0].Resources.ColorSpace.DefaultRGB
    assert space[0] == "/ICCBased" and space[1].N == 3
    assert "/OutputIntents" not in root


def test_screen_figures_carry_their_alt_text(issue_folder, tmp_path):
    from PIL import Image

    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (600, 400), (70, 110, 160)).save(photo, quality=85)
    folder = issue_folder(stories={"01": """\
        headline: 标题
        body: 正文第一段。
        images:
          - src: images/photo.jpg
            alt: 街道志愿者合影
        """}, files={"images/photo.jpg": photo.read_bytes()})
    report = Report()
    (issue,) = load([folder], report)
    pdf = pikepdf.open(io.BytesIO(render_pdf(
        typeset_print(issue, issue.language, Layout.named(issue.layout)), None, "screen")))
    figures, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt")))
            kids = node.get("/K")
            if isinstance(kids, (pikepdf.Array, pikepdf.Dictionary)):
                stack.append(kids)
    assert "街道志愿者合影" in figures


def test_archive_is_pdf_a_2u_with_an_srgb_output_intent(profile_builds):
    pdf = open_pdf(profile_builds, "archive")
    identification = xmp(pdf)
    assert identification["{http://www.aiim.org/pdfa/ns/id/}part"] == "2"
    assert identification["{http://www.aiim.org/pdfa/ns/id/}conformance"] == "U"
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFA1"
    assert intent.DestOutputProfile.N == 3
    assert "sRGB" in str(intent.OutputConditionIdentifier)
    assert pdf.pdf_version == "1.7"
    assert pdf.Root.MarkInfo.Marked is True  # tagged too
    # everything embedded: every font has its font file
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_press_is_pdf_x_4_with_a_cmyk_output_intent(profile_builds):
    pdf = open_pdf(profile_builds, "press")
    identification = xmp(pdf)
    assert identification["{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion"] == "PDF/X-4"
    assert pdf.docinfo.GTS_PDFXVersion == "PDF/X-4"
    assert pdf.docinfo.Trapped == "/False"
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFX"
    assert str(intent.OutputConditionIdentifier) == "FOGRA39"
    profile = intent.DestOutputProfile
    assert profile.N == 4
    header = profile.read_bytes()[:20]
    assert header[12:20] == b"prtrCMYK"  # an output device's CMYK profile


def test_press_pages_have_3mm_bleed_and_crop_marks(profile_builds):
    pdf = open_pdf(profile_builds, "press")
    for page in pdf.pages:
        trim = [Decimal(str(value)) for value in page.TrimBox]
        bleed = [Decimal(str(value)) for value in page.BleedBox]
        media = [Decimal(str(value)) for value in page.MediaBox]
        for outer, inner, sign in zip(bleed, trim, (-1, -1, 1, 1)):
            assert abs((outer - inner) * sign - BLEED) < Decimal("0.01")
        assert media == bleed
        assert abs(trim[2] - trim[0] - Decimal("595.276")) < Decimal("0.01")  # A4
    screen = open_pdf(profile_builds, "screen")
    assert screen.pages[0].MediaBox == screen.pages[0].TrimBox


def test_press_pages_have_crop_marks_in_the_bleed(profile_builds):
    import pypdfium2

    scale = 4  # pixels a point
    corner = int(float(BLEED) * scale) - 1  # the bleed's corner square, outside the page
    document = pypdfium2.PdfDocument(profile_builds["press"][0])
    try:
        for page in document:
            image = page.render(scale=scale).to_pil().convert("L")
            width, height = image.size
            for left, top in ((0, 0), (width - corner, 0), (0, height - corner),
                              (width - corner, height - corner)):
                darkest, _ = image.crop((left, top, left + corner, top + corner)).getextrema()
                assert darkest < 200, (left, top)  # a crop mark: a thin line, on white
    finally:
        document.close()


@pytest.mark.parametrize("profile", PROFILES)
def test_metadata_and_outline_in_every_profile(profile_builds, sample_issue, profile):
    pdf = open_pdf(profile_builds, profile)
    info = pdf.docinfo
    assert str(info.Title) == "机关工作简报 · 守望相助　共克时艰"
    assert str(info.Author) == "局机关党委"
    assert str(info.Subject) == "机关工作简报 2022年第4期 守望相助　共克时艰"
    assert "机关工作简报" in str(info.Keywords).split(", ")
    assert str(info.CreationDate) == str(info.ModDate) == "D:20220402000000Z"
    assert str(pdf.Root.Lang) == EDITION
    meta = xmp(pdf)
    assert meta[XMP_DC + "title"] == "机关工作简报 · 守望相助　共克时艰"
    assert meta[XMP_DC + "publisher"] == {"局机关党委"}
    assert meta[XMP_DC + "language"] == {EDITION}
    assert meta[XMP_DC + "date"] == ["2022-04-02"]
    assert meta["{http://ns.adobe.com/xap/1.0/}CreateDate"] == "2022-04-02T00:00:00Z"
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles == [story.headline_text for story in sample_issue.stories]


def test_dates_follow_source_date_epoch(sample_issue):
    moment = datetime.datetime(2023, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    document = typeset_print(sample_issue, EDITION, Layout.named("newsletter"), "screen",
                             moment)
    assert metadata(document)["modified"] == "2023-01-02T03:04:05Z"
    assert metadata(document)["created"] == "2022-04-02T00:00:00Z"


@pytest.mark.parametrize("profile", PROFILES)
def test_rebuilding_gives_the_same_bytes(profile_builds, tmp_path, profile):
    report = Report()
    outcome = build([profile_builds["source"]], ("pdf",), (EDITION,), tmp_path, report,
                    profile=profile)
    assert report.ok
    (again,) = outcome.written
    assert again.read_bytes() == profile_builds[profile][0].read_bytes()


def test_the_cache_keeps_the_profiles_apart(profile_builds):
    out: Path = profile_builds["out"]
    for profile in PROFILES:  # all three were built into one folder: each is up to date
        report = Report()
        outcome = build([profile_builds["source"]], ("pdf",), (EDITION,), out, report,
                        profile=profile)
        assert report.ok and outcome.written == []
        assert outcome.up_to_date == [profile_builds[profile][0]]
    profile_builds["press"][0].write_bytes(b"changed")
    report = Report()
    outcome = build([profile_builds["source"]], ("pdf",), (EDITION,), out, report,
                    profile="screen")
    assert outcome.written == []  # the screen PDF is still as it was made
    outcome = build([profile_builds["source"]], ("pdf",), (EDITION,), out, report,
                    profile="press")
    assert outcome.written == [profile_builds["press"][0]]
