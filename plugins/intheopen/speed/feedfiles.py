"""Feeds and posts.json kept between builds: a file made from the same items, site,
settings and code as last time is taken from the cache, not written again.

The keys are worked out here, from what the plain path (`feeds.files.jobs`) says each
file is: the core knows nothing of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from intheopen.content.model import Post
from intheopen.feeds.files import POSTS_JSON, Job, flagged, jobs
from intheopen.feeds.writer import Channel, Settings, Writer, has_invalid_text
from intheopen.site.indexes import Index
from intheopen.site.views import Site
from intheopen.speed.bypage import ByObjects
from intheopen.speed.cache import digest, stable
from intheopen.speed.shelf import Shelf


def write_all_kept(
    kept: Shelf[bytes],
    code: str,
    published: Index,
    found: list[Channel],
    site: Site,
    settings: Settings,
    content: Mapping[str, str],
    source_date: datetime | None,
    kept_items: ItemDigests | None = None,
) -> tuple[dict[str, bytes], list[str]]:
    """`feeds.files.write_all`, taking from `kept` each feed and posts.json made from the
    same inputs by the same `code` last time (and, while serving, from `kept_items` the
    digests of posts' feed items as the last build made them)."""
    writer, todo = jobs(published, found, site, settings, content, source_date)
    now = site.now.date()
    context = digest(
        [code, stable({**vars(site), "now": now}), stable(settings), repr(writer.fallback)]
    )
    items = _ItemKeys(writer, (kept_items or ItemDigests()).start(context), content)
    output: dict[str, bytes] = {}
    for job in todo:
        key = _key(job, items, published, context)
        found_data = kept.get(key) if key is not None else None
        if isinstance(found_data, bytes):
            output[job.path] = found_data
            continue
        output[job.path] = data = job.make()
        if key is not None:
            kept.put(key, data)
    return output, flagged(published, site, content, items.kept.invalid)


class ItemDigests:
    """For a process that writes the same feeds again and again (`mkdocs serve`): the
    digest of each post's feed item, and whether its text holds characters feeds cannot
    carry, kept from one build to the next by the post object and its feed text object
    (the blog and the texts of posts not changed are the same objects from one rebuild to
    the next), while all else an item is made from (the context: site, settings, code) is
    the same."""

    def __init__(self) -> None:
        self._context = ""
        self._kept: ByObjects[str] = ByObjects()
        self._invalid: ByObjects[bool] = ByObjects()

    def start(self, context: str) -> ItemDigests:
        """A new build: keep what the last asked for, if its context was the same."""
        if context != self._context:
            self._kept, self._invalid, self._context = ByObjects(), ByObjects(), context
        self._kept.next_build()
        self._invalid.next_build()
        return self

    def get(self, post: Post, text: str | None, make: Callable[[Post], str]) -> str:
        return self._kept.get((post, text), lambda: make(post))

    def invalid(self, post: Post, text: str, names: Mapping[str, str]) -> bool:
        """`has_invalid_text`, kept (the authors' names are the site's: in the context)."""
        return self._invalid.get((post, text), lambda: has_invalid_text(post, text, names))


class _ItemKeys:
    """Each post's feed item, as a digest, made once however many feeds carry it."""

    def __init__(self, writer: Writer, kept: ItemDigests, content: Mapping[str, str]) -> None:
        self.writer = writer
        self.kept = kept
        self.content = content
        self.found: dict[str, str] = {}

    def __call__(self, channel: Channel) -> list[str]:
        if channel.ready or channel.kind != "posts":
            return [stable(item) for item in self.writer.items(channel)]
        keys = []
        for post in channel.posts:
            key = self.found.get(post.source)
            if key is None:
                key = self.found[post.source] = self.kept.get(
                    post, self.content.get(post.source), self._digest
                )
            keys.append(key)
        return keys

    def _digest(self, post: Post) -> str:
        # An item holds only text, numbers, dates and tuples of them: its repr says all.
        return digest([repr(self.writer.item(post))])


def _key(job: Job, items: _ItemKeys, published: Index, context: str) -> str | None:
    """A digest of everything the file is made from beyond `context`; None for files not
    kept (OPML and the stylesheet cost nothing to make)."""
    channel = job.channel
    if channel is not None:
        about = [channel.path, channel.title, channel.description, channel.page, channel.label]
        parts = [context, str(job.extension), str(channel.lang), channel.kind, *about]
        return digest([*parts, *items(channel)])
    if job.path == POSTS_JSON:
        return digest(
            [
                context,
                POSTS_JSON,
                *(
                    repr([p.id, p.source, p.url, p.title, p.date, p.updated, p.type, p.principles])
                    + repr([p.tags, p.authors, p.summary, p.lang])
                    for p in published.posts
                ),
            ]
        )
    return None
