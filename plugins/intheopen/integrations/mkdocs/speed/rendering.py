"""Our pages' Markdown-to-HTML, kept between builds.

A `CachedPage` is MkDocs' own `Page` whose `render` first looks for the HTML, table of
contents and anchors that the same Markdown gave last time. The key holds the Markdown
itself, where the page sits, and everything else that can change the HTML: the Markdown
extensions and their settings, link validation, the installed packages and In the Open's
own code. An entry also keeps where each of its relative links led (every file MkDocs
tried, and its URL), and is used only if they still lead there. A render that logged a
warning is never kept, so a warm build warns, and fails under --strict, exactly as a cold
one does.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypedDict
from urllib.parse import unquote, urlsplit

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from intheopen.speed.cache import digest, stable
from intheopen.speed.forked import Ahead
from intheopen.speed.quickmarkdown import quicken
from intheopen.speed.shelf import Shelf
from intheopen.speed.urls import joined

# Markdown extensions that read other files: a change there would not change the key.
READS_FILES = ("pymdownx.snippets", "markdown_include", "mdx_include")
# Extensions that keep nothing from one page to the next that `Markdown.reset()` does not
# clear: with only these (and ours), one Markdown object converts all our pages, instead of
# MkDocs making a new one for each (most of a millisecond a page). MkDocs adds `toc`,
# `tables` and `fenced_code` to every site's list. Tested page after page
# against a new object each time (tests/test_cache.py).
RESETTABLE = frozenset(
    {
        *("abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes"),
        "md_in_html",
        *("sane_lists", "tables", "toc"),
        *("pymdownx.betterem", "pymdownx.caret", "pymdownx.details", "pymdownx.highlight"),
        *("pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.mark", "pymdownx.smartsymbols"),
        *("pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde"),
    }
)


class RenderCache:
    """The cache for one build. `code` is `cache.code_digest()`; `where(page)` names what
    else decides a page's HTML, and `links()` the links the last conversion met (recorded
    by our Markdown extension). Not `enabled` (`cache: false`), pages render exactly as
    MkDocs renders them: nothing is kept and no Markdown object is shared."""

    def __init__(
        self,
        store: Shelf[Rendered],
        config: MkDocsConfig,
        code: str,
        where: Callable[[Page], str],
        links: Callable[[], list[str]],
        enabled: bool = True,
    ) -> None:
        self.store = store
        self.where = where
        self.links = links
        self.use_directory_urls = bool(config.use_directory_urls)
        self.settings = digest(
            [
                code,
                stable(config.markdown_extensions),
                stable(config.mdx_configs),
                stable(dict(config.validation)),
                stable(config.use_directory_urls),
                # MkDocs records links to anchors (checked after the build) only when its
                # log is not at DEBUG, so a --verbose build's entries differ
                str(logging.getLogger("mkdocs.structure.pages").getEffectiveLevel()),
            ]
        )
        names = [name for name in config.markdown_extensions if isinstance(name, str)]
        self.usable = enabled and not any(name.startswith(READS_FILES) for name in names)
        self.ahead: Ahead | None = None
        ours = [e for e in config.markdown_extensions if not isinstance(e, str)]
        shareable = all(name in RESETTABLE for name in names) and all(
            type(extension).__module__.startswith("intheopen.") for extension in ours
        )
        self.shared = Shared() if self.usable and shareable and Shared.possible else None

    def key(self, page: Page) -> str:
        assert page.markdown is not None
        place = [page.file.src_uri, page.url, self.where(page)]
        return digest([self.settings, *place, page.markdown])

    def signature(self, page: Page, links: list[str], files: Files) -> str:
        """What the page's relative links lead to now: every file MkDocs would try for
        each, and its URL, so that a moved, added or deleted target changes it."""
        seen = []
        for link in links:
            scheme, netloc, path, _, _ = urlsplit(link)
            if scheme or netloc or not path:
                continue
            for uri in _candidates(page.file, unquote(path), self.use_directory_urls):
                found = files.get_file_from_path(uri)
                seen.append(f"{uri} {found.url if found else '-'}")
        return digest(seen)

    def lookup(self, page: Page, key: str, files: Files) -> Rendered | None:
        """The kept entry for `key`, if its links still lead where they did."""
        entry = self.store.get(key)
        if entry is None or entry.get("signature") != self.signature(page, entry["raw"], files):
            return None
        return entry


class CachedPage(Page):
    """An In the Open page (a post or a listing) that can take its HTML from the cache."""

    def __init__(self, title: str | None, file: File, config: MkDocsConfig, cache: RenderCache):
        super().__init__(title, file, config)
        self.cache = cache

    def _set_canonical_url(self, base: str | None) -> None:
        """As MkDocs sets it, without `urljoin` where the URLs are plain (speed/urls.py)."""
        plain = joined(base, self.url) if base and base.endswith("/") else None
        if plain is None:
            super()._set_canonical_url(base)
        else:
            self.canonical_url, self.abs_url = plain

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if not self.cache.usable:
            super().render(config, files)
            return
        key = self.cache.key(self)
        entry = self.cache.lookup(self, key, files)
        if entry is None and self.cache.ahead is not None:
            found_key, entry = self.cache.ahead.result(self.file.src_uri) or ("", None)
            if found_key == key and entry is not None:
                self.cache.store.put(key, entry)
            else:
                entry = None
        if entry is not None:
            self._take(entry, files)
            return
        entry = self._convert(config, files)
        if entry is not None:
            self.cache.store.put(key, entry)

    def convert(self, config: MkDocsConfig, files: Files) -> tuple[str, Rendered | None]:
        """The key and, when not cached and free of warnings, the entry `render` would keep."""
        key = self.cache.key(self)
        if not self.cache.usable or self.cache.lookup(self, key, files) is not None:
            return key, None
        return key, self._convert(config, files)

    def _convert(self, config: MkDocsConfig, files: Files) -> Rendered | None:
        """Convert as MkDocs does; the entry to keep, or None if the conversion warned."""
        with _warnings() as warned:
            if self.cache.shared is not None:
                self.cache.shared.render(self, config, files)
            else:
                super().render(config, files)
        if warned:
            return None
        links = None
        if self.links_to_anchors is not None:
            links = {file.src_uri: dict(found) for file, found in self.links_to_anchors.items()}
        raw = list(self.cache.links())
        return Rendered(
            html=self.content or "",
            toc=[_token(item) for item in self.toc],
            title=self._title_from_render,
            anchors=sorted(self.present_anchor_ids or ()),
            links=links,
            raw=raw,
            signature=self.cache.signature(self, raw, files),
        )

    def _take(self, entry: Rendered, files: Files) -> None:
        self.content = entry["html"]
        self.toc = get_toc(entry["toc"])
        self._title_from_render = entry["title"]
        self.present_anchor_ids = set(entry["anchors"])
        if entry["links"] is not None:
            self.links_to_anchors = {}
            for uri, found in entry["links"].items():
                target = files.get_file_from_path(uri)
                if target is not None:
                    self.links_to_anchors[target] = found


class Shared:
    """One Markdown object for a build's pages, reset between them, its inline patterns and
    block searches tried only where they can match (speed/quickmarkdown.py); otherwise what
    MkDocs' `Page.render` does (MkDocs 1.6, whose helpers are private: without them, not
    used)."""

    possible = all(
        hasattr(mkdocs_pages, name)
        for name in (
            "_RawHTMLPreprocessor",
            "_ExtractAnchorsTreeprocessor",
            "_RelativePathTreeprocessor",
            "_ExtractTitleTreeprocessor",
        )
    )

    def __init__(self) -> None:
        self.md: markdown.Markdown | None = None  # made at the first page

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self.md is None:
            self.md = markdown.Markdown(
                extensions=config["markdown_extensions"],
                extension_configs=config["mdx_configs"] or {},
            )
            quicken(self.md)
        md = self.md
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        md.reset()
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors


def _candidates(file: File, path: str, use_directory_urls: bool) -> list[str]:
    """The files MkDocs tries for a link, in its order (one, if its helper is not there)."""
    tries = getattr(Page, "_possible_target_uris", None)
    if tries is None:
        return [posixpath.normpath(posixpath.join(posixpath.dirname(file.src_uri), path))]
    return list(tries(file, path, use_directory_urls))


class Token(TypedDict):
    """One table-of-contents entry, as kept."""

    level: int
    id: str
    name: str
    children: list[Token]


class Rendered(TypedDict):
    """A page's Markdown made HTML, as kept between builds; a kept entry of any other
    shape is not read (see `cache`)."""

    html: str
    toc: list[Token]
    title: str | None
    anchors: list[str]
    links: dict[str, dict[str, str]] | None
    raw: list[str]
    signature: str


def _token(item: AnchorLink) -> Token:
    children = [_token(child) for child in item.children]
    return {"level": item.level, "id": item.id, "name": item.title, "children": children}


@contextmanager
def _warnings() -> Iterator[list[logging.LogRecord]]:
    """Collect warnings logged meanwhile (MkDocs' loggers do not reach the root logger)."""
    found: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record)

    handler = Collect(logging.WARNING)
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield found
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def nav_titles(nav: Any) -> dict[str, str]:
    """The titles mkdocs.yml's `nav` gives to pages, by path, as MkDocs would apply them."""
    titles: dict[str, str] = {}

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, str):
                        titles.setdefault(posixpath.normpath(value).lstrip("/"), str(title))
                    else:
                        walk(value)

    walk(nav)
    return titles


def convert_ahead(pages: list[CachedPage], config: MkDocsConfig, files: Files) -> Ahead:
    """A forked child that converts some of `pages` while MkDocs converts the others (see
    `Ahead` for which).

    The child goes through what MkDocs does for each page before converting it (the
    `pre_page` and `page_markdown` events, with its own copy of every plugin) and sends back
    the key and the HTML. The parent uses the HTML only when its own key, made from the
    Markdown its own events gave, is the same; anything else it converts itself.
    """
    by_uri = {page.file.src_uri: page for page in pages}
    return Ahead(list(by_uri), lambda uri: _convert(by_uri[uri], config, files))


def _convert(page: CachedPage, config: MkDocsConfig, files: Files) -> tuple[str, Any]:
    config._current_page = page
    changed = config.plugins.on_pre_page(page, config=config, files=files)
    if changed is not page:
        return "", None
    page.read_source(config)
    assert page.markdown is not None
    page.markdown = config.plugins.on_page_markdown(
        page.markdown, page=page, config=config, files=files
    )
    return page.convert(config, files)
