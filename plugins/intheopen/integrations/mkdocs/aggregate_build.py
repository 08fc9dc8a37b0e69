"""Build the aggregated site with MkDocs and the packaged settings."""

from __future__ import annotations

import os
from importlib.resources import files as package_files
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from intheopen.aggregate.listings import Plan
from intheopen.feeds.writer import Settings
from intheopen.integrations.mkdocs.aggregate_plugin import AggregatePlugin, Job
from intheopen.site.views import Site


def build_site(plan: Plan, site: Site, settings: Settings, out: Path) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    folder = package_files("intheopen") / "templates" / "aggregate"
    config = load_config(
        config_file=str(folder / "mkdocs.yml"),
        site_name=site.name,
        site_url=site.url,
        site_dir=str(out.resolve()),
        docs_dir=str(folder / "docs"),
        copyright="Each post belongs to the council that wrote it; this site lists and "
        "links to them.",
    )
    config.plugins.on_startup(command="build", dirty=False)
    plugin = config.plugins["intheopen-aggregate"]
    assert isinstance(plugin, AggregatePlugin)
    plugin.job = Job(plan, site, settings)
    build(config)
