"""Parsing hostile feeds and keeping a consistent store, across runs and failures."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from feedserver import FeedServer, rss, send
from intheopen.aggregate.fetch import Limits
from intheopen.aggregate.parse import Reading, parse
from intheopen.aggregate.run import Feed, refresh
from intheopen.aggregate.store import Store

LIMITS = Limits(connect=2, read=2, per_source=4, per_run=20, allow_loopback=True)
NOW = datetime(2026, 3, 5, 12, tzinfo=UTC)
HOSTILE = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Evil</title><link>https://evil.example/</link>
<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Bins</title>
<link>https://evil.example/posts/1</link><guid>1</guid>
<author>x@example.org (&lt;img src=x onerror=alert(2)&gt;)</author>
<category>&lt;b onclick="x()"&gt;bins&lt;/b&gt;</category>
<description><![CDATA[<p onclick="steal()">Hi <a href="javascript:alert(3)">click</a>
<a href="/about">about</a><img src="data:image/png;base64,xx"><script>alert(4)</script>
<iframe src="https://evil.example"></iframe><style>body{}</style><form><input></form>
<object data="x"></object><embed src="x"><base href="https://evil.example/">
<meta http-equiv="refresh" content="0"></p>]]></description>
</item></channel></rss>"""


def test_hostile_html_is_made_safe() -> None:
    reading = parse(HOSTILE, "https://evil.example/feed", {})
    (entry,) = reading.entries
    everything = json.dumps(
        [entry.title, entry.summary, entry.content, entry.authors, entry.tags]
    ).lower()

    assert reading.error is None
    assert entry.title == "Bins"
    assert entry.tags == ("bins",)
    for bad in (
        "<script",
        "onclick",
        "onerror",
        "javascript:",
        "data:",
        "<iframe",
        "<style",
        "<form",
        "<object",
        "<embed",
        "<base",
        "<meta",
    ):
        assert bad not in everything, bad
    assert 'href="https://evil.example/about"' in entry.content
    assert 'rel="nofollow noopener ugc"' in entry.content


def test_entity_attacks_are_refused_without_reading_files() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>t</title><item><title>a&x;</title>'
        b"<guid>1</guid></item></channel></rss>"
    )
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY a{i} "{("&a" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 9)
        )
        + b']><rss version="2.0"><channel><title>&a8;</title></channel></rss>'
    )
    started = time.monotonic()

    refused = (
        "declares its own XML entities (<!DOCTYPE … [ … ]>), which feeds never need; "
        "it was not read"
    )
    assert parse(xxe, "https://x.example/feed", {}) == Reading([], refused)
    assert parse(laughs, "https://x.example/feed", {}) == Reading([], refused)
    assert time.monotonic() - started < 5


def test_json_feed_and_principles_from_our_scheme_or_keywords() -> None:
    feed = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "T",
            "items": [
                {
                    "id": "a",
                    "url": "/a",
                    "title": "Ours",
                    "content_html": "<p>x</p>",
                    "date_published": "2026-03-01T09:00:00+00:00",
                    "tags": ["bins"],
                    "_intheopen": {"principles": ["open-culture"], "type": "weeknote"},
                },
                {
                    "id": "b",
                    "title": "Theirs",
                    "content_text": "<b>plain</b>",
                    "tags": ["Open Data"],
                },
            ],
        }
    ).encode()

    ours, theirs = parse(feed, "https://a.example/feed.json", {"open data": "safe-sharing"}).entries

    assert (ours.url, ours.principles, ours.type) == (
        "https://a.example/a",
        ("open-culture",),
        "weeknote",
    )
    assert theirs.principles == ("safe-sharing",)
    assert theirs.content == "&lt;b&gt;plain&lt;/b&gt;"


def make_feed(server: FeedServer, path: str, items: list[tuple[str, str]]) -> None:
    server.route(path, lambda h: send(h, 200, rss("C", items), ETag=f'"{len(items)}"'))


