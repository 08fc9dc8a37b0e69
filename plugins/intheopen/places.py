"""The folders and empty files a build is about to write, made ahead by another process.

On some disks making a folder or a new file costs far more than writing into one that
exists (on the machine we measure on, half a millisecond each: a second for a thousand
posts' pages). A forked child makes them while the build reads and renders pages, so that
when MkDocs writes a page, its folder and file are already there.
"""

from __future__ import annotations

import os
from collections.abc import Iterable


def prepare(pages: Iterable[str], others: Iterable[str]) -> list[str]:
    """Make the folder and an empty file for each of `pages`, and the folder of each of
    `others`; never touch a file that exists. The files made, which are empty until the
    build writes them."""
    made = []
    for path in others:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    for path in pages:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError:  # there already, or cannot be made: the build will say so
            continue
        os.close(handle)
        made.append(path)
    return made


def unused(made: Iterable[str]) -> None:
    """Delete the files of `made` that are still empty: pages the build did not write."""
    for path in made:
        try:
            if os.path.getsize(path) == 0:
                os.unlink(path)
        except OSError:
            continue
