"""Every page the blog adds to a site: posts and listings, with what their templates show."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from intheopen.content import catalogue
from intheopen.content.collection import Blog
from intheopen.content.model import Post
from intheopen.content.siterules import Pause
from intheopen.feeds.files import OPML, POSTS_JSON, group_of
from intheopen.feeds.writer import FORMATS, Channel, Settings, channels
from intheopen.site.compliance import (
    ACCESSIBILITY,
    COOKIES,
    Statement,
    cookies_view,
    statement_view,
)
from intheopen.site.indexes import Index, build_index, visible
from intheopen.site.leaders import ACTIONS, PLANS, PROGRESS, actions_view, plans_view, progress_view
from intheopen.site.metadata import json_ld, open_graph
from intheopen.site.pagination import page_links, paginate
from intheopen.site.urls import absolute
from intheopen.site.views import (
    Cards,
    Site,
    View,
    author,
    author_path,
    post_view,
    principle,
    principle_path,
    tag_path,
    type_path,
    year_path,
)
from intheopen.site.wording import LANGUAGE_NAMES

POST_TEMPLATE = "intheopen/post.html"
LISTING_TEMPLATE = "intheopen/listing.html"
GROUPS_TEMPLATE = "intheopen/groups.html"
SUBSCRIBE_TEMPLATE = "intheopen/subscribe.html"
HOME = "posts/"
SUBSCRIBE = "subscribe/"


@dataclass(frozen=True)
class Page:
    """One generated page. `path` is its directory-style path from the site root."""

    path: str
    title: str
    template: str
    view: View
    description: str | None = None
    searchable: bool = True
    post: Post | None = None
    lang: str = "en"
    feed: str | None = None


@dataclass(frozen=True)
class Plan:
    """The pages, the index they list (drafts too in previews), the published posts'
    index (what feeds carry), the feeds, the posts' cards the pages show, by source, and
    the pages that list posts (listings and reports), among `pages`."""

    site: Site
    pages: list[Page]
    index: Index
    published: Index
    channels: list[Channel]
    cards: Mapping[str, View] = field(default_factory=dict)
    lists: Sequence[Page] = ()


def plan(
    blog: Blog,
    site: Site,
    settings: Settings,
    preview: bool = False,
    statement: Statement | None = None,
    pause: Pause | None = None,
    made: Mapping[str, Page] | None = None,
    cards: Mapping[str, View] | None = None,
    lists: Sequence[Page] | None = None,
) -> Plan:
    """The pages for `blog`: only what readers may see, unless `preview` (drafts and
    scheduled posts too, marked as such). `made` holds pages already made for some posts,
    `cards` some posts' cards, by source, and `lists` the pages that list posts (listings
    and reports), exactly as this plan would make them: they are taken as they are."""
    made = made or {}
    today = site.now.date()
    authors = dict(site.authors)
    posts = tuple(p for p in blog.posts if not (pause and pause.holds(p, authors, today)))
    published = build_index(visible(posts, site.now))
    shown = visible(blog.posts if preview else posts, site.now, hidden_too=preview)
    index = build_index(shown) if preview else published
    by_source = {p.source: p for p in blog.posts}
    followers: dict[str, list[Post]] = defaultdict(list)
    for post in reversed(shown):  # oldest first: a plan lists what follows it in date order
        plan_source = blog.links[post.source].follows
        if plan_source is not None:
            followers[plan_source].append(post)
    shown_cards = Cards(site, cards)
    pages = [
        made.get(post.source)
        or _post_page(
            post, site, index, blog, by_source, tuple(followers[post.source]), shown_cards
        )
        for post in shown
    ]
    if lists is None:
        lists = [*_listings(index, site, shown_cards), *_reports(index, site, blog)]
    pages += lists
    found = channels(published, site, settings)
    pages.append(_subscribe(found, site))
    if statement is not None:
        pages.append(
            Page(
                path=ACCESSIBILITY,
                title="Accessibility statement",
                template="intheopen/accessibility.html",
                view=statement_view(statement),
                description=f"How accessible {site.name} is, and how to tell us about problems.",
            )
        )
    pages.append(
        Page(
            path=COOKIES,
            title="Cookies",
            template="intheopen/cookies.html",
            view=cookies_view(site.name, site.kept),
            description=f"{site.name} does not use cookies.",
        )
    )
    return Plan(site, pages, index, published, found, shown_cards.made, tuple(lists))


def _reports(index: Index, site: Site, blog: Blog) -> list[Page]:
    return [
        Page(
            path=ACTIONS,
            title="Open actions",
            template="intheopen/actions.html",
            view=actions_view(index, site),
            feed=ACTIONS,
            description="Every action still open from our incident reports.",
        ),
        Page(
            path=PLANS,
            title="Plans",
            template="intheopen/plans.html",
            view=plans_view(index, site, dict(blog.links)),
            description="Every plan we have published, and where each one is.",
        ),
        Page(
            path=PROGRESS,
            title="Progress",
            template="intheopen/progress.html",
            view=progress_view(index, site),
            description="What we write about, our incidents and our actions, in pictures.",
        ),
    ]


def _subscribe(found: list[Channel], site: Site) -> Page:
    groups: dict[str, list[View]] = {}
    for channel in found:
        groups.setdefault(group_of(channel), []).append(
            {
                "title": channel.label,
                "page": site.urls.page(channel.page),
                "formats": [
                    {
                        "name": name,
                        "extension": extension,
                        "url": absolute(site.url, channel.url(extension)),
                    }
                    for extension, name in FORMATS.items()
                ],
            }
        )
    view = {
        "kind": "subscribe",
        "heading": "Subscribe",
        "groups": [{"title": title, "feeds": feeds} for title, feeds in groups.items()],
        "opml": absolute(site.url, OPML),
        "posts_json": absolute(site.url, POSTS_JSON),
    }
    return Page(
        path=SUBSCRIBE,
        title="Subscribe",
        template=SUBSCRIBE_TEMPLATE,
        view=view,
        description=f"Follow {site.name} in a feed reader.",
    )


def _post_page(
    post: Post,
    site: Site,
    index: Index,
    blog: Blog,
    by_source: dict[str, Post],
    followers: tuple[Post, ...],
    cards: Cards,
) -> Page:
    links = blog.links[post.source]
    view = post_view(post, site, index, links, by_source, followers, cards)
    view["json_ld"] = json_ld(post, site)
    view["open_graph"] = open_graph(post, site)
    if view["translations"]:
        here = {
            "lang": post.lang,
            "language": LANGUAGE_NAMES.get(post.lang, post.lang),
            "url": site.urls.page(post.url),
        }
        view["alternates"] = [
            {"lang": t["lang"], "href": absolute(site.url, t["url"])}
            for t in [here, *view["translations"]]
        ]
    else:
        view["alternates"] = []
    return Page(
        path=post.url,
        title=post.title,
        template=POST_TEMPLATE,
        view=view,
        description=post.summary,
        post=post,
        lang=post.lang,
    )


def _listings(index: Index, site: Site, cards: Cards) -> Iterator[Page]:
    yield from _paginated(HOME, "Latest posts", None, index.posts, site, cards)

    yield _groups(
        "principles/",
        "Local Digital Declaration principles",
        "The five principles of the Local Digital Declaration, and what we have "
        "written about each.",
        [
            {**principle(p.slug, site), "count": len(index.by_principle.get(p.slug, ()))}
            for p in catalogue.principles()
        ],
    )
    for p in catalogue.principles():
        yield from _paginated(
            principle_path(p.slug),
            p.title,
            p.text,
            index.by_principle.get(p.slug, ()),
            site,
            cards,
            extra={"kicker": f"Local Digital Declaration principle {p.number}"},
            has_feed=True,
        )

    yield _groups(
        "types/",
        "Types of post",
        None,
        [
            {
                "title": t.plural,
                "text": t.description,
                "url": site.urls.page(type_path(t.slug)),
                "count": len(index.by_type.get(t.slug, ())),
            }
            for t in catalogue.post_types()
        ],
    )
    for t in catalogue.post_types():
        yield from _paginated(
            type_path(t.slug),
            t.plural,
            t.description,
            index.by_type.get(t.slug, ()),
            site,
            cards,
            has_feed=True,
        )

    yield _groups(
        "authors/",
        "Authors",
        None,
        [
            {
                "title": a["name"],
                "text": a["role"],
                "url": a["url"],
                "count": len(index.by_author.get(a["id"], ())),
            }
            for a in (author(i, site) for i in site.authors)
        ],
    )
    for author_id in site.authors:
        who = author(author_id, site)
        yield from _paginated(
            author_path(author_id),
            who["name"],
            who["role"],
            index.by_author.get(author_id, ()),
            site,
            cards,
            extra={"homepage": who["homepage"] or ""},
            has_feed=True,
        )

    years = sorted(index.by_year, reverse=True)
    yield _groups(
        "archive/",
        "Archive",
        None,
        [
            {
                "title": str(y),
                "text": None,
                "url": site.urls.page(year_path(y)),
                "count": len(index.by_year[y]),
            }
            for y in years
        ],
    )
    for year in years:
        yield from _paginated(
            year_path(year), f"Posts from {year}", None, index.by_year[year], site, cards
        )

    yield _groups(
        "tags/",
        "Tags",
        None,
        [
            {
                "title": name,
                "text": None,
                "url": site.urls.page(tag_path(name)),
                "count": len(index.by_tag[slug]),
            }
            for slug, name in index.tag_names.items()
        ],
    )
    for slug, name in index.tag_names.items():
        yield from _paginated(
            tag_path(name),
            f"Posts tagged ‘{name}’",
            None,
            index.by_tag[slug],
            site,
            cards,
            has_feed=True,
        )


def _groups(path: str, title: str, intro: str | None, groups: list[View]) -> Page:
    view = {"kind": "groups", "heading": title, "intro": intro, "groups": groups}
    return Page(path=path, title=title, template=GROUPS_TEMPLATE, view=view, description=intro)


def _paginated(
    base: str,
    title: str,
    intro: str | None,
    posts: Sequence[Post],
    site: Site,
    cards: Cards,
    extra: dict[str, str] | None = None,
    has_feed: bool = False,
) -> Iterator[Page]:
    for page in paginate(base, title, posts, site.per_page, site.urls):
        view = {
            "kind": "listing",
            "heading": page.heading,
            "intro": intro if page.number == 1 else None,
            "posts": [cards(p) for p in page.items],
            "pagination": page_links(base, page, site.urls) if page.total > 1 else None,
            **(extra or {}),
        }
        yield Page(
            path=page.path,
            title=page.heading,
            template=LISTING_TEMPLATE,
            view=view,
            description=intro,
            searchable=page.number == 1,
            feed=base if has_feed else None,
        )
