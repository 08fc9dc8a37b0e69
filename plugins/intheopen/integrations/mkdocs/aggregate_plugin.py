"""The aggregated site's MkDocs plugin: pages and feeds that the core planned from the store.

`intheopen aggregate` loads the packaged site settings, gives this plugin the plan and
builds; the plugin only turns the plan into MkDocs files and writes the feeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files as package_files
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from intheopen.aggregate.listings import Page, Plan
from intheopen.feeds.files import head_links
from intheopen.feeds.writer import Channel, Settings, Writer
from intheopen.integrations.mkdocs.files import markdown_of
from intheopen.site.finishing import add_csp, mend_theme_markup
from intheopen.site.urls import Urls
from intheopen.site.views import Site


@dataclass
class Job:
    plan: Plan
    site: Site
    settings: Settings
    feeds: list[Channel]  # the channels whose feeds to write


class AggregatePlugin(BasePlugin):  # type: ignore[type-arg]
    """Builds the aggregated site from a plan it is given."""

    job: Job | None = None
    pages: dict[str, Page] | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        ours = str(package_files("intheopen") / "templates" / "theme")
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, ours)
        config.theme["font"] = False
        config.extra_css.append("assets/intheopen/intheopen.css")
        config.extra_javascript.append("assets/intheopen/pages.js")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.job is not None, "run through `intheopen aggregate`"
        self.pages = {}
        for page in self.job.plan.pages:
            uri = Urls.source(page.path)
            files.append(
                File.generated(
                    config,
                    uri,
                    content=markdown_of(page.title, page.template, searchable=page.searchable),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
            self.pages[uri] = page
        return files

    def on_page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        ours = (self.pages or {}).get(page.file.src_uri)
        if ours is not None:
            context["intheopen"] = {"page": ours.view}  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        assert self.job is not None
        ours = (self.pages or {}).get(page.file.src_uri)
        output = head_links(
            mend_theme_markup(output),
            self.job.site.url,
            ours.feed if ours else None,
            self.job.plan.channels,
        )
        return add_csp(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return add_csp(mend_theme_markup(output_content))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.job is not None
        site, plan = self.job.site, self.job.plan
        writer = Writer(site, self.job.settings, {}, site.now)
        written = dict(plan.files)
        for channel in self.job.feeds:
            written[channel.url("xml")] = writer.rss(channel)
            written[channel.url("atom")] = writer.atom(channel)
            written[channel.url("json")] = writer.json(channel)
        for path, data in written.items():
            target = Path(config.site_dir) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
