"""Python's cycle collector, held back while `serve` rebuilds a large site.

A serving process holds a large heap from one rebuild to the next (the blog, the last plan,
the caches: most of a million objects at 10,000 posts), and every rebuild makes new
objects by the hundred thousand, so the collector walked the whole heap two or three times
a rebuild: a second or two of a ten-second rebuild. While a rebuild runs it now does not
run; once, before the rebuild, with the last build let go, it collects everything then
unreachable, so memory is given back as before, once a rebuild rather than now and then.

Only rebuilds after the first: the first build of a `serve` builds every page, and a whole
build makes enough short-lived cycles (a Markdown object for each page MkDocs converts)
that the collector should run as usual.
"""

from __future__ import annotations

import gc


class HeldCollector:
    """`hold()` at the start of a rebuild, `release()` at its end (or when it fails)."""

    def __init__(self) -> None:
        self.holding = False
        self.was_enabled = True

    def hold(self) -> None:
        """Collect once, then keep the collector off until `release`."""
        self.release()
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
