"""`intheopen aggregate`: the sources checked, the feeds fetched into the store, the site built."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from intheopen.aggregate import site as aggregated
from intheopen.aggregate.fetch import Limits
from intheopen.aggregate.run import Feed, refresh
from intheopen.aggregate.sources import load_sources
from intheopen.aggregate.store import Store
from intheopen.feeds import Settings
from intheopen.urls import Urls
from intheopen.views import Site


def run(
    sources_file: Path,
    out: Path,
    data: Path,
    allow_loopback: bool,
    deadline: float,
    echo: Callable[[str], None],
    progress: Callable[[], None] | None = None,
) -> int:
    """The exit code: 0 when the site was built (sources may still have had problems: see
    the health page), 1 when the sources file is wrong."""
    sources, problems = load_sources(sources_file, sources_file.as_posix())
    for problem in problems:
        echo(str(problem))
    if sources is None:
        return 1
    try:
        store = Store(data / "store.db")
    except (sqlite3.Error, OSError) as error:
        echo(
            f"{(data / 'store.db').as_posix()}: the store cannot be opened ({error}); "
            "move it aside to start a new one"
        )
        return 1
    try:
        with store.run():
            for source in sources.sources:
                store.add_source(
                    source.id, source.name, source.identifier, source.site, list(source.feeds)
                )
        feeds = [Feed(s.id, url) for s in sources.sources for url in s.feeds]
        limits = Limits(per_run=deadline, allow_loopback=allow_loopback)
        started = datetime.now(UTC).replace(microsecond=0)
        outcomes = refresh(
            store, feeds, limits, started, sources.keywords, sources.contact, progress
        )
        names = {s.id: s.name for s in sources.sources}
        for outcome in outcomes:
            if outcome.problem:
                echo(f"{names[outcome.feed.source_id]}: {outcome.feed.url}: {outcome.problem}")
        latest = store.db.execute("SELECT max(at) FROM fetches").fetchone()[0]
        now = datetime.fromisoformat(latest) if latest else datetime(1970, 1, 1, tzinfo=UTC)
        items = aggregated.read(store, sources)
        urls = Urls()
        plan = aggregated.plan(items, sources, store, sources.site_url, urls, now)
        site = Site(
            name=sources.title,
            url=sources.site_url,
            council=sources.title,
            urls=urls,
            now=now,
            authors={},
        )
        settings = Settings(description=f"Posts from {len(sources.sources)} councils' blogs.")
        from intheopen.integrations.mkdocs.aggregate_build import build_site

        build_site(plan, site, settings, out)
        fine = sum(1 for o in outcomes if not o.problem)
        echo(
            f"Fetched {len(outcomes)} feeds ({fine} fine, {len(outcomes) - fine} with "
            f"problems); {store.count()} posts stored; site written to {out.as_posix()}."
        )
        return 0
    finally:
        store.close()


def feed_count(sources_file: Path) -> int:
    """How many feeds a sources file lists (0 if it cannot be read), for a progress bar."""
    sources, _ = load_sources(sources_file, sources_file.as_posix())
    return sum(len(s.feeds) for s in sources.sources) if sources else 0
