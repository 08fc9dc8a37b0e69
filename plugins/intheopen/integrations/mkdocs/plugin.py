"""The MkDocs (and ProperDocs) plugin: wires the core into a build, and nothing more."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any, Literal

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from intheopen import embed
from intheopen.collection import load_blog
from intheopen.dates import london
from intheopen.indexes import Index
from intheopen.integrations.mkdocs.files import asset_files, page_files, source_uri
from intheopen.integrations.mkdocs.markdown import RelinkExtension
from intheopen.links import Root
from intheopen.pagelang import set_lang
from intheopen.pages import Page, plan
from intheopen.problems import counts
from intheopen.siteconfig import DEFAULT_AUTHORS, DEFAULT_POSTS
from intheopen.urls import Urls
from intheopen.views import Site

log = get_plugin_logger("intheopen")
STYLESHEET = "assets/intheopen/intheopen.css"
HOME_PAGE = """# {name}

## Latest posts

<!-- intheopen:posts limit=10 -->

[All posts](posts/index.md)
"""


class InTheOpenConfig(Config):
    posts_dir = config_options.Type(str, default=DEFAULT_POSTS)
    authors_file = config_options.Type(str, default=DEFAULT_AUTHORS)
    per_page = config_options.Type(int, default=10)
    related_count = config_options.Type(int, default=3)
    council = config_options.Optional(config_options.Type(str))
    drafts_on_serve = config_options.Type(bool, default=True)


@dataclass
class _Build:
    """What one build knows; made afresh in `on_config`, so `serve` rebuilds never go stale."""

    posts_dir: Path
    authors_file: Path
    docs_dir: Path
    site: Site
    index: Index
    pages: dict[str, Page]
    roots: list[Root]
    current: tuple[Path, str, list[Root]] | None = None


class InTheOpenPlugin(BasePlugin[InTheOpenConfig]):
    """Builds a council blog from the posts folder."""

    serving = False
    build: _Build | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        posts_dir, authors_file = root / self.config.posts_dir, root / self.config.authors_file
        blog = load_blog(posts_dir, authors_file, root)
        for problem in blog.problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        errors, _ = counts(list(blog.problems))
        if errors:
            raise PluginError(f"{errors} error{'s' if errors != 1 else ''} in posts; see above")
        site = Site(
            name=config.site_name,
            url=config.site_url or "",
            council=self.config.council or config.site_author or config.site_name,
            urls=Urls(config.use_directory_urls),
            now=_now(),
            authors=blog.authors,
            per_page=self.config.per_page,
            related_count=self.config.related_count,
        )
        pages, index = plan(blog, site, preview=self.serving and self.config.drafts_on_serve)
        docs_dir = Path(config.docs_dir).resolve()
        self.build = _Build(
            posts_dir,
            authors_file,
            docs_dir,
            site,
            index,
            {source_uri(page): page for page in pages},
            [(posts_dir.resolve(), "posts/"), (docs_dir, "")],
        )
        theme = config.theme
        theme.dirs.insert(
            1 if theme.custom_dir else 0, str(package_files("intheopen") / "templates" / "theme")
        )
        config.extra_css.append(STYLESHEET)
        config.markdown_extensions.append(RelinkExtension(self._current))  # type: ignore[arg-type]
        return config

    def _current(self) -> tuple[Path, str, list[Root]] | None:
        return self.build.current if self.build else None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        posts_dir = self.build.posts_dir.resolve()
        for file in list(files):  # posts kept inside docs/ are published by us, once
            if file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(posts_dir):
                files.remove(file)
        for file in page_files(self.build.pages.values(), config, files):
            files.append(file)
        for file in asset_files(self.build.posts_dir, config):
            files.append(file)
        if files.get_file_from_path("index.md") is None:
            name = self.build.site.name
            files.append(File.generated(config, "index.md", content=HOME_PAGE.format(name=name)))
        return files

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
        if ours is None:
            markdown, problems = embed.expand(markdown, page.url, self.build.index, self.build.site)
            for problem in problems:
                log.warning(f"{uri}: {problem}")
        return markdown

    def on_page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.build is not None
        ours = self.build.pages.get(page.file.src_uri)
        if ours is not None:
            context["intheopen"] = {"page": ours.view}  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        assert self.build is not None
        ours = self.build.pages.get(page.file.src_uri)
        if ours is not None and ours.lang != config.theme.locale.language:
            return set_lang(output, ours.lang)
        return output

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        if self.build is not None:
            server.watch(str(self.build.posts_dir))
            server.watch(str(self.build.authors_file))
        return server


def _now() -> datetime:
    """The build's 'now', for scheduled posts: SOURCE_DATE_EPOCH when set (reproducible)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=london())
    return datetime.now(london())
