"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the blog and for each principle, type,
author, tag and language: built with feedgen and json, never by joining strings."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from lxml import etree

from intheopen import __version__, catalogue
from intheopen.display import LANGUAGE_NAMES
from intheopen.feedcontent import strip_invalid
from intheopen.indexes import Index
from intheopen.model import Post
from intheopen.urls import absolute, relative
from intheopen.views import Site, author_path, principle_path, tag_path, type_path

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
STYLESHEET = "feed.xsl"


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


@dataclass(frozen=True)
class Channel:
    """One feed (in three formats) at `path` + feed.xml/.atom/.json, for the page at `page`."""

    path: str
    title: str
    description: str
    page: str
    posts: tuple[Post, ...]
    lang: str | None = None
    label: str = ""

    def url(self, extension: str) -> str:
        return f"{self.path}feed.{extension}"


def channels(index: Index, site: Site, settings: Settings) -> list[Channel]:
    """Every feed of the site: all posts, then each principle, type, author, tag and language."""

    def channel(
        path: str, label: str, description: str, posts: tuple[Post, ...], lang: str | None = None
    ) -> Channel:
        title = f"{site.name}: {label}" if path else site.name
        page = "" if path.startswith("languages/") else path
        return Channel(path, title, description, page, posts[: settings.items], lang, label)

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


def newest(posts: tuple[Post, ...], fallback: datetime) -> datetime:
    """When a feed last changed: its newest item's date, never the build clock."""
    return max((p.updated or p.date for p in posts), default=fallback)


class Writer:
    """Writes a channel in each format. `content` holds each post's feed-ready HTML."""

    def __init__(
        self, site: Site, settings: Settings, content: Mapping[str, str], fallback: datetime
    ) -> None:
        self.site = site
        self.settings = settings
        self.content = content
        self.fallback = fallback

    def rights(self) -> str:
        return f"© {self.site.council}. Available under the {self.settings.licence}."

    def _generator(self, channel: Channel, extension: str) -> FeedGenerator:
        site, settings = self.site, self.settings
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
        changed = newest(channel.posts, self.fallback)
        feed.updated(changed)
        feed.lastBuildDate(changed)
        for post in channel.posts:
            self._entry(feed, post, rss=extension == "xml")
        return feed

    def _entry(self, feed: FeedGenerator, post: Post, rss: bool) -> None:
        site = self.site
        entry = feed.add_entry(order="append")
        entry.id(item_id(post, site))
        entry.title(_text(post.title))
        entry.link(href=absolute(site.url, site.urls.page(post.url)), rel="alternate")
        entry.published(post.date)
        entry.updated(post.updated or post.date)
        if self.settings.full_content and post.source in self.content:
            entry.content(_text(self.content[post.source]), type="html")
        entry.summary(_text(post.summary))
        for author_id in post.authors:
            name = _text(_name(site, author_id))
            entry.author(
                {"name": name, "uri": absolute(site.url, site.urls.page(author_path(author_id)))}
            )
            if rss:  # RSS names authors in dc:creator; Atom has its own author element
                entry.dc.dc_creator(name)
        entry.category(
            [{"term": p, "scheme": PRINCIPLE_SCHEME} for p in post.principles]
            + [{"term": post.type, "scheme": TYPE_SCHEME}]
            + [{"term": _text(tag)} for tag in post.tags]
        )

    def rss(self, channel: Channel) -> bytes:
        feed = self._generator(channel, "xml")
        return _styled(feed.rss_str(pretty=True), relative(STYLESHEET, channel.path))

    def atom(self, channel: Channel) -> bytes:
        feed = self._generator(channel, "atom")
        return _styled(feed.atom_str(pretty=True), relative(STYLESHEET, channel.path))

    def json(self, channel: Channel) -> bytes:
        site, settings = self.site, self.settings
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
                "updated": newest(channel.posts, self.fallback).isoformat(),
            },
            "items": [self._json_item(post) for post in channel.posts],
        }
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def _json_item(self, post: Post) -> dict[str, object]:
        site = self.site
        item: dict[str, object] = {
            "id": item_id(post, site),
            "url": absolute(site.url, site.urls.page(post.url)),
            "title": _text(post.title),
        }
        if self.settings.full_content and post.source in self.content:
            item["content_html"] = _text(self.content[post.source])
        else:
            item["content_text"] = _text(post.summary)
        item.update(
            summary=_text(post.summary),
            date_published=post.date.isoformat(),
            date_modified=(post.updated or post.date).isoformat(),
            authors=[
                {
                    "name": _text(_name(site, a)),
                    "url": absolute(site.url, site.urls.page(author_path(a))),
                }
                for a in post.authors
            ],
            tags=[*post.principles, *(_text(t) for t in post.tags)],
            language=post.lang,
            _intheopen={
                "type": post.type,
                "principles": list(post.principles),
                "tags": [_text(t) for t in post.tags],
            },
        )
        return item


def _text(text: str) -> str:
    return strip_invalid(text)[0]


def has_invalid_text(post: Post, html: str, authors: Mapping[str, str]) -> bool:
    """Whether anything of `post` that feeds carry holds XML-invalid characters."""
    texts = [post.title, post.summary, html, *post.tags, *(authors.get(a, a) for a in post.authors)]
    return any(strip_invalid(text)[1] for text in texts)


def _name(site: Site, author_id: str) -> str:
    known = site.authors.get(author_id)
    return known.name if known else author_id


def _styled(xml: bytes, stylesheet: str) -> bytes:
    """The feed with an xml-stylesheet instruction, so a browser shows a page for people."""
    root = etree.fromstring(xml)
    instruction = etree.ProcessingInstruction(
        "xml-stylesheet", f'type="text/xsl" href="{stylesheet}"'
    )
    root.addprevious(instruction)
    tree = root.getroottree()
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))
