"""Whole pages of ours kept between builds, so an unchanged page is not templated again.

Before MkDocs templates any page (`on_env`), each of our pages gets a fingerprint of
everything its finished HTML is made from: its HTML body and table of contents, its view
(the plain data our templates read), its place in the navigation and the navigation itself,
the whole MkDocs configuration, the theme's files, the installed packages, our own code and
today's date. A page whose fingerprint was seen last time is given an empty template, and
its finished HTML is put back in `on_post_page`. MkDocs still builds every page in order,
so the search index, the sitemap and other plugins' events are exactly as in a full build.

Only sites whose plugins are all known not to change pages' templates or output use this;
with any other plugin, every page is templated as usual (the Markdown cache still works).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import msgspec
from jinja2 import Environment
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from intheopen.integrations.mkdocs.speed.search import Entries, SearchReuse
from intheopen.integrations.mkdocs.speed.templates import compiled
from intheopen.site.pages import Page as OurPage
from intheopen.speed.cache import digest, stable
from intheopen.speed.forked import Ahead
from intheopen.speed.shelf import Shelf

TEMPLATE = "intheopen/reused.html"
# Plugins that neither add to a page's template context nor change its finished HTML.
KNOWN = frozenset({"search", "material/search", "intheopen", "offline", "material/offline"})


def _nav_text(items: Iterable[Any]) -> list[Any]:
    found = []
    for item in items:
        entry = [type(item).__name__, item.title, getattr(item, "url", None)]
        if isinstance(item, Page):
            entry.append(stable(item.meta))
        if item.children:
            entry.append(_nav_text(item.children))
        found.append(entry)
    return found


def theme_files(config: MkDocsConfig) -> str:
    """The council's own theme folder, file by file; packaged themes change by version."""
    custom = config.theme.custom_dir
    if not custom or not Path(custom).is_dir():
        return ""
    parts = []
    for path in sorted(Path(custom).rglob("*")):
        if path.is_file():
            status = path.stat()
            parts.append(f"{path.relative_to(custom)}:{status.st_size}:{status.st_mtime_ns}")
    return ";".join(parts)


def usable(config: MkDocsConfig) -> bool:
    return all(name in KNOWN for name in config.plugins)


class PageReuse:
    """Finished pages by fingerprint, for one build."""

    def __init__(self, store: Shelf[str]) -> None:
        self.store = store
        self.fingerprints: dict[str, str] = {}
        self.reused: set[str] = set()  # pages given the empty template: read back at the end
        self.templates: dict[str, str] = {}  # the templates they would have had

    def plan(
        self,
        pages: Iterable[tuple[Page, str]],
        nav: Navigation,
        config: MkDocsConfig,
        settings: str,
        extra: str,
    ) -> None:
        """Fingerprint `pages`, each with a digest of the data our templates and hooks give
        it (`data_digest` of the plan's page); those seen before get the empty template and will
        be put back whole."""
        theme, navigation = theme_files(config), json.dumps(_nav_text(nav))
        site = digest([settings, stable(dict(config)), theme, navigation, extra])
        for page, data in pages:
            near = [page.previous_page, page.next_page, page.parent]
            parts = [
                site,
                page.file.src_uri,
                page.url,
                str(page.canonical_url),
                str(page.edit_url),
                str(page.title),
                page.content or "",
                stable([(link.title, link.id, link.level) for link in _walk(page.toc)]),
                stable(page.meta),
                stable([(getattr(n, "title", None), getattr(n, "url", None)) for n in near]),
                data,
            ]
            fingerprint = digest(parts)
            self.fingerprints[page.file.src_uri] = fingerprint
            if self.store.has(fingerprint):
                self.reused.add(page.file.src_uri)
                self.templates[page.file.src_uri] = page.meta.get("template", "main.html")
                page.meta["template"] = TEMPLATE

    def reusing(self, page: Page) -> bool:
        """Whether the page was given the empty template, to be put back whole."""
        return page.file.src_uri in self.reused

    def finished(self, page: Page) -> str | None:
        """The page's finished HTML from last time; None if it can no longer be read (the
        page must then be templated after all)."""
        fingerprint = self.fingerprints.get(page.file.src_uri)
        found = self.store.get(fingerprint) if fingerprint is not None else None
        return found if isinstance(found, str) else None

    def keep(self, page: Page, output: str) -> None:
        fingerprint = self.fingerprints.get(page.file.src_uri)
        if fingerprint is not None:
            self.store.put(fingerprint, output)


def _walk(toc: Iterable[Any]) -> Iterable[Any]:
    for link in toc:
        yield link
        yield from _walk(link.children)


def template_ahead(
    pages: Sequence[Page],
    nav: Navigation,
    config: MkDocsConfig,
    files: Files,
    env: Environment,
    search: SearchReuse | None,
) -> tuple[Ahead, dict[str, str]]:
    """A forked child that finishes some of `pages` while MkDocs templates the others
    (see `Ahead` for which), and the templates they name. The child does for each page what
    MkDocs' build does up to writing it (every plugin's page events run on its own copies),
    and sends the finished HTML with the search entries it made (`search.recorded()`), so
    that the parent, given them before it indexes the page, does not make them again."""
    shown = files.documentation_pages()
    templates = {page.file.src_uri: page.meta.get("template", "main.html") for page in pages}
    compiled(env, templates.values())  # once, here, not again in the child

    by_uri = {page.file.src_uri: page for page in pages}

    def work(uri: str) -> tuple[str, list[tuple[str, Entries]]]:  # in the child
        if search is not None:
            search.recorded()  # from here
        output = finish(by_uri[uri], templates[uri], nav, shown, config, env)
        return output, search.recorded() if search is not None else []

    return Ahead(list(templates), work), templates


def finish(
    page: Page,
    template: str,
    nav: Navigation,
    shown: Any,
    config: MkDocsConfig,
    env: Environment,
) -> str:
    """One page, templated and through every plugin's `post_page`, as MkDocs builds it."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, shown, config, page)
        chosen = env.get_template(template)
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return config.plugins.on_post_page(chosen.render(context), page=page, config=config)
    finally:
        page.active = False
        config._current_page = None


# Keys sorted, as `json.dumps(sort_keys=True)` would, and five times as fast (0.2 s a cold
# build of 1,000 posts, before any page is templated)
_DATA = msgspec.json.Encoder(order="sorted", enc_hook=str)


def data_digest(page: OurPage) -> str:
    """A digest of the data a page of ours gives its template (its view, feed and language)."""
    data = {"view": page.view, "feed": page.feed, "lang": page.lang}
    try:
        return digest([_DATA.encode(data).decode()])
    except (msgspec.EncodeError, UnicodeEncodeError):  # a lone surrogate: not UTF-8
        return digest([json.dumps(data, sort_keys=True, default=str)])
