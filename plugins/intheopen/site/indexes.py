"""Which posts readers see, and the indexes that listings and related posts are built from."""

from __future__ import annotations

import bisect
import functools
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from intheopen.content.model import Post
from intheopen.text import slugify

# How far along a principle's list of posts (by date) related posts are looked for: enough
# to find good matches, few enough that finding them stays linear in the number of posts.
_NEIGHBOURS = 12
_TAG_CANDIDATES = 40
_K = TypeVar("_K")


def is_scheduled(post: Post, now: datetime) -> bool:
    return post.date > now


def visible(posts: Iterable[Post], now: datetime, hidden_too: bool = False) -> tuple[Post, ...]:
    """The posts readers may see at `now`: no drafts, nothing scheduled for later
    (unless `hidden_too`, for previews). Order is kept."""
    return tuple(p for p in posts if hidden_too or not (p.is_draft or is_scheduled(p, now)))


@dataclass(frozen=True)
class Index:
    """Visible posts, newest first, grouped every way the site lists them."""

    posts: tuple[Post, ...]
    by_principle: Mapping[str, tuple[Post, ...]]
    by_type: Mapping[str, tuple[Post, ...]]
    by_author: Mapping[str, tuple[Post, ...]]
    by_year: Mapping[int, tuple[Post, ...]]
    by_tag: Mapping[str, tuple[Post, ...]]
    tag_names: Mapping[str, str]
    position: Mapping[str, int]


def build_index(posts: tuple[Post, ...]) -> Index:
    """Group `posts` (already newest first) by principle, type, author, year and tag."""
    by_principle: dict[str, list[Post]] = defaultdict(list)
    by_type: dict[str, list[Post]] = defaultdict(list)
    by_author: dict[str, list[Post]] = defaultdict(list)
    by_year: dict[int, list[Post]] = defaultdict(list)
    by_tag: dict[str, list[Post]] = defaultdict(list)
    tag_names: dict[str, str] = {}
    for post in posts:
        for principle in post.principles:
            by_principle[principle].append(post)
        by_type[post.type].append(post)
        for author in post.authors:
            by_author[author].append(post)
        by_year[post.date.year].append(post)
        for tag in post.tags:
            key = tag_slug(tag)
            if key and by_tag[key][-1:] != [post]:
                by_tag[key].append(post)
                tag_names.setdefault(key, tag)
    return Index(
        posts=posts,
        by_principle=_freeze(by_principle),
        by_type=_freeze(by_type),
        by_author=_freeze(by_author),
        by_year=_freeze(by_year),
        by_tag=_freeze(by_tag),
        tag_names=dict(sorted(tag_names.items())),
        position={post.source: i for i, post in enumerate(posts)},
    )


@functools.lru_cache(maxsize=4096)
def tag_slug(tag: str) -> str:
    """A tag's slug; remembered, since a blog's few tags are slugged again for every post
    that carries them."""
    return slugify(tag)


def _freeze(groups: Mapping[_K, list[Post]]) -> dict[_K, tuple[Post, ...]]:
    return {key: tuple(value) for key, value in groups.items()}


def neighbours(
    index: Index, post: Post, series: tuple[Post, ...] | None = None
) -> tuple[Post | None, Post | None]:
    """The next newer and next older visible post, within `series` (a group of the index,
    such as the weeknotes) when given; none for a post that is not visible."""
    if post.source not in index.position:
        return None, None
    group = index.posts if series is None else series
    at = bisect.bisect_left(group, index.position[post.source], key=_position(index))
    newer = group[at - 1] if at > 0 else None
    older = group[at + 1] if at + 1 < len(group) else None
    return newer, older


def _position(index: Index) -> Callable[[Post], int]:
    return lambda p: index.position[p.source]


def related(index: Index, post: Post, chosen: Iterable[Post], limit: int) -> tuple[Post, ...]:
    """`chosen` (the author's own `related`, if visible) first, then the posts sharing most
    tags and principles with `post`, nearest in date first."""
    result = [p for p in chosen if p.source in index.position and p.source != post.source]
    if len(result) >= limit:
        return tuple(result[:limit])
    scores: dict[str, int] = defaultdict(int)
    for tag in {tag_slug(t) for t in post.tags}:
        for other in _near(index.by_tag.get(tag, ()), index, post, _TAG_CANDIDATES):
            scores[other.source] += 2
    for principle in post.principles:
        for other in _near(index.by_principle.get(principle, ()), index, post, _NEIGHBOURS):
            scores[other.source] += 1
    taken = {p.source for p in result} | {post.source}
    position = index.position
    here = position[post.source]
    # Most shared first, then nearest in date, then newest: positions are unique, so the
    # tuples order the candidates wholly; only the few wanted are picked, not all sorted.
    ranked = heapq.nsmallest(
        limit - len(result),
        [
            (-score, abs(position[s] - here), position[s])
            for s, score in scores.items()
            if s not in taken
        ],
    )
    result += [index.posts[at] for _, _, at in ranked]
    return tuple(result)


def _near(group: tuple[Post, ...], index: Index, post: Post, count: int) -> tuple[Post, ...]:
    """Up to `count` posts of `group` (newest first) on either side of `post`'s date."""
    at = bisect.bisect_left(group, index.position[post.source], key=_position(index))
    return group[max(0, at - count) : at + count + 1]
