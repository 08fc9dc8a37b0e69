"""`intheopen build` and `intheopen serve`: MkDocs' own commands, with our defaults."""

from __future__ import annotations

import os
from collections.abc import Sequence

from mkdocs.__main__ import cli


def run(command: str, args: Sequence[str]) -> None:
    """Run `mkdocs COMMAND ARGS`; exits as MkDocs does."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner
    # MkDocs 1.6.1 turns live reload off by default under click 8.2.2 and later: ask for it.
    extra = ["--livereload"] if command == "serve" and "--no-livereload" not in args else []
    # Rebuild only what a save changed; the plugin makes that exact (dirty.py).
    if command == "serve" and not {"--dirty", "--clean", "-c"} & set(args):
        extra.append("--dirty")
    cli.main(args=[command, *extra, *args], prog_name="intheopen")
