"""Every file the blog writes besides its pages: feeds, OPML, posts.json."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from intheopen.content.model import Post
from intheopen.feeds.content import FeedTexts
from intheopen.feeds.opml import Group, Outline
from intheopen.feeds.opml import opml as write_opml
from intheopen.feeds.writer import (
    FORMATS,
    MEDIA_TYPES,
    Channel,
    Settings,
    Writer,
    has_invalid_text,
    item_id,
    newest,
    pretty_json,
)
from intheopen.site.finishing import HeadLink, add_head_links
from intheopen.site.indexes import Index
from intheopen.site.urls import absolute
from intheopen.site.views import Site

OPML = "feeds.opml"
POSTS_JSON = "posts.json"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Job:
    """One file to write: its path from the site root and how to make it. A feed names
    its channel and format, so that others (the speed layer) can tell what it is made of."""

    path: str
    make: Callable[[], bytes]
    channel: Channel | None = None
    extension: str | None = None


def jobs(
    published: Index,
    found: list[Channel],
    site: Site,
    settings: Settings,
    content: Mapping[str, str],
    source_date: datetime | None,
) -> tuple[Writer, list[Job]]:
    """Every file the blog writes besides its pages, made only when asked.

    Times come from posts; an empty feed says SOURCE_DATE_EPOCH's time, else the newest
    post's, else the epoch: never the build clock.
    """
    fallback = source_date or newest(published.posts, EPOCH)
    writer = Writer(site, settings, content, fallback)
    todo = [
        Job(channel.url(extension), partial(write, channel), channel, extension)
        for channel in found
        for extension, write in (("xml", writer.rss), ("atom", writer.atom), ("json", writer.json))
    ]
    todo += [
        Job(OPML, partial(opml, found, site, published, fallback)),
        Job(POSTS_JSON, partial(posts_json, published, site, settings, fallback)),
    ]
    return writer, todo


def write_all(
    published: Index,
    found: list[Channel],
    site: Site,
    settings: Settings,
    content: Mapping[str, str],
    source_date: datetime | None,
) -> tuple[dict[str, bytes], list[str]]:
    """Files by their path from the site root, and the sources of published posts whose
    text had characters feeds cannot carry (they were left out)."""
    _, todo = jobs(published, found, site, settings, content, source_date)
    return {job.path: job.make() for job in todo}, flagged(published, site, content)


def flagged(
    published: Index,
    site: Site,
    content: Mapping[str, str],
    invalid: Callable[[Post, str, Mapping[str, str]], bool] = has_invalid_text,
) -> list[str]:
    """The published posts whose text had characters feeds cannot carry (`invalid` says,
    for a post, its text and the authors' names)."""
    names = {a: person.name for a, person in site.authors.items()}
    return [p.source for p in published.posts if invalid(p, _to_check(content, p.source), names)]


def _to_check(content: Mapping[str, str], source: str) -> str:
    """The post's text as `invalid` must see it: nothing, when it is sure to hold nothing
    feeds cannot carry and is not yet made (most posts are in no feed: see `FeedTexts`)."""
    if isinstance(content, FeedTexts) and content.surely_valid(source):
        return ""
    return content.get(source, "")


def output_paths(found: list[Channel]) -> list[str]:
    """Every path `write_all` writes for these channels."""
    feeds = [channel.url(extension) for channel in found for extension in FORMATS]
    return [*feeds, OPML, POSTS_JSON]


def head_links(html: str, site_url: str, feed: str | None, found: list[Channel]) -> str:
    """A page with `<link rel="alternate">` for the site's feeds and, on a page that has
    its own (a principle, type, author or tag), for those too."""
    chosen = [c for c in found if c.path == "" or (feed is not None and c.path == feed)]
    links = [
        HeadLink(
            "alternate",
            MEDIA_TYPES[extension],
            f"{channel.title} ({name})",
            absolute(site_url, channel.url(extension)),
        )
        for channel in chosen
        for extension, name in FORMATS.items()
    ]
    return add_head_links(html, links)


GROUPS = (
    ("", "All posts"),
    ("principles/", "Principles"),
    ("types/", "Types of post"),
    ("authors/", "Authors"),
    ("tags/", "Tags"),
    ("languages/", "Languages"),
)


def group_of(channel: Channel) -> str:
    """The heading a feed is listed under on the subscribe page and in OPML."""
    for prefix, heading in reversed(GROUPS):
        if prefix and channel.path.startswith(prefix):
            return heading
    return GROUPS[0][1]


def opml(found: list[Channel], site: Site, index: Index, fallback: datetime) -> bytes:
    """OPML 2.0 listing the RSS version of every feed, grouped as the subscribe page is."""
    groups: dict[str, list[Outline]] = {}
    for channel in found:
        groups.setdefault(group_of(channel), []).append(
            Outline(
                title=channel.title,
                feed=absolute(site.url, channel.url("xml")),
                page=absolute(site.url, site.urls.page(channel.page)),
            )
        )
    return write_opml(
        f"{site.name}: every feed",
        newest(index.posts, fallback),
        [Group(title, tuple(outlines)) for title, outlines in groups.items()],
        owner=site.council,
    )


def posts_json(index: Index, site: Site, settings: Settings, fallback: datetime) -> bytes:
    """Every published post, for aggregators and other tools."""
    document = {
        "version": 1,
        "site": {
            "name": site.name,
            "url": site.url,
            "council": site.council,
            "council_id": settings.council_id,
            "licence": settings.licence,
            "licence_url": settings.licence_url,
        },
        "updated": newest(index.posts, fallback).isoformat(),
        "posts": [
            {
                "id": item_id(post, site),
                "url": absolute(site.url, site.urls.page(post.url)),
                "title": post.title,
                "date": post.date.isoformat(),
                "updated": post.updated.isoformat() if post.updated else None,
                "type": post.type,
                "principles": list(post.principles),
                "tags": list(post.tags),
                "authors": [
                    {
                        "id": a,
                        "name": site.authors[a].name if a in site.authors else a,
                        "role": site.authors[a].role if a in site.authors else None,
                    }
                    for a in post.authors
                ],
                "summary": post.summary,
                "language": post.lang,
            }
            for post in index.posts
        ],
    }
    return pretty_json(document)
