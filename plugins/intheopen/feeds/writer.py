"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the blog and for each principle, type,
author, tag and language: built with feedgen and json, never by joining strings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from urllib.parse import urlsplit

import msgspec
from feedgen.feed import FeedGenerator

from intheopen import __version__
from intheopen.content import catalogue
from intheopen.content.model import Post
from intheopen.feeds.content import strip_invalid
from intheopen.site.incidents import OPEN, STATUS_LABELS, open_actions
from intheopen.site.indexes import Index
from intheopen.site.urls import absolute
from intheopen.site.views import Site, author_path, principle_path, tag_path, type_path
from intheopen.site.wording import LANGUAGE_NAMES, long_date
from intheopen.text import slugify

PRINCIPLE_SCHEME = "https://www.localdigital.gov.uk/declaration/"
TYPE_SCHEME = "urn:intheopen:post-type"
OGL = (
    "Open Government Licence v3.0",
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
)
FORMATS = {"xml": "RSS", "atom": "Atom", "json": "JSON Feed"}
MEDIA_TYPES = {
    "xml": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


@dataclass(frozen=True)
class Settings:
    """What every feed says about the council and its content."""

    description: str
    language: str = "en"
    council_id: str | None = None
    licence: str = OGL[0]
    licence_url: str = OGL[1]
    items: int = 50
    full_content: bool = True


@dataclass(frozen=True, kw_only=True)
class Channel:
    """One feed (in three formats) at `path` + feed.xml/.atom/.json, for the page at `page`."""

    path: str
    title: str
    description: str
    page: str
    posts: tuple[Post, ...]
    lang: str | None = None
    label: str = ""
    kind: str = "posts"  # or "actions": one item for each open action of these posts
    ready: tuple[Item, ...] = ()  # items made elsewhere (the aggregator's), used as they are

    def url(self, extension: str) -> str:
        return f"{self.path}feed.{extension}"


def channels(index: Index, site: Site, settings: Settings) -> list[Channel]:
    """Every feed of the site: all posts, then each principle, type, author, tag and language."""

    def channel(
        path: str, label: str, description: str, posts: tuple[Post, ...], lang: str | None = None
    ) -> Channel:
        title = f"{site.name}: {label}" if path else site.name
        page = "" if path.startswith("languages/") else path
        return Channel(
            path=path,
            title=title,
            description=description,
            page=page,
            posts=posts[: settings.items],
            lang=lang,
            label=label,
        )

    found = [channel("", "Every post", settings.description, index.posts)]
    for p in catalogue.principles():
        posts = index.by_principle.get(p.slug, ())
        found.append(channel(principle_path(p.slug), p.title, p.text, posts))
    for t in catalogue.post_types():
        posts = index.by_type.get(t.slug, ())
        found.append(channel(type_path(t.slug), t.plural, t.description, posts))
    for author_id, person in site.authors.items():
        about = f"Posts by {person.name}, {person.role}."
        posts = index.by_author.get(author_id, ())
        found.append(channel(author_path(author_id), person.name, about, posts))
    for slug, name in index.tag_names.items():
        label = f"Posts tagged ‘{name}’"
        found.append(channel(tag_path(name), label, f"Posts tagged ‘{name}’.", index.by_tag[slug]))
    reports = tuple(p for p in index.by_type.get("incident-report", ()) if _has_open(p))
    found.append(
        Channel(
            path="actions/",
            title=f"{site.name}: open actions",
            description="Every action still open from our "
            "incident reports: what we said we would do, who owns it and when it is due.",
            page="actions/",
            posts=reports,
            label="Open actions from incident reports",
            kind="actions",
        )
    )
    languages = sorted({p.lang for p in index.posts})
    for lang in languages if len(languages) > 1 else ():
        name = LANGUAGE_NAMES.get(lang, lang)
        posts = tuple(p for p in index.posts if p.lang == lang)
        found.append(channel(f"languages/{lang}/", name, f"Posts in {name}.", posts, lang))
    return found


def item_id(post: Post, site: Site) -> str:
    """A post's permanent id: its own `id` if it has one, else a tag: URI from the site's host,
    the date it was first published and its file's path, so a new title or slug keeps it."""
    if post.id:
        return post.id
    host = urlsplit(site.url).hostname or "localhost"
    return f"tag:{host},{post.date:%Y-%m-%d}:posts/{post.source.removesuffix('.md')}"


@dataclass(frozen=True)
class Item:
    """One feed item, whatever the format: a post, or an open action."""

    id: str
    url: str
    title: str
    summary: str
    content: str | None
    published: datetime
    updated: datetime
    authors: tuple[tuple[str, str], ...]
    categories: tuple[tuple[str, str | None], ...]
    lang: str
    extension: Mapping[str, object]


def newest(posts: Iterable[Post], fallback: datetime) -> datetime:
    """When a feed last changed: its newest item's date, never the build clock."""
    return max((p.updated or p.date for p in posts), default=fallback)


def distinct(times: tuple[datetime, ...]) -> list[datetime]:
    """`times` (a feed's items', newest first) with no two the same: Atom readers tell
    entries' versions apart by `<updated>`, and posts of one day share midnight. From the
    oldest up, a time already taken moves a second later, so the order stays as listed."""
    taken: set[datetime] = set()
    made: list[datetime] = []
    for time in reversed(times):
        while time in taken:
            time += timedelta(seconds=1)
        taken.add(time)
        made.append(time)
    return made[::-1]


class Writer:
    """Writes a channel in each format. `content` holds each post's feed-ready HTML."""

    def __init__(
        self, site: Site, settings: Settings, content: Mapping[str, str], fallback: datetime
    ) -> None:
        self.site = site
        self.settings = settings
        self.content = content
        self.fallback = fallback
        self._items: dict[str, Item] = {}

    def rights(self) -> str:
        return f"© {self.site.council}. Available under the {self.settings.licence}."

    def items(self, channel: Channel) -> tuple[Item, ...]:
        if channel.ready:
            return channel.ready[: self.settings.items]
        if channel.kind == "actions":
            return tuple(islice(self._action_items(channel.posts), self.settings.items))
        return tuple(self.item(post) for post in channel.posts)

    def item(self, post: Post) -> Item:
        """A post as a feed item; made once, however many feeds carry it."""
        if post.source not in self._items:
            site = self.site
            content = self.content.get(post.source) if self.settings.full_content else None
            self._items[post.source] = Item(
                id=item_id(post, site),
                url=absolute(site.url, site.urls.page(post.url)),
                title=_text(post.title),
                summary=_text(post.summary),
                content=_text(content) if content is not None else None,
                published=post.date,
                updated=post.updated or post.date,
                authors=self._authors(post),
                categories=(
                    *((p, PRINCIPLE_SCHEME) for p in post.principles),
                    (post.type, TYPE_SCHEME),
                    *((_text(tag), None) for tag in post.tags),
                ),
                lang=post.lang,
                extension={
                    "type": post.type,
                    "principles": list(post.principles),
                    "tags": [_text(t) for t in post.tags],
                },
            )
        return self._items[post.source]

    def _authors(self, post: Post) -> tuple[tuple[str, str], ...]:
        site = self.site
        return tuple(
            (_text(_name(site, a)), absolute(site.url, site.urls.page(author_path(a))))
            for a in post.authors
        )

    def _action_items(self, posts: tuple[Post, ...]) -> Iterator[Item]:
        site = self.site
        for open_action in open_actions(posts):
            post, incident, action = open_action.post, open_action.incident, open_action.action
            page = absolute(site.url, site.urls.page(post.url))
            due = long_date(action.due)
            what = slugify(action.action)[:60]
            yield Item(
                id=f"{item_id(post, site)}#{open_action.anchor}-action-{what}",
                url=f"{page}#{open_action.anchor}",
                title=_text(f"{action.action} (due {due})"),
                summary=_text(
                    f"{action.owner} is to do this by {due}, after the incident "
                    f"‘{incident.title}’. Status: {STATUS_LABELS[action.status].lower()}."
                ),
                content=None,
                published=post.date,
                updated=post.updated or post.date,
                authors=self._authors(post),
                categories=tuple((p, PRINCIPLE_SCHEME) for p in post.principles),
                lang=post.lang,
                extension={
                    "incident": incident.id or incident.title,
                    "owner": action.owner,
                    "due": action.due.isoformat(),
                    "status": action.status,
                    "type": action.type,
                },
            )

    def _generator(self, channel: Channel, extension: str) -> FeedGenerator:
        site, settings = self.site, self.settings
        items = self.items(channel)
        feed = FeedGenerator()
        feed.load_extension("dc")
        feed.id(absolute(site.url, channel.url(extension)))
        feed.title(channel.title)
        feed.description(channel.description)
        # feedgen gives RSS the last link added: the alternate (the page) must come last.
        feed.link(href=absolute(site.url, channel.url(extension)), rel="self")
        feed.link(href=settings.licence_url, rel="license")
        feed.link(href=absolute(site.url, site.urls.page(channel.page)), rel="alternate")
        feed.language(channel.lang or settings.language)
        feed.author({"name": site.council, **({"uri": site.url} if site.url else {})})
        feed.rights(self.rights())
        feed.copyright(self.rights())
        feed.dc.dc_publisher(site.council)
        if settings.council_id:
            feed.dc.dc_identifier(settings.council_id)
        feed.generator("In the Open", __version__)
        updates = distinct(tuple(i.updated for i in items))
        changed = max(updates, default=self.fallback)
        feed.updated(changed)
        feed.lastBuildDate(changed)
        for item, updated in zip(items, updates, strict=True):
            self._entry(feed, item, updated, rss=extension == "xml")
        return feed

    @staticmethod
    def _entry(feed: FeedGenerator, item: Item, updated: datetime, rss: bool) -> None:
        entry = feed.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate")
        entry.published(item.published)
        entry.updated(updated)
        if item.content is not None:
            entry.content(item.content, type="html")
        entry.summary(item.summary)
        for name, url in item.authors:
            entry.author({"name": name, "uri": url} if url else {"name": name})
            if rss:  # RSS names authors in dc:creator; Atom has its own author element
                entry.dc.dc_creator(name)
        entry.category(
            [
                {"term": term, "scheme": scheme} if scheme else {"term": term}
                for term, scheme in item.categories
            ]
        )

    def rss(self, channel: Channel) -> bytes:
        feed = self._generator(channel, "xml")
        return bytes(feed.rss_str(pretty=True))

    def atom(self, channel: Channel) -> bytes:
        feed = self._generator(channel, "atom")
        return bytes(feed.atom_str(pretty=True))

    def json(self, channel: Channel) -> bytes:
        site, settings = self.site, self.settings
        items = self.items(channel)
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": channel.title,
            "home_page_url": absolute(site.url, site.urls.page(channel.page)),
            "feed_url": absolute(site.url, channel.url("json")),
            "description": channel.description,
            "language": channel.lang or settings.language,
            "authors": [{"name": site.council, "url": site.url}],
            "_intheopen": {
                "about": "https://www.localdigital.gov.uk/declaration/",
                "council": site.council,
                "council_id": settings.council_id,
                "licence": settings.licence,
                "licence_url": settings.licence_url,
                "updated": max((i.updated for i in items), default=self.fallback).isoformat(),
            },
            "items": [_json_item(item) for item in items],
        }
        return pretty_json(document)


