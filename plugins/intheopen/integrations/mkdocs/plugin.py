"""The MkDocs (and ProperDocs) plugin: wires the core into a build, and nothing more."""

from __future__ import annotations

import dataclasses
import logging
from importlib.resources import files as package_files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from intheopen.checks.problems import Problem, counts
from intheopen.checks.settings import conflict_problems
from intheopen.content.attachments import withheld
from intheopen.content.collection import Blog, Reading, find_posts, load_blog
from intheopen.content.gitdates import read_history, with_updates, within
from intheopen.feeds.content import FeedTexts
from intheopen.feeds.files import EPOCH
from intheopen.feeds.writer import newest
from intheopen.integrations.markdown import RelinkExtension
from intheopen.integrations.mkdocs.building import Build, watched
from intheopen.integrations.mkdocs.files import (
    HOME_PAGE,
    asset_files,
    last_changes,
    page_files,
    page_markdown,
    source_uri,
)
from intheopen.integrations.mkdocs.options import (
    Basics,
    InTheOpenConfig,
    footer_of,
    rules_of_options,
    setting_warnings,
    settings_of,
    site_of,
    statement_of,
)
from intheopen.integrations.mkdocs.speed import dirty
from intheopen.integrations.mkdocs.speed.rendering import CachedPage, convert_ahead, nav_titles
from intheopen.integrations.mkdocs.speed.reuse import TEMPLATE, data_digest, template_ahead, usable
from intheopen.integrations.mkdocs.speed.state import Stores, contents, speed_of
from intheopen.integrations.mkdocs.speed.templates import CompiledTemplates, meanwhile
from intheopen.site import embed
from intheopen.site.finishing import mend_theme_markup, private_embeds
from intheopen.site.links import Root
from intheopen.site.pages import plan
from intheopen.site.preview import with_banner
from intheopen.site.urls import absolute
from intheopen.speed.cache import code_digest, digest, remembered, retire_old_formats, stable
from intheopen.speed.collecting import resume
from intheopen.speed.forked import Child, can_fork
from intheopen.speed.reading import in_two_processes

if TYPE_CHECKING:  # serving only: not imported for a build
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger("intheopen")
T = TypeVar("T")
STYLESHEET = "assets/intheopen/intheopen.css"
SCRIPT = "assets/intheopen/pages.js"  # sitemap requests answered; scrolling tables focusable
AHEAD_AT_LEAST = 32  # fewer pages than this are not worth a child process
SHALLOW = (
    "this is a shallow clone: posts last changed before its oldest commit get no "
    "'updated' date from git. Fetch the whole history (actions/checkout's fetch-depth: 0; "
    "GitLab's GIT_DEPTH: 0)"
)


