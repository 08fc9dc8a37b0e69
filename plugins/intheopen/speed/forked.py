"""Work done by a forked child while the build goes on, on machines with a core to spare.

A fork shares everything the parent has built so far, so the child needs nothing sent to it;
it sends its results back as it goes. A child that fails or dies only costs the parent the
work it then does itself: `receive` answers None once the child has nothing more to say.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable, Iterable
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
        self._process.start()
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


class Ahead:
    """A child working through named pieces of work in order, sending `(name, result)` for
    each; the parent asks for a result by name when it gets there, and does the piece itself
    if the answer is None (the child failed, or had nothing for it)."""

    def __init__(self, names: Iterable[str], job: Callable[[Send], None]) -> None:
        self._waiting = set(names)
        self._received: dict[str, Any] = {}
        self._child: Child | None = Child(job)

    def result(self, name: str) -> Any:
        if name not in self._waiting:
            return None
        while name not in self._received and self._child is not None:
            sent = self._child.receive()
            if sent is None:
                self.close()
                break
            self._received[sent[0]] = sent[1]
        self._waiting.discard(name)
        return self._received.pop(name, None)

    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None
