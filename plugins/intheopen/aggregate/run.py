"""One aggregator run: fetch every due feed, read each in a child, store what came.

Each feed is fetched and then read within the run's deadline; each is stored on its own
(a failure while storing one feed undoes that feed, not the run). Whatever goes wrong with
one feed becomes that feed's problem in its Outcome, never an exception out of the run.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from intheopen.aggregate.fetch import LATE, Fetcher, Limits, Request, Result, within
from intheopen.aggregate.guard import Resolver, system_resolver
from intheopen.aggregate.parse import Reading
from intheopen.aggregate.readers import Job, Readers
from intheopen.aggregate.store import Store, StoreError


@dataclass(frozen=True)
class Feed:
    source_id: str
    url: str


@dataclass(frozen=True)
class Outcome:
    feed: Feed
    result: Result
    items: int
    problem: str | None
    notes: tuple[str, ...] = ()

    @property
    def fetched(self) -> bool:
        """Whether the feed answered with something usable (new items, or "not modified")."""
        return self.result.status in (200, 304) and self.result.error is None


@dataclass(frozen=True)
class Options:
    """How a run reaches out: what it may fetch from, and how to reach sources."""

    keywords: Mapping[str, str] | None = None
    contact: str | None = None
    progress: Callable[[], None] | None = None
    resolve: Resolver = system_resolver


def refresh(
    store: Store,
    feeds: Sequence[Feed],
    limits: Limits,
    now: datetime,
    options: Options | None = None,
) -> list[Outcome]:
    """Fetch and read the due feeds (one bad feed never stops the others), then store each."""
    options = options or Options()
    due = [feed for feed in feeds if store.due(feed.source_id, now)]
    requests = [store.request(f.url) for f in due]
    fetched = asyncio.run(_gather(due, requests, limits, options))
    outcomes = []
    with store.run():
        for feed, (result, reading) in zip(due, fetched, strict=True):
            problem = result.error or reading.error
            try:
                store.record(feed.source_id, feed.url, result, reading, now)
            except StoreError as error:
                problem, reading = f"could not be stored ({error})", Reading([])
                store.record_failure(feed.url, result, problem, now)
            outcomes.append(Outcome(feed, result, len(reading.entries), problem, reading.notes))
    return outcomes


async def _gather(
    due: Sequence[Feed], requests: Sequence[Request], limits: Limits, options: Options
) -> list[tuple[Result, Reading]]:
    gate = asyncio.Semaphore(limits.concurrency)
    ends = time.monotonic() + limits.per_run
    readers = Readers(limits.readers, limits.parse_seconds, limits.parse_memory)
    async with Fetcher(limits, options.contact, options.resolve) as fetcher, readers:

        async def one(index: int) -> tuple[Result, Reading]:
            async with gate:
                result = await fetcher.get(requests[index])
            reading = Reading([])
            if result.body is not None:
                job = Job(result.body, result.moved_to or due[index].url, options.keywords or {})
                allowed = min(limits.parse_time(len(result.body)), ends - time.monotonic())
                try:
                    reading = await readers.read(job, max(0.1, allowed))
                except Exception as error:  # a failure of our own machinery: still one feed's
                    reading = Reading([], f"could not be read ({type(error).__name__}: {error})")
            if options.progress:
                options.progress()
            return result, reading

        return await within(
            [one(i) for i in range(len(due))],
            limits.per_run,
            lambda index: (Result(due[index].url, None, error=LATE), Reading([])),
            lambda index, error: (
                Result(due[index].url, None, error=f"failed ({type(error).__name__}: {error})"),
                Reading([]),
            ),
        )
