"""Faster ways to read a blog's files, for `content.collection.load_blog(reading=...)`:
half of them in a forked child, or, for a process that loads the same blog again and again
(`mkdocs serve`), only the files whose text changed; and, for that process, the blog itself
kept from one load to the next."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from intheopen.content.collection import Blog, Job, Read, ReadAll, Reading
from intheopen.speed.cache import remember, remembered
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


class Memo:
    """What reading each file gave, by its text, for a process that loads the same blog
    again and again (`mkdocs serve`): only files that changed are read again. Everything
    else a file's reading depends on (authors, rules: the `context`) must be the same, or
    all is read."""

    def __init__(self) -> None:
        self._context: object = None
        self._read: dict[Key, Read] = {}
        self._kept: dict[Key, Read] = {}

    def __call__(self, jobs: list[Job], read_all: ReadAll, context: object) -> list[Read]:
        self.start(context)
        reads = []
        for job in jobs:
            known, last = self.get(*job)
            read = last if last is not None else read_all([job])[0]
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
        try:
            key = (name, source, file.read_bytes())
        except OSError:
            return None, None
        found = self._read.get(key)
        if found is None:
            return key, None
        self._kept[key] = found
        return key, _fresh(found)

    def put(self, key: Key, read: Read) -> None:
        self._kept[key] = _fresh(read)

    @property
    def empty(self) -> bool:
        return not self._kept

    def taken(self) -> tuple[object, dict[Key, Read]]:
        """What the last load read, to give another process's Memo (`take`)."""
        return self._context, self._kept

    def take(self, taken: tuple[object, dict[Key, Read]]) -> None:
        self._context, self._kept = taken


class Blogs:
    """For a process that loads the same blog again and again (`mkdocs serve`): the blog
    as last loaded, by its key, so that a rebuild in which no post changed reads nothing;
    and the files as last read (`memo`), so that one in which a post changed reads that
    post alone.

    A first load that takes the blog from the cache reads no file, so the first save would
    read them all (half a minute at 10,000 posts). `read_ahead` has a forked child read
    them meanwhile, while the author looks at the preview, and the next load takes what it
    read; a file changed since is read again, since the memo knows files by their text.
    """

    def __init__(self) -> None:
        self.memo = Memo()
        self._key: str | None = None
        self._blog: Blog | None = None
        self._load: Callable[[Reading], Blog] | None = None
        self._ahead: Child | None = None
        self._unsaved: Path | None = None  # where the blog last loaded should be kept

    def get(self, key: str, folder: Path, load: Callable[[Reading], Blog]) -> Blog:
        """The blog for `key`: as last loaded, or read through `load(self.memo)`. The
        first load may take it from the cache in `folder`; later ones know the cache holds
        an older blog, so they do not look, and the blog last loaded is written there by
        `save` (when serve stops), not at every save of a post."""
        self._take_ahead()
        if self._key == key and self._blog is not None:
            return self._blog
        first = self._blog is None
        self._key, self._blog, self._load = None, None, load  # a failed load leaves nothing
        if first:
            blog = remembered(folder, "blog", key, lambda: load(self.memo), Blog)
        else:
            blog = load(self.memo)
            self._unsaved = folder
        self._key, self._blog = key, blog
        return blog

    def save(self) -> None:
        """Write the blog last loaded to the cache, if the cache does not hold it."""
        if self._unsaved is not None and self._key is not None:
            remember(self._unsaved, "blog", self._key, self._blog)
        self._unsaved = None

    def read_ahead(self) -> None:
        """If the memo is empty, a child reads every file into one, where forking is safe."""
        load = self._load
        if load is None or not self.memo.empty or self._ahead is not None or not can_fork():
            return

        def job(send: Callable[[Any], None]) -> None:
            memo = Memo()
            load(memo)
            send(memo.taken())

        self._ahead = Child(job, nice=10)

    def _take_ahead(self) -> None:
        if self._ahead is None:
            return
        taken = self._ahead.receive()
        self._ahead.close()
        self._ahead = None
        if taken is not None and self.memo.empty:
            self.memo.take(taken)


def _fresh(read: Read) -> Read:
    """A copy whose problems can grow (the whole-blog checks add to them) without
    changing the kept one."""
    problems, post, reader = read
    if reader is not None:
        reader = copy.copy(reader)
        reader.problems = list(reader.problems)
    return list(problems), post, reader
