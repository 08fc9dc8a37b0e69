"""Faster ways to read a blog's files, for `content.collection.load_blog(reading=...)`:
half of them in a forked child, or, for a process that loads the same blog again and again
(`mkdocs serve`), only the files whose text changed (the first time, in two processes);
and, for that process, the blog itself kept from one load to the next."""

from __future__ import annotations

import copy
import os
import time
from collections.abc import Callable
from pathlib import Path

from intheopen.content.collection import Blog, Job, Read, ReadAll, Reading
from intheopen.speed.forked import Child, can_fork

READ_AHEAD_AT_LEAST = 64  # fewer files than this are not worth a child process
Key = tuple[str, str, bytes]  # a file's name as shown, its source, and its bytes


def in_two_processes(jobs: list[Job], read_all: ReadAll, context: object) -> list[Read]:
    """A forked child reads the second half of the files while this process reads the
    first, where forking is safe and there are enough files to be worth it."""
    if len(jobs) < READ_AHEAD_AT_LEAST or not can_fork():
        return read_all(jobs)
    half = len(jobs) // 2
    child = Child(lambda send: send(read_all(jobs[half:])))
    reads = read_all(jobs[:half])
    later = child.receive()
    child.close()
    return reads + (later if later is not None else read_all(jobs[half:]))


RACY_NS = 2_000_000_000  # a change this close to a read may share its file times


class Unchanged:
    """Files' bytes as last read, for a process that reads the same files again and again
    (`mkdocs serve`). A file whose size, inode and times are those it had when read, and
    whose last change (`st_ctime`, which no program can set back) came more than RACY_NS
    before that read began, is taken as it was, not read again: git's rule for the files it
    need not hash again, since a change in the same tick of a coarse clock as the read
    could not be told by its times. Anything else is read."""

    def __init__(self) -> None:
        self._last: dict[Path, tuple[tuple[int, ...], int, bytes]] = {}

    def read(self, path: Path) -> bytes:
        status = os.stat(path)
        times = (status.st_mtime_ns, status.st_ctime_ns)
        sign = (status.st_size, status.st_ino, status.st_dev, *times)
        last = self._last.get(path)
        if last is not None and last[0] == sign and max(times) < last[1] - RACY_NS:
            return last[2]
        started = time.time_ns()
        data = path.read_bytes()
        self._last[path] = (sign, started, data)
        return data

    def forget(self, kept: set[Path]) -> None:
        """Drop the files not in `kept` (deleted posts)."""
        for path in set(self._last) - kept:
            del self._last[path]


class Memo:
    """What reading each file gave, by its text, for a process that loads the same blog
    again and again (`mkdocs serve`): only files that changed are read again. Everything
    else a file's reading depends on (authors, rules: the `context`) must be the same, or
    all is read."""

    def __init__(self) -> None:
        self._context: object = None
        self._read: dict[Key, Read] = {}
        self._kept: dict[Key, Read] = {}
        self.seen: dict[Path, bytes] = {}  # files' bytes as just read for the blog's key

    def seeing(self) -> dict[Path, bytes]:
        """An empty `seen`, for the caller to fill before the next load."""
        self.seen = {}
        return self.seen

    def __call__(self, jobs: list[Job], read_all: ReadAll, context: object) -> list[Read]:
        self.start(context)
        found = [self.get(*job) for job in jobs]
        missing = [job for job, (_, last) in zip(jobs, found, strict=True) if last is None]
        self.seen = {}
        fresh = iter(in_two_processes(missing, read_all, context) if missing else [])
        reads = []
        for known, last in found:
            read = last if last is not None else next(fresh)
            if last is None and known is not None:
                self.put(known, read)
            reads.append(read)
        return reads

    def start(self, context: object) -> None:
        """A new load; what the last one read is kept only if `context` is the same."""
        self._read = self._kept if context == self._context else {}
        self._kept = {}
        self._context = context

    def get(self, file: Path, name: str, source: str) -> tuple[Key | None, Read | None]:
        """The file's key (None if it cannot be read) and what reading it gave last time."""
        data = self.seen.get(file)
        try:
            key = (name, source, data if data is not None else file.read_bytes())
        except OSError:
            return None, None
        found = self._read.get(key)
        if found is None:
            return key, None
        self._kept[key] = found
        return key, _fresh(found)

    def put(self, key: Key, read: Read) -> None:
        self._kept[key] = _fresh(read)


class Blogs:
    """For a process that loads the same blog again and again (`mkdocs serve`): the blog
    as last loaded, by its key, so that a rebuild in which no post changed reads nothing;
    and the files as last read (`memo`), so that one in which a post changed reads that
    post alone.

    Nothing is taken from the cache folder's `blog.json`: a blog decoded from it equals the
    one read from the files but not in every detail (a time zone kept as an offset), so the
    pages of the first rebuild after it would all differ from the first build's and be
    built again, and the memo would be empty, so the first save would read every post.
    The first load reads the files instead, in two processes where it can (before the
    server starts its threads).
    """

    def __init__(self) -> None:
        self.memo = Memo()
        self._key: str | None = None
        self._blog: Blog | None = None

    def get(self, key: str, load: Callable[[Reading], Blog]) -> Blog:
        """The blog for `key`: as last loaded, or read through `load(self.memo)`."""
        if self._key == key and self._blog is not None:
            return self._blog
        self._key, self._blog = None, None  # a load that fails leaves nothing to trust
        blog = load(self.memo)
        self._key, self._blog = key, blog
        return blog


def _fresh(read: Read) -> Read:
    """A copy whose problems can grow (the whole-blog checks add to them) without
    changing the kept one."""
    problems, post, reader = read
    if reader is not None:
        reader = copy.copy(reader)
        reader.problems = list(reader.problems)
    return list(problems), post, reader
