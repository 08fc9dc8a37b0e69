"""The MkDocs (and ProperDocs) plugin: wires the core into a build, and nothing more."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any, Literal

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
from intheopen.feedcontent import feed_html
from intheopen.feeds import Settings
from intheopen.htmlpage import add_notice, mend_theme_markup, private_embeds, set_lang
from intheopen.integrations.mkdocs.files import asset_files, page_files, source_uri
from intheopen.integrations.mkdocs.markdown import RelinkExtension
from intheopen.integrations.mkdocs.options import (
    InTheOpenConfig,
    footer_of,
    rules_of_options,
    setting_warnings,
    settings_of,
    site_of,
    source_date,
    statement_of,
)
from intheopen.links import Root
from intheopen.outputs import head_links, write_all
from intheopen.pages import Page, Plan, plan
from intheopen.problems import counts
from intheopen.siterules import Pause
from intheopen.urls import absolute

log = get_plugin_logger("intheopen")
STYLESHEET = "assets/intheopen/intheopen.css"
HOME_PAGE = """# {name}

## Latest posts

<!-- intheopen:posts limit=10 -->

[All posts](posts/index.md)
"""


@dataclass
class _Build:
    """What one build knows; made afresh in `on_config`, so `serve` rebuilds never go stale."""

    posts_dir: Path
    authors_file: Path
    plan: Plan
    settings: Settings
    pages: dict[str, Page]
    roots: list[Root]
    footer: dict[str, Any]
    pause: Pause | None
    content: dict[str, str] = field(default_factory=dict)
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
        rules = rules_of_options(config, self.config)
        blog = load_blog(posts_dir, authors_file, root, rules=rules)
        for problem in blog.problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        errors, _ = counts(list(blog.problems))
        if errors:
            raise PluginError(f"{errors} error{'s' if errors != 1 else ''} in posts; see above")
        site = site_of(config, self.config, dict(blog.authors))
        settings = settings_of(config, self.config)
        statement = statement_of(config, self.config, site.council)
        for warning in setting_warnings(config, self.config, statement, site.now.date()):
            log.warning(warning)
        preview = self.serving and self.config.drafts_on_serve
        planned = plan(blog, site, settings, preview, statement, rules.pause)
        self.build = _Build(
            posts_dir,
            authors_file,
            planned,
            settings,
            {source_uri(page): page for page in planned.pages},
            [(posts_dir.resolve(), "posts/"), (Path(config.docs_dir).resolve(), "")],
            footer_of(self.config, settings, site),
            rules.pause,
        )
        theme = config.theme
        ours = str(package_files("intheopen") / "templates" / "theme")
        theme.dirs.insert(1 if theme.custom_dir else 0, ours)
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
            name = config.site_name
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
            self.build.content[ours.post.source] = feed_html(html, page_url)
        return html

    def on_page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.build is not None
        ours = self.build.pages.get(page.file.src_uri)
        if ours is not None:
            context["intheopen"] = {"page": ours.view}  # type: ignore[typeddict-unknown-key]
        context["intheopen_site"] = {"footer": self.build.footer}  # type: ignore[typeddict-unknown-key]
        return context

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if self.build is not None:  # 404.html and other pages made from templates alone
            context["intheopen_site"] = {"footer": self.build.footer}  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        assert self.build is not None
        ours = self.build.pages.get(page.file.src_uri)
        found = self.build.plan.channels
        site_url = self.build.plan.site.url
        output = mend_theme_markup(output)
        pause = self.build.pause
        if pause is not None and pause.active(self.build.plan.site.now.date()):
            output = add_notice(output, pause.notice())
        output = head_links(output, site_url, ours.feed if ours else None, found)
        if ours is not None and ours.lang != config.theme.locale.language:
            output = set_lang(output, ours.lang)
        return output

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return mend_theme_markup(output_content)  # 404.html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.build is not None
        planned = self.build.plan
        written, flagged = write_all(
            planned.published,
            planned.channels,
            planned.site,
            self.build.settings,
            self.build.content,
            source_date(),
        )
        for source in flagged:
            log.warning(
                f"{self.config.posts_dir}/{source}: characters that XML cannot carry "
                "were left out of its feeds"
            )
        site_dir = Path(config.site_dir)
        for path, data in written.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        if self.build is not None:
            server.watch(str(self.build.posts_dir))
            server.watch(str(self.build.authors_file))
        return server
