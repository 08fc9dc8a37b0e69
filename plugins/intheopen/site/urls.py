"""URLs of the blog's pages, as paths from the site root ('posts/2026/03/bins/')."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Urls:
    """Page paths in the site's style: 'x/' with directory URLs, else 'x/index.html'."""

    directory_urls: bool = True

    def page(self, path: str) -> str:
        is_folder = path == "" or path.endswith("/")
        return f"{path}index.html" if is_folder and not self.directory_urls else path

    @staticmethod
    def numbered(base: str, number: int) -> str:
        """The path of page `number` of a listing at `base` (page 1 is `base` itself)."""
        return base if number == 1 else f"{base}page/{number}/"

    @staticmethod
    def source(path: str) -> str:
        """The docs-relative Markdown path that MkDocs turns into `path`."""
        return f"{path}index.md"

    def of_markdown(self, uri: str) -> str:
        """The URL path of the page MkDocs makes from the docs-relative Markdown file
        `uri` (index.md and README.md are their folder's page), percent-encoded."""
        parent, name = posixpath.split(uri)
        stem = posixpath.splitext(name)[0]
        if stem in ("index", "README"):
            return self.page(f"{parent}/" if parent else "")
        folder = posixpath.join(parent, stem) + "/"
        return quote(folder if self.directory_urls else posixpath.join(parent, stem + ".html"))


def relative(target: str, base: str) -> str:
    """`target` as a link from the page at `base` (both paths from the site root)."""
    if target.startswith(("https://", "http://", "#")):
        return target
    start = posixpath.dirname(base) if not base.endswith("/") else base.rstrip("/")
    rel = posixpath.relpath(target or ".", start or ".")
    if rel == ".":
        return "./"
    return f"{rel}/" if target == "" or target.endswith("/") else rel


def absolute(site_url: str, path: str) -> str:
    """A full URL for `path`, from the site's base URL."""
    return site_url.rstrip("/") + "/" + path.lstrip("/")
