"""Rendering on worker processes: the bytes of a build in one process, the number of
workers asked for, problems reported, and Ctrl-C stopping the workers too."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from bulletin_press.backends.pdf import KEPT_CONFIGURATIONS
from bulletin_press.build import load, plan
from bulletin_press.cli import main
from bulletin_press.diagnostics import Report
from bulletin_press.workers import _render_task, render_in_workers, tasks_of
from tests.conftest import MINIMAL_ISSUE, ROOT, SAMPLE, write_issue
from tests.reliability.conftest import snapshot

HARD_CASES = ROOT / "tests" / "fixtures" / "2023-09-hard-cases"


def _hashes(out: Path) -> dict[str, str]:
    return snapshot(out)


def test_workers_make_the_bytes_of_a_build_in_one_process(tmp_path, capsys):
    """Two issues in all their editions (five), PDF and e-book."""
    told = {}
    for jobs in ("1", "2"):
        assert main(["build", str(SAMPLE), str(HARD_CASES), "--out", str(tmp_path / jobs),
                     "--jobs", jobs]) == 0
        told[jobs] = [line.split(" in ")[0].replace(str(tmp_path / jobs), "dist")
                      for line in capsys.readouterr().out.splitlines()
                      if line.startswith(("built ", "wrote "))]
    serial, parallel = _hashes(tmp_path / "1"), _hashes(tmp_path / "2")
    assert len([name for name in serial if name.endswith((".pdf", ".epub"))]) == 10
    assert parallel == serial  # the build record too
    assert len(told["1"]) == 20 and told["2"] == told["1"]  # the same lines, in one order


def test_as_many_workers_as_asked_for_render(tmp_path):
    issues = load([SAMPLE, HARD_CASES], Report())
    targets = plan(issues, ("pdf",), None, tmp_path)
    assert len(tasks_of(targets)) == 5
    report = Report()
    kept = []
    rendered = render_in_workers(targets, None, report, 2, lambda *made: kept.append(made))
    assert report.ok
    assert len(rendered.workers) == 2 and os.getpid() not in rendered.workers
    assert [target for target, _ in kept] == targets  # handed on in their order
    assert all(content.startswith(b"%PDF-") for _, content in kept)
    assert list(rendered.fits) == [SAMPLE.name, HARD_CASES.name]


def test_a_problem_in_a_worker_is_reported_and_nothing_is_written(tmp_path, capsys,
                                                                   monkeypatch):
    project = tmp_path / "project"
    layout = project / "layouts" / "broken"
    layout.mkdir(parents=True)
    (layout / "layout.yml").write_text("extends: newsletter\n")
    (layout / "print.html").write_text("{% extends 'newsletter/print.html' %}{% block x %}\n")
    write_issue(project / "manuscripts" / "one", MINIMAL_ISSUE,
                {"01": "headline: 标题\nbody: 正文。\n"})
    write_issue(project / "manuscripts" / "two", MINIMAL_ISSUE + "layout: broken\n",
                {"01": "headline: 标题\nbody: 正文。\n"})
    monkeypatch.chdir(project)
    assert main(["build", "manuscripts", "--out", "dist", "--format", "pdf",
                 "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    assert "layouts/broken/print.html:1:" in err and "error: layout template" in err, err
    assert "Traceback" not in err and "nothing was written" in err
    assert not (project / "dist").exists()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_the_workers_and_writes_nothing(tmp_path, signum):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    out = tmp_path / "dist"
    process = subprocess.Popen(
        [sys.executable, "-m", "bulletin_press", "build", str(SAMPLE), "--out", str(out),
         "--format", "pdf", "--jobs", "2"], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(temporary)})
    deadline = time.monotonic() + 60
    while len(_workers(process.pid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # the fork server and its two workers
    family = _workers(process.pid)
    time.sleep(0.5)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, err
    assert err.strip().endswith("nothing was written"), err
    assert "Traceback" not in err
    assert not out.exists()
    time.sleep(0.5)
    assert [pid for pid in family if _alive(pid)] == []
    assert list(temporary.iterdir()) == []


def _workers(parent: int) -> list[int]:
    """The processes below ``parent``."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [parent]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_a_dask_cluster_makes_the_bytes_of_a_local_build(tmp_path, capsys, monkeypatch):
    distributed = pytest.importorskip("distributed")
    own = tmp_path / "workers-tmp"  # the workers' temporary folder
    own.mkdir()
    monkeypatch.setenv("TMPDIR", str(own))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        with distributed.Client(cluster) as client:
            workers = set(client.run(os.getpid).values())
            assert set(client.run(tempfile.gettempdir).values()) == {str(own)}
        events = []  # a task's answer is let go on the cluster as soon as it is taken
        for name in ("result", "release"):
            real = getattr(distributed.Future, name)
            monkeypatch.setattr(distributed.Future, name, lambda future, *args, name=name,
                                real=real: events.append((name, future.key))
                                or real(future, *args))
        assert main(["build", str(SAMPLE), "--format", "pdf", "--format", "epub",
                     "--out", str(tmp_path / "dask"), "--executor", f"dask://{address}"]) == 0
        taken = [key for name, key in events if name == "result"]
        assert len(taken) == 3  # the sample's three editions
        once = [event for event, before in zip(events, [None, *events]) if event != before]
        assert once[:6] == [(name, key) for key in taken for name in ("result", "release")]
        # the workers live on, with the copies of the fonts (50 MB an edition) in one folder
        # each, which a second build uses again
        kept = sorted(own.iterdir())
        assert len(kept) == 2 and all(p.name.startswith("bulletin-press-worker-") for p in kept)
        assert main(["build", str(SAMPLE), "--format", "pdf", "--force", "--out",
                     str(tmp_path / "again"), "--executor", f"dask://{address}"]) == 0
        assert sorted(own.iterdir()) == kept
        for folder in kept:  # a copy per configuration kept (an edition's faces, a cover's)
            assert 0 < len(list(folder.glob("weasyprint-*"))) <= KEPT_CONFIGURATIONS
    assert main(["build", str(SAMPLE), "--out", str(tmp_path / "local"), "--jobs", "1"]) == 0
    assert _hashes(tmp_path / "dask") == _hashes(tmp_path / "local")
    assert len(workers) == 2


