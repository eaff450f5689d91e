"""A preview server on a free port, over a small issue of two editions, for the module."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path
from typing import Callable

import pytest

from bulletin_press.preview.server import start, stop
from tests.conftest import write_issue

ISSUE = """\
title: 测试刊
publication: 测试简报
date: 2023-05-01
language: zh-Hans
editions: [zh-Hans, zh-Hant]
"""
STORY = """\
headline: 社区里的早晨
body: |
  {body}
"""
BOUND = 20.0  # seconds a change may take to reach the page


def story(body: str) -> str:
    return STORY.format(body=body)


class Preview:
    def __init__(self, folder: Path):
        self.folder = folder
        self.server, self.watcher = start(folder)
        self.url = self.server.url

    def get(self, path: str) -> tuple[bytes, str]:
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
            return response.read(), response.headers["Content-Type"]

    def state(self, edition: str = "zh-Hans") -> dict:
        return json.loads(self.get(f"/state?edition={edition}")[0])

    def until(self, condition: Callable[[dict], bool], edition: str = "zh-Hans") -> dict:
        """The state once ``condition`` holds; fails after :data:`BOUND` seconds."""
        deadline = time.monotonic() + BOUND
        while True:
            state = self.state(edition)
            if condition(state):
                return state
            assert time.monotonic() < deadline, f"not within {BOUND} s: {state}"
            time.sleep(0.02)

    def write(self, relative: str, text: str) -> None:
        (self.folder / relative).write_text(text, encoding="utf-8")


def printed(state: dict) -> str:
    return "".join(state["current"]["pages"]) if state["current"] else ""


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Preview:
    folder = write_issue(tmp_path_factory.mktemp("manuscripts") / "test-issue", ISSUE,
                         {"01": story("居民们一早就来了。")})
    running = Preview(folder)
    running.until(lambda state: "居民们一早就来了" in printed(state))
    yield running
    stop(running.server, running.watcher)
