"""`mkdocs serve --dirty`, made exact for a blog.

In a dirty build MkDocs keeps the site folder, builds only the pages whose file says it is
modified, and leaves everything else to plugins. Left there, that is wrong for a blog:
saving one post changes listings, feeds and the search index, and MkDocs knows none of it.
While serving with --dirty (as `intheopen serve` does), this module

- fingerprints, before any page is read, everything each of our pages is made from: its
  Markdown, the data our templates show, where it sits and where every other file sits,
  the pages of the navigation (their sources), the configuration, the theme, our code and
  the day. Only pages whose fingerprint changed since the last build are built again;
- always builds again the council's own pages and every page in the navigation: they are
  few, they may list posts, and only a page that has been read has a title to show in the
  navigation of the others;
- re-makes the search index in the order a full build gives it, from the entries kept
  from the last build and those Material's search made for the pages just built
  (Material merges a dirty build's entries correctly only when one page was built, and
  not in that order): handed to Material's search before it writes the file where it
  can, else by mending the file it wrote;
- deletes what the last build published and this one does not (a post removed or moved,
  a listing one page shorter).

The first build of a `serve` builds every page. Only sites whose plugins are all known
(see reuse.py) have unchanged pages skipped; with others, every page is built again.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from intheopen.feeds.content import FeedTexts
from intheopen.integrations.mkdocs.files import PlannedFile
from intheopen.integrations.mkdocs.speed.reuse import theme_files
from intheopen.speed.cache import digest, stable

SEARCH_INDEX = "search/search_index.json"
Entry = dict[str, Any]
Written = tuple[list[Entry], str]  # a page's entries, and the same as JSON in the index
_NO_DOCS = ',"docs":[]}'  # how Material's index ends with no entries


@dataclass
class Served:
    """What the last build of this `serve` left in its site folder."""

    inputs: dict[str, str] = field(default_factory=dict)  # fingerprints of our pages
    published: frozenset[str] = frozenset()  # paths from the site folder
    feed_texts: FeedTexts = field(default_factory=FeedTexts)  # posts' feed HTML, by source
    search_written: list[Entry] | None = None  # the entries as Material's search wrote them
    search_pages: dict[str, list[Entry]] | None = None  # each page's entries, by its URL
    whole: bool = True  # false when the search index could not be put right: build all
    search_json: dict[str, Written] = field(default_factory=dict)  # each page's, as JSON


class QuietDirty(logging.Filter):
    """Drops MkDocs' warning that a dirty build may be inaccurate: here it is not."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def text_digest(text: str) -> str:
    return digest([text])


def fingerprints(
    ours: Iterable[tuple[File, str]],
    nav: Navigation,
    files: Files,
    config: MkDocsConfig,
    extra: Sequence[str],
    of_text: Callable[[str], str] = text_digest,
) -> dict[str, str]:
    """For each of our pages (with the digest of the data our templates give it, from
    `reuse.data_digest`), all it is made from; `of_text` gives the digest of a page's Markdown
    (while serving, kept by the text itself in a `speed.bypage.ByPage`)."""
    around = digest(
        [
            stable(dict(config)),
            theme_files(config),
            *(page.file.src_uri + "\n" + page.file.content_string for page in nav.pages),
            stable(sorted((file.src_uri, file.url) for file in files)),  # where links lead
            *extra,
        ]
    )
    return {
        file.src_uri: digest(
            [
                around,
                file.src_uri,
                file.url,
                file.dest_uri,
                of_text(file.content_string),
                data,
            ]
        )
        for file, data in ours
    }


def choose(files: Files, nav: Navigation, inputs: Mapping[str, str], last: Served | None) -> None:
    """Mark what this build must build again: our pages whose inputs changed, every page in
    the navigation and every page of the council's own."""
    in_nav = {page.file.src_uri for page in nav.pages}
    written = last.published if last is not None else frozenset()  # no need to look
    for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
        if isinstance(file, PlannedFile):
            kept = last.inputs.get(file.src_uri) if last is not None else None
            same = kept is not None and kept == inputs.get(file.src_uri)
            there = file.dest_uri in written or _exists(file)
            file.rebuild = not same or file.src_uri in in_nav or not there
        elif file.abs_src_path is not None and _exists(file):
            os.utime(file.abs_dest_path, (0, 0))  # MkDocs compares times: now it is older


def _exists(file: File) -> bool:
    return os.path.isfile(file.abs_dest_path)


def remove_stale(site_dir: Path, before: Iterable[str], now: frozenset[str]) -> None:
    """Delete what the last build published and this one did not."""
    for path in before:
        if path not in now:
            (site_dir / path).unlink(missing_ok=True)


def published(files: Files, others: Iterable[str]) -> frozenset[str]:
    """Every path a build wrote from `files`, with `others` (feeds and the like)."""
    shown = (file.dest_uri for file in files if file.inclusion.is_in_serve())
    return frozenset([*shown, *others])


@dataclass(frozen=True)
class Search:
    written: list[Entry] | None
    pages: dict[str, list[Entry]] | None
    json: dict[str, Written] = field(default_factory=dict)


