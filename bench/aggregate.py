#!/usr/bin/env python3
"""Benchmark `intheopen aggregate` on N generated feeds served from 127.0.0.1.

    python bench/aggregate.py [N [ITEMS]]     (default 1000 feeds of 10 items)

Prints wall time and peak memory for a first run (every feed new), a refresh of unchanged
feeds (every answer a 304: only the health page is built again), a refresh where one feed
in a hundred has a new post (only the listings and feeds those posts are in are built
again), and the same refresh with `--rebuild` (the whole site built again, as every refresh
did before). Deterministic feeds; a benchmark, not a test. The issue's national case:
`python bench/aggregate.py 400 250`.
"""

from __future__ import annotations

import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ITEMS = 10
START = datetime(2024, 1, 1, 9, tzinfo=UTC)
NEWER: set[int] = set()  # feeds that have one post more than at first


def feed(number: int) -> bytes:
    count = ITEMS + (number in NEWER)
    items = "".join(
        f"<item><title>Council {number} post {i}</title>"
        f"<link>https://council{number}.example/posts/{i}</link><guid>c{number}-{i}</guid>"
        f"<pubDate>{format_datetime(START + timedelta(days=i, minutes=number))}</pubDate>"
        f"<category>{'open data' if i % 3 == 0 else 'bins'}</category>"
        f"<description>&lt;p&gt;What council {number} learnt about item {i}.&lt;/p&gt;"
        f"</description></item>"
        for i in range(count)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Council {number}</title>'
        f"<link>https://council{number}.example/</link><description>d</description>"
        f"{items}</channel></rss>"
    ).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        number = int(self.path.strip("/").split("-")[1].split(".")[0])
        etag = f'"{number}-{number in NEWER}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = feed(number)
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def measured(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds and peak RSS (MB) of one run, in a fresh process that waits for it."""
    probe = (
        "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], "
        "capture_output=True, text=True); print(resource.getrusage("
        "resource.RUSAGE_CHILDREN).ru_maxrss); print(r.stdout[-300:], file=sys.stderr)"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", probe, *command], cwd=cwd, capture_output=True, text=True, check=True
    )
    return time.monotonic() - started, int(result.stdout.strip()) / 1024, result.stderr.strip()


def main() -> None:
    global ITEMS
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    ITEMS = int(sys.argv[2]) if len(sys.argv) > 2 else ITEMS
    work = Path(tempfile.mkdtemp(prefix="intheopen-aggregate-bench-"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    lines = [
        "title: Benchmark councils",
        f"site_url: {base}/site/",
        "keywords:",
        "  safe-sharing: [open data]",
        "sources:",
    ]
    for number in range(count):
        lines += [f"  - name: Council {number}", f"    feeds: [{base}/feed-{number}.xml]"]
    (work / "sources.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    intheopen = shutil.which("intheopen") or str(Path(sys.executable).parent / "intheopen")
    command = [
        intheopen,
        "aggregate",
        "sources.yml",
        "--out",
        "out",
        "--data",
        "data",
        "--allow-loopback",
        "--deadline",
        "600",
    ]
    print(f"{count} feeds of {ITEMS} items, served from {base}")
    for label, extra, newer in (
        ("first run", [], set()),
        ("refresh (all 304)", [], set()),
        ("1% of feeds newer", [], set(range(0, count, 100))),
        ("refresh --rebuild", ["--rebuild"], set(range(0, count, 100))),
    ):
        NEWER.clear()
        NEWER.update(newer)
        wall, peak, said = measured(command + extra, work)
        print(f"{label:>18}: {wall:6.1f} s wall, {peak:6.0f} MB peak   | {said.splitlines()[-1]}")
    server.shutdown()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
