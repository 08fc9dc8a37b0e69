"""Relative links written between real files (posts/ and docs/ side by side) made to work
on the built site, where posts appear inside the docs tree under 'posts/'."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

Root = tuple[Path, str]  # a real folder, and where its files appear in the docs tree


def rewrite(href: str, page_file: Path, page_uri: str, roots: Sequence[Root]) -> str | None:
    """`href` as written in the real file `page_file`, re-pointed from `page_uri` (its place
    in the docs tree) to the same target; None when it needs no change or is not ours."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    target = Path(os.path.normpath(page_file.parent / unquote(parts.path)))
    for folder, prefix in roots:
        if target.is_relative_to(folder):
            uri = prefix + target.relative_to(folder).as_posix()
            new = posixpath.relpath(uri, posixpath.dirname(page_uri) or ".")
            if new == unquote(parts.path):
                return None
            return urlunsplit(("", "", new, parts.query, parts.fragment))
    return None
