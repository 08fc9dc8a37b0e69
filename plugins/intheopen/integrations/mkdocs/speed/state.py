"""What the speed layer holds for one build, apart from what the build itself knows."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from intheopen.feeds.content import feed_html
from intheopen.integrations.mkdocs.files import page_markdown
from intheopen.integrations.mkdocs.speed import dirty
from intheopen.integrations.mkdocs.speed.rendering import RenderCache, Rendered
from intheopen.integrations.mkdocs.speed.reuse import PageReuse, data_digest, usable
from intheopen.integrations.mkdocs.speed.search import Entries, SearchReuse
from intheopen.integrations.mkdocs.speed.sitemap import KeptSitemap
from intheopen.integrations.mkdocs.speed.templates import CompiledTemplates, prepared
from intheopen.speed.bypage import ByPage
from intheopen.speed.cache import digest
from intheopen.speed.collecting import HeldCollector
from intheopen.speed.feedfiles import ItemDigests
from intheopen.speed.forked import Ahead, Child
from intheopen.speed.places import (
    cleared_meanwhile,
    recycled_meanwhile,
    set_aside,
    trash_ready,
    unused,
)
from intheopen.speed.planning import Replanner
from intheopen.speed.reading import Blogs, Unchanged
from intheopen.speed.shelf import Shelf

T = TypeVar("T")


class Rebuilding:
    """Set while a rebuild runs (the plugin's `on_config` to its `on_post_build`)."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def start(self) -> None:
        self.event.set()

    def end(self) -> None:
        self.event.clear()


@dataclass
class Speed:
    """Kept results and the children working beside the build. With `cache: false` the
    stores keep nothing and `cache` renders as MkDocs does; with `parallel: false` no
    child is started."""

    cache: RenderCache  # pages' Markdown made HTML
    reuse: PageReuse | None = None  # whole finished pages
    search: SearchReuse | None = None  # pages' search entries
    feed_texts: Shelf[str] = field(default_factory=lambda: Shelf(None, "feeds", str))
    feed_files: Shelf[bytes] = field(default_factory=lambda: Shelf(None, "feedfiles", bytes))
    feed_items: ItemDigests | None = None  # while serving: feed items' digests
    feeds: Child | None = None  # writing the feeds meanwhile
    theme_code: Child | None = None  # compiling the theme's templates meanwhile
    trash: Child | None = None  # deleting the last build's files meanwhile
    site_trash: tuple[Path, Path] | None = None  # the site folder and its trash (places.py)
    aside: Path | None = None  # the last build's files, set aside in the trash
    put_back: list[str] = field(default_factory=list)  # its files to be written again
    recycling: bool = False  # a child is putting them back (`recycled` waits for it)
    ahead: Ahead | None = None  # a child finishing some pages, while MkDocs does the rest
    ahead_templates: dict[str, str] = field(default_factory=dict)
    finished_ahead: dict[str, str] = field(default_factory=dict)  # pages the child finished
    inputs: dict[str, str] = field(default_factory=dict)  # `serve --dirty`: see dirty.py

    def take_ahead(self, uri: str) -> None:
        """Before the page is indexed for search: what the child made of it, if it was the
        child's to finish; the search entries it made go to the search store, where the
        indexing finds them by key (see `template_ahead`)."""
        if self.ahead is None or uri not in self.ahead_templates:
            return
        sent = self.ahead.result(uri)
        if sent is None:  # the parent's own share, or the child failed: templated here
            return
        output, entries = sent
        self.finished_ahead[uri] = output
        if self.search is not None:
            self.search.give(entries)

    def clear_site(self, site: Path, trash: Path) -> None:
        """Before MkDocs cleans the site folder: set the last build's files aside."""
        if trash_ready(site, trash):
            self.site_trash = site, trash
            self.aside = set_aside(site, trash)

    def prepare(self, env: Environment, kept: CompiledTemplates | None, language: Any) -> None:
        """MkDocs' environment made quicker, with the theme's code from the child that
        compiled it, if there is one (see `prepared`)."""
        prepared(env, kept, self.theme_code, language)
        self.theme_code = None

    def recycle(self, files: Files) -> None:
        """Once the build's files are known: start the child that puts back the last
        build's folders and files at its pages' places and then deletes the rest."""
        if self.site_trash is None:
            return
        site, trash = self.site_trash
        if self.aside is None:
            self.trash = cleared_meanwhile(trash)
            return
        pages = [file.dest_uri for file in files.documentation_pages()]
        self.trash = recycled_meanwhile(site, trash, self.aside, pages)
        self.recycling = True

    def recycled(self) -> None:
        """Before anything is written into the site folder: wait until the child has put
        back the last build's files, and take the list of those it put back."""
        if not self.recycling or self.trash is None or self.site_trash is None:
            return
        self.recycling = False
        put_back = self.trash.receive()
        if put_back is not None:
            self.put_back = put_back
            return
        self.trash.close()  # it failed: the site folder as MkDocs cleaned it, all else aside
        site, trash = self.site_trash
        set_aside(site, trash)
        self.trash = cleared_meanwhile(trash)

    def unwritten(self) -> None:
        """Delete the files put back that the build did not write (also after a failure)."""
        if self.theme_code is not None:  # after a failure, not yet taken
            self.theme_code.close()
            self.theme_code = None
        self.recycled()
        if self.site_trash is not None:
            unused(self.site_trash[0], self.put_back)
            self.put_back = []

    def finish(self) -> list[str] | None:
        """Wait for every child and close it; what the feeds' child says (the posts whose
        text was cut), or None if there was none or it failed."""
        if self.ahead is not None:
            self.ahead.close()
        self.unwritten()
        if self.trash is not None:
            self.trash.close()
        flagged: list[str] | None = None
        if self.feeds is not None:
            flagged = self.feeds.receive()
            self.feeds.close()
        return flagged

    def feed_text(self, html: str, page_url: str) -> str:
        """A post's feed HTML (`feed_html`), kept under the digest of what it is made from;
        `write_feeds` saves what the feeds asked for."""
        key = digest([self.cache.settings, page_url, html])
        text = self.feed_texts.get(key)
        if not isinstance(text, str):
            text = feed_html(html, page_url)
            self.feed_texts.put(key, text)
        return text

    def report(self, say: Callable[[str], None]) -> None:
        """How much was reused, for --verbose."""
        store = self.cache.store
        say(f"Markdown cache: {store.hits} pages reused, {store.misses} converted")
        if self.reuse is not None:
            say(f"page cache: {len(self.reuse.reused)} pages reused")
        if self.search is not None:
            given = self.search.given
            say(f"search cache: {self.search.reused} pages reused ({given} indexed by a child)")

    def save(self) -> None:
        """Write what this build keeps for the next."""
        self.cache.store.save()  # (the feeds' stores: by whoever writes them, write_feeds)
        if self.reuse is not None:
            self.reuse.store.save()
        if self.search is not None:
            self.search.store.save()


class Stores:
    """The cache files a process has open: fresh for each build, or, while serving, kept in
    memory from one rebuild to the next and written when serve stops; and, while serving,
    the blog as last read, the last plan, the digests of its pages' data and their
    Markdown, the cycle
    collector held back during rebuilds, and whether a rebuild is running."""

    def __init__(self) -> None:
        self.serving = False
        self.kept: dict[str, Shelf[Any]] = {}
        self.blogs = Blogs()
        self.unchanged = Unchanged()  # the posts' bytes, read again only when changed
        self.sitemap = KeptSitemap()
        self.plans = Replanner()
        self.digests = ByPage(data_digest)  # while serving: kept by page
        self.markdowns = ByPage(page_markdown)
        self.texts = ByPage(dirty.text_digest)  # by the Markdown (a str) itself
        self.feed_items = ItemDigests()
        self.collector = HeldCollector()
        self.rebuilding = Rebuilding()

    def get(
        self, folder: Path | None, name: str, shape: type[T], keep_unused: bool = True
    ) -> Shelf[T]:
        if not self.serving or folder is None:  # `cache: false`: nothing kept, even in memory
            return Shelf(folder, name, shape)
        kept = self.kept.get(name)
        if kept is None or kept.folder != folder or kept.shape is not shape:
            kept = self.kept[name] = Shelf(folder, name, shape)
        else:
            kept.next_build(keep_unused)
        return kept

    def save(self) -> None:
        for store in self.kept.values():
            store.save()


def speed_of(
    stores: Stores,
    folder: Path | None,
    config: MkDocsConfig,
    code: str,
    where: Callable[[Page], str],
    links: Callable[[], list[str]],
) -> Speed:
    """The speed layer for one build: off whole when `folder` is None (`cache: false`)."""
    reuse = PageReuse(stores.get(folder, "pages", str)) if folder and usable(config) else None
    rendered = stores.get(folder, "rendered", Rendered)
    return Speed(
        cache=RenderCache(rendered, config, code, where, links, enabled=folder is not None),
        reuse=reuse,
        search=SearchReuse(stores.get(folder, "search", Entries), code) if folder else None,
        feed_texts=stores.get(folder, "feeds", str),
        feed_files=stores.get(folder, "feedfiles", bytes, keep_unused=False),
        feed_items=stores.feed_items if stores.serving and folder else None,
    )


def contents(
    root: Path,
    paths: list[Path],
    seen: dict[Path, bytes] | None = None,
    read: Callable[[Path], bytes] = Path.read_bytes,
) -> Iterator[str]:
    """Each path (from the site's folder) and what it holds, for a key; a folder holds its
    name. What each file held goes into `seen`, if given (`Memo.seeing`); `read` reads a
    file (`Unchanged.read` while serving)."""
    start = os.path.join(os.path.abspath(root), "")
    for path in paths:
        whole = os.path.abspath(path)
        yield whole[len(start) :] if whole.startswith(start) else os.path.relpath(whole, start)
        try:
            data = read(path)
        except OSError:
            yield ""
            continue
        if seen is not None:
            seen[path] = data
        yield data.decode("utf-8", errors="surrogateescape")
