"""How `serve` looks for saved files: MkDocs' poller, sooner on a small site, and quiet
while a rebuild runs.

MkDocs polls (file events do not reach every editor's folder: network drives, WSL) every
half second. A look costs little on a small site, so there it looks every 0.1 s. On a large
one a look is dear (60 to 85 ms for 10,000 posts) and runs in the server's process beside the
rebuild, competing with it for the one interpreter every half second; so no look is taken
while a rebuild runs. What is saved meanwhile is found by the first look after it, since a
look compares the folder with the last look before the rebuild.
"""

from __future__ import annotations

import threading
from typing import Any

from mkdocs.livereload import LiveReloadServer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingEmitter, PollingObserver


class Rebuilding:
    """Set while a rebuild runs (the plugin's `on_config` to its `on_post_build`)."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def start(self) -> None:
        self.event.set()

    def end(self) -> None:
        self.event.clear()


def quicker_polling(server: LiveReloadServer, pages: int, rebuilding: Rebuilding) -> None:
    """Look for saved files every 0.1 s up to 1,000 pages, rising to MkDocs' 0.5 s at 5,000,
    and not while `rebuilding`; the paths already watched are moved to the new poller."""
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
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)


class QuietPollingObserver(PollingObserver):
    """A `PollingObserver` whose looks wait while `rebuilding`."""

    def __init__(self, rebuilding: Rebuilding, timeout: float) -> None:
        class Emitter(_QuietEmitter):
            quiet = rebuilding.event

        BaseObserver.__init__(self, Emitter, timeout=timeout)


class _QuietEmitter(PollingEmitter):
    quiet: threading.Event

    def queue_events(self, timeout: Any) -> None:
        if self.stopped_event.wait(timeout) or self.quiet.is_set():  # rebuilding: look later
            return
        super().queue_events(0)  # the wait is done: look now
