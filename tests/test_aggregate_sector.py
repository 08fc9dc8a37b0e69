"""One run as a sector body would make it: twenty good councils and every hostile feed we
know of, under a 60-second deadline. The run finishes in time, within 1 GiB, exit 0, with
every good item stored and nothing dangerous written."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from feedserver import FeedServer, drip, gzip_bomb, hang, send
from hostile import CORPUS
from outputs_check import check_json_feed, check_xml_feed, xml_valid
from test_aggregate_command import INTHEOPEN

DEADLINE = 60
MARGIN = 30  # storing and building the site come after the deadline's fetching and reading
GIB = 1024**3


def good_feed(council: int) -> tuple[bytes, str, list[str]]:
    titles = [f"Council {council} post {n}" for n in range(25)]
    if council % 3 == 0:
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": f"Council {council}",
            "items": [
                {
                    "id": f"c{council}-{n}",
                    "url": f"https://council{council}.example/{n}",
                    "title": title,
                    "content_html": f"<p>{title}</p>",
                    "date_published": f"2026-02-{n + 1:02d}T09:00:00+00:00",
                    "_intheopen": {"principles": ["open-culture"], "type": "weeknote"},
                }
                for n, title in enumerate(titles)
            ],
        }
        return json.dumps(document).encode(), "application/feed+json", titles
    entries = "".join(
        f"<entry><title>{title}</title><id>urn:c{council}:{n}</id>"
        f'<link href="https://council{council}.example/{n}"/>'
        f"<published>2026-02-{n + 1:02d}T09:00:00Z</published>"
        f"<updated>2026-02-{n + 1:02d}T09:00:00Z</updated>"
        f'<content type="html">&lt;p&gt;{title}&lt;/p&gt;</content></entry>'
        for n, title in enumerate(titles)
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Council {council}</title><id>urn:c{council}</id>"
        f"<updated>2026-03-01T00:00:00Z</updated>{entries}</feed>"
    )
    return body.encode(), "application/atom+xml", titles


class TreeMemory:
    """The largest resident memory a process and all its descendants held at once."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.stop = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, sum(_rss(p) for p in _tree(self.pid)))
            time.sleep(0.05)

    def done(self) -> int:
        self.stop.set()
        self.thread.join()
        return self.peak


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads memory from /proc")
def test_a_sector_run_with_every_hostile_feed(tmp_path: Path) -> None:
    server = FeedServer()
    sources: list[tuple[str, str]] = []
    expected: list[str] = []
    for council in range(20):
        body, kind, titles = good_feed(council)
        server.route(f"/good/{council}", lambda h, b=body, k=kind: send(h, 200, b, Content_Type=k))
        sources.append((f"Good council {council}", f"/good/{council}"))
        expected += titles
    for number, (body, _) in enumerate(CORPUS.values()):
        server.route(f"/hostile/{number}", lambda h, b=body: send(h, 200, b))
        sources.append((f"Hostile {number}", f"/hostile/{number}"))
    network = {
        "/slow": drip(server.stop),
        "/hang": hang(server.stop),
        "/bomb": gzip_bomb(200 * 1024 * 1024),
        "/huge": lambda h: send(h, 200, b"<" * (11 * 1024 * 1024)),
        "/busy": lambda h: send(h, 429, Retry_After="9" * 40),
        "/private": lambda h: send(h, 302, Location="http://10.0.0.1/feed"),
        "/loop": lambda h: send(h, 302, Location="/loop"),
        "/broken": lambda h: send(h, 500),
        "/gone": lambda h: send(h, 410),
    }
    for path, route in network.items():
        server.route(path, route)
        sources.append((f"Network {path[1:]}", path))

    with server.running() as base:
        listed = "".join(f"  - name: {name}\n    feeds: [{base}{path}]\n" for name, path in sources)
        (tmp_path / "sources.yml").write_text(
            f"site_url: https://blogs.sector.example/\nsources:\n{listed}", encoding="utf-8"
        )
        command = [
            *INTHEOPEN, "aggregate", "sources.yml", "--out", "out", "--data", "data",
            "--allow-loopback", "--deadline", str(DEADLINE),
        ]  # fmt: skip
        started = time.monotonic()
        process = subprocess.Popen(
            command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        memory = TreeMemory(process.pid)
        stdout, stderr = process.communicate(timeout=DEADLINE + 120)
        took, peak = time.monotonic() - started, memory.done()

    print(f"\nsector run: {took:.1f} s, peak memory {peak / 1024 / 1024:.0f} MiB (whole tree)")
    assert process.returncode == 0, stdout + stderr
    assert "Traceback" not in stderr
    assert took < DEADLINE + MARGIN
    assert peak < GIB

    db = sqlite3.connect(tmp_path / "data/store.db")
    stored = {row[0] for row in db.execute("SELECT title FROM items")}
    assert set(expected) <= stored
    every = [row for row in db.execute("SELECT title, url, authors, content FROM items")]
    assert all(xml_valid("".join(str(v) for v in row)) for row in every)
    assert all(row[1] is None or row[1].startswith(("https://", "http://")) for row in every)
    db.close()

    out = tmp_path / "out"
    problems: list[Any] = []
    for file in out.rglob("*"):
        if file.suffix in (".xml", ".atom"):
            problems += check_xml_feed(file.read_bytes())
        elif file.suffix == ".json" and file.name.startswith("feed"):
            problems += check_json_feed(file.read_bytes())
        elif file.suffix == ".html":
            text = file.read_text(encoding="utf-8")
            problems += [file.name] if "javascript:" in text.lower() else []
            problems += [] if xml_valid(text) else [f"{file}: not XML text"]
    assert problems == []

    health = html.fromstring((out / "health/index.html").read_bytes())
    rows = {
        r.findtext("th/a"): [c.text_content().strip() for c in r.findall("td")]
        for r in health.xpath("//tbody/tr")
    }
    assert rows["Good council 0"][3] == "25"  # the Posts column: a number
    assert "took longer than" in rows["Network slow"][2]
    assert rows["Network private"][2] == "10.0.0.1 is a private address; it is not fetched"
