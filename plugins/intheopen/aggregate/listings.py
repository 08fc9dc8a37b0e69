"""The aggregated site, planned from the store: listings that link out to councils' own
posts (no page per item, so it scales to every council), feeds, a health page and OPML."""

from __future__ import annotations

import gzip
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from intheopen.aggregate import archive
from intheopen.aggregate.clean import detagged, web_address
from intheopen.aggregate.sources import Source, Sources
from intheopen.aggregate.store import Row, Store
from intheopen.content import catalogue
from intheopen.feeds.opml import Outline
from intheopen.feeds.opml import opml as write_opml
from intheopen.feeds.writer import PRINCIPLE_SCHEME, TYPE_SCHEME, Channel, Item
from intheopen.site.urls import Urls, absolute
from intheopen.site.wording import long_date

LISTING = "intheopen/aggregate.html"
HEALTH = "intheopen/health.html"
View = dict[str, Any]


@dataclass(frozen=True)
class Stored(Row):
    """A stored item with the source it came from, as listed in the sources file."""

    source: Source


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    template: str
    view: View
    feed: str | None = None
    searchable: bool = True


@dataclass(frozen=True)
class Plan:
    pages: list[Page]
    channels: list[Channel]
    files: dict[str, bytes]


@dataclass(frozen=True)
class Part:
    """What a run builds over the last site: the pages and files of `plan` (whose channels
    are every feed, named in each page's head), the feeds of `feeds`, and the pages at
    `gone` removed."""

    plan: Plan
    feeds: list[Channel]
    gone: list[str] = field(default_factory=list)


def read(store: Store, sources: Sources) -> list[Stored]:
    """Every stored item of the listed sources, newest first, each source's filter applied."""
    by_id = {s.id: s for s in sources.sources}
    found = []
    for row in store.items():
        source = by_id.get(row.source_id)
        if source is None or (
            source.principles and not set(row.principles) & set(source.principles)
        ):
            continue
        kind = row.type if row.type in catalogue.type_slugs() else None
        found.append(Stored(**{**vars(row), "type": kind}, source=source))
    # Sorted here, not only in SQL: a store from an older version may hold dates with offsets.
    found.sort(key=lambda i: (i.source.id, i.guid))
    found.sort(key=lambda i: i.published, reverse=True)
    return found


def plan(
    items: list[Stored], sources: Sources, store: Store, site_url: str, urls: Urls, now: datetime
) -> Plan:
    pages: list[Page] = []
    channels: list[Channel] = []
    name = sources.title
    card = Cards(urls)

    def listing(path: str, title: str, intro: str, chosen: list[Stored], label: str) -> None:
        pages.extend(_bounded(path, title, intro, chosen, urls, card))
        feed_items = tuple(_item(i, site_url) for i in chosen[: archive.RECENT])
        channels.append(
            Channel(
                path=path,
                title=f"{name}: {label}" if path else name,
                description=intro,
                page=path,
                posts=(),
                label=label,
                kind="ready",
                ready=feed_items,
            )
        )

    by_source: dict[str, list[Stored]] = defaultdict(list)
    by_principle: dict[str, list[Stored]] = defaultdict(list)
    by_type: dict[str, list[Stored]] = defaultdict(list)
    unclassified: list[Stored] = []
    for item in items:  # one pass, so the work grows with the items, not items times councils
        by_source[item.source.id].append(item)
        for principle in item.principles:
            by_principle[principle].append(item)
        if item.type:
            by_type[item.type].append(item)
        if not item.principles:
            unclassified.append(item)
    intro = _home_intro(sources)
    listing("", name, intro, items, "Every post")
    for p in catalogue.principles():
        listing(f"principles/{p.slug}/", p.title, p.text, by_principle[p.slug], p.title)
    for source in sources.sources:
        about = f"Posts from {source.name}."
        listing(f"councils/{source.id}/", source.name, about, by_source[source.id], source.name)
    for t in catalogue.post_types():
        listing(f"types/{t.slug}/", t.plural, t.description, by_type[t.slug], t.plural)
    listing(
        "unclassified/",
        "Not linked to a principle",
        "Posts whose feeds name no principle of the Local Digital Declaration, and whose "
        "tags the keyword table does not recognise.",
        unclassified,
        "Unclassified",
    )
    pages.append(_health_page(store, sources, tally(items), now, urls))
    files = {"sources.opml": opml(sources, now), **sitemap(site_url, pages, urls, now)}
    return Plan(pages, channels, files)


def _home_intro(sources: Sources) -> str:
    return f"The latest posts from {len(sources.sources)} councils' blogs."


def health_plan(
    store: Store, sources: Sources, tallies: Tallies, site_url: str, urls: Urls, now: datetime
) -> Plan:
    """Only what a run changes when no stored item did: the health page and the OPML file
    (the site's feed is named, for the page's head, but holds nothing here)."""
    intro = _home_intro(sources)
    home = Channel(
        path="",
        title=sources.title,
        description=intro,
        page="",
        posts=(),
        label="Every post",
        kind="ready",
    )
    page = _health_page(store, sources, tallies, now, urls)
    return Plan([page], [home], {"sources.opml": opml(sources, now)})


Tallies = dict[str, tuple[int, str]]  # source id -> its posts, and its latest post's date


def tally(items: list[Stored]) -> Tallies:
    """How many posts each source has, and the date of its latest (`items` newest first)."""
    found: Tallies = {}
    for item in items:
        count, latest = found.get(item.source.id, (0, item.published.isoformat()))
        found[item.source.id] = (count + 1, latest)
    return found


