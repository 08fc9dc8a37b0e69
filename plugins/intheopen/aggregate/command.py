"""`intheopen aggregate`: the sources checked, the feeds fetched into the store, the site built.

Exit codes, for schedulers: 0 when the site was written (some feeds may have problems; they
are listed); 1 when the sources file is wrong, the store cannot be used or the site could
not be written (the last site is left in place); 3 when not one feed could be fetched (the
site is still written, from what the store already held).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from intheopen.aggregate import listings as aggregated
from intheopen.aggregate.fetch import Limits
from intheopen.aggregate.guard import Resolver, system_resolver
from intheopen.aggregate.listings import Tallies
from intheopen.aggregate.publish import NotPublished, publish
from intheopen.aggregate.run import Feed, Options, Outcome, refresh
from intheopen.aggregate.sources import Sources, load_sources
from intheopen.aggregate.store import Store
from intheopen.feeds.writer import Settings
from intheopen.site.urls import Urls
from intheopen.site.views import Site

FINE, FAILED, NOTHING_FETCHED = 0, 1, 3


class Kept(Protocol):
    """What the last site published to a folder was made from, kept between runs (by the
    speed layer), so that a run rebuilds only what changed: the health page alone when
    nothing new was stored. `sources` is the sources file as read, `items` the store's
    version of its items."""

    def unchanged(self, out: Path, sources: str, items: str) -> Tallies | None:
        """The last site's tallies, if the site in `out` was made from the same sources and
        items."""

    def changed(self, out: Path, sources: str, plan: aggregated.Plan) -> aggregated.Part | None:
        """The part of `plan` to build over the site in `out`; None to build it whole."""

    def remember(
        self, out: Path, sources: str, items: str, tallies: Tallies, plan: aggregated.Plan | None
    ) -> None:
        """That the site now in `out` was made from these (`plan`: None if only the health
        page was built)."""

    def forget(self) -> None:
        """No memory of the last site (before building over it, or for `--rebuild`)."""


@dataclass(frozen=True)
class RunSettings:
    """What `intheopen aggregate` was asked to do, beyond which files."""

    allow_loopback: bool = False
    deadline: float = 300.0
    site_url: str | None = None
    resolve: Resolver = system_resolver
    kept: Kept | None = None


def run(
    sources_file: Path,
    out: Path,
    data: Path,
    *,
    settings: RunSettings,
    echo: Callable[[str], None],
    progress: Callable[[], None] | None = None,
) -> int:
    """Fetch, store and publish; the exit code (see the module's docstring)."""
    sources, problems = load_sources(sources_file, sources_file.as_posix(), settings.site_url)
    for problem in problems:
        echo(str(problem))
    if sources is None:
        return FAILED
    shown = (data / "store.db").as_posix()
    try:
        store = Store(data / "store.db")
    except (sqlite3.Error, OSError) as error:
        echo(f"{shown}: the store cannot be opened ({error}); move it aside to start a new one")
        return FAILED
    try:
        outcomes = _fetch(store, sources, settings, progress)
        _tell(outcomes, sources, echo)
        items, kept = store.items_version(), settings.kept
        tallies = kept.unchanged(out, repr(sources), items) if kept else None
        whole: aggregated.Plan | None = None
        part: aggregated.Part | None = None
        if tallies is None:
            whole, site, tallies = _planned(store, sources)
            part = kept.changed(out, repr(sources), whole) if kept else None
        else:  # nothing new was stored: the listings and feeds in `out` are still right
            health, site = _health_planned(store, sources, tallies)
            part = aggregated.Part(health, [])
        posts = store.count()
    except sqlite3.Error as error:
        echo(
            f"{shown}: the store could not be read or written ({error}); nothing of this run "
            "was kept. If it is damaged, move it aside (or restore a backup) and run again"
        )
        return FAILED
    finally:
        store.close()
    if kept:  # remembered again only once the new site is in place
        kept.forget()
    try:
        _build(whole, part, site, len(sources.sources), out)
    except NotPublished as error:
        echo(str(error))
        return FAILED
    if kept:
        kept.remember(out, repr(sources), items, tallies, whole)
    fine = sum(1 for o in outcomes if o.fetched and not o.problem)
    feeds, stored = len(outcomes), f"{posts} post{'s' if posts != 1 else ''}"
    echo(
        f"Fetched {feeds} feed{'s' if feeds != 1 else ''} ({fine} fine, {feeds - fine} with "
        f"problems); {stored} stored; site written to {out.as_posix()}."
    )
    if outcomes and not any(o.fetched for o in outcomes):
        echo("Not one feed could be fetched: the site shows only what was stored before.")
        return NOTHING_FETCHED
    return FINE


def _fetch(
    store: Store,
    sources: Sources,
    settings: RunSettings,
    progress: Callable[[], None] | None,
) -> list[Outcome]:
    with store.run():
        for source in sources.sources:
            store.add_source(
                source.id, source.name, source.identifier, source.site, list(source.feeds)
            )
    feeds = [Feed(s.id, url) for s in sources.sources for url in s.feeds]
    limits = Limits(per_run=settings.deadline, allow_loopback=settings.allow_loopback)
    started = datetime.now(UTC).replace(microsecond=0)
    options = Options(sources.keywords, sources.contact, progress, settings.resolve)
    return refresh(store, feeds, limits, started, options)


def _tell(outcomes: list[Outcome], sources: Sources, echo: Callable[[str], None]) -> None:
    names = {s.id: s.name for s in sources.sources}
    for outcome in outcomes:
        where = f"{names[outcome.feed.source_id]}: {outcome.feed.url}"
        if outcome.problem:
            echo(f"{where}: {outcome.problem}")
        for note in outcome.notes:
            echo(f"{where}: {note}")


def _planned(store: Store, sources: Sources) -> tuple[aggregated.Plan, Site, Tallies]:
    site = _site(store, sources)
    items = aggregated.read(store, sources)
    plan = aggregated.plan(items, sources, store, sources.site_url, site.urls, site.now)
    return plan, site, aggregated.tally(items)


def _health_planned(
    store: Store, sources: Sources, tallies: Tallies
) -> tuple[aggregated.Plan, Site]:
    site = _site(store, sources)
    plan = aggregated.health_plan(store, sources, tallies, sources.site_url, site.urls, site.now)
    return plan, site


def _site(store: Store, sources: Sources) -> Site:
    return Site(
        name=sources.title,
        url=sources.site_url,
        council=sources.title,
        urls=Urls(),
        now=store.latest_fetch() or datetime(1970, 1, 1, tzinfo=UTC),
        authors={},
    )


def _build(
    whole: aggregated.Plan | None,
    part: aggregated.Part | None,
    site: Site,
    councils: int,
    out: Path,
) -> None:
    """Publish the site in `out` with `part` built again over it, when there is a part;
    else the `whole` site."""
    from intheopen.integrations.mkdocs.aggregate_build import build_site, rebuild_some

    settings = Settings(description=f"Posts from {councils} councils' blogs.")
    if part is not None:
        publish(out, lambda folder: rebuild_some(part, site, settings, folder, out))
    elif whole is not None:
        publish(out, lambda folder: build_site(whole, site, settings, folder))


def feed_count(sources_file: Path) -> int:
    """How many feeds a sources file lists (0 if it cannot be read), for a progress bar."""
    sources, _ = load_sources(sources_file, sources_file.as_posix())
    return sum(len(s.feeds) for s in sources.sources) if sources else 0
