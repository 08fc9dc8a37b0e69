"""Results kept between builds one file per entry, so a build holds their names, not their
contents: a thousand finished pages are 45 MB that a single file would have to hold in
memory, read whole and write whole.

A `Shelf` is a folder of entries, each named by the digest of everything that made it. A
build reads an entry only when it needs it, writes an entry as soon as it is made, and at
the end removes the entries it neither used nor made, so the folder never grows beyond one
build's worth.

The folder is untrusted input (see cache.py), so an entry is data, never code: text or
bytes as they are, or JSON decoded by msgspec against the exact shape expected. Each file
starts with a line holding the digest of what follows, so one cut short or changed is a
miss, not a broken page. Entries are read only from regular files with one link, never
through a symbolic link, so nothing planted can bring another file of the machine into the
site.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any, Generic, TypeVar

import msgspec

from intheopen.speed.cache import made, write_atomically

T = TypeVar("T")
HEADER = b"intheopen-shelf 1 "
NAME = re.compile(r"[0-9a-f]{64}")
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
BINARY = getattr(os, "O_BINARY", 0)


class Shelf(Generic[T]):
    """The shelf `name` in `folder`, every entry of `shape` (text, bytes, or anything msgspec
    decodes); with no folder, a shelf that keeps nothing."""

    def __init__(self, folder: Path | None, name: str, shape: type[T]) -> None:
        self.folder = folder
        self.shape = shape
        self.path = folder / name if folder else None
        self._known = self._listed()  # entries this build may find
        self._used: set[str] = set()  # entries this build used or made
        self._carried: set[str] = set()  # used by earlier builds in this process (serve)
        self.hits = 0
        self.misses = 0

    def _listed(self) -> set[str]:
        if self.path is None:
            return set()
        if self.path.is_symlink():  # never ours: a shelf is a real folder
            with contextlib.suppress(OSError):
                self.path.unlink()
            return set()
        try:
            return {name for name in os.listdir(self.path) if NAME.fullmatch(name)}
        except OSError:
            return set()

    def __len__(self) -> int:
        """How many entries the last build left."""
        return len(self._known)

    def has(self, key: str) -> bool:
        """Whether an entry was kept under `key` (it may still prove unreadable)."""
        return key in self._known or key in self._used

    def get(self, key: str) -> T | None:
        """The entry made under `key` by this build or the last, or None."""
        found = self._read(key) if self.has(key) else None
        if found is None:
            self.misses += 1
            self._known.discard(key)
            return None
        self.hits += 1
        self._used.add(key)
        return found

    def put(self, key: str, value: T) -> None:
        """Keep `value` under `key`, written now; a cache that cannot be written keeps nothing."""
        if self.folder is None or self.path is None or not NAME.fullmatch(key):
            return
        data = _encoded(value)
        with contextlib.suppress(OSError):
            made(self.folder)
            self.path.mkdir(exist_ok=True)
            write_atomically(self.path / key, HEADER + _sum(data) + b"\n" + data)
            self._used.add(key)
            self._known.add(key)

    def next_build(self, keep_unused: bool = True) -> None:
        """Start another build in this process (`mkdocs serve`); entries the last build did
        not use are forgotten (and removed when saved) unless `keep_unused`."""
        if keep_unused:
            self._carried |= self._used
        else:
            self._known = set(self._used)
            self._carried = set()
        self._used = set()
        self.hits = self.misses = 0

    def save(self) -> None:
        """Remove the entries (and any stray files) this build and the builds it follows in
        this process neither used nor made."""
        if self.path is None or not self.path.is_dir() or self.path.is_symlink():
            return
        keep = self._used | self._carried
        with contextlib.suppress(OSError):
            for name in os.listdir(self.path):
                if name not in keep:
                    with contextlib.suppress(OSError):
                        (self.path / name).unlink()
        self._known &= keep

    def _read(self, key: str) -> T | None:
        assert self.path is not None
        try:
            handle = os.open(self.path / key, os.O_RDONLY | NO_FOLLOW | BINARY)
        except OSError:
            return None
        with os.fdopen(handle, "rb") as file:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode) or status.st_nlink != 1:
                return None
            data = file.read()
        head, _, body = data.partition(b"\n")
        if head != HEADER + _sum(body):
            return None
        return _decoded(body, self.shape)  # type: ignore[no-any-return]


def _sum(data: bytes) -> bytes:
    return hashlib.sha256(data).hexdigest().encode("ascii")


def _encoded(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return msgspec.json.encode(value)


def _decoded(data: bytes, shape: Any) -> Any:
    try:
        if shape is bytes:
            return data
        if shape is str:
            return data.decode("utf-8", "surrogatepass")
        return msgspec.json.decode(data, type=shape)
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError, RecursionError):
        return None