_ENCODE = msgspec.json.Encoder().encode


def pretty_json(document: object) -> bytes:
    """`json.dumps(document, ensure_ascii=False, indent=2)` and a newline, in UTF-8, made
    by msgspec (five times as fast as `json`'s indenting encoder, written in Python). The
    same bytes for what feeds hold: text, whole numbers, true, false, null, lists and
    mappings with text keys (a float would be written in msgspec's way, so none is put in a
    feed)."""
    return msgspec.json.format(_ENCODE(document), indent=2) + b"\n"


def _json_item(item: Item) -> dict[str, object]:
    document: dict[str, object] = {"id": item.id, "url": item.url, "title": item.title}
    if item.content is not None:
        document["content_html"] = item.content
    else:
        document["content_text"] = item.summary
    document.update(
        summary=item.summary,
        date_published=item.published.isoformat(),
        date_modified=item.updated.isoformat(),
        authors=[
            {"name": name, "url": url} if url else {"name": name} for name, url in item.authors
        ],
        tags=[term for term, _ in item.categories if _ != TYPE_SCHEME],
        language=item.lang,
        _intheopen=dict(item.extension),
    )
    return document


def _has_open(post: Post) -> bool:
    return any(a.status in OPEN for i in post.incidents for a in i.actions)


def _text(text: str) -> str:
    return strip_invalid(text)[0]


def has_invalid_text(post: Post, html: str, authors: Mapping[str, str]) -> bool:
    """Whether anything of `post` that feeds carry holds XML-invalid characters."""
    texts = [post.title, post.summary, html, *post.tags, *(authors.get(a, a) for a in post.authors)]
    return any(strip_invalid(text)[1] for text in texts)


def _name(site: Site, author_id: str) -> str:
    known = site.authors.get(author_id)
    return known.name if known else author_id
