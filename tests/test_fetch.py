"""The aggregator's fetcher against real local servers: slow, hanging, huge and hostile."""

from __future__ import annotations

import asyncio
import gzip
import time
from typing import Any

import pytest

from feedserver import FeedServer, drip, gzip_bomb, hang, rss, send
from intheopen.aggregate.fetch import Limits, Request, fetch_all
from intheopen.aggregate.guard import Refused, check

LIMITS = Limits(
    connect=2, read=2, per_source=4, per_run=20, max_bytes=1024 * 1024, allow_loopback=True
)


def fetch(*requests: Request, limits: Limits = LIMITS) -> list[Any]:
    return asyncio.run(fetch_all(list(requests), limits, contact="https://sector.example/"))


@pytest.fixture
def server() -> Any:
    return FeedServer()


def test_a_good_feed_then_a_conditional_refresh(server: FeedServer) -> None:
    body = rss("Anytown", [("a", "A")])

    def etagged(handler: Any) -> None:
        if handler.headers.get("If-None-Match") == '"v1"':
            send(handler, 304)
        else:
            send(handler, 200, body, ETag='"v1"', Last_Modified="Mon, 02 Mar 2026 09:00:00 GMT")

    server.route("/feed.xml", etagged)
    with server.running() as base:
        (first,) = fetch(Request(f"{base}/feed.xml"))
        (second,) = fetch(Request(f"{base}/feed.xml", first.etag, first.last_modified))

    assert (first.status, first.body, first.etag) == (200, body, '"v1"')
    assert (second.status, second.body, second.error) == (304, None, None)


def test_the_user_agent_names_the_tool_and_a_contact(server: FeedServer) -> None:
    seen = []
    server.route("/ua", lambda h: (seen.append(h.headers["User-Agent"]), send(h, 200, b"x")))
    with server.running() as base:
        fetch(Request(f"{base}/ua"))
    assert seen[0].startswith("InTheOpen/")
    assert "(+https://sector.example/)" in seen[0]


def test_slow_and_hanging_servers_cannot_hold_the_run(server: FeedServer) -> None:
    server.route("/slow", drip(server.stop))
    server.route("/hang", hang(server.stop))
    server.route("/good", lambda h: send(h, 200, rss("Good", [])))
    started = time.monotonic()
    with server.running() as base:
        slow, hanging, good = fetch(
            Request(f"{base}/slow"), Request(f"{base}/hang"), Request(f"{base}/good")
        )
    assert time.monotonic() - started < 10
    assert slow.error == "took longer than 4 seconds, so it was stopped"
    assert hanging.error in (
        "the server took too long to answer",
        "took longer than 4 seconds, so it was stopped",
    )
    assert good.status == 200


def test_the_whole_run_has_a_deadline(server: FeedServer) -> None:
    server.route("/slow", drip(server.stop))
    limits = Limits(connect=2, read=30, per_source=30, per_run=2, allow_loopback=True)
    started = time.monotonic()
    with server.running() as base:
        (result,) = fetch(Request(f"{base}/slow"), limits=limits)
    assert time.monotonic() - started < 6
    assert result.error == "the run's time ran out before it finished"


def test_gzip_bombs_and_huge_bodies_are_stopped(server: FeedServer) -> None:
    server.route("/bomb", gzip_bomb(200 * 1024 * 1024))
    server.route("/huge", lambda h: send(h, 200, b"x" * (2 * 1024 * 1024)))
    small = gzip.compress(rss("Small", [("a", "A")]))
    server.route("/small", lambda h: send(h, 200, small, Content_Encoding="gzip"))
    with server.running() as base:
        bomb, huge, fine = fetch(
            Request(f"{base}/bomb"), Request(f"{base}/huge"), Request(f"{base}/small")
        )
    assert bomb.error == huge.error == "larger than 1 MB, so it was stopped"
    assert fine.body == rss("Small", [("a", "A")])


def test_redirects_are_followed_recorded_and_bounded(server: FeedServer) -> None:
    server.route("/old", lambda h: send(h, 301, Location="/new"))
    server.route("/new", lambda h: send(h, 200, b"feed"))
    server.route("/loop", lambda h: send(h, 302, Location="/loop"))
    server.route("/away", lambda h: send(h, 302, Location="http://10.0.0.1/feed"))
    with server.running() as base:
        moved, loop, away = fetch(
            Request(f"{base}/old"), Request(f"{base}/loop"), Request(f"{base}/away")
        )
    assert (moved.status, moved.body, moved.moved_to) == (200, b"feed", f"{base}/new")
    assert loop.error == "more than 5 redirects"
    assert away.error == "10.0.0.1 is 10.0.0.1, a private address; it is not fetched"


def test_gone_busy_and_broken_servers(server: FeedServer) -> None:
    server.route("/gone", lambda h: send(h, 410))
    server.route("/busy", lambda h: send(h, 429, Retry_After="120"))
    server.route("/broken", lambda h: send(h, 500))
    with server.running() as base:
        gone, busy, broken = fetch(
            Request(f"{base}/gone"), Request(f"{base}/busy"), Request(f"{base}/broken")
        )
    assert gone.gone and gone.error == "the feed is gone (410): the source is retired"
    assert (busy.status, busy.retry_after) == (429, 120.0)
    assert broken.error == "the server answered 500"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://council.example/feed", "only http and https addresses are fetched, not ftp"),
        ("file:///etc/passwd", "only http and https addresses are fetched, not file"),
        (
            "http://127.0.0.1/feed",
            "127.0.0.1 is 127.0.0.1, a loopback address (use "
            "--allow-loopback for local tests); it is not fetched",
        ),
        (
            "http://[::1]/feed",
            "::1 is ::1, a loopback address (use --allow-loopback for local "
            "tests); it is not fetched",
        ),
        (
            "http://169.254.169.254/latest",
            "169.254.169.254 is 169.254.169.254, a link-local address; it is not fetched",
        ),
        ("http://192.168.1.1/", "192.168.1.1 is 192.168.1.1, a private address; it is not fetched"),
        (
            "http://[::ffff:10.0.0.1]/",
            "::ffff:10.0.0.1 is ::ffff:a00:1, a private address; it is not fetched",
        ),
        ("http://224.0.0.1/", "224.0.0.1 is 224.0.0.1, a multicast address; it is not fetched"),
    ],
)
def test_the_guard_refuses_what_is_not_public(url: str, message: str) -> None:
    with pytest.raises(Refused) as refused:
        asyncio.run(check(url))
    assert str(refused.value) == message
