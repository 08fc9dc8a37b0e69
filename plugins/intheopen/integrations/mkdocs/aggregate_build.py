"""Build the aggregated site with MkDocs and the packaged settings."""

from __future__ import annotations

import os
import shutil
import tempfile
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


def rebuild_some(plan: Plan, site: Site, settings: Settings, out: Path, last: Path) -> None:
    """The site in `last` written to `out` (as hard links where the disk allows), with the
    pages and files `plan` holds built again over it; the rest of what that build writes
    (the theme's files, an empty feed) is left aside."""
    with tempfile.TemporaryDirectory(prefix=".some-", dir=out.parent) as scratch:
        built = Path(scratch)
        build_site(plan, site, settings, built)
        shutil.copytree(last, out, copy_function=_link, dirs_exist_ok=True)
        wanted = [f"{page.path}index.html" for page in plan.pages] + list(plan.files)
        for path in wanted:
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(built / path, target)  # a new file: the last site's link is untouched


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another disk, or links not allowed: a copy
        shutil.copy2(source, target)
