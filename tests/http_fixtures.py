"""A real HTTP server on 127.0.0.1 for download tests, misbehaving on request."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from nnviz.data.download import RemoteFile

STALL_SECONDS = 30.0  # how long the stalling handler waits unless teardown releases it


# --- the server ----------------------------------------------------------------------------


@dataclass
class Route:
    """What the server does for one path: 'ok', 'truncated', 'stall', 'stall-headers' or
    'no-length' ('stall' sends half the body, 'stall-headers' not even the status line)."""

    kind: str
    body: bytes


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.server.requests.append(self.path)
        seen = getattr(self.server, "seen", None)  # (servers built on other bases have none)
        if seen is not None:
            seen.set()
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        if route.kind == "stall-headers":
            self.server.release.wait(STALL_SECONDS)
            return
        body = route.body
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if route.kind != "no-length":
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if route.kind in ("ok", "no-length"):
            self.wfile.write(body)
        elif route.kind == "truncated":
            self.wfile.write(body[: len(body) // 2])  # then close: HTTP/1.0 ends the connection
        elif route.kind == "stall":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.server.release.wait(STALL_SECONDS)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        """Keep test output quiet."""


class Server(ThreadingHTTPServer):
    # Join handler threads on server_close so nothing outlives the test.
    daemon_threads = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.seen = threading.Event()  # set once any request has arrived
        self.release = threading.Event()

    def url(self, prefix: str) -> str:
        """The base URL of a mirror living under ``/prefix/``."""
        return f"http://127.0.0.1:{self.server_address[1]}/{prefix}/"

    def serve(self, prefix: str, name: str, body: bytes, kind: str = "ok") -> None:
        """Serve ``body`` as ``/prefix/name``."""
        self.routes[f"/{prefix}/{name}"] = Route(kind, body)

    def handle_error(self, request, client_address) -> None:
        """A client that timed out or cancelled breaks the pipe; that is expected here."""


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield srv
    finally:
        srv.release.set()  # wake any stalled handler so it ends now
        srv.shutdown()
        srv.server_close()
        thread.join(10)
        assert not thread.is_alive()


def remote_file(name: str, body: bytes) -> RemoteFile:
    """A RemoteFile describing ``body``."""
    return RemoteFile(name, len(body), hashlib.sha256(body).hexdigest())
