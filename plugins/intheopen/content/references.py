"""Resolve what posts say about each other: `follows`, `related` and `translations`."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from intheopen.checks.problems import Level
from intheopen.content.model import Post
from intheopen.content.reading import Reader
from intheopen.content.yamlsafe import Path
from intheopen.text import did_you_mean


@dataclass(frozen=True)
class Links:
    """One post's resolved references, by the `source` of the posts they name.

    `related` keeps web addresses as they were written, in the author's order.
    """

    follows: str | None = None
    related: tuple[str, ...] = ()
    translations: tuple[str, ...] = ()


class Resolver:
    """Finds posts by slug or by path, with dictionaries built once."""

    def __init__(self, posts: Sequence[Post]) -> None:
        self.by_source = {p.source: p for p in posts}
        self.by_slug: dict[str, list[Post]] = {}
        for post in posts:
            self.by_slug.setdefault(post.slug, []).append(post)

    def find(self, reference: str, post: Post) -> list[Post]:
        """A path (relative to the post or to the posts folder, with or without .md) or a slug."""
        reference = reference.strip()
        if "/" not in reference and not reference.endswith(".md"):
            return list(self.by_slug.get(reference, ()))
        wanted = reference if reference.endswith(".md") else f"{reference.rstrip('/')}.md"
        here = posixpath.dirname(post.source)
        paths = {posixpath.normpath(posixpath.join(here, wanted)), posixpath.normpath(wanted)}
        paths |= {p.split("/", 1)[1] for p in paths if "/" in p}  # 'posts/2026/x.md'
        return [self.by_source[p] for p in sorted(paths) if p in self.by_source]


def link_posts(posts: Sequence[Post], readers: Mapping[str, Reader]) -> dict[str, Links]:
    """Every post's links; what names no post, or the wrong kind, is reported on its reader."""
    linker = _Linker(posts, readers)
    links = {post.source: linker.links(post) for post in posts}
    _check_translations_agree(posts, links, readers)
    return links


_POST = "a post's slug or path"
_POST_OR_ADDRESS = "a post's slug or path, or a web address starting https://"


class _Linker:
    def __init__(self, posts: Sequence[Post], readers: Mapping[str, Reader]) -> None:
        self.resolver = Resolver(posts)
        self.readers = readers
        self.plans = [p.slug for p in posts if p.type == "plan"]
        self.slugs = [p.slug for p in posts]

    def links(self, post: Post) -> Links:
        reader = self.readers[post.source]
        follows = None
        if post.follows is not None:
            plan = self.one(
                post, post.follows, ("follows",), self.plans, "the slug or path of a plan"
            )
            if plan is not None and plan.type != "plan":
                reader.report(("follows",), f"{self.name(plan)} is a {plan.type}, not a plan")
            elif plan is not None:
                follows = plan.source
                if plan.is_draft and not post.is_draft:
                    reader.report(
                        ("follows",),
                        f"{self.name(plan)} is a draft, so readers cannot see the plan "
                        "this post reports on",
                        Level.WARNING,
                    )
        related: list[str] = []
        for index, reference in enumerate(post.related):
            if reference.startswith(("https://", "http://")):
                related.append(reference)
            elif target := self.one(
                post, reference, ("related", index), self.slugs, _POST_OR_ADDRESS
            ):
                related.append(target.source)
        translations: list[str] = []
        for index, reference in enumerate(post.translations):
            if target := self.one(post, reference, ("translations", index), self.slugs):
                translations.append(target.source)
                if target.lang == post.lang:
                    reader.report(
                        ("translations", index),
                        f"{self.name(target)} is in the same language ({post.lang}); "
                        "a translation is in another",
                        Level.WARNING,
                    )
        return Links(follows, tuple(related), tuple(translations))

    def name(self, post: Post) -> str:
        return self.readers[post.source].path

    def one(
        self, post: Post, reference: str, at: Path, hints: list[str], what: str = _POST
    ) -> Post | None:
        """The one post `reference` names, or None after saying why not."""
        found = self.resolver.find(reference, post)
        if len(found) == 1:
            return found[0]
        reader = self.readers[post.source]
        if found:
            names = ", ".join(self.name(p) for p in found)
            reader.report(at, f"{reference!r} could mean any of {names}; give the path instead")
        else:
            hint = did_you_mean(reference, [h for h in hints if h != post.slug])
            reader.report(at, f"{reference!r} names no post; expected {what}{hint}", Level.WARNING)
        return None


def _check_translations_agree(
    posts: Sequence[Post], links: Mapping[str, Links], readers: Mapping[str, Reader]
) -> None:
    for post in posts:
        for index, other in enumerate(links[post.source].translations):
            if post.source not in links[other].translations:
                readers[post.source].report(
                    ("translations", index),
                    f"{readers[other].path} does not list this post in its translations; "
                    "translations must name each other",
                    Level.WARNING,
                )
