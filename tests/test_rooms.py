"""Each room tested on its own, on small inputs, with exact results: the page plan, the
pagination, the feed writer, the other files the blog writes, and the OPML writer. No
MkDocs here: these are the core's own pieces."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import feedparser
from lxml import etree

from intheopen.content.collection import Blog
from intheopen.content.model import Author, Post
from intheopen.content.references import Links
from intheopen.feeds.files import POSTS_JSON, write_all
from intheopen.feeds.opml import Group, Outline, opml
from intheopen.feeds.writer import Settings, Writer, channels
from intheopen.site.indexes import build_index
from intheopen.site.pages import plan
from intheopen.site.pagination import page_links, paginate, shown_numbers
from intheopen.site.urls import Urls
from intheopen.site.views import Site

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)
AUTHORS = {"sam": Author(id="sam", name="Sam Lee", role="Head of Digital")}


def post(source: str, title: str, day: int, kind: str = "update", **extra: object) -> Post:
    return Post(
        source=source,
        title=title,
        date=datetime(2026, 3, day, 9, tzinfo=UTC),
        type=kind,
        principles=("open-culture",),
        summary=f"About {title.lower()}.",
        authors=("sam",),
        body=f"{title} body.",
        slug=source.removesuffix(".md").rsplit("/", 1)[-1],
        **extra,  # type: ignore[arg-type]
    )


def site(per_page: int = 10) -> Site:
    return Site(
        name="Testtown blog",
        url="https://blog.testtown.example/",
        council="Testtown Council",
        urls=Urls(),
        now=NOW,
        authors=AUTHORS,
        per_page=per_page,
    )


def blog(*posts: Post) -> Blog:
    ordered = tuple(sorted(posts, key=lambda p: p.date, reverse=True))
    return Blog(ordered, AUTHORS, (), (), {p.source: Links() for p in posts})


def test_the_page_plan_of_a_small_blog() -> None:
    made = plan(
        blog(
            post("2026/bins.md", "Bins", 2),
            post("2026/later.md", "Later", 20),  # scheduled: after NOW
            post("2026/draft.md", "Draft", 3, status="draft"),
        ),
        site(),
        Settings(description="Testtown's digital blog."),
    )

    paths = [page.path for page in made.pages]
    assert paths == [
        "posts/2026/03/bins/",
        "posts/",
        "principles/",
        "principles/user-needs/",
        "principles/fix-our-plumbing/",
        "principles/safe-sharing/",
        "principles/digital-leadership/",
        "principles/open-culture/",
        "types/",
        "types/plan/",
        "types/lessons-learnt/",
        "types/incident-report/",
        "types/weeknote/",
        "types/update/",
        "authors/",
        "authors/sam/",
        "archive/",
        "archive/2026/",
        "tags/",
        "actions/",
        "plans/",
        "progress/",
        "subscribe/",
        "cookies/",
    ]
    home = made.pages[1]
    assert (home.title, home.template, home.feed) == (
        "Latest posts",
        "intheopen/listing.html",
        None,
    )
    assert [card["title"] for card in home.view["posts"]] == ["Bins"]
    assert home.view["pagination"] is None
    assert [c.path for c in made.channels][:3] == [
        "",
        "principles/user-needs/",
        "principles/fix-our-plumbing/",
    ]


def test_pagination_numbers_pages_and_links_neighbours() -> None:
    pages = paginate("tags/bins/", "Bins", list(range(25)), 10, Urls())

    assert [(p.path, p.heading, list(p.items)[:2], p.previous, p.next) for p in pages] == [
        ("tags/bins/", "Bins", [0, 1], None, "tags/bins/page/2/"),
        ("tags/bins/page/2/", "Bins (page 2 of 3)", [10, 11], "tags/bins/", "tags/bins/page/3/"),
        ("tags/bins/page/3/", "Bins (page 3 of 3)", [20, 21], "tags/bins/page/2/", None),
    ]
    (empty,) = paginate("tags/none/", "None", [], 10, Urls(directory_urls=False))
    assert (empty.path, empty.total, list(empty.items), empty.next) == ("tags/none/", 1, [], None)


def test_a_long_listing_links_to_the_pages_near_this_one_not_to_every_page() -> None:
    assert shown_numbers(1, 7) == [1, 2, 3, 4, 5, 6, 7]
    assert shown_numbers(1, 1000) == [1, 2, None, 1000]
    assert shown_numbers(500, 1000) == [1, None, 499, 500, 501, None, 1000]
    assert shown_numbers(3, 1000) == [1, 2, 3, 4, None, 1000]  # no gap for page 2 alone
    assert shown_numbers(4, 1000) == [1, 2, 3, 4, 5, None, 1000]
    assert shown_numbers(1000, 1000) == [1, None, 999, 1000]
    pages = paginate("posts/", "Posts", list(range(50_000)), 10, Urls())
    links = page_links("posts/", pages[2499], Urls())
    numbers = [item.get("number") for item in links["pages"]]
    assert numbers == [1, None, 2499, 2500, 2501, None, 5000]
    assert links["pages"][3] == {"number": 2500, "url": "posts/page/2500/", "current": True}


def test_the_feed_writer_on_one_post() -> None:
    one = post("2026/bins.md", "Bins & boxes", 2, tags=("Waste",))
    index = build_index((one,))
    (everything, *_) = channels(index, site(), Settings(description="All."))
    writer = Writer(site(), Settings(description="All."), {one.source: "<p>Bins.</p>"}, NOW)

    rss = feedparser.parse(writer.rss(everything))
    atom = feedparser.parse(writer.atom(everything))
    document = json.loads(writer.json(everything))

    for feed in (rss, atom):
        assert not feed.bozo
        (entry,) = feed.entries
        assert entry.title == "Bins & boxes"
        assert entry.link == "https://blog.testtown.example/posts/2026/03/bins/"
        assert entry.id == "tag:blog.testtown.example,2026-03-02:posts/2026/bins"
        assert entry.published_parsed[:5] == (2026, 3, 2, 9, 0)
    assert {t.term for t in rss.entries[0].tags} == {"open-culture", "update", "Waste"}
    (item,) = document["items"]
    assert (item["title"], item["content_html"], item["date_published"]) == (
        "Bins & boxes",
        "<p>Bins.</p>",
        "2026-03-02T09:00:00+00:00",
    )


def test_every_other_file_the_blog_writes() -> None:
    one = post("2026/bins.md", "Bins", 2)
    index = build_index((one,))
    found = channels(index, site(), Settings(description="All."))

    written, flagged = write_all(index, found, site(), Settings(description="All."), {}, None)

    assert flagged == []
    assert {"feed.xml", "feed.atom", "feed.json", "feeds.opml", "posts.json"} <= set(written)
    assert len(written) == 3 * len(found) + 2
    posts = json.loads(written[POSTS_JSON])["posts"]
    assert [(p["title"], p["url"]) for p in posts] == [
        ("Bins", "https://blog.testtown.example/posts/2026/03/bins/")
    ]


def test_the_opml_writer() -> None:
    data = opml(
        "Feeds",
        datetime(2026, 3, 2, 9, tzinfo=UTC),
        [
            Outline("Every post", "https://b.example/feed.xml", "https://b.example/"),
            Group("Principles", (Outline("Open culture", "https://b.example/o/feed.xml"),)),
        ],
        owner="Testtown Council",
    )

    root = etree.fromstring(data)
    assert root.findtext("head/title") == "Feeds"
    assert root.findtext("head/dateModified") == "Mon, 02 Mar 2026 09:00:00 +0000"
    assert root.findtext("head/ownerName") == "Testtown Council"
    outlines = [(o.get("text"), o.get("xmlUrl"), o.get("htmlUrl")) for o in root.iter("outline")]
    assert outlines == [
        ("Every post", "https://b.example/feed.xml", "https://b.example/"),
        ("Principles", None, None),
        ("Open culture", "https://b.example/o/feed.xml", None),
    ]
