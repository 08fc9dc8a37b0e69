"""Files kept beside posts (images, PDFs): which of them only unpublished posts use."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from intheopen.checks.content import body_lines
from intheopen.content.model import Post

_INLINE = re.compile(r"\]\(\s*<?([^)\s>]+)")  # [text](target) and ![alt](target)
_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)")  # [id]: target
_HTML = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)


def referenced(post: Post) -> set[str]:
    """The files a post links to or shows by a relative address, as paths inside the posts
    folder (code blocks and web addresses left out)."""
    folder = posixpath.dirname(post.source)
    found: set[str] = set()
    for _, line in body_lines(post):
        targets = [m.group(1) for pattern in (_INLINE, _HTML) for m in pattern.finditer(line)]
        if definition := _DEFINITION.match(line):
            targets.append(definition.group(1))
        for target in targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path or target.startswith("/"):
                continue
            found.add(posixpath.normpath(posixpath.join(folder, unquote(parts.path))))
    return found


def withheld(every: Iterable[Post], shown: Iterable[Post]) -> frozenset[str]:
    """The files that only posts not shown (drafts, scheduled posts, posts held back in a
    pre-election period) use: publishing them would publish part of those posts early.
    Files that no post uses are not withheld, since nothing says whose they are."""
    seen = {post.source for post in shown}
    hidden: set[str] = set()
    for post in every:
        if post.source not in seen:
            hidden.update(referenced(post))
    if not hidden:  # the usual case: reading every published post would find nothing
        return frozenset()
    for post in every:
        if post.source in seen:
            hidden.difference_update(referenced(post))
    return frozenset(hidden)
