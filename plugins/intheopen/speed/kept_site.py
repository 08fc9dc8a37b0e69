"""What the last site the aggregator published was made from, kept beside its store, so
that a run builds again only what changed: nothing but the health page and OPML when no
stored item changed, and only the listing pages and feeds whose items changed when some did.

The key covers the sources file as read and the code (Python, every installed package, our
own files); beside it are the stored items' version (the store changes it whenever a run
stores an item that is new or different) and a digest of every page and feed of the last
site. What is kept is JSON, read back only if it has exactly the shape expected: a damaged or
planted file is a full rebuild, never anything run.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import msgspec

from intheopen.aggregate.listings import Page, Part, Plan, Tallies
from intheopen.speed.cache import code_digest, digest, write_atomically

NAME = "site.json"


class _Made(msgspec.Struct):
    key: str
    out: str
    items: str
    tallies: dict[str, tuple[int, str]]
    pages: dict[str, tuple[str, bool]]  # path -> digest of all it is made from, searched
    feeds: dict[str, str]  # channel path -> digest of the channel


class KeptSite:
    """The aggregator's memory of its last site, in its data folder."""

    def __init__(self, data: Path) -> None:
        self.path = data / NAME
        self._seen: _Made | None = None  # what the last site was made from, once read

    def _last(self, out: Path, sources: str) -> _Made | None:
        """What the site in `out` was made from, if it was made from `sources` by this code."""
        try:
            found = msgspec.json.decode(self.path.read_bytes(), type=_Made)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError):
            return None
        same = found.key == _key(sources) and found.out == str(out.resolve())
        self._seen = found if same and (out / "index.html").is_file() else None
        return self._seen

    def unchanged(self, out: Path, sources: str, items: str) -> Tallies | None:
        """The last site's tallies, if the site in `out` was made from the same sources and
        stored items."""
        last = self._last(out, sources)
        return dict(last.tallies) if last is not None and last.items == items else None

    def changed(self, out: Path, sources: str, plan: Plan) -> Part | None:
        """What of `plan` differs from the site in `out`: the pages whose data changed or
        that are new, every file (the OPML, the sitemap), the channels whose feeds must be
        written again and the pages that are gone. None when the site must be built whole:
        no site, other sources or code, or another set of pages in the search index."""
        last = self._last(out, sources)
        pages, feeds = _pages(plan), _feeds(plan)
        if (
            last is None
            or last.feeds.keys() != feeds.keys()
            or _searched(last) != {path for path, page in pages.items() if page[1]}
        ):
            return None
        chosen = [page for page in plan.pages if last.pages.get(page.path) != pages[page.path]]
        channels = [c for c in plan.channels if last.feeds[c.path] != feeds[c.path]]
        gone = sorted(last.pages.keys() - pages.keys())
        return Part(Plan(chosen, plan.channels, plan.files), channels, gone)

    def remember(
        self, out: Path, sources: str, items: str, tallies: Tallies, plan: Plan | None
    ) -> None:
        """That the site now in `out` was made from `sources`, `items` and, when built from
        the whole `plan`, its pages; with no plan (only the health page built), the pages
        are as they were."""
        if plan is not None:
            pages, feeds = _pages(plan), _feeds(plan)
        else:  # read before the run built over the site (and `forget` removed the file)
            last = self._seen
            pages, feeds = (last.pages, last.feeds) if last else ({}, {})
        made = _Made(_key(sources), str(out.resolve()), items, tallies, pages, feeds)
        with contextlib.suppress(OSError):  # not kept: the next run rebuilds, nothing worse
            write_atomically(self.path, msgspec.json.encode(made))

    def forget(self) -> None:
        """No memory of the last site: until `remember`, the next run builds it whole (so a
        run that fails half way, or cannot write this file, never leaves a stale one)."""
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)


def _key(sources: str) -> str:
    return digest([code_digest(), sources])


def _pages(plan: Plan) -> dict[str, tuple[str, bool]]:
    return {page.path: (_page_digest(page), page.searchable) for page in plan.pages}


def _searched(made: _Made) -> set[str]:
    return {path for path, (_, searchable) in made.pages.items() if searchable}


def _page_digest(page: Page) -> str:
    about = [page.path, page.title, page.template, str(page.feed), str(page.searchable)]
    return digest([*about, msgspec.json.encode(page.view).decode("utf-8")])


def _feeds(plan: Plan) -> dict[str, str]:
    # A channel holds only text, numbers, dates and tuples of them: its repr says all.
    return {channel.path: digest([repr(channel)]) for channel in plan.channels}
