"""How `serve` looks for saved files: MkDocs' poller, sooner on a small site, woken by the
system's own file events where there are any, and quiet while a rebuild runs.

MkDocs polls (file events do not reach every editor's folder: network drives, WSL) every
half second. A look costs little on a small site, so there it looks every 0.1 s. On a large
one a look is dear (60 to 85 ms for 10,000 posts) and runs in the server's process beside the
rebuild, competing with it for the one interpreter every half second; so no look is taken
while a rebuild runs. What is saved meanwhile is found by the first look after it, since a
look compares the folder with the last look before the rebuild.

Where the system reports changes to files (inotify, FSEvents, ReadDirectoryChangesW, through
watchdog's native observer), a report wakes the poller for a look at once instead of at the
end of its interval (up to half a second at 10,000 posts). The report only wakes it: the
poller's looks alone say what changed, so a change is never seen twice, and where reports
do not come (or cannot be set up), the poller looks as before.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingEmitter, PollingObserver

from intheopen.integrations.mkdocs.speed.state import Rebuilding

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger(__name__)
SETTLE = 0.05  # seconds without file events before a look
# MkDocs waits this long without further changes before it rebuilds (0.1 s of its own): our
# looks come once a save has settled, each reporting every change it found at once
BUILD_DELAY = 0.02
# What wakes the poller: changes only. A rebuild reads every post, and each read would be
# an event (opened, closed) for watchdog's threads to handle while the rebuild runs.
CHANGES: list[type[FileSystemEvent]] = [
    *(FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent),
    *(FileClosedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent),
]


def quicker_polling(server: LiveReloadServer, pages: int, rebuilding: Rebuilding) -> None:
    """Look for saved files every 0.1 s up to 1,000 pages, rising to MkDocs' 0.5 s at 5,000,
    and not while `rebuilding`; the paths already watched are moved to the new poller, and
    a look's changes are built at once (`BUILD_DELAY`)."""
    interval = min(0.5, max(0.1, pages / 10_000))
    watched = getattr(server, "_watched_paths", None)
    observer = getattr(server, "observer", None)
    if not isinstance(watched, dict) or not isinstance(observer, PollingObserver):
        return  # another MkDocs than the one this was written for: leave it as it is
    if observer.is_alive():
        return
    counts = dict(watched)
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = QuietPollingObserver(rebuilding, interval)
    server.build_delay = min(server.build_delay, BUILD_DELAY)
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)


class QuietPollingObserver(PollingObserver):
    """A `PollingObserver` whose looks wait while `rebuilding`, and that the system's file
    events (where there are any) wake for a look at once."""

    def __init__(self, rebuilding: Rebuilding, timeout: float) -> None:
        wake = threading.Event()

        class Emitter(_QuietEmitter):
            quiet = rebuilding.event
            woken = wake

        BaseObserver.__init__(self, Emitter, timeout=timeout)
        self.wake = wake
        self.native: BaseObserver | None = None if Observer is PollingObserver else Observer()

    def schedule(
        self, event_handler: Any, path: str | Path, *, recursive: bool = False, **kwargs: Any
    ) -> ObservedWatch:
        watch = super().schedule(event_handler, path, recursive=recursive, **kwargs)
        if self.native is not None:
            try:
                self.native.schedule(
                    _Wake(self.wake), path, recursive=recursive, event_filter=CHANGES
                )
            except Exception as error:  # a folder the system cannot report on: polled alone
                log.debug(f"no file events for {path}: {error}")
        return watch

    def start(self) -> None:
        super().start()
        if self.native is not None:
            try:
                self.native.start()
            except Exception as error:  # no file events here: the poller alone
                log.debug(f"no file events: {error}")
                self.native = None

    def stop(self) -> None:
        if self.native is not None and self.native.is_alive():
            self.native.stop()
            self.native.join()
        super().stop()


class _Wake(FileSystemEventHandler):
    def __init__(self, wake: threading.Event) -> None:
        self.wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.wake.set()


class _QuietEmitter(PollingEmitter):
    quiet: threading.Event
    woken: threading.Event

    def queue_events(self, timeout: Any) -> None:
        if self.woken.wait(timeout):  # a file event, else the interval
            self._settle(timeout)
        while self.quiet.is_set():  # rebuilding: look once it is done
            if self.stopped_event.wait(0.05):
                return
        if self.stopped_event.is_set():
            return
        self.woken.clear()
        super().queue_events(0)  # the wait is done: look now

    def _settle(self, timeout: float) -> None:
        """Wait until file events stop for a moment (a save is several: a look between
        them would see half a file, and the next look the rest, as a second change), but
        no longer than the interval."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self.stopped_event.is_set():
            self.woken.clear()
            if not self.woken.wait(SETTLE):
                break

    def on_thread_stop(self) -> None:
        self.woken.set()  # stop waiting (the stop is set first)
        super().on_thread_stop()
