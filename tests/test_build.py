"""Publishing a build: all outputs in place, or none of them changed."""

from __future__ import annotations

import os

import pytest

from bulletin_press import build as build_module
from bulletin_press.build import publish


def listing(folder):
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def test_publish_replaces_files_and_folders_whole(tmp_path):
    out = tmp_path / "out"
    publish(out, [("a.pdf", b"one"), ("site", {"index.html": b"1", "fonts/x.otf": b"f"})])
    (out / "site" / "stale.txt").write_bytes(b"x")
    publish(out, [("a.pdf", b"two"), ("site", {"index.html": b"2"})])
    assert listing(out) == {"a.pdf": b"two", "site": None, "site/index.html": b"2"}


def test_publish_creates_the_output_folder_and_its_parents(tmp_path):
    publish(tmp_path / "a" / "b", [("x.epub", b"e")])
    assert listing(tmp_path) == {"a": None, "a/b": None, "a/b/x.epub": b"e"}


def test_a_failed_write_changes_nothing_and_leaves_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    publish(out, [("a.pdf", b"old a"), ("b.pdf", b"old b")])
    before = listing(out)
    calls = []

    def fsync(handle):
        calls.append(handle)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError):
        publish(out, [("a.pdf", b"new a"), ("b.pdf", b"new b"), ("c.pdf", b"new c")])
    assert listing(out) == before


def test_a_failed_move_rolls_back_the_moves_before_it(tmp_path, monkeypatch):
    out = tmp_path / "out"
    publish(out, [("a.pdf", b"old a"), ("site", {"index.html": b"old"})])
    before = listing(out)
    real = build_module._move_into_place
    moved = []

    def move(new, target, aside):
        if len(moved) == 2:
            raise OSError(5, "Input/output error")
        moved.append(target.name)
        real(new, target, aside)

    monkeypatch.setattr(build_module, "_move_into_place", move)
    with pytest.raises(OSError):
        publish(out, [("a.pdf", b"new a"), ("site", {"index.html": b"new"}), ("z.pdf", b"z")])
    assert moved == ["a.pdf", "site"]
    assert listing(out) == before


def test_a_new_folder_is_removed_again_when_publishing_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "fsync", lambda handle: (_ for _ in ()).throw(OSError(28, "full")))
    with pytest.raises(OSError):
        publish(tmp_path / "new" / "out", [("a.pdf", b"a")])
    assert listing(tmp_path) == {}


def test_each_output_is_staged_as_it_is_made_and_published_with_the_others(tmp_path,
                                                                          monkeypatch):
    """A build of many issues holds one output at a time, not all of them."""
    from bulletin_press import build as building
    from bulletin_press.build import build
    from bulletin_press.diagnostics import Report
    from tests.conftest import MINIMAL_ISSUE, write_issue

    for name in ("a", "b", "c"):
        write_issue(tmp_path / "manuscripts" / name, MINIMAL_ISSUE,
                    {"01": "headline: 标题\nbody: 正文。\n"})
    out = tmp_path / "dist"
    staged_before = []
    render = building.render

    def watched(target, *args):  # noqa: ANN001, ANN202
        staged_before.append(sorted(p.name for p in out.glob(".bulletin-press-staging-*/new/*")))
        assert not list(out.glob("*.html"))  # nothing in place before the end
        return render(target, *args)

    monkeypatch.setattr(building, "render", watched)
    report = Report()
    outcome = build([tmp_path / "manuscripts"], ("html",), ("zh-Hans",), out, report)
    assert report.ok
    assert staged_before == [[], ["a.zh-Hans"], ["a.zh-Hans", "b.zh-Hans"]]
    assert sorted(p.name for p in out.iterdir()) == [".bulletin-press-cache.json", "a.zh-Hans",
                                                     "b.zh-Hans", "c.zh-Hans"]
    assert [path.name for path in outcome.written] == ["a.zh-Hans", "b.zh-Hans", "c.zh-Hans"]
