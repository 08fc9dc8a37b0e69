"""The MkDocs (and ProperDocs) plugin: a thin adapter over the core.

This first version only declares its options, so sites can list it now; the
pages and feeds it adds arrive in later releases.
"""

from __future__ import annotations

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from intheopen.siteconfig import DEFAULT_AUTHORS, DEFAULT_POSTS


class InTheOpenConfig(Config):
    posts_dir = config_options.Type(str, default=DEFAULT_POSTS)
    authors_file = config_options.Type(str, default=DEFAULT_AUTHORS)


class InTheOpenPlugin(BasePlugin[InTheOpenConfig]):
    """Builds a council blog from the posts folder."""
