"""Ctrl-C, ``kill`` and concurrent builds: the output folder is exactly as before or exactly
as after, and no staging folder or temporary file is left anywhere."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_ISSUE, ROOT, write_issue
from tests.reliability.conftest import snapshot

ISSUE = MINIMAL_ISSUE + "editions: [zh-Hans, zh-Hant]\n"
STORY = "headline: 标题\nbody: |\n  {}\n"
FORMATS = ("--format", "epub", "--format", "html")


def command(out: Path, manuscripts: Path) -> list[str]:
    return [sys.executable, "-m", "bulletin_press", "build", str(manuscripts), "--out", str(out),
            *FORMATS]


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> dict:
    """Manuscripts, the output folder as their build leaves it ("after"), and as a previous
    build left it ("before"): the same names, other contents, and a file since dropped."""
    root = tmp_path_factory.mktemp("interruptions")
    manuscripts = root / "manuscripts"
    write_issue(manuscripts / "test-issue", ISSUE, {"01": STORY.format("第二稿，改过了。")})
    after = root / "after"
    subprocess.run(command(after, manuscripts), check=True, capture_output=True)
    before = root / "before"
    shutil.copytree(after, before)
    for path in before.rglob("*"):
        if path.is_file():
            path.write_bytes(b"the previous build of " + path.name.encode())
    (before / "test-issue.zh-Hans" / "dropped.css").write_bytes(b"")
    return {"manuscripts": manuscripts, "before": before, "after": after}


def wait_for(predicate, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.0005)
    return False


def staging(out: Path) -> list[Path]:
    return [p for p in out.iterdir() if p.name.startswith(".bulletin-press-staging-")] \
        if out.is_dir() else []


MOMENTS = {
    "while loading": lambda out, process: (time.sleep(0.3), True)[1],
    "while rendering": lambda out, process: (time.sleep(0.9), True)[1],
    "while staging": lambda out, process: wait_for(lambda: staging(out) or process.poll() is not None),
    "while moving into place": lambda out, process: wait_for(
        lambda: any((s / "old").exists() for s in staging(out)) or process.poll() is not None),
}
# SIGINT and SIGTERM take one path; both are sent where the moment is narrowest.
RUNS = [("while loading", signal.SIGTERM), ("while rendering", signal.SIGINT),
        ("while staging", signal.SIGINT), ("while staging", signal.SIGTERM),
        ("while moving into place", signal.SIGINT), ("while moving into place", signal.SIGTERM)]


@pytest.mark.parametrize("moment, signum", RUNS, ids=[f"{m}-{s.name}" for m, s in RUNS])
def test_a_signal_leaves_the_old_build_or_the_new_one(states, tmp_path, signum, moment):
    out = tmp_path / "dist"
    shutil.copytree(states["before"], out)
    before, after = snapshot(states["before"]), snapshot(states["after"])
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen(command(out, states["manuscripts"]), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(temporary)})
    try:
        assert MOMENTS[moment](out, process)
        if process.poll() is None:
            process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    result = snapshot(out)
    assert result in (before, after), "a mix of old and new outputs"
    assert list(temporary.iterdir()) == [], "temporary files left behind"
    assert "Traceback" not in err
    if process.returncode == 0:
        assert result == after
    else:
        assert process.returncode == 128 + signum, err
        published = "the new outputs were all in place" in err
        assert err.strip().endswith("nothing was written") != published, err
        assert result == (after if published else before), err


def test_concurrent_builds_to_one_folder_both_finish_whole(states, tmp_path):
    out = tmp_path / "dist"
    shutil.copytree(states["before"], out)
    processes = [subprocess.Popen(command(out, states["manuscripts"]), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [process.communicate(timeout=120) + (process.returncode,)
               for process in processes]
    assert [status for _, _, status in results] == [0, 0], results
    assert snapshot(out) == snapshot(states["after"])


def test_the_command_line_reports_without_a_traceback_from_a_fresh_process(tmp_path):
    folder = write_issue(tmp_path / "test-issue", MINIMAL_ISSUE,
                         {"01": "x: &r [*r]\nheadline: 标题\nbody: 正文。\n"})
    result = subprocess.run([sys.executable, "-m", "bulletin_press", "check", str(folder)],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{folder}/stories/01.yaml:1:4: error: YAML anchors ('&r') are not allowed in manuscripts")


def test_ctrl_c_during_check_fix_leaves_each_file_whole_and_says_how_many(tmp_path):
    stories = {f"{number:03}": STORY.format("一早,来了。" * 40) for number in range(300)}
    folder = write_issue(tmp_path / "test-issue", MINIMAL_ISSUE, stories)
    paths = sorted((folder / "stories").glob("*.yaml"))
    old = paths[0].read_text(encoding="utf-8")
    new = old.replace(",", "，")
    process = subprocess.Popen([sys.executable, "-m", "bulletin_press", "check", str(folder),
                                "--fix"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, cwd=ROOT)
    assert wait_for(lambda: paths[0].read_text(encoding="utf-8") == new)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    texts = [path.read_text(encoding="utf-8") for path in paths]
    assert set(texts) <= {old, new}  # each file whole, old or new
    fixed = texts.count(new)
    assert 0 < fixed < len(paths)
    assert f"interrupted (SIGINT): {fixed} file(s) fixed, each whole" in err
    assert sum(": fixed: " in line for line in err.splitlines()) == fixed * 40
    assert sorted(p.name for p in (folder / "stories").iterdir()) == [p.name for p in paths]
