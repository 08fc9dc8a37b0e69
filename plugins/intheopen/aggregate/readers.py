"""Read feeds in child processes, each read bounded in time and memory.

A feed is parsed by third-party code (feedparser, nh3) on input that anyone could have
written. Whatever that code does — raise, loop, recurse, swell to gigabytes — happens in a
child: the parent waits at most the time allowed, kills a child that overruns or dies, starts
another, and reports the feed's problem in plain words. The parent never parses a feed.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import sys
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from intheopen.aggregate.parse import Reading, parse


@dataclass(frozen=True)
class Job:
    body: bytes
    url: str
    keywords: Mapping[str, str]


Work = Callable[[bytes, str, Mapping[str, str]], Reading]


def _serve(connection: Connection, memory: int, work: Work) -> None:  # pragma: no cover
    """The child: read each job sent and send back its Reading, until the pipe closes."""
    with contextlib.suppress(ImportError, ValueError, OSError):  # no such limits on Windows
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        allowed = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (allowed, hard))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer: Any = work(job.body, job.url, job.keywords)
        except MemoryError:
            answer = "grew past the memory allowed while being read, so it was stopped"
        except RecursionError:
            answer = "is nested too deeply to be read"
        except Exception as error:  # a bug in a parser is the feed's problem, not the run's
            answer = f"could not be read ({type(error).__name__}: {error})"[:500]
        try:
            connection.send(answer)
        except MemoryError:
            connection.send("could not be read: what it held was too large to pass on")


class _Child:
    def __init__(self, context: Any, memory: int, work: Work) -> None:
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, memory, work), daemon=True)
        self.process.start()
        theirs.close()

    def stop(self) -> None:
        # Killed, not closed: a thread may still be waiting on the pipe, and sees its end.
        self.process.kill()
        self.process.join(5)


class Readers:
    """A few children that read feeds; use `async with`, then `await read(...)`. `work` is
    what a child does with each feed (parse; tests give others that misbehave)."""

    def __init__(self, count: int, seconds: float, memory: int, work: Work = parse) -> None:
        self.count, self.seconds, self.memory, self.work = max(1, count), seconds, memory, work
        self.context = multiprocessing.get_context(_method())
        # An idle child, or None for a place freed by a child that was stopped.
        self.idle: asyncio.Queue[_Child | None] = asyncio.Queue()
        self.every: list[_Child] = []
        self.started = 0
        self.waiting = ThreadPoolExecutor(self.count, thread_name_prefix="intheopen-reader")

    async def __aenter__(self) -> Readers:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for child in self.every:
            child.stop()
        self.waiting.shutdown(wait=True)
        for child in self.every:
            child.connection.close()

    def _start(self) -> _Child:
        child = _Child(self.context, self.memory, self.work)
        self.every.append(child)
        return child

    async def _take(self) -> _Child:
        if self.started < self.count and self.idle.empty():
            self.started += 1
            return await asyncio.to_thread(self._start)
        child = await self.idle.get()
        return child if child is not None else await asyncio.to_thread(self._start)

    async def read(self, job: Job, seconds: float | None = None) -> Reading:
        """The feed's Reading, or one that says why it could not be had in time."""
        child = await self._take()
        allowed = min(self.seconds, seconds) if seconds is not None else self.seconds
        finished = False
        try:
            answer = await asyncio.get_running_loop().run_in_executor(
                self.waiting, _exchange, child, job, allowed
            )
            finished = True
        finally:
            if finished and isinstance(answer, Reading | str):
                self.idle.put_nowait(child)
            else:  # cancelled by the run's deadline, overran, or died: this child goes
                child.stop()
                self.idle.put_nowait(None)
        if isinstance(answer, Reading):
            return answer
        if isinstance(answer, str):
            return Reading([], answer)
        if answer is None:
            return Reading([], f"took longer than {allowed:g} seconds to read, so it was stopped")
        return Reading([], "stopped while being read (too large or too complex to read)")


def _exchange(child: _Child, job: Job, seconds: float) -> object:
    """Send one job and wait for its answer: None when time ran out, an exception when the
    child died."""
    try:
        child.connection.send(job)
        if not child.connection.poll(seconds):
            return None
        return child.connection.recv()
    except (EOFError, OSError, MemoryError) as error:
        return error


def _method() -> str:
    # fork would copy the parent's threads' locks; forkserver starts clean and cheap, where
    # it exists (not on Windows, where spawn is the only way).
    return "forkserver" if sys.platform != "win32" else "spawn"
