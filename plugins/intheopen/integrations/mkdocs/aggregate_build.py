"""Build the aggregated site with MkDocs and the packaged settings."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from importlib.resources import files as package_files
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from intheopen.aggregate.listings import Part, Plan
from intheopen.feeds.writer import FORMATS, Channel, Settings
from intheopen.integrations.mkdocs.aggregate_plugin import AggregatePlugin, Job
from intheopen.site.views import Site


def build_site(
    plan: Plan, site: Site, settings: Settings, out: Path, feeds: list[Channel] | None = None
) -> None:
    """The site `plan` describes, written to `out`, with the feeds of `feeds` (None: of
    every channel)."""
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
    plugin.job = Job(plan, site, settings, plan.channels if feeds is None else feeds)
    build(config)


def rebuild_some(part: Part, site: Site, settings: Settings, out: Path, last: Path) -> None:
    """The site in `last` written to `out` (as hard links where the disk allows), with the
    pages, files and feeds of `part` built again over it and its pages that are gone
    removed; the rest of what that build writes (the theme's files, the search index) is
    left aside."""
    plan = part.plan
    with tempfile.TemporaryDirectory(prefix=".some-", dir=out.parent) as scratch:
        built = Path(scratch)
        build_site(plan, site, settings, built, part.feeds)
        shutil.copytree(last, out, copy_function=_link, dirs_exist_ok=True)
        for path in part.gone:
            (out / f"{path}index.html").unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # the folder, if nothing else is in it
                (out / path).rmdir()
        wanted = [f"{page.path}index.html" for page in plan.pages] + list(plan.files)
        wanted += [channel.url(extension) for channel in part.feeds for extension in FORMATS]
        for path in wanted:
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(built / path, target)  # a new file: the last site's link is untouched


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another disk, or links not allowed: a copy
        shutil.copy2(source, target)
