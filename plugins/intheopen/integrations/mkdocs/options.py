"""The plugin's options, and the core's settings made from them and from mkdocs.yml."""

from __future__ import annotations

import os
from datetime import datetime

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from intheopen.dates import london
from intheopen.feeds import OGL, Settings
from intheopen.model import Author
from intheopen.siteconfig import DEFAULT_AUTHORS, DEFAULT_POSTS
from intheopen.urls import Urls
from intheopen.views import Site


class InTheOpenConfig(Config):
    posts_dir = config_options.Type(str, default=DEFAULT_POSTS)
    authors_file = config_options.Type(str, default=DEFAULT_AUTHORS)
    per_page = config_options.Type(int, default=10)
    related_count = config_options.Type(int, default=3)
    council = config_options.Optional(config_options.Type(str))
    council_id = config_options.Optional(config_options.Type(str))
    licence = config_options.Type(str, default=OGL[0])
    licence_url = config_options.Type(str, default=OGL[1])
    feed_items = config_options.Type(int, default=50)
    feed_content = config_options.Choice(("full", "summary"), default="full")
    drafts_on_serve = config_options.Type(bool, default=True)


def site_of(config: MkDocsConfig, options: InTheOpenConfig, authors: dict[str, Author]) -> Site:
    if not config.site_url:
        raise PluginError(
            "site_url is not set in mkdocs.yml; feeds and link previews need the site's "
            "full address, e.g. site_url: https://digital.example-council.gov.uk/"
        )
    return Site(
        name=config.site_name,
        url=config.site_url,
        council=options.council or config.site_author or config.site_name,
        urls=Urls(config.use_directory_urls),
        now=source_date() or datetime.now(london()),
        authors=authors,
        per_page=options.per_page,
        related_count=options.related_count,
    )


def settings_of(config: MkDocsConfig, options: InTheOpenConfig) -> Settings:
    return Settings(
        description=config.site_description or config.site_name,
        language=config.theme.locale.language if config.theme.locale else "en",
        council_id=options.council_id,
        licence=options.licence,
        licence_url=options.licence_url,
        items=options.feed_items,
        full_content=options.feed_content == "full",
    )


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a time, when set: builds then act as of that moment."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), tz=london()) if epoch.isdigit() else None
