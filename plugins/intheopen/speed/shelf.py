"""Results kept between builds, read one entry at a time, so a build holds where its entries
are, not their contents: a thousand finished pages are 45 MB that a single JSON file would
have to hold in memory, decode whole and encode whole.

A `Shelf` is a folder: packs of entries, one after another, and an index saying where each
entry is, under the digest of everything that made it. A build appends what it makes to a
new pack as it goes (one file, not a file per entry: creating files is what costs), reads
an entry only when it needs it, and when saved writes the index of the entries it used or
made; packs that no entry needs are removed, and a pack mostly unused has its live entries
copied into the new one first, so the folder stays near one build's worth.

The folder is untrusted input (see cache.py), so an entry is data, never code: text or
bytes as they are, or JSON decoded by msgspec against the exact shape expected, and the
index is JSON of that exact shape too. Each entry is checked against the SHA-256 the index
gives it, so one cut short or changed is a miss, not a broken page. Packs are read only
from regular files with one link, never through a symbolic link, so nothing planted can
bring another file of the machine into the site.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import stat
from pathlib import Path
from typing import Any, Generic, TypeVar

import msgspec

from intheopen.speed.cache import made, write_atomically

T = TypeVar("T")
FORMAT = 1
INDEX = "index.json"
PACK = re.compile(r"[0-9a-f]{16}\.pack")
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
BINARY = getattr(os, "O_BINARY", 0)
COMPACT_BELOW = 0.5  # a pack whose live entries are less than this share is rewritten


class Where(msgspec.Struct, array_like=True, frozen=True):
    """An entry: in which pack, where, how long, and the SHA-256 of its bytes."""

    pack: str
    offset: int
    length: int
    sha256: str


class _Index(msgspec.Struct):
    format: int
    entries: dict[str, Where]


class Shelf(Generic[T]):
    """The shelf `name` in `folder`, every entry of `shape` (text, bytes, or anything msgspec
    decodes); with no folder, a shelf that keeps nothing."""

    def __init__(self, folder: Path | None, name: str, shape: type[T]) -> None:
        self.folder = folder
        self.shape = shape
        self.path = folder / name if folder else None
        self._known = self._index()  # entries this build may find
        self._used: dict[str, Where] = {}  # entries this build used or made
        self._carried: dict[str, Where] = {}  # used by earlier builds in this process (serve)
        self._packs: dict[str, int] = {}  # packs open for reading
        self._writing: tuple[str, int, int] | None = None  # the new pack, its handle, its size
        self._owner = os.getpid()  # only this process writes (see `claim`)
        self.hits = 0
        self.misses = 0

    def _index(self) -> dict[str, Where]:
        if self.path is None:
            return {}
        if self.path.is_symlink():  # never ours: a shelf is a real folder
            with contextlib.suppress(OSError):
                self.path.unlink()
            return {}
        try:
            found = msgspec.json.decode((self.path / INDEX).read_bytes(), type=_Index)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError):
            return {}
        return found.entries if found.format == FORMAT else {}

    def __len__(self) -> int:
        """How many entries the last build left."""
        return len(self._known)

    def has(self, key: str) -> bool:
        """Whether an entry was kept under `key` (it may still prove unreadable)."""
        return key in self._used or key in self._known

    def get(self, key: str) -> T | None:
        """The entry made under `key` by this build or the last, or None."""
        where = self._used.get(key) or self._known.get(key)
        found = self._read(where) if where is not None else None
        if found is None or where is None:
            self.misses += 1
            self._known.pop(key, None)
            return None
        self.hits += 1
        self._used[key] = where
        return found

    def claim(self) -> None:
        """Let this process write to the shelf from now on: a forked child that does work
        for the parent and saves what it made (the feeds). Puts in any other child are
        dropped, since the parent keeps what the child sends it (and shares its pack's
        handle, which two writers would garble)."""
        if os.getpid() != self._owner:
            self._owner = os.getpid()
            self._writing = None  # the parent's: left to it
            self._packs = {}

    def put(self, key: str, value: T) -> None:
        """Keep `value` under `key`, appended to this build's pack now; a cache that cannot
        be written keeps nothing."""
        if os.getpid() != self._owner:
            return
        data = _encoded(value)
        where = self._append(data, hashlib.sha256(data).hexdigest())
        if where is not None:
            self._used[key] = where

    def next_build(self, keep_unused: bool = True) -> None:
        """Start another build in this process (`mkdocs serve`); entries the last build did
        not use are forgotten (and dropped when saved) unless `keep_unused`."""
        if keep_unused:
            self._carried.update(self._used)
            self._known.update(self._used)
        else:
            self._known = dict(self._used)
            self._carried = {}
        self._used = {}
        self.hits = self.misses = 0

    def save(self) -> None:
        """Write the index of the entries this build (and the builds it follows in this
        process) used or made, and remove what no entry needs."""
        if os.getpid() != self._owner:  # a child's copy: the parent saves
            return
        if self.path is None or not self.path.is_dir() or self.path.is_symlink():
            self._close()
            return
        keep = self._compacted({**self._carried, **self._used})
        self._close()  # before removing packs: a file open on Windows cannot be removed
        with contextlib.suppress(OSError):
            write_atomically(self.path / INDEX, msgspec.json.encode(_Index(FORMAT, keep)))
            needed = {where.pack for where in keep.values()}
            for name in os.listdir(self.path):
                if name != INDEX and name not in needed:
                    with contextlib.suppress(OSError):
                        (self.path / name).unlink()
        self._known, self._used, self._carried = keep, {}, {}

    def _compacted(self, keep: dict[str, Where]) -> dict[str, Where]:
        """`keep`, with the entries of packs mostly unused copied into this build's pack."""
        live: dict[str, int] = {}
        for where in keep.values():
            live[where.pack] = live.get(where.pack, 0) + where.length
        current = self._writing[0] if self._writing else None
        thin = set()
        for pack, size in live.items():
            total = self._size(pack)
            if pack != current and (total is None or size < total * COMPACT_BELOW):
                thin.add(pack)
        moved = dict(keep)
        for key, where in keep.items():
            if where.pack in thin:
                data = self._bytes(where)
                copy = self._append(data, where.sha256) if data is not None else None
                if copy is None:
                    del moved[key]
                else:
                    moved[key] = copy
        return moved

    def _append(self, data: bytes, sha256: str) -> Where | None:
        if self.folder is None or self.path is None:
            return None
        try:
            if self._writing is None:
                made(self.folder)
                self.path.mkdir(exist_ok=True)
                name = f"{secrets.token_hex(8)}.pack"
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NO_FOLLOW | BINARY
                self._writing = (name, os.open(self.path / name, flags, 0o600), 0)
            name, handle, size = self._writing
            written = 0
            while written < len(data):  # a write may take less than it is given
                written += os.write(handle, data[written:])
        except OSError:
            if self._writing is not None:  # what follows would be at the wrong place
                with contextlib.suppress(OSError):
                    os.close(self._writing[1])
                self._writing = None  # so the next entry starts a new pack
            return None
        self._writing = (name, handle, size + len(data))
        return Where(name, size, len(data), sha256)

    def _read(self, where: Where) -> T | None:
        data = self._bytes(where)
        return _decoded(data, self.shape) if data is not None else None

    def _bytes(self, where: Where) -> bytes | None:
        """The entry's bytes, if its pack is ours and they are as the index says."""
        handle = self._open(where.pack)
        if handle is None or where.offset < 0 or where.length < 0:
            return None
        try:
            data = _read_at(handle, where.length, where.offset)
        except (OSError, OverflowError, ValueError):
            return None
        if len(data) != where.length or hashlib.sha256(data).hexdigest() != where.sha256:
            return None
        return data

    def _open(self, pack: str) -> int | None:
        """A handle to read `pack` by (this build's own pack too: `os.write` is unbuffered)."""
        if pack in self._packs:
            return self._packs[pack]
        if self.path is None or not PACK.fullmatch(pack):
            return None
        try:
            handle = os.open(self.path / pack, os.O_RDONLY | NO_FOLLOW | BINARY)
        except OSError:
            return None
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or status.st_nlink != 1:
            os.close(handle)
            return None
        self._packs[pack] = handle
        return handle

    def _size(self, pack: str) -> int | None:
        handle = self._open(pack)
        return os.fstat(handle).st_size if handle is not None else None

    def _close(self) -> None:
        for handle in self._packs.values():
            with contextlib.suppress(OSError):
                os.close(handle)
        self._packs = {}
        if self._writing is not None:
            with contextlib.suppress(OSError):
                os.close(self._writing[1])
            self._writing = None


def _read_at(handle: int, length: int, offset: int) -> bytes:
    """`length` bytes at `offset` (fewer at the end of the file)."""
    if hasattr(os, "pread"):  # POSIX: the file's position is untouched, whoever shares it
        return os.pread(handle, length, offset)
    os.lseek(handle, offset, os.SEEK_SET)  # Windows, where no child shares the handle
    return os.read(handle, length)


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