def _health_page(
    store: Store, sources: Sources, tallies: Tallies, now: datetime, urls: Urls
) -> Page:
    view = health(store, sources, tallies, now, urls)
    return Page("health/", "Sources and their health", HEALTH, view, searchable=False)


def _bounded(
    base: str, title: str, intro: str, chosen: list[Stored], urls: Urls, card: Cards
) -> list[Page]:
    """A listing's first page (its latest posts and what its archive holds), then its
    archive pages (archive.py)."""
    periods = archive.periods(base, chosen) if len(chosen) > archive.RECENT else []
    first = Page(
        path=base,
        title=title,
        template=LISTING,
        view={
            "heading": title,
            "intro": intro,
            "posts": [card(i) for i in chosen[: archive.RECENT]],
            "previous": None,
            "next": None,
            "latest": None,
            "archive": archive.contents(periods, urls),
        },
        feed=base,
    )
    return [first] + [
        Page(
            path=page.path,
            title=page.heading,
            template=LISTING,
            view={
                "heading": page.heading,
                "intro": None,
                "posts": [card(i) for i in page.items],
                "previous": page.previous,
                "next": page.next,
                "latest": {"title": title, "url": urls.page(base)},
                "archive": [],
            },
            feed=base,
            searchable=False,
        )
        for page in archive.archive_pages(title, periods, urls)
    ]


class Cards:
    """Each item's card, made once however many listings show it."""

    def __init__(self, urls: Urls) -> None:
        self.urls = urls
        self.made: dict[int, View] = {}

    def __call__(self, item: Stored) -> View:
        found = self.made.get(id(item))
        if found is None:
            found = self.made[id(item)] = _card(item, self.urls)
        return found


def _card(item: Stored, urls: Urls) -> View:
    principles = catalogue.principle_by_slug()
    return {
        "title": item.title,
        "url": item.url,
        "council": {"name": item.source.name, "url": urls.page(f"councils/{item.source.id}/")},
        "date": {
            "text": long_date(item.published),
            "iso": item.published.isoformat(timespec="seconds"),
        },
        "summary": _text_of(item.summary),
        "principles": [
            {"title": principles[p].title, "url": urls.page(f"principles/{p}/")}
            for p in item.principles
            if p in principles
        ],
        "type": catalogue.type_by_slug()[item.type].name if item.type else None,
    }


def _text_of(fragment: str) -> str:
    """A summary's text, for listings and for feeds' plain-text summaries."""
    words = etree.HTML(f"<div>{fragment}</div>").xpath("string()") if fragment.strip() else ""
    text = " ".join(detagged(str(words)).split())
    return text[:280] + ("…" if len(text) > 280 else "")


def _item(item: Stored, site_url: str) -> Item:
    digest = hashlib.sha256(item.guid.encode("utf-8")).hexdigest()[:32]
    return Item(
        id=f"urn:intheopen:{item.source.id}:{digest}",
        url=item.url or absolute(site_url, f"councils/{item.source.id}/"),
        title=item.title,
        summary=_text_of(item.summary),
        content=item.content,
        published=item.published,
        updated=item.updated or item.published,
        authors=tuple((a, "") for a in item.authors) or ((item.source.name, ""),),
        categories=(
            *((p, PRINCIPLE_SCHEME) for p in item.principles),
            *(((item.type, TYPE_SCHEME),) if item.type else ()),
        ),
        lang="en",
        extension={"council": item.source.name, "council_id": item.source.identifier},
    )


def health(store: Store, sources: Sources, tallies: Tallies, now: datetime, urls: Urls) -> View:
    """For each source: last success, last error in plain words, status, how many posts,
    days since its last post, and whether it is retired."""
    rows = []
    for source in sources.sources:
        known = store.health(source.id)
        posts, latest = tallies.get(source.id, (0, ""))
        last = _moment(latest)
        good = _moment(known.last_good)
        rows.append(
            {
                "name": source.name,
                "url": urls.page(f"councils/{source.id}/"),
                "site": web_address(source.site),
                "last_success": long_date(good) if good else "never",
                "status": str(known.status) if known.status else "none",
                "error": known.error,
                "notes": known.notes,
                "posts": posts,
                "days_since": max(0, (now - last).days) if last else None,
                "retired": known.retired,
            }
        )
    counts = {
        "sources": len(rows),
        "fine": sum(1 for r in rows if not r["error"] and r["status"] != "none"),
        "problems": sum(1 for r in rows if r["error"]),
        "retired": sum(1 for r in rows if r["retired"]),
        "posts": sum(posts for posts, _ in tallies.values()),
    }
    return {"heading": "Sources and their health", "sources": rows, "counts": counts}


def _moment(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def sitemap(site_url: str, pages: list[Page], urls: Urls, now: datetime) -> dict[str, bytes]:
    """`sitemap.xml` (and its gzipped copy) of every page, made here rather than by MkDocs,
    so that a run that builds only some pages still lists them all."""
    day = now.date().isoformat()
    entries = "".join(
        f"<url><loc>{escape(absolute(site_url, urls.page(page.path)))}</loc>"
        f"<lastmod>{day}</lastmod></url>"
        for page in pages
    )
    data = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n'
    ).encode()
    return {"sitemap.xml": data, "sitemap.xml.gz": gzip.compress(data, mtime=0)}


def opml(sources: Sources, now: datetime) -> bytes:
    return write_opml(
        sources.title,
        now,
        [
            Outline(title=source.name, feed=url, page=web_address(source.site))
            for source in sources.sources
            for url in source.feeds
        ],
    )
