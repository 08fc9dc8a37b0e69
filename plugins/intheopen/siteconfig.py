"""Where a site keeps its posts and authors, read from its mkdocs.yml."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_POSTS = "posts"
DEFAULT_AUTHORS = "authors.yml"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (!ENV, !!python/name:…): they become None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Site:
    root: Path
    posts_dir: Path
    authors_file: Path


def plugin_options(config: Any) -> dict[str, Any]:
    """The `intheopen` plugin's options in a parsed mkdocs.yml (empty if it is not listed)."""
    plugins = config.get("plugins") if isinstance(config, dict) else None
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("intheopen"), dict):
            return dict(entry["intheopen"])
    return {}


def find_site(config_file: Path) -> Site:
    """The site beside `config_file`; defaults apply when it is missing or says nothing."""
    root = config_file.parent
    options: dict[str, Any] = {}
    # A missing or broken mkdocs.yml is MkDocs' to report; checking posts still helps.
    with contextlib.suppress(OSError, UnicodeDecodeError, yaml.YAMLError):
        options = plugin_options(yaml.load(config_file.read_text("utf-8"), _TolerantLoader))
    posts = options.get("posts_dir", DEFAULT_POSTS)
    authors = options.get("authors_file", DEFAULT_AUTHORS)
    return Site(root, root / str(posts), root / str(authors))
