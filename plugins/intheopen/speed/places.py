"""The site folder's old files cleared by another process while the build goes on.

On some disks deleting a site of a thousand posts takes most of a second. So the old
files are moved aside (a rename each) for a forked child to delete at the lowest priority.

(A child that also made the new pages' folders and files ahead of MkDocs was tried and
removed: it cost more CPU than the writes it saved, and took the second core from the
children that convert and template pages.)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from intheopen.speed.cache import made
from intheopen.speed.forked import Child


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
