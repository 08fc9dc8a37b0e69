"""MkDocs `File`s for the pages and post assets the core plans."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from intheopen.site.pages import Page
from intheopen.site.urls import Urls

POSTS_URI = "posts/"  # where posts appear in the docs tree, whatever their real folder
_JSON = json.JSONEncoder(ensure_ascii=False).encode  # as json.dumps, without a new encoder each


class PlannedFile(File):
    """A page we generate. In a `serve --dirty` rebuild, MkDocs builds it again only when
    `rebuild` says so (see dirty.py); otherwise, as for any generated file, always."""

    rebuild = True

    def is_modified(self) -> bool:
        return self.rebuild


def source_uri(page: Page) -> str:
    """Posts keep their real layout under 'posts/', so relative links between them and to
    files beside them resolve as written; listings sit at their own path."""
    return POSTS_URI + page.post.source if page.post else Urls.source(page.path)


# The home page of a site whose docs/ has none of its own
HOME_PAGE = """# {name}

## Latest posts

<!-- intheopen:posts limit=10 -->

[All posts](posts/index.md)
"""


def markdown_of(
    title: str,
    template: str,
    description: str | None = None,
    searchable: bool = True,
    body: str = "",
) -> str:
    """A generated page's Markdown: front matter naming its template, then its body."""
    # Material writes page.meta title and description into HTML without escaping them.
    meta: dict[str, object] = {"title": str(escape(title)), "template": template}
    if description:
        meta["description"] = str(escape(description))
    if not searchable:
        meta["search"] = {"exclude": True}
    front = "".join(f"{key}: {_JSON(value)}\n" for key, value in meta.items())
    return f"---\n{front}---\n\n{body}"


def page_markdown(page: Page) -> str:
    """The Markdown of a planned page."""
    body = page.post.body if page.post else ""
    return markdown_of(page.title, page.template, page.description, page.searchable, body)


def page_files(
    pages: Iterable[Page],
    config: MkDocsConfig,
    files: Files,
    markdown: Callable[[Page], str] = page_markdown,
) -> Iterator[File]:
    """Files for the planned pages (their Markdown from `markdown`). A page of the
    council's own in docs/ at the URL of a listing or the subscribe page replaces ours; one
    at a post's URL is an error."""
    taken = {file.dest_uri: file for file in files}
    sources = {file.src_uri: file for file in files}
    for page in pages:
        uri = source_uri(page)
        file = PlannedFile.generated(
            config, uri, content=markdown(page), inclusion=InclusionLevel.NOT_IN_NAV
        )
        if page.post is not None:
            file.dest_uri = f"{page.path}index.html"
        clash = taken.get(file.dest_uri) or (
            sources.get(uri) if _plain(uri) else files.get_file_from_path(uri)
        )
        if clash is None:
            sources[uri] = file  # the caller adds it to `files`
            yield file
        elif page.post is not None:
            raise PluginError(
                f"docs/{clash.src_uri} has the URL of the post {page.post.source}; move one"
            )


def _plain(uri: str) -> bool:
    """True if `uri` is its own normal form, as `Files.get_file_from_path` makes it."""
    return all(part not in ("", ".") for part in uri.split("/"))


def asset_files(
    posts_dir: Path, config: MkDocsConfig, withheld: Collection[str] = ()
) -> Iterator[File]:
    """Images and other files kept beside posts, published at the same place; not those in
    `withheld` (paths inside the posts folder)."""
    if not posts_dir.is_dir():
        return
    found: list[tuple[tuple[str, ...], Path]] = []
    for here, folders, names in os.walk(posts_dir):  # not into folders that are links
        folders[:] = [name for name in folders if not name.startswith(".")]
        inside = Path(here).relative_to(posts_dir).parts
        for name in names:
            if name.startswith(".") or os.path.splitext(name)[1] == ".md":
                continue
            path = Path(here, name)
            if path.is_file():
                found.append(((*inside, name), path))
    for parts, path in sorted(found):  # in the order of the paths' parts, as Path sorts
        relative = "/".join(parts)
        if relative not in withheld:
            yield File.generated(config, POSTS_URI + relative, abs_src_path=str(path))


def last_changes(
    pages: Iterable[Page], newest: str | None, docs: Mapping[str, str]
) -> dict[str, str]:
    """Each page's last change (YYYY-MM-DD) by its source URI, for the sitemap: a post's
    own date, the newest post's for the blog's other pages (and a home page made for the
    site), and git's for the council's pages in docs/. Pages left out keep MkDocs' date:
    the build's, or SOURCE_DATE_EPOCH's."""
    days = dict(docs)
    for page in pages:
        post = page.post
        day = f"{post.updated or post.date:%Y-%m-%d}" if post else newest
        if day:
            days[source_uri(page)] = day
    if newest:
        days.setdefault("index.md", newest)
    return days
