"""The site folder's last build cleared, and where it can, used again, while the build goes on.

A clean build deletes the last build's thousands of folders and files and makes them all
again. On some disks deleting a site of a thousand posts takes most of a second; and on
ext4, after many files were deleted, each new one costs more, because the file system
will not give a new file a number freed in the last minutes and looks past each of them:
builds run one after another (an author's, a benchmark's) spent two to three CPU seconds
of a thousand-post build in making files. So the last build's files are moved aside (a
rename each), and once the build knows where it writes its pages, a forked child puts
back the folders and files at those places, each file emptied, for MkDocs to write into,
while the build reads and converts its pages (nothing is written before MkDocs' `env`
event, where the build waits for it); everything else is moved away, and deleted by the
same child at the lowest priority. A page the build then does not write is deleted after
it (`unused`), so the folder ends as a clean build leaves it. Only what the build's user
owns, as plain files and folders, is used again: never a link, and never a file with a
second name elsewhere.

(A child that made the new pages' folders and files ahead of MkDocs was tried and removed:
the making cost the same, and it took the second core from the children that convert and
template pages.)
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from intheopen.speed.cache import made
from intheopen.speed.forked import Child

# A planted link is not followed; a planted pipe does not hold the build up
OPEN_FLAGS = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


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


def trash_ready(site: Path, trash: Path) -> bool:
    """Make the `trash` folder (in the cache folder) for the site folder's files; whether
    it can be used: it must not be inside the site, nor the site inside it."""
    site, real_trash = site.resolve(), trash.resolve()
    if real_trash.is_relative_to(site) or site.is_relative_to(real_trash):
        return False
    try:
        made(trash.parent)
        trash.mkdir(exist_ok=True)
    except OSError:
        return False
    return True


def recycle(site: Path, aside: Path, pages: Iterable[str]) -> list[str]:
    """Put back into `site`, from the last build's files `aside`, the folders and files at
    the places of `pages` (paths in the site, with `/`), each file emptied and given the
    mode a new one would have; move everything else found in those folders back aside.
    The files put back: empty until the build writes them."""
    files = set(pages)
    folders = {parent for page in files for parent in _parents(page)}
    file_mode, folder_mode = _new_modes()
    owner = os.geteuid() if hasattr(os, "geteuid") else None
    away = _Away(aside)
    put_back: list[str] = []
    todo: list[tuple[str, Path]] = []  # folders put back, still to look through
    for entry in _entries(aside):  # the last build's top level: what is not put back stays
        target = site / entry.name
        if os.path.lexists(target):
            continue
        if entry.name in folders and _own_folder(entry, owner):
            os.rename(entry.path, target)
            todo.append((entry.name, target))
        elif entry.name in files and entry.is_file(follow_symlinks=False):
            os.rename(entry.path, target)
            if _emptied(target, file_mode, owner):
                put_back.append(str(target))
            else:
                away.move(target)
    while todo:
        place, folder = todo.pop()
        if stat.S_IMODE(os.lstat(folder).st_mode) != folder_mode:
            os.chmod(folder, folder_mode)
        for entry in _entries(folder):
            name = f"{place}/{entry.name}"
            if name in folders and _own_folder(entry, owner):
                todo.append((name, Path(entry.path)))
            elif name in files and _emptied(Path(entry.path), file_mode, owner):
                put_back.append(entry.path)
            else:
                away.move(Path(entry.path))
    return put_back


def unused(site: Path, put_back: Iterable[str]) -> None:
    """Delete the files of `put_back` still empty (pages the build did not write; MkDocs
    writes no empty page), and the folders of the site that leaves empty."""
    for path in put_back:
        try:
            if os.lstat(path).st_size != 0:
                continue
            os.unlink(path)
        except OSError:
            continue
        folder = Path(path).parent
        while folder != site and folder.is_relative_to(site):
            try:
                os.rmdir(folder)  # only if empty: something else may be in it
            except OSError:
                break
            folder = folder.parent


def clear(trash: Path) -> None:
    """Delete everything in `trash`: what this build set aside, and any left by a build that
    stopped before it could."""
    for entry in os.listdir(trash):
        shutil.rmtree(trash / entry, ignore_errors=True)


def cleared_meanwhile(trash: Path) -> Child:
    """A child, at the lowest priority, that `clear`s `trash`."""
    return Child(lambda send: clear(trash), nice=19)


def recycled_meanwhile(site: Path, trash: Path, aside: Path, pages: list[str]) -> Child:
    """A child that puts back what it can of the last build's files `aside` (`recycle`)
    while the build reads and converts its pages, and sends the files it put back (none if
    it could not put them back: the site folder is then as MkDocs cleaned it); then, at the
    lowest priority, it `clear`s `trash`. Nothing is written into the site folder before
    MkDocs' `env` event, where the build takes what the child sent."""

    def job(send: Callable[[Any], None]) -> None:
        try:
            put_back = recycle(site, aside, pages)
        except OSError:
            set_aside(site, trash)
            put_back = []
        send(put_back)
        os.nice(19)
        clear(trash)

    return Child(job)


class _Away:
    """Moves entries out of the site into a new folder of `aside`, to be deleted with it."""

    def __init__(self, aside: Path) -> None:
        self.aside = aside
        self.folder: Path | None = None
        self.count = 0

    def move(self, path: Path) -> None:
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(dir=self.aside))
        self.count += 1
        try:
            os.rename(path, self.folder / str(self.count))
        except OSError:  # as MkDocs cleans: delete it, and fail if that fails
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as found:
        return sorted(found, key=lambda entry: entry.name)


def _parents(page: str) -> Iterable[str]:
    parts = page.split("/")[:-1]
    for end in range(1, len(parts) + 1):
        yield "/".join(parts[:end])


def _new_modes() -> tuple[int, int]:
    """The modes a new file and a new folder get here (the umask applied)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask, 0o777 & ~mask


def _own_folder(entry: os.DirEntry[str], owner: int | None) -> bool:
    if not entry.is_dir(follow_symlinks=False):
        return False
    return owner is None or entry.stat(follow_symlinks=False).st_uid == owner


def _emptied(path: Path, mode: int, owner: int | None) -> bool:
    """Empty `path` if it is a plain file of ours with no other name; whether it was."""
    try:
        seen = os.lstat(path)
        if not _plain_and_ours(seen, owner):  # looked at before it is opened: not a device
            return False
        handle = os.open(path, OPEN_FLAGS)
    except OSError:
        return False
    try:
        status = os.fstat(handle)
        if (status.st_dev, status.st_ino) != (seen.st_dev, seen.st_ino) or not _plain_and_ours(
            status, owner
        ):
            return False
        os.ftruncate(handle, 0)
        if stat.S_IMODE(status.st_mode) != mode:
            os.fchmod(handle, mode)
        return True
    except OSError:
        return False
    finally:
        os.close(handle)


def _plain_and_ours(status: os.stat_result, owner: int | None) -> bool:
    return (
        stat.S_ISREG(status.st_mode)
        and status.st_nlink == 1
        and (owner is None or status.st_uid == owner)
    )
