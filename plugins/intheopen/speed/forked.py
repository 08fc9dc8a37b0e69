"""Work done by a forked child while the build goes on, on machines with a core to spare.

A fork shares everything the parent has built so far, so the child needs nothing sent to it;
it sends its results back as it goes. A child that fails or dies only costs the parent the
work it then does itself: `receive` answers None once the child has nothing more to say.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

Send = Callable[[Any], None]


def can_fork() -> bool:
    """True where forking is safe and worth it: POSIX, another core, no other threads."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )


class Child:
    """`job(send)` run in a forked child; the parent takes what it sent with `receive`."""

    def __init__(self, job: Callable[[Send], None], nice: int = 0) -> None:
        """`nice` lowers the child's priority, for work the build need not wait for."""
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(job, sender, nice), daemon=True)
        # What the parent holds now, the child's cycle collector leaves alone (it would
        # touch every object, and so copy every page of memory the two share)
        gc.freeze()
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        sender.close()

    def receive(self) -> Any:
        """The next thing the child sent, or None when it has finished (or failed)."""
        try:
            message = self._receiver.recv()
        except (EOFError, OSError):
            return None
        kind, value = message
        if kind == "failed":  # the parent does the work itself; say why only when asked
            logging.getLogger(__name__).debug("a child process failed:\n%s", value)
            return None
        return value

    def ready(self) -> bool:
        """Whether `receive` would answer at once."""
        try:
            return self._receiver.poll(0)
        except (EOFError, OSError):
            return True

    def close(self) -> None:
        """Wait for the child, taking (and dropping) whatever it still sends."""
        while self.receive() is not None:
            pass
        self._receiver.close()
        self._process.join()


def _run(job: Callable[[Send], None], sender: Connection, nice: int) -> None:
    # The parent reports problems; the child stays quiet and sends back what it found.
    for logger in (logging.getLogger(), logging.getLogger("mkdocs")):
        logger.handlers = [logging.NullHandler()]
    try:
        if nice:
            os.nice(nice)
        job(lambda value: sender.send(("sent", value)))
    except Exception:
        sender.send(("failed", traceback.format_exc()))
    finally:
        sender.close()


BLOCK = 32  # pieces in each block, in which the two processes meet (see `Ahead`)
AHEAD_BLOCKS = 2  # how many blocks the child may get ahead of this process
LOCK_WAIT = 10.0  # seconds: the lock is held for a moment; longer, its holder died


class Ahead:
    """Named pieces of work in a known order, done by this process and a forked child
    together. In each block of BLOCK pieces this process works from the front and the child
    from the back, until they meet: each does as much as its speed allows, whatever else
    the machine is doing. This process asks `result(name)` before each piece, in order: the
    child's result, or None when the piece is its own to do (as when the child failed).
    The child stays at most AHEAD_BLOCKS blocks ahead, so few results wait in memory."""

    def __init__(self, names: Sequence[str], work: Callable[[str], Any]) -> None:
        names = list(names)
        context = multiprocessing.get_context("fork")
        blocks = range(0, len(names), BLOCK)
        self._lock = context.Lock()
        self._front = context.RawArray("i", list(blocks))  # each block's next piece of ours
        self._back = context.RawArray("i", [min(len(names), start + BLOCK) for start in blocks])
        self._reached = context.RawValue("i", 0)  # the block this process has got to
        self._index = {name: at for at, name in enumerate(names)}
        self._received: dict[str, Any] = {}
        lock, front, back, reached = self._lock, self._front, self._back, self._reached

        def job(send: Send) -> None:
            for block in range(len(front)):
                while block > reached.value + AHEAD_BLOCKS:
                    time.sleep(0.002)
                while True:
                    with lock:
                        piece = back[block] - 1
                        if piece < front[block]:
                            break
                        back[block] = piece
                    send((names[piece], work(names[piece])))

        self._child: Child | None = Child(job)

    def result(self, name: str) -> Any:
        at = self._index.get(name)
        if at is None:
            return None
        block = at // BLOCK
        self._reached.value = max(self._reached.value, block)
        while self._child is not None and self._child.ready():  # so that it never waits
            self._take()
        if self._child is None:  # closed: it sent all it took
            return self._received.pop(name, None)
        if not self._lock.acquire(timeout=LOCK_WAIT):  # it died holding the lock
            self._child.close()
            self._child = None
            return self._received.pop(name, None)
        try:
            if at < self._back[block]:  # the child has not taken it: ours
                self._front[block] = max(self._front[block], at + 1)
                return None
        finally:
            self._lock.release()
        while name not in self._received and self._child is not None:
            self._take()
        return self._received.pop(name, None)

    def _take(self) -> None:
        assert self._child is not None
        sent = self._child.receive()
        if sent is None:
            self.close()
        else:
            self._received[sent[0]] = sent[1]

    def close(self) -> None:
        """Let the child take nothing more, and wait for it."""
        if self._child is not None:
            if self._lock.acquire(timeout=LOCK_WAIT):  # else it died holding it
                for block in range(len(self._front)):
                    self._front[block] = self._back[block]
                self._lock.release()
            self._reached.value = len(self._front)
            self._child.close()
            self._child = None