def test_an_unreachable_dask_scheduler_is_an_error_and_nothing_is_written(tmp_path, capsys,
                                                                          monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("bulletin_press.workers.DASK_TIMEOUT", 2)
    assert main(["build", str(SAMPLE), "--format", "pdf", "--edition", "zh-Hans",
                 "--out", str(tmp_path / "out"), "--executor", "dask://127.0.0.1:9"]) == 1
    err = capsys.readouterr().err
    assert "error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err, err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_a_dask_task_uses_the_layouts_of_the_build_not_the_workers_folder(tmp_path,
                                                                           monkeypatch):
    """A Dask worker runs in a folder of its own: the project's layouts are the build's."""
    from bulletin_press.places import project_layouts
    from bulletin_press.workers import _render_task_on_dask

    project, elsewhere = tmp_path / "project", tmp_path / "worker"
    write_issue(project / "manuscripts" / "one", MINIMAL_ISSUE,
                {"01": "headline: 标题\nbody: 正文。\n"})
    own = project / "layouts" / "newsletter"
    own.mkdir(parents=True)
    css = (Path(__file__).resolve().parents[1] / "layouts/newsletter/print.css").read_text()
    (own / "print.css").write_text(css + "\n/* the project's own */\n")
    monkeypatch.chdir(project)
    issues = load([project / "manuscripts"], Report())
    (target,) = plan(issues, ("html",), ("zh-Hans",), tmp_path / "dist")
    local = _render_task((0, [target], None))[1][0][0]
    assert b"the project's own" in local["print.css"]
    (elsewhere / "layouts" / "newsletter").mkdir(parents=True)  # the worker's folder has one
    (elsewhere / "layouts" / "newsletter" / "print.css").write_text("/* the worker's */\n")
    monkeypatch.chdir(elsewhere)
    _, outcome, diagnostics, _, _ = _render_task_on_dask((0, [target], None), str(own.parent))
    assert diagnostics == [] and outcome[0][0] == local
    _, outcome, _, _, _ = _render_task_on_dask((0, [target], None), None)  # the build has none
    assert b"the project's own" not in outcome[0][0]["print.css"]
    assert b"the worker's" not in outcome[0][0]["print.css"]
    # where the worker does not see the project at the build's path: a located error
    _, outcome, diagnostics, _, _ = _render_task_on_dask((0, [target], None),
                                                         str(tmp_path / "gone" / "layouts"))
    assert outcome == [(None, 0.0)]
    assert [str(d) for d in diagnostics] == [
        f"{tmp_path / 'gone' / 'layouts'}: error: a Dask worker (on {socket.gethostname()}) "
        "cannot read the project's layouts at this path: the workers must see the project at "
        "the same path"]
    assert project_layouts() == elsewhere / "layouts"  # as it was
