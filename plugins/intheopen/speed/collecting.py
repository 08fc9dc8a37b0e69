"""Python's cycle collector, held back while `serve` rebuilds a large site.

A serving process holds a large heap from one rebuild to the next (the blog, the last plan,
the caches: most of a million objects at 10,000 posts), and every rebuild makes new
objects by the hundred thousand, so the collector walked the whole heap two or three times
a rebuild: a second or two of a ten-second rebuild. While a rebuild runs it now does not
run. Once a rebuild has been served, a timer collects everything then unreachable (the
last build's pages and navigation, which are cycles), while the author reads the page; a
rebuild that starts before the timer has run collects first itself. Memory is given back
as before, once a rebuild rather than now and then, and the wait for a page does not
include the collection (half a second at 10,000 posts).

Only rebuilds after the first: the first build of a `serve` builds every page, and a whole
build makes enough short-lived cycles (a Markdown object for each page MkDocs converts)
that the collector should run as usual.

When the command ends (`mkdocs build`, `gh-deploy` or `serve`: MkDocs' shutdown event, run
just before the process exits), everything the process holds is set aside from the
collector (`gc.freeze`): Python would otherwise walk the whole heap once more as it exits
and free the build object by object (MkDocs keeps each plugin, and so the whole build,
until then): a quarter of a second at 1,000 posts, after the site is written. The operating
system takes the memory back at once instead. Nothing is lost by it: files are written and
closed, and the exit handlers (logging's, multiprocessing's) still run. A process that goes
on to start another build hands it all back to the collector first (`resume`). The
`intheopen` command does the same as it ends (`cli.run`), for `aggregate` above all.
"""

from __future__ import annotations

import gc
import threading

LATER = 1.0  # seconds after a rebuild: its page has been served by then
_left = False  # whether a command ended in this process, leaving its objects frozen


def leave_to_exit() -> None:
    """The process is ending: what it holds is left for the operating system to take back,
    not walked and freed by the collector as Python exits."""
    global _left
    gc.freeze()
    _left = True


def resume() -> None:
    """A command starts: give the collector back anything one that ended in this same
    process left to the exit (`leave_to_exit`)."""
    global _left
    if _left:
        gc.unfreeze()
        _left = False


class HeldCollector:
    """`hold()` at the start of a rebuild, `release()` at its end (or when it fails), and
    `later()` once a rebuild has finished."""

    def __init__(self) -> None:
        self.holding = False
        self.was_enabled = True
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._collected = False  # by the timer, since the last rebuild
        self._round = 0  # which `later` a timer belongs to

    def hold(self) -> None:
        """Collect (unless the timer has since the last rebuild), then keep the collector
        off until `release`."""
        self.release()
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._round += 1  # a timer running now no longer counts
            collected, self._collected = self._collected, False
        if not collected:
            gc.collect()
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.holding = True

    def release(self) -> None:
        """The collector as it was before `hold`."""
        if self.holding:
            if self.was_enabled:
                gc.enable()
            self.holding = False

    def later(self, delay: float = LATER) -> None:
        """Collect once, `delay` seconds from now, in a thread of its own."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._collected = False
            self._round += 1
            self._timer = threading.Timer(delay, self._collect, (self._round,))
            self._timer.daemon = True
            self._timer.start()

    def stop(self) -> None:
        """No collection later (the process is ending)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        self.release()

    def leave_to_exit(self) -> None:
        """The process is ending: no collection later, and what it holds is left to the
        exit (`leave_to_exit`)."""
        self.stop()
        leave_to_exit()

    def _collect(self, turn: int) -> None:
        gc.collect()
        with self._lock:
            if turn == self._round:
                self._collected = True
                self._timer = None