def test_runs_keep_history_and_do_not_confuse_sources(server: Any, tmp_path: Path) -> None:
    store = Store(tmp_path / "store.db")
    store.add_source("anytown", "Anytown", "E1", None, [])
    store.add_source("otherton", "Otherton", "E2", None, [])
    make_feed(server, "/a.xml", [("1", "A one"), ("2", "A two")])
    make_feed(server, "/b.xml", [("1", "B one")])  # the same GUID as Anytown's
    with server.running() as base:
        feeds = [Feed("anytown", f"{base}/a.xml"), Feed("otherton", f"{base}/b.xml")]
        for feed in feeds:
            store.add_source(feed.source_id, feed.source_id.title(), None, None, [feed.url])
        first = refresh(store, feeds, LIMITS, NOW)
        assert [o.items for o in first] == [2, 1]
        assert store.count() == 3

        server.route(
            "/a.xml",
            lambda h: (
                send(h, 304) if h.headers.get("If-None-Match") else send(h, 200, rss("C", []))
            ),
        )
        server.route("/b.xml", lambda h: send(h, 500))
        second = refresh(store, feeds, LIMITS, NOW)

    assert [o.result.status for o in second] == [304, 500]
    assert store.count("anytown") == 2 and store.count("otherton") == 1
    statuses = [r[0] for r in store.db.execute("SELECT status FROM fetches ORDER BY id")]
    assert statuses == [200, 200, 304, 500]


def test_a_feed_that_shrinks_keeps_what_it_dropped(server: Any, tmp_path: Path) -> None:
    store = Store(tmp_path / "store.db")
    make_feed(server, "/a.xml", [("1", "One"), ("2", "Two")])
    with server.running() as base:
        feed = Feed("anytown", f"{base}/a.xml")
        store.add_source("anytown", "Anytown", None, None, [feed.url])
        refresh(store, [feed], LIMITS, NOW)
        make_feed(server, "/a.xml", [("3", "Three")])
        refresh(store, [feed], LIMITS, NOW)
    assert store.count("anytown") == 3


def test_gone_sources_retire_and_busy_ones_wait(server: Any, tmp_path: Path) -> None:
    store = Store(tmp_path / "store.db")
    server.route("/gone", lambda h: send(h, 410))
    server.route("/busy", lambda h: send(h, 429, Retry_After="3600"))
    with server.running() as base:
        feeds = [Feed("gone", f"{base}/gone"), Feed("busy", f"{base}/busy")]
        for feed in feeds:
            store.add_source(feed.source_id, feed.source_id, None, None, [feed.url])
        refresh(store, feeds, LIMITS, NOW)
        again = refresh(store, feeds, LIMITS, NOW)
    assert again == []
    assert server.hits == {"/gone": 1, "/busy": 1}


def test_future_dates_are_clamped_to_when_an_item_was_first_seen(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.db")
    store.add_source("a", "A", None, None, [])
    future = rss("C", [("1", "Later")]).replace(b"Mon, 02 Mar 2026", b"Fri, 01 Jan 2100")
    entries = parse(future, "https://a.example/", {}).entries
    with store.run():
        store._item("a", entries[0], NOW)
    assert store.db.execute("SELECT published FROM items").fetchone()[0] == NOW.isoformat()


def _write_slowly(path: str) -> None:
    store = Store(Path(path))
    with store.run():
        store.add_source("late", "Late", None, None, [])
        time.sleep(60)  # killed before it can commit


def test_an_interrupted_run_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    store = Store(path)
    with store.run():
        store.add_source("kept", "Kept", None, None, [])
    store.close()
    worker = multiprocessing.get_context("spawn").Process(target=_write_slowly, args=(str(path),))
    worker.start()
    time.sleep(3)
    worker.kill()
    worker.join()

    reopened = sqlite3.connect(path)
    assert [r[0] for r in reopened.execute("SELECT id FROM sources")] == ["kept"]
    assert reopened.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reopened.close()


@pytest.fixture
def server() -> FeedServer:
    return FeedServer()