def feed_search(
    config: MkDocsConfig, built: Sequence[Page], pages: Sequence[Page], last: Served | None
) -> Search | None:
    """Before Material's search writes its index: give it every page's entries, in the
    order of `pages`, fresh for the pages `built` and as kept for the rest, and no last
    index to merge them into, so that it writes what a full build writes (and the file need
    not be read and written again after it). None, and nothing changed, for a first
    build (whose index is Material's own, as a full build's), and unless the one search
    plugin is Material's, as this expects it, and the entries of every page are known;
    `mend_search` then puts the file right."""
    if last is None:
        return None
    found = [
        plugin
        for plugin in config.plugins.values()
        if isinstance(getattr(getattr(plugin, "search_index", None), "entries", None), list)
    ]
    if len(found) != 1 or not hasattr(found[0], "search_index_prev"):
        return None
    index = found[0].search_index
    searchable = [page.url for page in built if not _excluded(page)]
    fresh, start = _tail(index.entries, searchable)
    kept = last.search_pages
    unbuilt = {page.url for page in pages} - {page.url for page in built}
    if start != 0 or (unbuilt and kept is None):
        return None
    entries = {**(kept or {}), **fresh}
    index.entries = [entry for page in pages for entry in entries.get(page.url, [])]
    found[0].search_index_prev = None
    by_page = [(page.url, entries[page.url]) for page in pages if entries.get(page.url)]
    made: dict[str, Written] = {}
    plain = index.generate_search_index

    def generate_search_index(prev: Any) -> str:
        return index_text(plain, index, prev, by_page, last.search_json, made)

    index.generate_search_index = generate_search_index  # this build's index object only
    return Search(
        index.entries,
        {page.url: entries[page.url] for page in pages if page.url in entries},
        made,
    )


def index_text(
    plain: Callable[[Any], str],
    index: Any,
    prev: Any,
    by_page: list[tuple[str, list[Entry]]],
    kept: Mapping[str, Written],
    made: dict[str, Written],
) -> str:
    """What Material's `generate_search_index` (`plain`) returns, with its documents put
    together from each page's entries as JSON, kept from the last rebuild for a page whose
    entries are the same objects: serialising the whole index again took a tenth of a
    rebuild at 10,000 posts. Each page's JSON goes into `made`. Material's own answer
    whenever the index is not what `by_page` says, or its text not as expected."""
    every = index.entries
    flat = [entry for _, entries in by_page for entry in entries]
    same = len(every) == len(flat) and all(a is b for a, b in zip(every, flat, strict=True))
    if prev is not None or not same:  # not as `feed_search` left it
        return plain(prev)
    index.entries = []
    try:
        shell = plain(None)  # the configuration, with no documents
    finally:
        index.entries = every
    if not shell.endswith(_NO_DOCS):
        return plain(None)
    parts = []
    for url, entries in by_page:
        found = kept.get(url)
        if found is None or found[0] is not entries:
            found = (entries, ",".join(_as_json(entry) for entry in entries))
        made[url] = found
        parts.append(found[1])
    return shell[: -len("[]}")] + "[" + ",".join(parts) + "]}"


def _as_json(entry: Entry) -> str:
    return json.dumps(entry, separators=(",", ":"), default=str)  # as Material writes it


def mend_search(
    site_dir: Path, built: Sequence[Page], pages: Sequence[Page], last: Served | None
) -> Search:
    """Put the search index Material's search wrote in a dirty build right: every page's
    entries, in the order of `pages`, fresh for the pages `built` and as kept for the rest.
    If Material's file is not as its merge makes it, it is left alone and nothing is kept,
    so that the next build builds every page."""
    path = site_dir / SEARCH_INDEX
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        written = data["docs"]
    except (OSError, ValueError, KeyError, TypeError):
        return Search(None, None)
    searchable = [page.url for page in built if not _excluded(page)]
    fresh, start = _tail(written, searchable)
    before = last.search_written if last is not None else None
    expected = _merged_away(before or [], fresh)
    kept = last.search_pages if last is not None else None
    unbuilt = {page.url for page in pages} - {page.url for page in built}
    if written[:start] != expected or (unbuilt and kept is None):
        return Search(written, None)
    entries = {**(kept or {}), **fresh}
    ordered = [entry for page in pages for entry in entries.get(page.url, [])]
    if ordered != written:
        data["docs"] = ordered
        text = json.dumps(data, separators=(",", ":"), default=str)  # as Material writes it
        path.write_text(text, encoding="utf-8")
    return Search(written, {page.url: entries[page.url] for page in pages if page.url in entries})


def _excluded(page: Page) -> bool:
    search = page.meta.get("search") or {}
    return isinstance(search, dict) and bool(search.get("exclude"))


def _key(entry: Entry) -> str:
    return str(entry.get("location", "")).split("#", 1)[0]


def _tail(written: list[Entry], urls: Sequence[str]) -> tuple[dict[str, list[Entry]], int]:
    """The entries the pages at `urls` added this build (Material puts them last, page by
    page, in build order), and where they start."""
    end = len(written)
    fresh: dict[str, list[Entry]] = {}
    for url in reversed(urls):
        start = end
        while start > 0 and _key(written[start - 1]) == url:
            start -= 1
        fresh[url] = written[start:end]
        end = start
    return dict(reversed(list(fresh.items()))), end


def _merged_away(before: list[Entry], fresh: Mapping[str, list[Entry]]) -> list[Entry]:
    """What Material's search keeps of the last index: all of it, or, when pages added
    entries, all but those whose location starts with the first new one's."""
    first = next((entries[0] for entries in fresh.values() if entries), None)
    if first is None:
        return before
    location = str(first.get("location", ""))
    return [entry for entry in before if not str(entry.get("location", "")).startswith(location)]
