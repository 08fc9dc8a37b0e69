"""The aggregator's fetcher against real local servers: slow, hanging, huge and hostile."""

from __future__ import annotations

import asyncio
import gzip
import time
from typing import Any

import pytest

from feedserver import FeedServer, drip, gzip_bomb, hang, rss, send
from intheopen.aggregate.fetch import Limits, Request, fetch_all
from intheopen.aggregate.guard import Refused, check_scheme, public_addresses

LIMITS = Limits(
    connect=2, read=2, per_source=4, per_run=20, max_bytes=1024 * 1024, allow_loopback=True
)


def fetch(*requests: Request, limits: Limits = LIMITS, resolve: Any = None) -> list[Any]:
    extra = {"resolve": resolve} if resolve else {}
    return asyncio.run(
        fetch_all(list(requests), limits, contact="https://sector.example/", **extra)
    )


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
    assert away.error == "10.0.0.1 is a private address; it is not fetched"


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
        ("http:///feed", "the address has no host"),
    ],
)
def test_only_http_and_https_are_fetched(url: str, message: str) -> None:
    with pytest.raises(Refused) as refused:
        check_scheme(url)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("127.0.0.1", "127.0.0.1 is a loopback address (use --allow-loopback for tests)"),
        ("::1", "::1 is a loopback address (use --allow-loopback for tests)"),
        ("169.254.169.254", "169.254.169.254 is a link-local address"),
        ("192.168.1.1", "192.168.1.1 is a private address"),
        ("::ffff:10.0.0.1", "::ffff:10.0.0.1 is a private address"),
        ("224.0.0.1", "224.0.0.1 is a multicast address"),
        ("0.0.0.0", "0.0.0.0 is an unspecified address"),
        ("100.100.100.200", "100.100.100.200 is not a public internet address"),
        ("100.64.0.1", "100.64.0.1 is not a public internet address"),
        ("2002:7f00:1::", "2002:7f00:1:: is not a public internet address"),
        ("fd00::1", "fd00::1 is a private address"),
    ],
)
def test_the_guard_refuses_what_is_not_globally_routable(host: str, message: str) -> None:
    with pytest.raises(Refused) as refused:
        asyncio.run(public_addresses(host, 80, allow_loopback=False))
    assert str(refused.value) == f"{message}; it is not fetched"


@pytest.mark.parametrize(
    "host",
    ["64:ff9b::7f00:1", "64:ff9b:1::a00:1", "::127.0.0.1", "192.0.0.8", "198.18.0.1", "240.0.0.1"],
)
def test_ranges_that_embed_or_reach_private_networks_are_refused(host: str) -> None:
    # The words differ between Python versions (reserved, private, not public); the answer not.
    with pytest.raises(Refused, match=r" is (a|an|not a) [a-z -]+ address; it is not fetched$"):
        asyncio.run(public_addresses(host, 80, allow_loopback=False))


def test_public_addresses_pass() -> None:
    found = asyncio.run(public_addresses("93.184.216.34", 80, allow_loopback=False))
    assert found == ["93.184.216.34"]


def test_a_name_is_refused_if_any_of_its_addresses_is_not_public() -> None:
    async def resolve(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.1.2.3"]

    with pytest.raises(Refused) as refused:
        asyncio.run(public_addresses("feeds.council.example", 443, False, resolve))
    assert str(refused.value) == (
        "feeds.council.example (10.1.2.3) is a private address; it is not fetched"
    )


class Rebinding:
    """A resolver that answers each name from a list, one answer a call, and counts calls:
    a DNS-rebinding attacker's name server."""

    def __init__(self, **answers: list[list[str]]) -> None:
        self.answers = {name.replace("_", "."): list(a) for name, a in answers.items()}
        self.calls: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        queue = self.answers[host]
        return queue.pop(0) if len(queue) > 1 else queue[0]


def test_the_address_checked_is_the_address_connected_to(server: FeedServer) -> None:
    server.route("/feed.xml", lambda h: send(h, 200, rss("Pinned", [])))
    with server.running() as base:
        port = base.rsplit(":", 1)[1]
        # A name the system cannot resolve: only the checked answer can reach the server.
        resolver = Rebinding(feeds_council_test=[["127.0.0.1"]])
        (pinned,) = fetch(Request(f"http://feeds.council.test:{port}/feed.xml"), resolve=resolver)
    assert (pinned.status, pinned.error) == (200, None)
    assert resolver.calls == ["feeds.council.test"]


def test_dns_rebinding_cannot_reach_loopback(server: FeedServer) -> None:
    server.route("/feed.xml", lambda h: send(h, 200, rss("Internal", [])))
    limits = Limits(connect=1, read=1, per_source=3, per_run=10, allow_loopback=False)
    with server.running() as base:
        port = base.rsplit(":", 1)[1]
        # Public to the first question, loopback to every one after.
        resolver = Rebinding(rebind_test=[["93.184.216.34"], ["127.0.0.1"]])
        (result,) = fetch(
            Request(f"http://rebind.test:{port}/feed.xml"), limits=limits, resolve=resolver
        )
    assert server.hits == {}
    assert result.status is None and result.error
    assert resolver.calls == ["rebind.test"]  # asked once: checked and connected alike


def test_every_redirect_hop_is_checked_where_it_connects(server: FeedServer) -> None:
    server.route("/hop", lambda h: send(h, 302, Location="http://metadata.test/latest"))
    server.route("/hop6", lambda h: send(h, 302, Location="http://six.test/feed"))
    with server.running() as base:
        resolver = Rebinding(metadata_test=[["100.100.100.200"]], six_test=[["2002:7f00:1::"]])
        metadata, six = fetch(Request(f"{base}/hop"), Request(f"{base}/hop6"), resolve=resolver)
    assert metadata.error == (
        "metadata.test (100.100.100.200) is not a public internet address; it is not fetched"
    )
    assert (
        six.error == "six.test (2002:7f00:1::) is not a public internet address; it is not fetched"
    )


def test_an_absurd_retry_after_is_a_week_at_most(server: FeedServer) -> None:
    server.route("/busy", lambda h: send(h, 429, Retry_After="9" * 40))
    server.route("/dated", lambda h: send(h, 503, Retry_After="Fri, 31 Dec 9999 23:59:59 GMT"))
    server.route("/odd", lambda h: send(h, 429, Retry_After="soon, ½ hour"))
    with server.running() as base:
        busy, dated, odd = fetch(
            Request(f"{base}/busy"), Request(f"{base}/dated"), Request(f"{base}/odd")
        )
    assert busy.retry_after == dated.retry_after == 7 * 24 * 3600
    assert (odd.status, odd.retry_after) == (429, None)


def test_within_gives_each_task_its_own_outcome() -> None:
    from intheopen.aggregate.fetch import within

    async def fine() -> str:
        return "fine"

    async def broken() -> str:
        raise ValueError("a bug")

    async def slow() -> str:
        await asyncio.sleep(30)
        return "never"

    found = asyncio.run(
        within(
            [fine(), broken(), slow()],
            0.5,
            lambda index: f"late {index}",
            lambda index, error: f"failed {index}: {error}",
        )
    )
    assert found == ["fine", "failed 1: a bug", "late 2"]
