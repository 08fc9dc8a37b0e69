"""Every file the blog writes besides its pages: feeds, OPML, posts.json, the feed stylesheet."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import partial
from importlib.resources import files

from lxml import etree

from intheopen.cache import Store, digest, stable
from intheopen.feeds import (
    FORMATS,
    MEDIA_TYPES,
    STYLESHEET,
    Channel,
    Settings,
    Writer,
    has_invalid_text,
    item_id,
    newest,
)
from intheopen.htmlpage import HeadLink, add_head_links
from intheopen.indexes import Index
from intheopen.urls import absolute
from intheopen.views import Site

OPML = "feeds.opml"
POSTS_JSON = "posts.json"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def write_all(
    published: Index,
    found: list[Channel],
    site: Site,
    settings: Settings,
    content: Mapping[str, str],
    source_date: datetime | None,
    kept: Store[bytes] | None = None,
    code: str = "",
) -> tuple[dict[str, bytes], list[str]]:
    """Files by their path from the site root, and the sources of published posts whose
    text had characters feeds cannot carry (they were left out). With `kept`, a feed made
    from the same items, site and settings by the same `code` last time is used again.

    Times come from posts; an empty feed says SOURCE_DATE_EPOCH's time, else the newest
    post's, else the epoch: never the build clock.
    """
    fallback = source_date or newest(published.posts, EPOCH)
    writer = Writer(site, settings, content, fallback)
    context = digest(
        [code, stable({**vars(site), "now": site.now.date()}), stable(settings), repr(fallback)]
    )

    def made(keyed: Callable[[], str], make: Callable[[], bytes]) -> bytes:
        key = keyed() if kept is not None else ""
        found = kept.get(key) if kept is not None else None
        if isinstance(found, bytes):
            return found
        data = make()
        if kept is not None:
            kept.put(key, data)
        return data

    output: dict[str, bytes] = {}
    for channel in found:
        for extension, write in (("xml", writer.rss), ("atom", writer.atom), ("json", writer.json)):
            output[channel.url(extension)] = made(
                partial(writer.key, channel, extension, context), partial(write, channel)
            )
    output[OPML] = opml(found, site, published, fallback)
    output[POSTS_JSON] = made(
        partial(_posts_json_key, published, context),
        partial(posts_json, published, site, settings, fallback),
    )
    output[STYLESHEET] = files("intheopen").joinpath("templates/feed/feed.xsl").read_bytes()
    names = {a: person.name for a, person in site.authors.items()}
    flagged = [
        p.source for p in published.posts if has_invalid_text(p, content.get(p.source, ""), names)
    ]
    return output, flagged


def output_paths(found: list[Channel]) -> list[str]:
    """Every path `write_all` writes for these channels."""
    feeds = [channel.url(extension) for channel in found for extension in FORMATS]
    return [*feeds, OPML, POSTS_JSON, STYLESHEET]


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
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = f"{site.name}: every feed"
    etree.SubElement(head, "dateModified").text = format_datetime(newest(index.posts, fallback))
    etree.SubElement(head, "ownerName").text = site.council
    body = etree.SubElement(root, "body")
    outlines: dict[str, etree._Element] = {}
    for channel in found:
        group = group_of(channel)
        if group not in outlines:
            outlines[group] = etree.SubElement(body, "outline", text=group, title=group)
        etree.SubElement(
            outlines[group],
            "outline",
            type="rss",
            text=channel.title,
            title=channel.title,
            xmlUrl=absolute(site.url, channel.url("xml")),
            htmlUrl=absolute(site.url, site.urls.page(channel.page)),
        )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _posts_json_key(index: Index, context: str) -> str:
    """All of each post that `posts_json` writes (the rest is in `context`)."""
    return digest(
        [
            context,
            POSTS_JSON,
            *(
                repr([p.id, p.source, p.url, p.title, p.date, p.updated, p.type, p.principles])
                + repr([p.tags, p.authors, p.summary, p.lang])
                for p in index.posts
            ),
        ]
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
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
