"""`intheopen build` and `intheopen serve`: MkDocs' own commands, with our defaults."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

import yaml
from mkdocs.__main__ import cli

from intheopen.content.siteconfig import read_config
from intheopen.integrations.engines import config_file


def run(command: str, args: Sequence[str]) -> None:
    """Run `mkdocs COMMAND ARGS`; exits as MkDocs does."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner
    extra = our_defaults(command, args)
    if command == "serve":
        stop_on_term()
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


def stop_on_term() -> None:
    """Let SIGTERM (a process manager, an editor or CI stopping `serve`) stop the server as
    Ctrl+C does: MkDocs then shuts it down and the plugins save what they keep, instead of
    the process ending where it stands."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        signal.signal(signal.SIGTERM, interrupt)


def _cache_on(config_file: Path) -> bool:
    with contextlib.suppress(OSError, UnicodeDecodeError, yaml.YAMLError):
        return read_config(config_file).get("cache", True) is not False
    return True
