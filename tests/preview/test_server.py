"""The preview server: its page, its pictures, and how it follows the editor's saves."""

from __future__ import annotations

import re
import socket
import time
import urllib.error
import urllib.request

import pytest

from tests.preview.conftest import printed, story


def test_it_listens_on_this_machine_only(preview):
    assert preview.server.server_address[0] == "127.0.0.1"
    port = preview.server.server_address[1]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this finds the outward address
        outward = probe.getsockname()[0]
    if not outward.startswith("127."):
        with pytest.raises(OSError):
            socket.create_connection((outward, port), timeout=2).close()


def test_the_page_shows_the_pages_as_pictures_with_their_text(preview):
    html = preview.get("/?edition=zh-Hans")[0].decode()
    state = preview.state()
    version = state["current"]["version"]
    assert f'src="/r/zh-Hans/{version}/page-1.png"' in html
    # the page's text, for the browser's find and for screen readers
    assert re.search(r'alt="测 试 简 报\n[^"]*社区里的早晨\n居民们一早就来了。', html)
    assert f'href="/r/zh-Hans/{version}/issue.pdf"' in html
    image, kind = preview.get(f"/r/zh-Hans/{version}/page-1.png")
    assert kind == "image/png" and image.startswith(b"\x89PNG\r\n\x1a\n")
    pdf, kind = preview.get(f"/r/zh-Hans/{version}/issue.pdf")
    assert kind == "application/pdf" and pdf.startswith(b"%PDF-")
    assert state["editions"] == ["zh-Hans", "zh-Hant"]


def test_the_ebook_view_serves_the_typeset_files(preview):
    version = preview.state()["current"]["version"]
    story_page = preview.get(f"/r/zh-Hans/{version}/ebook/story-01.xhtml")[0].decode()
    assert "居民们一早就来了" in story_page and "ebook.css" in story_page
    css, kind = preview.get(f"/r/zh-Hans/{version}/ebook/ebook.css")
    assert kind == "text/css" and b"@font-face" in css


def test_the_other_edition_is_rendered_too(preview):
    state = preview.until(lambda state: state["current"] is not None, edition="zh-Hant")
    assert "居民們一早就來了" in printed(state)


def test_a_saved_paragraph_reaches_the_page(preview):
    started = time.monotonic()
    preview.write("stories/01.yaml", story("志愿者们上午九点出发。"))
    state = preview.until(lambda state: "志愿者们上午九点出发" in printed(state))
    print(f"a saved paragraph reached the page in {time.monotonic() - started:.2f} s")
    assert "居民们一早就来了" not in printed(state)


def test_a_broken_manuscript_shows_its_diagnostics_then_recovers(preview):
    good = preview.state()["current"]["version"]
    preview.write("stories/01.yaml", "headlin: 社区里的早晨\nbody: |\n  正文。\n")
    state = preview.until(lambda state: state["errors"] > 0)
    where = str(preview.folder / "stories" / "01.yaml") + ":1:1"
    assert any(d["where"] == where and "'headlin' is not a story field" in d["message"]
               and d["source"] == "headlin: 社区里的早晨" for d in state["diagnostics"])
    assert state["current"] is None and state["last_good"]["version"] == good
    html = preview.get("/")[0].decode()
    assert html.index('id="diagnostics"') < html.index("The last good pages")
    assert f"{where}</code>" in html and "<details" in html  # the old pages, folded away

    preview.write("stories/01.yaml", story("问题修好了。"))
    state = preview.until(lambda state: "问题修好了" in printed(state))
    assert state["errors"] == 0 and state["diagnostics"] == []
    assert 'id="diagnostics"' not in preview.get("/")[0].decode()


def test_a_broken_layout_is_a_message_not_a_crash(preview, monkeypatch):
    from bulletin_press.preview import session

    def fail(*args):
        raise RuntimeError("the layout is broken")

    monkeypatch.setattr(session, "render_edition", fail)
    preview.write("stories/01.yaml", story("再存一次。"))
    state = preview.until(lambda state: state["failure"] and "the layout is broken"
                          in state["failure"])
    assert "The pages could not be rendered" in preview.get("/")[0].decode()
    monkeypatch.undo()
    preview.write("stories/01.yaml", story("又好了。"))
    preview.until(lambda state: "又好了" in printed(state) and not state["failure"])


def test_the_shared_glossary_beside_the_issue_is_watched(preview):
    preview.write("../glossary.yaml", "又好了: 又好啦\n")
    state = preview.until(lambda state: "又好啦" in printed(state), edition="zh-Hant")
    assert state["current"]["edition"] == "zh-Hant"


def test_an_unknown_address_is_not_found(preview):
    with pytest.raises(urllib.error.HTTPError) as error:
        preview.get("/r/zh-Hans/1/../../etc/passwd")
    assert error.value.code == 404


def test_the_command_serves_the_issue_and_stops_on_ctrl_c(tmp_path):
    """``bulletin-press preview`` as an editor runs it: a process of its own."""
    import shutil
    import signal
    import subprocess
    import sys
    import urllib.request

    from tests.conftest import ROOT, SAMPLE

    folder = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, folder)
    process = subprocess.Popen([sys.executable, "-m", "bulletin_press", "preview", str(folder),
                                "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, cwd=ROOT)
    try:
        line = process.stdout.readline()
        assert line.startswith(f"previewing {folder} at http://127.0.0.1:"), \
            line + process.stderr.read()
        url = line.split(" at ")[1].split()[0]
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200 and SAMPLE.name in response.read().decode()
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 130 and "Traceback" not in err, err
