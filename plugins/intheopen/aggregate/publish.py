"""Write a site beside the last one and swap it in only when it is complete.

A run that fails while writing (a full disk, a folder that cannot be written) leaves the
last good site where it was, and says so in one line.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path


class NotPublished(Exception):
    """The site could not be written; the message says why, and the last site is intact."""


def publish(out: Path, write: Callable[[Path], None]) -> None:
    """Call `write` with a new folder beside `out`, then put that folder in `out`'s place."""
    shown = out.as_posix()
    if out.exists() and not out.is_dir():
        raise NotPublished(f"{shown} is a file, not a folder; give --out a folder")
    fresh = out.with_name(f".{out.name}.new")
    stale = out.with_name(f".{out.name}.old")
    try:
        for leftover in (fresh, stale):  # from a run that was killed half-way
            _remove(leftover)
        fresh.mkdir(parents=True)
        write(fresh)
        if out.exists():
            os.replace(out, stale)
        os.replace(fresh, out)
    except OSError as error:
        _remove(fresh)
        if stale.exists() and not out.exists():
            os.replace(stale, out)
        raise NotPublished(
            f"the site could not be written to {shown} ({_why(error)}); "
            "the last site there, if any, is unchanged"
        ) from None
    _remove(stale)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)


def _why(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder cannot be written"
    return error.strerror or type(error).__name__
