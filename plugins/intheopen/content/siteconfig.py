"""Where a site keeps its posts and authors, read from its mkdocs.yml."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from intheopen.checks.content import council_domains
from intheopen.content.dates import DateError, parse_day
from intheopen.content.siterules import Pause, Rules

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
    rules: Rules = field(default_factory=Rules)


def plugin_options(config: Any) -> dict[str, Any]:
    """The `intheopen` plugin's options in a parsed mkdocs.yml (empty if it is not listed)."""
    plugins = config.get("plugins") if isinstance(config, dict) else None
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("intheopen"), dict):
            return dict(entry["intheopen"])
    return {}


def read_config(config_file: Path) -> dict[str, Any]:
    """The `intheopen` plugin's options in `config_file`. Raises OSError, UnicodeDecodeError
    or yaml.YAMLError when it cannot be read."""
    return plugin_options(yaml.load(config_file.read_text("utf-8"), _TolerantLoader))


def load_config(text: str) -> dict[str, Any]:
    """mkdocs.yml's settings as written (tags such as !ENV read as None); empty when it is
    not valid YAML or not a mapping, which MkDocs reports."""
    try:
        config = yaml.load(text, _TolerantLoader)
    except yaml.YAMLError:
        return {}
    return config if isinstance(config, dict) else {}


def find_site(config_file: Path) -> Site:
    """The site beside `config_file`; defaults apply when it is missing or says nothing."""
    root = config_file.parent
    config: Any = {}
    # A missing or broken mkdocs.yml is MkDocs' to report; checking posts still helps.
    with contextlib.suppress(OSError, UnicodeDecodeError, yaml.YAMLError):
        config = yaml.load(config_file.read_text("utf-8"), _TolerantLoader)
    options = plugin_options(config)
    posts = options.get("posts_dir", DEFAULT_POSTS)
    authors = options.get("authors_file", DEFAULT_AUTHORS)
    site_url = config.get("site_url") if isinstance(config, dict) else None
    return Site(root, root / str(posts), root / str(authors), rules_of(options, site_url))


def rules_of(options: dict[str, Any], site_url: object) -> Rules:
    """The site's publishing rules from the plugin's options (as written in mkdocs.yml)."""
    extra = options.get("council_domains") or []
    domains = council_domains(str(site_url or ""), [str(d) for d in extra if d])
    pause = None
    window = options.get("pre_election")
    if isinstance(window, dict) and window.get("start") and window.get("end"):
        # MkDocs reports bad dates when it builds; check only uses good ones.
        with contextlib.suppress(DateError):
            message = window.get("message")
            pause = Pause(
                parse_day(_text(window["start"])),
                parse_day(_text(window["end"])),
                str(message) if message else None,
            )
    return Rules(domains, pause)


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
