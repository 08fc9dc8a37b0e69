"""One aggregator run: fetch every due feed, read what came, and store it in one go."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from intheopen.aggregate.fetch import Limits, Result, fetch_all
from intheopen.aggregate.parse import Entry, parse
from intheopen.aggregate.store import Store


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


def refresh(
    store: Store,
    feeds: Sequence[Feed],
    limits: Limits,
    now: datetime,
    keywords: Mapping[str, str] | None = None,
    contact: str | None = None,
    progress: Callable[[], None] | None = None,
) -> list[Outcome]:
    """Fetch the due feeds, parse each on its own (one bad feed never stops the others),
    and store everything in one transaction."""
    due = [feed for feed in feeds if store.due(feed.source_id, now)]
    requests = [store.request(f.url) for f in due]
    results = asyncio.run(fetch_all(requests, limits, contact, progress))
    outcomes = []
    with store.run():
        for feed, result in zip(due, results, strict=True):
            entries: list[Entry] = []
            problem = result.error
            if result.body is not None:
                entries, problem = parse(result.body, result.moved_to or feed.url, keywords or {})
            store.record(feed.source_id, feed.url, result, entries, now)
            outcomes.append(Outcome(feed, result, len(entries), problem))
    return outcomes
