"""What the templates are given: plain dicts and lists, built once per build.

Every URL here is a path from the site root ('posts/2026/03/bins/'); templates
make it relative with MkDocs' `url` filter. Templates call no Python methods.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from intheopen.content import catalogue
from intheopen.content.model import Author, Post
from intheopen.content.references import Links
from intheopen.site.incidents import anchors, incident_view
from intheopen.site.indexes import Index, is_scheduled, neighbours, related, tag_slug
from intheopen.site.urls import Urls
from intheopen.site.wording import LANGUAGE_NAMES, dated

View = dict[str, Any]


@dataclass(frozen=True)
class Kept:
    """Something the site's pages keep in the reader's browser (never a cookie)."""

    name: str  # the end of the key; the theme puts the site's path before it
    storage: str  # 'Local storage' (kept) or 'Session storage' (gone when the tab closes)
    when: str
    what: str


@dataclass(frozen=True)
class Site:
    """What views need to know about the site being built."""

    name: str
    url: str
    council: str
    urls: Urls
    now: datetime
    authors: Mapping[str, Author]
    per_page: int = 10
    related_count: int = 3
    kept: tuple[Kept, ...] = ()  # what the theme keeps in the browser (the cookies page)


def principle_path(slug: str) -> str:
    return f"principles/{slug}/"


def type_path(slug: str) -> str:
    return f"types/{slug}/"


def author_path(author_id: str) -> str:
    return f"authors/{author_id}/"


def tag_path(tag: str) -> str:
    return f"tags/{tag_slug(tag)}/"


def year_path(year: int) -> str:
    return f"archive/{year}/"


def when(moment: datetime, lang: str = "en") -> View:
    return dated(moment, lang)


def card(post: Post, site: Site) -> View:
    """A post as listings show it: title, date, type, authors, summary."""
    post_type = catalogue.type_by_slug()[post.type]
    return {
        "title": post.title,
        "url": site.urls.page(post.url),
        "summary": post.summary,
        "lang": post.lang,
        "date": when(post.date, post.lang),
        "updated": when(post.updated, post.lang) if post.updated else None,
        "type": {
            "slug": post.type,
            "name": post_type.name,
            "url": site.urls.page(type_path(post.type)),
        },
        "authors": [author(a, site) for a in post.authors],
        "principles": [principle(p, site) for p in post.principles],
        "draft": post.is_draft,
        "scheduled": is_scheduled(post, site.now),
    }


class Cards:
    """Each post's card, made once however many listings and pages show it. A card is
    shared between them: copy it before changing it."""

    def __init__(self, site: Site, made: Mapping[str, View] | None = None) -> None:
        """`made`: cards already made for this site, by source, taken as they are."""
        self.site = site
        self.made: dict[str, View] = dict(made or {})

    def __call__(self, post: Post) -> View:
        found = self.made.get(post.source)
        if found is None:
            found = self.made[post.source] = card(post, self.site)
        return found


def author(author_id: str, site: Site) -> View:
    known = site.authors.get(author_id)
    return {
        "id": author_id,
        "name": known.name if known else author_id,
        "role": known.role if known else "",
        "url": site.urls.page(author_path(author_id)),
        "homepage": known.url if known else None,
    }


def principle(slug: str, site: Site) -> View:
    item = catalogue.principle_by_slug()[slug]
    return {
        "slug": slug,
        "number": item.number,
        "title": item.title,
        "text": item.text,
        "url": site.urls.page(principle_path(slug)),
    }


def post_view(
    post: Post,
    site: Site,
    index: Index,
    links: Links,
    posts: Mapping[str, Post],
    followed_by: tuple[Post, ...] = (),
    cards: Cards | None = None,
) -> View:
    """Everything a post page shows around its body. `posts` finds any post by its source;
    only visible ones (those in `index`) are ever linked to."""
    cards = cards or Cards(site)

    def seen(source: str | None) -> Post | None:
        return posts[source] if source is not None and source in index.position else None

    chosen = [p for s in links.related if (p := seen(s))]
    web = [{"title": s, "url": s, "external": True} for s in links.related if "://" in s]
    follows = seen(links.follows)
    series = index.by_type.get("weeknote", ()) if post.type == "weeknote" else None
    newer, older = neighbours(index, post, series)
    view = dict(cards(post))
    view.update(
        kind="post",
        tags=[{"name": t, "url": site.urls.page(tag_path(t))} for t in post.tags],
        reading_minutes=post.reading_minutes,
        newer=cards(newer) if newer else None,
        older=cards(older) if older else None,
        related=[cards(p) for p in related(index, post, chosen, site.related_count)],
        related_links=web,
        follows=cards(follows) if follows else None,
        followed_by=[cards(p) for p in followed_by],
        translations=[
            {
                "lang": p.lang,
                "language": LANGUAGE_NAMES.get(p.lang, p.lang),
                "title": p.title,
                "url": site.urls.page(p.url),
            }
            for s in links.translations
            if (p := seen(s))
        ],
        plan=_plan(post),
        incidents=[
            incident_view(incident, anchor, site.now.date(), post.lang)
            for incident, anchor in zip(post.incidents, anchors(post), strict=True)
        ],
        week=f"Week {post.date.isocalendar().week}, {post.date.isocalendar().year}"
        if post.type == "weeknote"
        else None,
    )
    return view


def _plan(post: Post) -> View | None:
    if post.plan is None:
        return None
    return {
        "state": post.plan.state,
        "horizon": post.plan.horizon,
        "review_by": when_day(post.plan.review_by, post.lang) if post.plan.review_by else None,
        "outcomes": list(post.plan.outcomes),
    }


def when_day(day: date, lang: str) -> View:
    return dated(day, lang)
