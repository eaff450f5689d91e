"""Hostile and careless manuscripts: every case ends in a located error or a correct output,
quickly, with nothing written outside ``--out`` and, on failure, nothing changed at all.

Each case builds a project (manuscripts, a secret file beside them, a previous build in
``dist/``), runs ``bulletin-press build`` and checks: the exit status, the located message
naming the right file, no traceback, the whole tree before and after, no temporary litter,
and a time bound.
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from dataclasses import dataclass
from typing import Callable

import pytest

from tests.conftest import MINIMAL_ISSUE
from tests.reliability.conftest import (ISSUE_ID, Project, jpeg, png, run_cli, snapshot,
                                        temporary_litter)


def story_with_images(*sources: str) -> str:
    return "headline: 标题\nbody: 正文。\nimages:\n" + "".join(
        f"  - src: {source}\n    alt: 图\n" for source in sources)


def alias_bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\nheadline: 标题\nbody: 正文。\n"


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(b"\0" * (1 + 3 * width))) + chunk(b"IEND", b""))


def corrupt_png() -> bytes:
    data = png(100, 100)
    start = data.index(b"IDAT") + 12
    return data[:start] + bytes(b ^ 0x5A for b in data[start:start + 24]) + data[start + 24:]


@dataclass(frozen=True)
class Case:
    name: str
    prepare: Callable[[Project], None]
    message: str | None  # a regular expression the first error must match; None: success
    formats: tuple[str, ...] = ("epub",)
    env: tuple[tuple[str, str], ...] = ()


def story(text: str) -> Callable[[Project], None]:
    return lambda project: project.write(stories={"01": text})


def issue_yaml(text: str) -> Callable[[Project], None]:
    return lambda project: project.write(issue=text)


def _linked_story(target: str) -> Callable[[Project], None]:
    def prepare(project: Project) -> None:
        project.write(stories={})
        os.symlink(target.format(root=project.root), project.issue / "stories" / "01.yaml")
    return prepare


def _fifo_story(project: Project) -> None:
    project.write(stories={})
    os.mkfifo(project.issue / "stories" / "01.yaml")


def _socket_story(project: Project) -> None:
    import socket

    project.write(stories={})
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(project.issue / "stories" / "01.yaml"))
    listening.close()


def _folder_story(project: Project) -> None:
    project.write(stories={})
    (project.issue / "stories" / "01.yaml").mkdir()


def _huge_story(project: Project) -> None:
    project.write()
    with open(project.issue / "stories" / "01.yaml", "r+b") as stream:
        stream.truncate(50 * 2**20)  # 50 MB, sparse


def _image_link_chain(project: Project) -> None:
    project.write(stories={"01": story_with_images("images/a.png")})
    (project.issue / "images").mkdir()
    os.symlink("b.png", project.issue / "images" / "a.png")
    os.symlink(str(project.secret), project.issue / "images" / "b.png")


def _image_link_inside(project: Project) -> None:
    project.write(stories={"01": story_with_images("images/a.png")},
                  files={"images/real.png": png()})
    os.symlink("real.png", project.issue / "images" / "a.png")


def _image_back_in(project: Project) -> None:
    project.write(stories={"01": story_with_images(f"../../manuscripts/{ISSUE_ID}/images/x.png")},
                  files={"images/x.png": png()})


def _glossary(text: str) -> Callable[[Project], None]:
    def prepare(project: Project) -> None:
        project.write(issue=MINIMAL_ISSUE + "editions: [zh-Hans, zh-Hant]\n")
        (project.issue.parent / "glossary.yaml").write_text(text, encoding="utf-8")
    return prepare


LOCATED = r"{file}:\d+:\d+: error: "
STORY = "manuscripts/test-issue/stories/01.yaml"
ISSUE = "manuscripts/test-issue/issue.yaml"

CASES = [
    # 1. writes outside the output folder, zip slip
    Case("image path leading out and back in", _image_back_in,
         LOCATED.format(file=STORY) + r".*must be a file inside the issue folder"),
    Case("image behind a chain of links to a file outside", _image_link_chain,
         LOCATED.format(file=STORY) + r"'images/a.png': it leads outside the issue folder"),
    Case("image behind a link inside the issue", _image_link_inside, None, ("epub", "html")),
    Case("image path with a '.' segment", lambda p: p.write(
        stories={"01": story_with_images("./images/x.png")}, files={"images/x.png": png()}),
        None, ("pdf", "epub", "html")),
    Case("image path with a '..' segment", lambda p: p.write(
        stories={"01": story_with_images("images/../images/x.png")}, files={"images/x.png": png()}),
        LOCATED.format(file=STORY) + r".*must be a file inside the issue folder"),
    Case("absolute image path", story(story_with_images("/etc/hosts.png")),
         LOCATED.format(file=STORY) + r".*must be a file inside the issue folder"),
    # 2. unbounded work from tiny files
    Case("alias bomb", story(alias_bomb()),
         LOCATED.format(file=STORY) + r"YAML anchors \('&a0'\) are not allowed"),
    Case("alias of itself", story("x: &r [*r]\nheadline: 标题\nbody: 正文。\n"),
         LOCATED.format(file=STORY) + r"YAML anchors"),
    Case("an alias alone", story("headline: *nothing\nbody: 正文。\n"),
         LOCATED.format(file=STORY) + r"YAML aliases \('\*nothing'\) are not allowed"),
    Case("10 000 nested lists", story("headline: " + "[" * 10_000 + "\nbody: 正文。\n"),
         LOCATED.format(file=STORY) + r"nested more than 20 levels deep"),
    Case("10 000 nested mappings", story("headline: " + "{a: " * 10_000 + "\n"),
         LOCATED.format(file=STORY) + r"nested more than 20 levels deep"),
    Case("a number of 50 000 digits and a letter",
         issue_yaml(MINIMAL_ISSUE + "number: " + "1" * 50_000 + "a\n"),
         LOCATED.format(file=ISSUE) + r"'number' is 50001 characters long"),
    Case("a number of 190 digits", issue_yaml(MINIMAL_ISSUE + "number: 第" + "1" * 190 + "期\n"),
         None),
    Case("a masthead of 1 000 characters", issue_yaml(MINIMAL_ISSUE.replace(
        "publication: 测试简报", "publication: " + "测试简报" * 250)),
         LOCATED.format(file=ISSUE) + r"'publication' is 1000 characters long; a field printed on "
                                      r"one line takes at most 200"),
    Case("a 50 MB story", _huge_story,
         STORY + r": error: cannot read this file: it is 52,428,800 bytes, more than the limit"),
    # 3. story files and images that are links to anything
    Case("story linked to a named pipe", _fifo_story,
         STORY + r": error: cannot read this file: it is a named pipe"),
    Case("story linked to /dev/zero", _linked_story("/dev/zero"),
         STORY + r": error: cannot read this file: it leads outside the issue folder"),
    Case("story linked to a file outside", _linked_story("{root}/outside/passwd"),
         STORY + r": error: cannot read this file: it leads outside the issue folder"),
    Case("story linked to /etc/passwd", _linked_story("/etc/passwd"),
         STORY + r": error: cannot read this file: it leads outside the issue folder"),
    Case("story that is a socket", _socket_story,
         STORY + r": error: cannot read this file: it is a socket, not a regular file"),
    Case("story that is a folder", _folder_story,
         STORY + r": error: cannot read this file: it is a folder"),
    Case("glossary linked to a file outside", lambda p: (
        p.write(), os.symlink(str(p.root / "outside" / "passwd"), p.issue.parent / "glossary.yaml")),
        r"manuscripts/glossary.yaml: error: cannot read this file: it leads outside"),
    # 5. what gave tracebacks
    Case("a list as a mapping key", story("? [a, b]\n: c\nheadline: 标题\nbody: 正文。\n"),
         LOCATED.format(file=STORY) + r"a key must be a name"),
    Case("a date before 1980", issue_yaml(MINIMAL_ISSUE.replace("2023-05-01", "1975-05-01")),
         None),
    Case("a date after 2107", issue_yaml(MINIMAL_ISSUE.replace("2023-05-01", "2200-05-01")),
         None),
    Case("a picture over Pillow's pixel limit",
         lambda p: p.write(stories={"01": story_with_images("big.png")},
                           files={"big.png": png_claiming(20_000, 20_000)}),
         LOCATED.format(file=STORY) + r"'big.png': more pixels than the limit"),
    Case("a picture just over the pixel limit",
         lambda p: p.write(stories={"01": story_with_images("big.png")},
                           files={"big.png": png_claiming(10_000, 9_000)}),
         LOCATED.format(file=STORY) + r"'big.png': 10000 × 9000 pixels, more pixels than"),
    Case("more glossary terms than the limit",
         _glossary("".join(f"词{i:05d}: 詞{i:05d}\n" for i in range(20_001))),
         r"manuscripts/glossary.yaml:1:1: error: the glossary has 20001 terms; the limit is"),
    Case("a bad SOURCE_DATE_EPOCH", lambda p: p.write(),
         r"SOURCE_DATE_EPOCH: error: 'yesterday' is not a time", env=(("SOURCE_DATE_EPOCH",
                                                                        "yesterday"),)),
    Case("a SOURCE_DATE_EPOCH past the zip format", lambda p: p.write(),
         r"SOURCE_DATE_EPOCH: error: '99999999999999999999' is not a time",
         env=(("SOURCE_DATE_EPOCH", "99999999999999999999"),)),
    # 6. checks that could be bypassed
    Case("a character the fonts lack after conversion (毶 → 𣯶)", lambda p: p.write(
        issue=MINIMAL_ISSUE + "editions: [zh-Hans, zh-Hant]\n",
        stories={"01": "headline: 标题\nbody: 他的毶毛。\n"}),
        LOCATED.format(file=STORY) + r"'毶' is printed as '𣯶' \(U\+23BF6\) in the zh-Hant edition"),
    Case("a glossary form the fonts lack", _glossary("暅: 𣈶\n"),
         r"manuscripts/glossary.yaml:1:1: error: the zh-Hant form '𣈶' of '暅': '𣈶' \(U\+23236\) is "
         r"not in the fonts"),
    # 7. invalid outputs
    Case("photo.png and photo.jpg in one issue", lambda p: p.write(
        stories={"01": story_with_images("photo.png", "photo.jpg")},
        files={"photo.png": png(), "photo.jpg": jpeg()}), None, ("epub",)),
    Case("an empty list of stories", issue_yaml(MINIMAL_ISSUE + "stories: []\n"),
         LOCATED.format(file=ISSUE) + r"'stories' is an empty list"),
    Case("an empty list of editions", issue_yaml(MINIMAL_ISSUE + "editions: []\n"),
         LOCATED.format(file=ISSUE) + r"'editions' is an empty list"),
    Case("a NUL character", story("headline: 标题\nbody: 正文\0。\n"),
         LOCATED.format(file=STORY) + r"the character U\+0000 \(a control character\) cannot be printed"),
    Case("a control character typed", story("headline: 标\x1b题\nbody: 正文。\n"),
         LOCATED.format(file=STORY) + r"the character U\+001B"),
    Case("a control character as an escape", story('headline: "标\\x1c题"\nbody: 正文。\n'),
         LOCATED.format(file=STORY) + r"the text holds the character U\+001C"),
    Case("a lone surrogate as an escape", story('headline: "标\\ud800题"\nbody: 正文。\n'),
         LOCATED.format(file=STORY) + r"the text holds the character U\+D800"),
    Case("a line separator", story("headline: 标题\nbody: 正文\u2028第二行。\n"),
         LOCATED.format(file=STORY) + r"the character U\+2028 \(LINE SEPARATOR\) cannot be printed"),
    Case("null in a headline list", story("headline: [null]\nbody: 正文。\n"),
         LOCATED.format(file=STORY) + r"'headline' has an empty item"),
    Case("a Python tag", story("headline: !!python/object/apply:os.system [echo]\nbody: 正文。\n"),
         LOCATED.format(file=STORY) + r"the YAML tag 'tag:yaml.org,2002:python/object/apply"),
    Case("a local tag", story("headline: !secret 标题\nbody: 正文。\n"),
         LOCATED.format(file=STORY) + r"the YAML tag '!secret' is not allowed"),
    Case("a PNG with corrupt compressed data", lambda p: p.write(
        stories={"01": story_with_images("c.png")}, files={"c.png": corrupt_png()}),
        LOCATED.format(file=STORY) + r"'c.png': not a readable PNG image"),
    Case("a JPEG named .png", lambda p: p.write(
        stories={"01": story_with_images("c.png")}, files={"c.png": jpeg()}),
        LOCATED.format(file=STORY) + r"'c.png': not a PNG image"),
    Case("a URL longer than a line may be", issue_yaml(
        MINIMAL_ISSUE + "url: https://example.org/" + "a" * 2000 + "\n"),
        LOCATED.format(file=ISSUE) + r"'url' is 2020 characters long"),
    Case("5 000 opening brackets in a row", story(
        'headline: 标题\nbody: "' + "（《「『【" * 1000 + '"\n'), None, ("pdf",)),
    Case("a row of 5 000 dashes", story('headline: 标题\nbody: "他说' + "——" * 2500 + '"\n'),
         LOCATED.format(file=STORY) + r"a row of 5000 dashes cannot be set"),
    Case("a URL with an unclosed IPv6 bracket", issue_yaml(MINIMAL_ISSUE + "url: http://[::1/x\n"),
         LOCATED.format(file=ISSUE) + r"'url' must be a web address"),
    Case("Windows line ends", lambda p: p.write(
        stories={"01": "headline: 标题\r\nbody: |\r\n  第一行\r\n  第二行。\r\n"}), None),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case, project: Project, capsys, monkeypatch):
    for name, value in case.env:
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(project.root)
    case.prepare(project)
    before, litter = snapshot(project.root), temporary_litter()
    status, err = run_cli(capsys, "build", "manuscripts", "--out", "dist",
                          *(f"--format={fmt}" for fmt in case.formats), "--edition", "zh-Hans")
    after = snapshot(project.root)
    assert "Traceback" not in err and "internal error" not in err, err
    assert temporary_litter() <= litter
    assert not [name for name in after if ".bulletin-press-staging-" in name]
    outside = {k: v for k, v in after.items() if not k.startswith("dist")}
    assert outside == {k: v for k, v in before.items() if not k.startswith("dist")}
    if case.message is None:
        assert status == 0, err
        names = {"pdf": ".pdf", "epub": ".epub", "html": ""}
        for fmt in case.formats:
            assert f"dist/{ISSUE_ID}.zh-Hans{names[fmt]}" in after
    else:
        assert status == 1, err
        first = next(line for line in err.splitlines() if ": error: " in line)
        assert re.match(case.message, first), err
        assert "nothing was written" in err
        assert after == before


def test_an_image_is_published_as_read_at_load_though_swapped_for_a_link_since(project):
    """The bytes are read once, at load: replacing the file afterwards changes nothing."""
    from bulletin_press.build import load
    from bulletin_press.diagnostics import Report
    from bulletin_press.layouts import Layout
    from bulletin_press.typeset import typeset_print

    original = png(40, 30, (0, 200, 0))
    project.write(stories={"01": story_with_images("images/x.png")},
                  files={"images/x.png": original})
    report = Report()
    (issue,) = load([project.issue], report)
    image = project.issue / "images" / "x.png"
    image.unlink()
    os.symlink(project.secret, image)
    document = typeset_print(issue, "zh-Hans", Layout.named("newsletter"))
    media = {name: data for name, data in document.resources.items() if name.startswith("media/")}
    assert list(media.values()) == [original]
    assert list(media) == [f"media/{issue.stories[0].images[0].name}"]


def test_html_and_epub_name_pictures_by_their_content_only(project, capsys, monkeypatch):
    import zipfile

    monkeypatch.chdir(project.root)
    project.write(stories={"01": story_with_images("./images/x.png", "images/y.jpg")},
                  files={"images/x.png": png(), "images/y.jpg": jpeg()})
    status, err = run_cli(capsys, "build", "manuscripts", "--out", "dist", "--format", "html",
                          "--format", "epub", "--edition", "zh-Hans")
    assert status == 0, err
    folder = project.out / f"{ISSUE_ID}.zh-Hans"
    media = sorted(p.name for p in (folder / "media").iterdir())
    assert [re.fullmatch(r"[0-9a-f]{20}\.(png|jpg)", name) is not None for name in media] == \
        [True, True]
    with zipfile.ZipFile(project.out / f"{ISSUE_ID}.zh-Hans.epub") as archive:
        names = archive.namelist()
    assert all(".." not in name.split("/") and not name.startswith("/") for name in names)
    assert sorted(n.split("/")[-1] for n in names if "/media/" in n) == media
