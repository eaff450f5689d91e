"""The preview's latency: from a saved edit of one paragraph to the served page showing it.

A copy of the sample issue is previewed in this process; one paragraph of its
first story is changed and saved, and the preview's ``/state`` is polled
every 10 ms until the zh-Hans pages' text has the new words.  The time to the
first update and the median of the following ones are printed.

Usage: python benchmarks/preview_latency.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

from bulletin_press.preview.server import start, stop

SAMPLE = Path(__file__).resolve().parents[1] / "manuscripts" / "2022-04-community-volunteers"
STORY = "stories/01-wang-yue.yaml"
PHRASE = "主动担任社区志愿者小组组长。"


def printed(url: str) -> str:
    with urllib.request.urlopen(url + "state?edition=zh-Hans", timeout=10) as response:
        state = json.loads(response.read())
    text = "".join(state["current"]["pages"]) if state["current"] else ""
    return "".join(text.split())  # lines end inside sentences


def until_printed(url: str, words: str, bound: float = 60.0) -> float:
    started = time.monotonic()
    while words not in printed(url):
        if time.monotonic() - started > bound:
            raise TimeoutError(f"'{words}' not on the page within {bound} s")
        time.sleep(0.01)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / SAMPLE.name
        shutil.copytree(SAMPLE, folder)
        shutil.copy(SAMPLE.parent / "glossary.yaml", folder.parent)
        server, watcher = start(folder)
        try:
            print(f"first pages: {until_printed(server.url, '主动担任社区志愿者'):.2f} s "
                  "(a fresh process: WeasyPrint, fonts and converters load)")
            time.sleep(8)  # the other editions render meanwhile
            original = (folder / STORY).read_text(encoding="utf-8")
            latencies = []
            for run in range(args.runs):
                words = f"主动担任第{run + 1}社区志愿者小组组长。"
                (folder / STORY).write_text(original.replace(PHRASE, words), encoding="utf-8")
                saved = time.monotonic()
                until_printed(server.url, words.rstrip("。"))
                latencies.append(time.monotonic() - saved)
                time.sleep(1)
            print("save → page: " + ", ".join(f"{s:.2f}" for s in latencies) +
                  f" s; median {statistics.median(latencies):.2f} s")
        finally:
            stop(server, watcher)


if __name__ == "__main__":
    main()
