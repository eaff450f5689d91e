"""The preview's latency: from a saved edit of one paragraph to the served page showing it.

A copy of the sample issue is previewed by ``bulletin-press preview`` in a process
of its own, as an editor runs it; one paragraph of its first story is changed and
saved, and this process waits as the browser does, on the page's event stream,
reading ``/state`` at each event until the zh-Hans pages' text has the new words.
The time to the first pages and the median of the updates are printed.

Usage: python benchmarks/preview_latency.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "manuscripts" / "2022-04-community-volunteers"
STORY = "stories/01-wang-yue.yaml"
PHRASE = "主动担任社区志愿者小组组长。"


def printed(url: str) -> str:
    with urllib.request.urlopen(url + "state?edition=zh-Hans", timeout=10) as response:
        state = json.loads(response.read())
    text = "".join(state["current"]["pages"]) if state["current"] else ""
    return "".join(text.split())  # lines end inside sentences


def until_printed(url: str, words: str, bound: float = 60.0) -> float:
    """Seconds until the zh-Hans pages show ``words``, told by the event stream."""
    started = time.monotonic()
    with urllib.request.urlopen(url + "events?edition=zh-Hans", timeout=bound) as events:
        while words not in printed(url):
            if time.monotonic() - started > bound:
                raise TimeoutError(f"'{words}' not on the page within {bound} s")
            events.readline()  # the next event (or the stream's heartbeat)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / SAMPLE.name
        shutil.copytree(SAMPLE, folder)
        shutil.copy(SAMPLE.parent / "glossary.yaml", folder.parent)
        started = time.monotonic()
        server = subprocess.Popen([sys.executable, "-m", "bulletin_press", "preview", str(folder),
                                   "--port", "0"], stdout=subprocess.PIPE, text=True)
        try:
            url = server.stdout.readline().split(" at ")[1].split()[0]
            until_printed(url, "主动担任社区志愿者")
            print(f"first pages: {time.monotonic() - started:.2f} s "
                  "(a fresh process: WeasyPrint, fonts and converters load)")
            time.sleep(8)  # the other editions render meanwhile
            original = (folder / STORY).read_text(encoding="utf-8")
            latencies = []
            for run in range(args.runs):
                words = f"主动担任第{run + 1}社区志愿者小组组长。"
                with urllib.request.urlopen(url + "events?edition=zh-Hans", timeout=60) as events:
                    events.readline()  # listening, as the page is
                    (folder / STORY).write_text(original.replace(PHRASE, words), encoding="utf-8")
                    saved = time.monotonic()
                    while words.rstrip("。") not in printed(url):
                        events.readline()
                latencies.append(time.monotonic() - saved)
                time.sleep(1)
            print("save → page: " + ", ".join(f"{s:.2f}" for s in latencies) +
                  f" s; median {statistics.median(latencies):.2f} s")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
