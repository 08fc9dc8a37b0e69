"""`intheopen build` and `intheopen serve`: MkDocs' own commands, with our defaults."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

import yaml
from mkdocs.__main__ import cli

from intheopen.content.siteconfig import read_config
from intheopen.integrations.engines import config_file


def run(command: str, args: Sequence[str]) -> None:
    """Run `mkdocs COMMAND ARGS`; exits as MkDocs does."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner
    extra = our_defaults(command, args)
    cli.main(args=[command, *extra, *args], prog_name="intheopen")


def our_defaults(command: str, args: Sequence[str]) -> list[str]:
    """What `intheopen serve` adds to MkDocs' own options."""
    if command != "serve":
        return []
    # MkDocs 1.6.1 turns live reload off by default under click 8.2.2 and later: ask for it.
    extra = ["--livereload"] if "--no-livereload" not in args else []
    # Rebuild only what a save changed; the plugin makes that exact (speed/dirty.py). That
    # is the speed layer: with `cache: false` every save rebuilds everything, as MkDocs does.
    chosen = {"--dirty", "--clean", "-c"} & set(args)
    if not chosen and _cache_on(config_file(args)):
        extra.append("--dirty")
    return extra


def _cache_on(config_file: Path) -> bool:
    with contextlib.suppress(OSError, UnicodeDecodeError, yaml.YAMLError):
        return read_config(config_file).get("cache", True) is not False
    return True
