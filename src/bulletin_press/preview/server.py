"""The preview's web server: the page, its pictures and files, and server-sent events.

Routes: ``/`` the page (``?edition=``), ``/fragment`` its changing part, ``/state``
what it shows as JSON, ``/events`` an event stream that says when to fetch the
fragment again, and ``/r/<edition>/<version>/…`` a rendering's PDF
(``issue.pdf``), page images (``page-N.png``) and e-book files (``ebook/…``);
``/fonts/…`` the shipped fonts, for the page's own Chinese.
It listens on 127.0.0.1 unless told another host.
"""

from __future__ import annotations

import json
import threading
import webbrowser
from dataclasses import asdict
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2

from bulletin_press import fonts
from bulletin_press.backends import media_type
from bulletin_press.preview.session import Rendering, Session, State
from bulletin_press.preview.watch import Watcher

HEARTBEAT = 15.0  # seconds between the event stream's keep-alive comments

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent), autoescape=True,
    undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, session: Session, host: str = "127.0.0.1", port: int = 0):
        self.session = session
        self.stopping = threading.Event()
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def stop(self) -> None:
        self.stopping.set()
        with self.session.changed:
            self.session.changed.notify_all()  # the event streams see ``stopping``
        self.shutdown()
        self.server_close()


def page(state: State, folder: Path, fragment: bool = False) -> str:
    template = _templates.get_template("fragment.html" if fragment else "page.html")
    return template.render(state=state, issue=folder.name,
                           edition=state.current.edition if state.current else
                           (state.last_good.edition if state.last_good else
                            (state.editions or ("",))[0]))


def state_json(state: State) -> dict:
    def rendering(r: Rendering | None) -> dict | None:
        return r and {"edition": r.edition, "version": r.version, "pages": r.page_texts}

    return {"version": state.version, "shown": state.shown, "editions": list(state.editions),
            "errors": state.errors, "diagnostics": [asdict(d) for d in state.diagnostics],
            "failure": state.failure, "busy": state.busy,
            "current": rendering(state.current), "last_good": rendering(state.last_good)}


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        pass  # the terminal shows the preview's address and nothing per request

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        url = urlsplit(self.path)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        session = self.server.session
        edition = query.get("edition")
        try:
            if url.path == "/events":
                self._events(edition)
            elif url.path in ("/", "/fragment"):
                if edition:
                    session.look_at(edition)
                state = session.state(edition)
                self._send(page(state, session.folder, url.path == "/fragment").encode(),
                           "text/html; charset=utf-8")
            elif url.path == "/state":
                if edition:
                    session.want(edition)
                self._send(json.dumps(state_json(session.state(edition)),
                                      ensure_ascii=False).encode(), "application/json")
            elif url.path.startswith("/r/"):
                self._rendering(unquote(url.path[3:]))
            elif url.path.startswith("/fonts/"):
                self._font(unquote(url.path[7:]))
            else:
                self._send(b"not found", "text/plain", HTTPStatus.NOT_FOUND)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away

    def _rendering(self, path: str) -> None:
        edition, version, name = (path.split("/", 2) + ["", ""])[:3]
        rendering = self.server.session.rendering(edition, version)
        content: bytes | None = None
        if rendering is not None:
            if name == "issue.pdf":
                content = rendering.pdf
            elif name.startswith("page-") and name.endswith(".png"):
                number = name[5:-4]
                if number.isdigit() and 0 < int(number) <= len(rendering.page_texts):
                    content = rendering.image(int(number))
            elif name.startswith("ebook/"):
                content = rendering.ebook.get(name[6:])
        if content is None:
            self._send(b"not found", "text/plain", HTTPStatus.NOT_FOUND)
        else:
            self._send(content, media_type(name), cache=True)

    def _font(self, name: str) -> None:
        """A shipped font, for the page's own Chinese (diagnostics' source lines) on a
        machine with no Chinese font of its own."""
        font = next((font for font in fonts.shipped_fonts() if font.file == name), None)
        if font is None:
            self._send(b"not found", "text/plain", HTTPStatus.NOT_FOUND)
        else:
            self._send(font.path.read_bytes(), media_type(name), cache=True)

    def _events(self, edition: str | None) -> None:
        session = self.server.session
        if edition:
            session.look_at(edition)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        seen = session.shown
        self.wfile.write(f"retry: 1000\ndata: {seen}\n\n".encode())
        self.wfile.flush()
        while not self.server.stopping.is_set():
            now = session.wait(seen, HEARTBEAT)
            message = f"data: {now}\n\n" if now != seen else ": still here\n\n"
            seen = now
            self.wfile.write(message.encode())
            self.wfile.flush()

    def _send(self, body: bytes, content_type: str, status: HTTPStatus = HTTPStatus.OK,
              cache: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        # a rendering's files never change under their address; the page always does
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        self.end_headers()
        self.wfile.write(body)


def start(folder: Path, host: str = "127.0.0.1", port: int = 0,
          edition: str | None = None) -> tuple[PreviewServer, Watcher]:
    """A running preview of ``folder``: the server answers, the worker renders, the watcher
    watches; stop it with :func:`stop`."""
    session = Session(folder, edition)
    server = PreviewServer(session, host, port)
    watcher = Watcher(folder, session.reload)
    session.start()
    watcher.start()
    threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
    return server, watcher


def stop(server: PreviewServer, watcher: Watcher) -> None:
    watcher.stop()
    server.stop()
    server.session.stop()


def serve(folder: Path, host: str, port: int, edition: str | None, open_browser: bool) -> None:
    """Preview ``folder`` until stopped (Ctrl-C)."""
    server, watcher = start(folder, host, port, edition)
    print(f"previewing {folder} at {server.url} (Ctrl-C stops it)", flush=True)
    if open_browser:
        webbrowser.open(server.url + (f"?edition={edition}" if edition else ""))
    try:
        threading.Event().wait()
    finally:
        stop(server, watcher)
