"""A local HTTP server of good, broken and hostile feeds, for aggregator tests."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

Route = Callable[[http.server.BaseHTTPRequestHandler], None]


def rss(title: str, items: list[tuple[str, str]], extra: str = "") -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>https://council.example/{g}</link><guid>{g}</guid>"
        f"<pubDate>Mon, 02 Mar 2026 09:00:00 +0000</pubDate>{extra}</item>"
        for g, t in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://council.example/</link>"
        f"<description>x</description>{entries}</channel></rss>"
    ).encode()


def send(handler: Any, status: int, body: bytes = b"", **headers: str) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class FeedServer:
    """Routes by path; `hits` counts requests per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.stop = threading.Event()

    def route(self, path: str, handle: Route) -> None:
        self.routes[path] = handle

    @contextlib.contextmanager
    def running(self) -> Iterator[str]:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                handle = server.routes.get(self.path)
                if handle is None:
                    send(self, 404, b"not found")
                else:
                    handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        httpd.handle_error = lambda request, address: None  # type: ignore[method-assign]
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}"
        finally:
            self.stop.set()
            httpd.shutdown()
            httpd.server_close()


def drip(stop: threading.Event) -> Route:
    """A response that sends one byte a second, for ever."""

    def handle(handler: Any) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "1000000")
        handler.end_headers()
        while not stop.is_set():
            try:
                handler.wfile.write(b"<")
                handler.wfile.flush()
            except OSError:
                return
            time.sleep(1)

    return handle


def hang(stop: threading.Event) -> Route:
    """A server that accepts and never answers."""

    def handle(handler: Any) -> None:
        stop.wait(60)

    return handle


def gzip_bomb(size: int) -> Route:
    body = gzip.compress(b"\0" * size, compresslevel=9)

    def handle(handler: Any) -> None:
        send(handler, 200, body, Content_Encoding="gzip", Content_Type="application/rss+xml")

    return handle
