"""Hostile feeds through the aggregator's whole per-feed path: read in a bounded child,
stored, read back and written out as feeds. Each is only its own problem."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

import hostile
from hostile import CORPUS, FEED_URL
from intheopen.aggregate import listings as aggregated
from intheopen.aggregate.command import _planned
from intheopen.aggregate.fetch import Limits, Result
from intheopen.aggregate.parse import Reading
from intheopen.aggregate.readers import Job, Readers
from intheopen.aggregate.sources import Source, Sources
from intheopen.aggregate.store import Store, StoreError
from intheopen.feeds.writer import Settings, Writer
from outputs_check import check_json_feed, check_xml_feed, links_in_html, web, xml_valid

NOW = datetime(2026, 3, 5, 12, tzinfo=UTC)
SECONDS = 5.0


def read_all(jobs: list[Job], work: object = None, seconds: float = SECONDS) -> list[Reading]:
    async def go() -> list[Reading]:
        extra = {"work": work} if work else {}
        async with Readers(2, seconds, 384 * 1024 * 1024, **extra) as readers:  # type: ignore[arg-type]
            return [await readers.read(job) for job in jobs]

    return asyncio.run(go())


def entry_problems(reading: Reading) -> list[str]:
    problems = []
    for entry in reading.entries:
        texts = [entry.guid, entry.title, entry.summary, entry.content, *entry.authors, *entry.tags]
        problems += [f"not XML text: {t[:40]!r}" for t in texts if not xml_valid(t)]
        if not web(entry.url):
            problems.append(f"link {entry.url!r}")
        links = [*links_in_html(entry.content), *links_in_html(entry.summary)]
        problems += [f"in content {v!r}" for v in links if not web(v)]
        for moment in (entry.published, entry.updated):
            if moment is not None and moment.utcoffset() != UTC.utcoffset(None):
                problems.append(f"a date not in UTC: {moment}")
    return problems


def test_every_hostile_feed_is_its_own_problem_and_keeps_what_is_good(tmp_path: Path) -> None:
    names = list(CORPUS)
    started = time.monotonic()
    readings = read_all([Job(CORPUS[n][0], FEED_URL, {}) for n in names])
    took = time.monotonic() - started

    failures = {}
    for name, reading in zip(names, readings, strict=True):
        titles = {e.title for e in reading.entries}
        missing = [t[:40] for t in CORPUS[name][1] if t not in titles]
        problems = entry_problems(reading)
        if missing or problems:
            failures[name] = (missing, problems)
    assert failures == {}
    # Bounded: the slow ones are stopped at SECONDS each, and nothing else is slow.
    assert took < 3 * SECONDS + 20

    by_name = dict(zip(names, readings, strict=True))
    assert by_name["entity bomb"].error == (
        "declares its own XML entities (<!DOCTYPE … [ … ]>), which feeds never need; "
        "it was not read"
    )
    assert by_name["many attributes"].error == (
        "took longer than 5 seconds to read, so it was stopped"
    )
    assert by_name["garbage"].error == "not a feed that could be read (SAXParseException)"
    assert by_name["not a feed"].error == "not a feed: no RSS, Atom or JSON Feed was found in it"

    undated = {e.title: e for e in by_name["items with neither guid nor link"].entries}
    first, second = undated["First without id"], undated["Second without id"]
    assert first.guid != second.guid and first.url is None and second.url is None
    assert first.guid.startswith("sha256:")
    dangerous = by_name["dangerous links"]
    assert all(e.url is None for e in dangerous.entries)
    assert dangerous.notes == (
        "links that were not http or https were dropped (7; for example a javascript address)",
    )

    dated = {e.title: e.published for e in by_name["dates of every kind"].entries}
    assert dated == {
        "Offset": datetime(2026, 3, 3, 4, 30, tzinfo=UTC),
        "Summer time": datetime(2026, 6, 2, 8, tzinfo=UTC),
        "Unix": datetime(2026, 1, 1, tzinfo=UTC),
        "Impossible offset": None,
        "Year 1699": None,
        "February 30": None,
    }
    assert by_name["dates of every kind"].notes == (
        "dates that cannot be right were dropped (3; for example 'Mon, 02 Mar 2026 09:00:00 "
        "+9999' has a time zone offset no place on Earth uses)",
    )
    (atom,) = by_name["atom with only updated"].entries
    assert atom.published == datetime(2020, 5, 1, 9, tzinfo=UTC)

    # Stored together, read back and written as the aggregator's own feeds.
    store = Store(tmp_path / "store.db")
    sources = Sources(
        tuple(Source(f"s{i}", name, (FEED_URL,)) for i, name in enumerate(names)),
        "https://blogs.sector.example/",
    )
    with store.run():
        for index, (name, reading) in enumerate(zip(names, readings, strict=True)):
            store.add_source(f"s{index}", name, None, None, [f"{FEED_URL}/{index}"])
            store.record(f"s{index}", f"{FEED_URL}/{index}", Result(FEED_URL, 200), reading, NOW)
    assert_feeds_are_safe(store, sources)
    store.close()


def assert_feeds_are_safe(store: Store, sources: Sources) -> None:
    plan, site, _ = _planned(store, sources)
    writer = Writer(site, Settings(description="d"), {}, site.now)
    problems = []
    for channel in plan.channels:
        problems += check_xml_feed(writer.rss(channel))
        problems += check_xml_feed(writer.atom(channel))
        problems += check_json_feed(writer.json(channel))
    assert problems == []


def test_a_store_written_before_the_cleaning_cannot_break_a_build(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.db")
    sources = Sources((Source("old", "Old", (FEED_URL,)),), "https://blogs.sector.example/")
    store.add_source("old", "Old", None, None, [FEED_URL])
    rows = [
        ("1", "java\tscript:alert(1)", "Control \x01 title", "2026-03-01T09:00:00+05:00"),
        ("2", "https://old.example/2", "Later in UTC", "2026-03-01T05:00:00+00:00"),
        ("3", "data:text/html,x", "Bad date", "not a date"),
    ]
    for guid, url, title, published in rows:
        store.db.execute(
            "INSERT INTO items (source_id, guid, url, title, summary, content, published, "
            "first_seen, authors, tags, principles) VALUES ('old', ?, ?, ?, "
            "'<a href=\"javascript:x\">s</a>', 'c\x02', ?, '2026-03-02T00:00:00+00:00', "
            "'[\"A\\u0001\", 5]', '{}', '[1]')",
            (guid, url, title, published),
        )

    items = aggregated.read(store, sources)

    assert [(i.guid, i.url, i.title) for i in items] == [
        ("3", None, "Bad date"),  # dated when first seen, 2 March
        ("2", "https://old.example/2", "Later in UTC"),  # 05:00 UTC beats 04:00 UTC
        ("1", None, "Control title"),
    ]
    assert items[0].authors == ("A",)
    assert_feeds_are_safe(store, sources)


@pytest.mark.parametrize(
    ("work", "said"),
    [
        (hostile.crash, "could not be read (ValueError: a bug inside a parser)"),
        (hostile.die, "stopped while being read (too large or too complex to read)"),
        (hostile.swell, "grew past the memory allowed while being read, so it was stopped"),
        (hostile.spin, "took longer than 2 seconds to read, so it was stopped"),
        (hostile.recurse, "is nested too deeply to be read"),
    ],
)
def test_whatever_a_parser_does_a_child_pays_for_it(work: object, said: str) -> None:
    async def go() -> tuple[Reading, Reading, Reading]:
        async with Readers(1, 2, 384 * 1024 * 1024, work=work) as bad:  # type: ignore[arg-type]
            first = await bad.read(Job(b"x", FEED_URL, {}))
            again = await bad.read(Job(b"x", FEED_URL, {}))
        async with Readers(1, 2, 384 * 1024 * 1024) as good:
            fine = await good.read(Job(hostile.rss_items(hostile.good("Fine")), FEED_URL, {}))
        return first, again, fine

    started = time.monotonic()
    first, again, fine = asyncio.run(go())
    assert first == again == Reading([], said)  # the next feed gets a working child
    assert [e.title for e in fine.entries] == ["Fine"]
    assert time.monotonic() - started < 20


def test_a_feed_that_cannot_be_stored_is_undone_alone(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.db")
    store.add_source("a", "A", None, None, ["https://a.example/1", "https://a.example/2"])
    small, large = read_all(
        [
            Job(hostile.rss_items(hostile.good("Small")), FEED_URL, {}),
            Job(hostile.rss_items(hostile.good("Large"), hostile.good("X" * 300)), FEED_URL, {}),
        ]
    )
    store.db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 400)  # "string or blob too big", sooner
    with store.run():
        with pytest.raises(StoreError, match="too big"):
            store.record("a", "https://a.example/2", Result(FEED_URL, 200), large, NOW)
        store.record("a", "https://a.example/1", Result(FEED_URL, 200), small, NOW)
    assert [r.title for r in store.items()] == ["Small"]
    assert [r[0] for r in store.db.execute("SELECT feed_url FROM fetches")] == [
        "https://a.example/1"
    ]


def test_a_small_feed_gets_less_time_to_read_than_a_large_one() -> None:
    limits = Limits()
    assert limits.parse_time(0) == 3.0
    assert limits.parse_time(2 * 1024 * 1024) == 6.0
    assert limits.parse_time(10 * 1024 * 1024) == 18.0
    assert limits.parse_time(100 * 1024 * 1024) == limits.parse_seconds == 20.0
