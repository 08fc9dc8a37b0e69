"""What one build knows, and the work done with that alone: finishing a page's HTML,
writing the feeds, and what a `serve --dirty` rebuild keeps for the next one."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from intheopen.content.siterules import Pause
from intheopen.feeds.content import FeedTexts
from intheopen.feeds.files import output_paths, write_all
from intheopen.feeds.writer import Settings
from intheopen.integrations.finish import finished
from intheopen.integrations.mkdocs.options import source_date
from intheopen.integrations.mkdocs.speed import dirty
from intheopen.integrations.mkdocs.speed.rendering import CachedPage
from intheopen.integrations.mkdocs.speed.state import Speed
from intheopen.site.links import Root
from intheopen.site.pages import Page, Plan
from intheopen.speed.cache import stable
from intheopen.speed.feedfiles import write_all_kept


@dataclass(kw_only=True)
class Build:
    """What one build knows; made afresh in `on_config`, so `serve` rebuilds never go stale."""

    posts_dir: Path
    authors_file: Path
    plan: Plan
    settings: Settings
    pages: dict[str, Page]
    roots: list[Root]
    footer: dict[str, Any]
    pause: Pause | None
    root: Path
    speed: Speed
    content: FeedTexts = field(init=False)  # posts' feed text, made if a feed asks for it
    nav: Navigation | None = None
    contexts: dict[str, Any] = field(default_factory=dict)  # from page_context to post_page
    env: Any = None
    current: tuple[Path, str, list[Root]] | None = None
    links: list[str] = field(default_factory=list)  # met by the conversion under way
    changed: dict[str, str] = field(default_factory=dict)  # each page's last change, by URI
    withheld: frozenset[str] = frozenset()  # files beside posts that only hidden posts use
    files: Files | None = None
    built: list[MkDocsPage] = field(default_factory=list)  # pages built, in order
    search: dirty.Search | None = None  # the search entries given to Material's search

    def __post_init__(self) -> None:
        self.content = FeedTexts(self.speed.feed_text)

    def where(self) -> str:
        """What, beyond its Markdown, decides the HTML of the page being converted: where
        its source really is."""
        if self.current is None:
            return ""
        real, uri, roots = self.current
        parts = [real, *(folder for folder, _ in roots)]
        places = [os.path.relpath(part, self.root) for part in parts]
        return " ".join([uri, *places, *(prefix for _, prefix in roots)])

    def ours(self, files: Files) -> list[File]:
        """The files of our pages (`files.documentation_pages()` that are ours: every
        source of ours is Markdown, so a look-up comes first, for speed)."""
        return [
            file
            for file in files
            if file.src_uri in self.pages
            and isinstance(file.page, CachedPage)
            and file.inclusion.is_included()
        ]

    def extra(self) -> str:
        """What, beyond its own data and the configuration, every page of ours shows."""
        site = self.plan.site
        pause = self.pause is not None and self.pause.active(site.now.date())
        feeds = [(channel.path, channel.title) for channel in self.plan.channels]
        return stable([self.footer, site.now.date(), pause, feeds, site.url])

    def template(self, page: MkDocsPage, config: MkDocsConfig, name: str, context: Any) -> str:
        """A page given the empty template for another to finish (a child, or the page
        cache) that could not: templated here with `name`, as MkDocs would have."""
        return self.finish(self.env.get_template(name).render(context), page, config)

    def finished_page(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        """A page as MkDocs templated it, finished (`on_post_page`); or, for a page given
        the empty template, as kept from last time or as the child finished it (else
        templated here after all)."""
        uri = page.file.src_uri
        context = self.contexts.pop(uri, None)
        reuse, speed = self.speed.reuse, self.speed
        if reuse is not None and reuse.reusing(page):
            kept = reuse.finished(page)
            if kept is not None:
                return kept
            output = self.template(page, config, reuse.templates[uri], context)
        elif uri in speed.ahead_templates:
            done = speed.finished_ahead.pop(uri, None)
            output = done or self.template(page, config, speed.ahead_templates[uri], context)
        else:
            output = self.finish(output, page, config)
        if reuse is not None:
            reuse.keep(page, output)
        return output

    def finish(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        """A templated page with our changes: mended markup, the pre-election notice, feed
        links and the page's language."""
        ours = self.pages.get(page.file.src_uri)
        language = config.theme.locale.language if config.theme.locale else "en"
        return finished(output, self.plan, self.pause, ours, language)

    def write_feeds(self, site_dir: Path, keep: bool) -> list[str]:
        """Write every feed, OPML and the JSON index (and, if `keep`, save the feeds kept
        for the next build); the posts whose text was cut."""
        planned = self.plan
        inputs = (
            planned.published,
            planned.channels,
            planned.site,
            self.settings,
            self.content,
            source_date(),
        )
        if keep:  # this process (a child, when there is one) writes and saves the feeds kept
            self.speed.feed_files.claim()
            self.speed.feed_texts.claim()
        if self.speed.feed_files.folder is None:  # the speed layer is off: the plain path
            written, flagged = write_all(*inputs)
        else:
            written, flagged = write_all_kept(
                self.speed.feed_files, self.speed.cache.settings, *inputs, self.speed.feed_items
            )
        if keep:  # here, in the child when there is one: only feeds use these stores
            self.speed.feed_files.save()
            self.speed.feed_texts.save()
        for path, data in written.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return flagged

    def shown(self) -> list[MkDocsPage]:
        """Every page a dirty build shows, in order."""
        assert self.files is not None
        shown = self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        return [file.page for file in shown if file.page is not None]

    def feed_search(self, config: MkDocsConfig, last: dirty.Served | None) -> None:
        """`serve --dirty`, before Material's search writes its index: the entries of
        every page, in order (dirty.py)."""
        self.search = dirty.feed_search(config, self.built, self.shown(), last)

    def served(self, site_dir: Path, last: dirty.Served | None) -> dirty.Served:
        """`serve --dirty`: put the search index right, delete what is no longer published,
        and say what the next rebuild needs."""
        assert self.files is not None
        search = self.search or dirty.mend_search(site_dir, self.built, self.shown(), last)
        now = dirty.published(self.files, output_paths(self.plan.channels))
        if last is not None:
            dirty.remove_stale(site_dir, last.published, now)
        whole = search.written is None or search.pages is not None
        return dirty.Served(
            self.speed.inputs, now, self.content, search.written, search.pages, whole, search.json
        )


def watched(config: MkDocsConfig, build: Build | None) -> list[Path]:
    """Everything the site is made from that MkDocs' own `serve` does not watch: the posts,
    the authors file and the council's own templates (the theme's `custom_dir`, which
    MkDocs watches only under --watch-theme)."""
    found = []
    if build is not None:
        found += [build.posts_dir, build.authors_file]
    custom = config.theme.custom_dir
    if custom:
        found.append(Path(custom))
    return [path for path in found if path.exists()]
