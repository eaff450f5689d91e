"""Fixtures: small manuscripts written on the fly, and the sample built once."""

from __future__ import annotations

import os
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from bulletin_press.build import build
from bulletin_press.diagnostics import Report

# Property tests draw the same examples on every run, so that a run fails only where the code
# changed; HYPOTHESIS_PROFILE=explore draws new ones each time, to look for more.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "manuscripts" / "2022-04-community-volunteers"
SOURCE_TEXT = ROOT / "tests" / "fixtures" / "source-texts" / "000_1afea570e126d28a.txt"  # pasted, as received

MINIMAL_ISSUE = """\
title: 测试刊
publication: 测试简报
date: 2023-05-01
language: zh-Hans
"""
MINIMAL_STORY = """\
headline: 标题
body: |
  正文。
"""


def write_issue(folder: Path, issue: str = MINIMAL_ISSUE, stories: dict[str, str] | None = None,
                files: dict[str, bytes] | None = None) -> Path:
    """An issue folder with ``issue.yaml``, ``stories/<stem>.yaml`` and other files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "issue.yaml").write_text(textwrap.dedent(issue), encoding="utf-8")
    (folder / "stories").mkdir(exist_ok=True)
    for stem, text in (stories if stories is not None else {"01": MINIMAL_STORY}).items():
        (folder / "stories" / f"{stem}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    for name, content in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return folder


@pytest.fixture
def issue_folder(tmp_path: Path):
    """Call with issue.yaml text and stories to get a folder named ``test-issue``."""
    def make(issue: str = MINIMAL_ISSUE, stories: dict[str, str] | None = None,
             files: dict[str, bytes] | None = None) -> Path:
        return write_issue(tmp_path / "test-issue", issue, stories, files)
    return make


@pytest.fixture(scope="session")
def sample_outputs(tmp_path_factory) -> dict[str, Path]:
    """The sample built once, every edition and format: {'pdf': the zh-Hans PDF, …,
    'pdf:zh-Hant': the zh-Hant PDF, …}."""
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("manuscripts") / SAMPLE.name
    shutil.copytree(SAMPLE, source)
    report = Report()
    written = build([source], ("pdf", "epub", "html"), None, out, report).written
    assert report.ok, [str(d) for d in report]
    outputs = {}
    for path in written:
        fmt = path.suffix.lstrip(".") if path.suffix in (".pdf", ".epub") else "html"
        edition = path.name.removeprefix(SAMPLE.name + ".").removesuffix("." + fmt)
        outputs[f"{fmt}:{edition}"] = path
        if edition == "zh-Hans":
            outputs[fmt] = path
    return outputs


MIXED_TEXT = ROOT / "tests" / "fixtures" / "2023-05-mixed-text"
BASE_URL = "https://bulletin.example.org/"
RUBY_STORY = """\
headline: 淞江站点的一天
byline: 本刊记者　周明
body: |
  位于{淞|sōng}江的站点，是专网的**最后一站**。
images:
  - src: images/station.jpg
    alt: 淞江站点的机房
    caption: 淞江站点的机房
"""


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the site's folder
    manuscripts: Path  # the folder of issues it was built from, with site.yaml


def make_site_project(folder: Path) -> Path:
    """The sample (its url given) and a second issue (no url, a story with ruby, emphasis and
    a picture) beside a site.yaml with a base_url; the folder of issues."""
    from PIL import Image

    manuscripts = folder / "manuscripts"
    shutil.copytree(SAMPLE, manuscripts / SAMPLE.name)
    mixed = manuscripts / MIXED_TEXT.name
    shutil.copytree(MIXED_TEXT, mixed)
    issue = mixed / "issue.yaml"
    issue.write_text(issue.read_text(encoding="utf-8").replace(
        "stories: [01-network, 02-sensors, 03-helpdesk]",
        "stories: [01-network, 02-sensors, 03-helpdesk, 04-station]"), encoding="utf-8")
    (mixed / "stories" / "04-station.yaml").write_text(RUBY_STORY, encoding="utf-8")
    (mixed / "images").mkdir()
    Image.new("RGB", (1600, 1200), "steelblue").save(mixed / "images" / "station.jpg")
    (manuscripts / "site.yaml").write_text(f"base_url: {BASE_URL}\ntitle: 工作简报\n",
                                           encoding="utf-8")
    return manuscripts


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """The site of the sample and a second issue, built once."""
    from bulletin_press.site import build_site

    project = tmp_path_factory.mktemp("project")
    manuscripts = make_site_project(project)
    report = Report()
    build_site([manuscripts], project / "site", report)
    assert report.ok, [str(d) for d in report]
    return BuiltSite(project / "site", manuscripts)
