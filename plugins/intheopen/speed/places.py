"""The site folder's old files cleared, and its new folders and empty files made, by other
processes while the build goes on.

On some disks deleting a site of a thousand posts takes most of a second, and after it a
new folder or file costs half a millisecond: a second more for the pages. So the old
files are moved aside (a rename each) for a forked child to delete, and another child
makes the folders and files of the pages while the build reads and renders them, so that
when MkDocs writes a page, its folder and file are already there.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from intheopen.speed.cache import made
from intheopen.speed.forked import Child


def prepare(pages: Iterable[str], others: Iterable[str]) -> list[str]:
    """Make the folder and an empty file for each of `pages`, and the folder of each of
    `others`; never touch a file that exists. The files made, which are empty until the
    build writes them."""
    created = []
    for path in others:
        with contextlib.suppress(OSError):  # the build will say what is wrong
            os.makedirs(os.path.dirname(path), exist_ok=True)
    for path in pages:
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError:  # there already, or cannot be made: the build will say so
            continue
        os.close(handle)
        created.append(path)
    return created


def unused(created: Iterable[str]) -> None:
    """Delete the files of `created` that are still empty: pages the build did not write."""
    for path in created:
        try:
            if os.path.getsize(path) == 0:
                os.unlink(path)
        except OSError:
            continue


def set_aside(folder: Path, trash: Path) -> Path | None:
    """Move what a clean build deletes from `folder` (every entry but hidden ones, as MkDocs
    cleans it) into a new folder in `trash`; that folder, or None if nothing was moved.
    What cannot be moved (another disk) stays, for the build to delete as usual."""
    try:
        entries = sorted(entry for entry in os.listdir(folder) if not entry.startswith("."))
    except OSError:
        return None
    if not entries:
        return None
    try:
        aside = Path(tempfile.mkdtemp(dir=trash))
    except OSError:
        return None
    for entry in entries:
        try:
            os.rename(folder / entry, aside / entry)
        except OSError:
            break
    return aside


def clear(trash: Path) -> None:
    """Delete everything in `trash`: what this build set aside, and any left by a build that
    stopped before it could."""
    for entry in os.listdir(trash):
        shutil.rmtree(trash / entry, ignore_errors=True)


def made_meanwhile(pages: list[str], others: list[str]) -> Child:
    """A child that `prepare`s the places and sends back the files it made."""
    return Child(lambda send: send(prepare(pages, others)))


def cleared_meanwhile(site: Path, trash: Path) -> Child | None:
    """Set the site folder's files aside in `trash` (in the cache folder) and start a child,
    at the lowest priority, that deletes them; None where that cannot be done safely."""
    site, real_trash = site.resolve(), trash.resolve()
    if real_trash.is_relative_to(site) or site.is_relative_to(real_trash):
        return None
    try:
        made(trash.parent)
        trash.mkdir(exist_ok=True)
    except OSError:
        return None
    set_aside(site, trash)
    return Child(lambda send: clear(trash), nice=19)
