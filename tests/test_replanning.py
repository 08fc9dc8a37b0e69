"""While serving, the plan is made again from the last one (speed/planning.py): after any
sequence of changes it must be exactly the plan made from nothing, and when only posts'
text changed, every other post's page is the last plan's own."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from intheopen.content.collection import Blog, load_blog
from intheopen.content.model import Post
from intheopen.content.references import Links
from intheopen.content.siterules import Pause
from intheopen.feeds.writer import Settings
from intheopen.site.pages import plan
from intheopen.site.urls import Urls
from intheopen.site.views import Site
from intheopen.speed.planning import Replanner


def with_posts(blog: Blog, posts: list[Post]) -> Blog:
    ordered = tuple(sorted(posts, key=lambda p: (p.date, p.source), reverse=True))
    links = {p.source: blog.links.get(p.source, Links()) for p in ordered}
    return dataclasses.replace(blog, posts=ordered, links=links)


EXAMPLE = load_blog(ROOT / "posts", ROOT / "authors.yml", ROOT)
LATEST = max(post.date for post in EXAMPLE.posts)
NOON = (LATEST + timedelta(days=1)).replace(hour=12, minute=0)
SCHEDULED = dataclasses.replace(EXAMPLE.posts[0], source="noon.md", slug="noon", date=NOON)
BLOG = with_posts(EXAMPLE, [*EXAMPLE.posts, SCHEDULED])  # out at noon, the day planned
SITE = Site(
    name="Example Council digital blog",
    url="https://blog.example-council.gov.uk/",
    council="Example Council",
    urls=Urls(),
    now=NOON - timedelta(hours=1),
    authors=BLOG.authors,
)
SETTINGS = Settings(description="Working in the open at Example Council")


def change(blog: Blog, site: Site, kind: str, at: int) -> tuple[Blog, Site, bool]:
    """`blog` and `site` changed one way, and whether the plan is made as a preview."""
    posts = list(blog.posts)
    post = posts[at % len(posts)]
    changed = post
    if kind == "text":
        changed = dataclasses.replace(post, body=post.body + "\n\nOne more sentence.\n")
    elif kind == "text and line":
        changed = dataclasses.replace(post, body="New first line.\n" + post.body, body_line=9)
    elif kind == "title":
        changed = dataclasses.replace(post, title=post.title + " (updated)")
    elif kind == "summary":
        changed = dataclasses.replace(post, summary="A new summary.")
    elif kind == "date":
        changed = dataclasses.replace(post, date=post.date - timedelta(days=40))
    elif kind == "tags":
        changed = dataclasses.replace(post, tags=(*post.tags, "New tag"))
    elif kind == "draft":
        changed = dataclasses.replace(
            post, status="draft" if post.status != "draft" else "published"
        )
    elif kind == "removed" and len(posts) > 3:
        posts.remove(post)
        return with_posts(blog, posts), site, False
    elif kind == "added":  # a new file: its own source (a path), never one taken
        copy = dataclasses.replace(post, source=f"copy-{at}.md", slug=f"copy-{at}")
        if all(p.source != copy.source for p in posts):
            posts.append(copy)
        return with_posts(blog, posts), site, False
    elif kind == "later":  # the clock passes a scheduled post, the same day
        return blog, dataclasses.replace(site, now=site.now + timedelta(hours=2)), False
    elif kind == "related count":
        return blog, dataclasses.replace(site, related_count=site.related_count % 3 + 1), False
    elif kind == "next week":
        return blog, dataclasses.replace(site, now=site.now + timedelta(days=7)), False
    elif kind == "preview":
        return blog, site, True
    posts[posts.index(post)] = changed
    return with_posts(blog, posts), site, False


KINDS = ["text", "text and line", "title", "summary", "date", "tags", "draft", "removed"]
KINDS += ["added", "later", "next week", "related count", "preview"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 200)), max_size=6))
def test_a_plan_made_again_is_the_plan_made_from_nothing(
    changes: list[tuple[str, int]],
) -> None:
    replan = Replanner()
    blog, site = BLOG, SITE
    pause = Pause(
        start=LATEST.date() - timedelta(days=400), end=LATEST.date() - timedelta(days=380)
    )
    assert replan(blog, site, SETTINGS, False, None, pause) == plan(
        blog, site, SETTINGS, False, None, pause
    )
    for kind, at in changes:
        blog, site, preview = change(blog, site, kind, at)
        again = replan(blog, site, SETTINGS, preview, None, pause)
        assert again == plan(blog, site, SETTINGS, preview, None, pause), kind


def test_only_the_edited_posts_page_is_made_again() -> None:
    replan = Replanner()
    first = replan(BLOG, SITE, SETTINGS)
    edited, _, _ = change(BLOG, SITE, "text", 4)
    source = BLOG.posts[4].source
    again = replan(edited, SITE, SETTINGS)

    assert again == plan(edited, SITE, SETTINGS)
    before = {page.path: page for page in first.pages}
    for page in again.pages:
        if page.post is not None and page.post.source == source:
            assert page is not before[page.path]
            assert page.post.body.endswith("One more sentence.\n")
        else:  # other posts and every listing: the same object, so nothing pickled again
            assert page is before[page.path]
    assert replan.reused == len([page for page in before.values() if page.post]) - 1
    assert len(again.lists) == len(first.lists) > 0
    assert all(now is then for now, then in zip(again.lists, first.lists, strict=True))

    titled, _, _ = change(edited, SITE, "title", 4)
    replan(titled, SITE, SETTINGS)
    assert replan.reused == 0  # a title is on other pages: everything is planned again