class InTheOpenPlugin(BasePlugin[InTheOpenConfig]):
    """Builds a council blog from the posts folder."""

    serving = False
    build: Build | None = None

    def __init__(self) -> None:
        super().__init__()
        self.stores = Stores()  # while serving, caches and the last plan stay in memory
        self.told_shallow = False  # said once a process, not once a rebuild
        self.dirty = False  # `serve --dirty`: only what changed is built again (dirty.py)
        self.keeps_site = False  # any dirty build: the site folder is not cleaned
        self.served: dirty.Served | None = None
        self.quiet = dirty.QuietDirty()
        self.shown: tuple[Problem, ...] = ()  # what a preview lists at the top of each page
        self.compiled = CompiledTemplates()  # while serving: templates compiled once

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        resume()  # if an earlier command in this process left its objects to the exit
        self.serving = self.stores.serving = command == "serve"
        self.dirty = self.serving and dirty
        self.keeps_site = dirty
        if self.dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(self.quiet)

    def on_shutdown(self) -> None:
        self.stores.save()
        logging.getLogger("mkdocs.commands.build").removeFilter(self.quiet)
        self.stores.collector.leave_to_exit()  # MkDocs runs this just before exiting

    def _parallel(self) -> bool:
        return bool(self.config.parallel) and can_fork()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.stores.rebuilding.start()  # the poller waits (polling.py)
        if self.dirty and self.served is not None and self.config.cache:  # a rebuild
            self.build = None  # let the last build go before collecting
            self.stores.collector.hold()
        root = Path(config.config_file_path or ".").resolve().parent
        basics = Basics.of(config)
        posts_dir, authors_file = root / self.config.posts_dir, root / self.config.authors_file
        rules = rules_of_options(basics, self.config)
        folder = root / self.config.cache_dir if self.config.cache else None
        if folder is not None:
            retire_old_formats(folder)
        else:  # `cache: false`: nothing kept, even what an earlier build in this process kept
            self.stores.kept.clear()
        found = find_posts(posts_dir) if posts_dir.is_dir() else []
        sources = [posts_dir, authors_file, *found] if posts_dir.is_dir() else []
        seen = self.stores.blogs.memo.seeing() if self.serving else {}  # each file read once
        keep = self.serving and self.config.cache  # else nothing is kept, in memory either
        read = self.stores.unchanged.read if keep else Path.read_bytes
        self.stores.unchanged.forget(set(sources) if keep else set())
        code = code_digest()
        key = digest([code, stable(rules), *contents(root, sources, seen, read)])

        def load(reading: Reading | None) -> Blog:
            return load_blog(
                posts_dir, authors_file, root, rules=rules, reading=reading, found=found, held=seen
            )

        if self.serving and folder is not None:  # only the files whose text changed are read
            blog = self.stores.blogs.get(key, load)
        else:
            reading = in_two_processes if self._parallel() else None
            blog = remembered(folder, "blog", key, lambda: load(reading), Blog)
        errors, _ = counts(list(blog.problems))
        self.shown = blog.problems if self.serving else ()
        for problem in blog.problems:
            if self.serving and config.strict:  # a preview goes on: --strict would stop it
                log.info(f"error: {problem}" if problem.is_error else str(problem))
            else:
                (log.error if problem.is_error else log.warning)(str(problem))
        if errors and self.serving:
            log.info(
                "The preview leaves out the posts with errors and lists every problem at the "
                "top of each page; `intheopen build` stops at errors."
            )
        elif errors:
            raise PluginError(f"{errors} error{'s' if errors != 1 else ''} in posts; see above")
        folders = [posts_dir, Path(config.docs_dir)]
        history = read_history(root, folders) if self.config.git_dates else None
        if history is not None:
            if history.shallow and not self.told_shallow:
                log.info(SHALLOW)
                self.told_shallow = True
            edits = within(history.edited, root, posts_dir)
            blog = dataclasses.replace(blog, posts=with_updates(blog.posts, edits))
        site = site_of(basics, self.config, dict(blog.authors))
        settings = settings_of(basics, self.config)
        statement = statement_of(basics, self.config, site.council)
        for warning in setting_warnings(config, self.config, statement, site.now.date()):
            log.warning(warning)
        docs_dir = Path(config.docs_dir)
        for problem in conflict_problems(config.plugins.keys(), docs_dir, root, posts_dir):
            log.warning(str(problem))
        theme = config.theme
        ours = package_files("intheopen") / "templates" / "theme"
        theme.dirs.insert(1 if theme.custom_dir else 0, str(ours))
        # the theme is compiled by a child while the build plans (templates.py)
        theme_code = meanwhile(theme, ours) if self._parallel() and not self.serving else None
        preview = self.serving and self.config.drafts_on_serve
        if self.serving and self.config.cache:
            planned = self.stores.plans(blog, site, settings, preview, statement, rules.pause)
            log.debug(f"plan: {self.stores.plans.reused} post pages as they were")
        else:
            planned = plan(blog, site, settings, preview, statement, rules.pause)
        self.build = Build(
            posts_dir=posts_dir,
            authors_file=authors_file,
            plan=planned,
            settings=settings,
            pages={source_uri(page): page for page in planned.pages},
            roots=[(posts_dir.resolve(), "posts/"), (Path(config.docs_dir).resolve(), "")],
            footer=footer_of(self.config, settings, site),
            pause=rules.pause,
            root=root,
            speed=speed_of(self.stores, folder, config, code, self._where, self._links),
            withheld=withheld(blog.posts, planned.index.posts),
        )
        self.build.speed.theme_code = theme_code
        if self.dirty and self.served is not None:  # posts not built again keep their text
            self.build.content = FeedTexts(self.build.speed.feed_text, self.served.feed_texts)
        latest = newest(planned.published.posts, EPOCH) if planned.published.posts else None
        docs = within(history.touched, root, Path(config.docs_dir)) if history else {}
        self.build.changed = last_changes(
            planned.pages,
            f"{latest:%Y-%m-%d}" if latest else None,
            {uri: f"{moment:%Y-%m-%d}" for uri, moment in docs.items()},
        )
        config.extra_css.append(STYLESHEET)
        config.extra_javascript.append(SCRIPT)
        relink = RelinkExtension(self._current, self._record)
        config.markdown_extensions.append(relink)  # type: ignore[arg-type]
        return config

    def _current(self) -> tuple[Path, str, list[Root]] | None:
        return self.build.current if self.build else None

    def _record(self, link: str) -> None:
        if self.build is not None:
            self.build.links.append(link)

    def _links(self) -> list[str]:
        return self.build.links if self.build else []

    def _where(self, page: MkDocsPage) -> str:
        return self.build.where() if self.build else ""

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Set the last build's files aside: MkDocs, about to clean the site folder, then
        finds it empty; `on_files` puts back what it can use (places.py)."""
        build = self.build
        if build is None or self.keeps_site or not self.config.cache or not self._parallel():
            return
        trash = build.root / self.config.cache_dir / "trash"
        build.speed.clear_site(Path(config.site_dir), trash)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        posts_dir = self.build.posts_dir.resolve()
        for file in list(files):  # posts kept inside docs/ are published by us, once
            if file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(posts_dir):
                files.remove(file)
        titles = nav_titles(config.nav)
        made = self.stores.markdowns.next_build() if self.dirty and self.config.cache else None
        for file in page_files(self.build.pages.values(), config, files, made or page_markdown):
            files.append(file)
            CachedPage(titles.get(file.src_uri), file, config, self.build.speed.cache)
        for file in asset_files(self.build.posts_dir, config, self.build.withheld):
            files.append(file)
        if files.get_file_from_path("index.md") is None:
            name = config.site_name
            files.append(File.generated(config, "index.md", content=HOME_PAGE.format(name=name)))
        self.build.speed.recycle(files)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        assert self.build is not None
        self.build.nav = nav
        shown = files.documentation_pages()
        for file in shown:  # for the sitemap's <lastmod>
            day = self.build.changed.get(file.src_uri)
            if day and file.page is not None:
                file.page.update_date = day
        if self.dirty:
            self._choose(nav, config, files)
        pages = [file.page for file in shown]
        cold = len(self.build.speed.cache.store) < len(pages) // 2  # else most will come from it
        usable_cache = self.build.speed.cache.usable
        if cold and usable_cache and self._parallel():  # a child converts some posts
            # (a listing's Markdown is empty: converting it costs less than sending it)
            posts = {uri for uri, page in self.build.pages.items() if page.post is not None}
            ours = [p for p in pages if isinstance(p, CachedPage) and p.file.src_uri in posts]
            if len(ours) >= AHEAD_AT_LEAST:
                self.build.speed.cache.ahead = convert_ahead(ours, config, files)
        return nav

    def _choose(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        """`serve --dirty`: mark the pages that must be built again."""
        build = self.build
        assert build is not None
        served = self.served if self.served is not None and self.served.whole else None
        if usable(config):  # else any page may have changed: build them all
            ours = [(file, build.pages[file.src_uri]) for file in build.ours(files)]
            digests = self.stores.digests.next_build()
            data = [(file, digests(page)) for file, page in ours]
            shown = [str(problem) for problem in self.shown]  # a new list: every page
            extra = [build.speed.cache.settings, build.extra(), "\n".join(shown)]
            texts = self.stores.texts.next_build()
            build.speed.inputs = dirty.fingerprints(data, nav, files, config, extra, texts)
        dirty.choose(files, nav, build.speed.inputs, served)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        build = self.build
        assert build is not None and build.nav is not None
        build.speed.recycled()  # before anything is written into the site folder
        if build.speed.cache.ahead is not None:
            build.speed.cache.ahead.close()
            build.speed.cache.ahead = None
        # Feeds are written by a child while MkDocs templates the pages; not while serving,
        # where a rebuild templates few pages and the feeds kept in memory do most of them.
        if self._parallel() and not self.serving:
            site_dir = Path(config.site_dir)
            build.speed.feeds = Child(lambda send: send(build.write_feeds(site_dir, keep=True)))
        build.files = files
        build.env = env
        kept = self.compiled if self.serving and self.config.cache else None
        build.speed.prepare(env, kept, config.theme.get("language", "en"))
        if build.speed.search is not None:
            build.speed.search.wrap(config)
        if build.speed.reuse is not None:
            ours = [
                (file.page, data_digest(build.pages[file.src_uri]))
                for file in build.ours(files)
                if file.page is not None and file.page.content is not None  # built this time
            ]
            build.speed.reuse.plan(
                ours, build.nav, config, build.speed.cache.settings, build.extra()
            )
            pending = [done for done, _ in ours if not build.speed.reuse.reusing(done)]
            # A child finishes some (`Ahead`); the parent writes all, each as it comes
            if self._parallel() and len(pending) >= AHEAD_AT_LEAST:
                build.speed.ahead, build.speed.ahead_templates = template_ahead(
                    pending, build.nav, config, files, env, build.speed.search
                )
                for waiting in pending:
                    waiting.meta["template"] = TEMPLATE
        return env

    def on_page_markdown(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.build is not None
        uri = page.file.src_uri
        ours = self.build.pages.get(uri)
        if ours is not None and ours.post is not None:
            real: Path | None = self.build.posts_dir / ours.post.source
        else:
            real = Path(page.file.abs_src_path) if page.file.abs_src_path else None
        self.build.current = (real, uri, self.build.roots) if real else None
        self.build.links = []
        if ours is None:
            index, site = self.build.plan.index, self.build.plan.site
            markdown, problems = embed.expand(markdown, page.url, index, site)
            for problem in problems:
                log.warning(f"{uri}: {problem}")
        return markdown

    def on_page_content(
        self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.build is not None
        html = private_embeds(html)
        ours = self.build.pages.get(page.file.src_uri)
        if ours is not None and ours.post is not None:
            page_url = absolute(self.build.plan.site.url, page.url)
            self.build.content.add(ours.post.source, html, page_url)  # made if a feed asks
        return html

    @event_priority(100)  # before search indexes the page: the child may have done it
    def _take_ahead(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.build is not None
        self.build.speed.take_ahead(page.file.src_uri)
        return context

    def _page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.build is not None
        ours = self.build.pages.get(page.file.src_uri)
        if ours is not None:
            context["intheopen"] = {"page": ours.view}  # type: ignore[typeddict-unknown-key]
        context["intheopen_site"] = {"footer": self.build.footer}  # type: ignore[typeddict-unknown-key]
        reuse = self.build.speed.reuse
        if page.file.src_uri in self.build.speed.ahead_templates or (
            reuse is not None and reuse.reusing(page)
        ):
            self.build.contexts[page.file.src_uri] = context  # in case it must be templated
        if self.dirty:
            self.build.built.append(page)
        return context

    on_page_context = CombinedEvent(_take_ahead, _page_context)

    def on_pre_template(self, template: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        if self.serving and self.config.cache:  # the sitemap as last made, if the same
            return self.stores.sitemap.template(template, template_name)
        return template

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if self.build is not None:  # 404.html and other pages made from templates alone
            context["intheopen_site"] = {"footer": self.build.footer}  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        assert self.build is not None
        return with_banner(self.build.finished_page(output, page, config), self.shown)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return with_banner(mend_theme_markup(output_content), self.shown)  # 404.html

    @event_priority(100)  # before Material's search writes its index (dirty.py)
    def _before_search(self, *, config: MkDocsConfig) -> None:
        if self.dirty and self.build is not None and self.build.files is not None:
            self.build.feed_search(config, self.served)

    @event_priority(-100)  # after Material's search has written its index (see dirty.py)
    def _after_search(self, *, config: MkDocsConfig) -> None:
        assert self.build is not None
        flagged = self.build.speed.finish()  # the feeds, if a child wrote them
        if flagged is None:  # no child, or it failed: write them here
            flagged = self.build.write_feeds(Path(config.site_dir), keep=not self.serving)
        for source in flagged:
            log.warning(
                f"{self.config.posts_dir}/{source}: characters that XML cannot carry "
                "were left out of its feeds"
            )
        self.build.speed.report(log.debug)
        if not self.serving:  # serve writes its caches once, when it stops
            self.build.speed.save()
        if self.dirty:
            self.served = self.build.served(Path(config.site_dir), self.served)
        if self.dirty and self.config.cache:  # serving: collect once the page is served
            self.stores.collector.release()
            self.stores.collector.later()
        self.stores.rebuilding.end()

    on_post_build = CombinedEvent(_before_search, _after_search)

    def on_build_error(self, *, error: Exception) -> None:
        if self.build is not None:
            self.build.speed.unwritten()
        self.stores.collector.release()
        self.stores.rebuilding.end()

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        from intheopen.integrations.mkdocs.speed.polling import quicker_polling

        quicker_polling(server, len(self.build.pages) if self.build else 0, self.stores.rebuilding)
        for path in watched(config, self.build):  # beyond what MkDocs watches
            server.watch(str(path))
        return server
