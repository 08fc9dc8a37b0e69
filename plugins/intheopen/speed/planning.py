"""For a process that plans the same blog again and again (`mkdocs serve`): a post's page
is taken from the last plan when nothing it is made from has changed.

A post page shows the post and, around it, other posts' cards (newer and older, related,
the plan it follows, its translations): their titles, dates, types, authors, summaries and
whether they are scheduled, never their text. So when every post is as it was but for the
text of some (the usual save while previewing), and everything else the plan is given is
the same, every other post's page is the same too: only the edited posts' pages are made
again. Anything else changed (a title, a date, a tag, a post added, removed or moved, the
settings, the day, a post coming out of schedule) plans the whole blog again. The pages
that list posts (listings, and the reports of actions, plans and progress) show cards and
what posts' front matter says, never their text, and the posts are listed in the same
places and order (their dates, tags, types, authors and schedules are as they were): they
are the last plan's own too. The index, the feeds and the few other pages are made again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from intheopen.content.collection import Blog
from intheopen.content.model import Post
from intheopen.content.siterules import Pause
from intheopen.feeds.writer import Settings
from intheopen.site.compliance import Statement
from intheopen.site.indexes import is_scheduled
from intheopen.site.pages import Page, Plan, plan
from intheopen.site.views import Site


@dataclass(frozen=True)
class _Last:
    blog: Blog
    site: Site
    rest: tuple[Any, ...]  # settings, preview, statement, pause
    plan: Plan


class Replanner:
    """`plan`, taking from the last plan every post page that would be made the same."""

    def __init__(self) -> None:
        self._last: _Last | None = None
        self.reused = 0  # post pages taken from the last plan, for the build's report

    def __call__(
        self,
        blog: Blog,
        site: Site,
        settings: Settings,
        preview: bool = False,
        statement: Statement | None = None,
        pause: Pause | None = None,
    ) -> Plan:
        rest = (settings, preview, statement, pause)
        last, self._last = self._last, None  # a plan that fails leaves nothing to trust
        made = _unchanged(last, blog, site, rest) if last is not None else None
        kept = last.plan if made is not None and last is not None else None
        planned = plan(
            blog,
            site,
            settings,
            preview,
            statement,
            pause,
            made=made,
            cards=kept.cards if kept else None,
            lists=kept.lists if kept else None,
        )
        if made is not None and last is not None:
            planned = _as_before(planned, last.plan)
        self._last = _Last(blog, site, rest, planned)
        self.reused = len(made or {})
        return planned


def _unchanged(
    last: _Last, blog: Blog, site: Site, rest: tuple[Any, ...]
) -> dict[str, Page] | None:
    """The last plan's post pages that this plan would make the same, or None unless every
    post is as it was but for its text (and then every card is the same, too)."""
    if rest != last.rest or blog.links != last.blog.links or blog.authors != last.blog.authors:
        return None
    if (
        site.now.date() != last.site.now.date()
        or dataclasses.replace(site, now=last.site.now) != last.site
    ):
        return None
    if len(blog.posts) != len(last.blog.posts):
        return None
    edited = set()
    for before, after in zip(last.blog.posts, blog.posts, strict=True):
        if is_scheduled(before, last.site.now) != is_scheduled(after, site.now):
            return None
        if before is after or before == after:
            continue
        if not _text_only(before, after):
            return None
        edited.add(after.source)
    return {
        page.post.source: page
        for page in last.plan.pages
        if page.post is not None and page.post.source not in edited
    }


def _as_before(planned: Plan, last: Plan) -> Plan:
    """`planned`, with each page equal to the last plan's page at its path replaced by that
    page: the same object, whose data `serve` then does not digest again (the subscribe,
    accessibility and cookies pages, made again each time)."""
    before = {page.path: page for page in last.pages}
    pages = [
        old if (old := before.get(page.path)) is not None and (old is page or old == page) else page
        for page in planned.pages
    ]
    return dataclasses.replace(planned, pages=pages)


def _text_only(before: Post, after: Post) -> bool:
    """True if the two differ only in their text (and the line it starts on)."""
    return dataclasses.replace(before, body=after.body, body_line=after.body_line) == after
