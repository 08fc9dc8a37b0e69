"""What the last site the aggregator published was made from, kept beside its store, so
that a run that stored nothing new writes only its health page and OPML again.

The key covers the stored items' version (the store changes it whenever a run stores an item
that is new or different), the sources file as read, and the code (Python, every installed
package, our own files). What is kept is JSON, read back only if it has exactly the shape
expected: a damaged or planted file is a full rebuild, never anything run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

import msgspec

from intheopen.speed.cache import code_digest, digest, write_atomically

NAME = "site.json"


class _Made(msgspec.Struct):
    key: str
    out: str
    tallies: dict[str, tuple[int, str]]


class KeptSite:
    """The aggregator's memory of its last site, in its data folder."""

    def __init__(self, data: Path) -> None:
        self.path = data / NAME

    def unchanged(self, out: Path, made_from: Sequence[str]) -> dict[str, tuple[int, str]] | None:
        try:
            found = msgspec.json.decode(self.path.read_bytes(), type=_Made)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError):
            return None
        same = found.key == _key(made_from) and found.out == str(out.resolve())
        return dict(found.tallies) if same and (out / "index.html").is_file() else None

    def remember(
        self, out: Path, made_from: Sequence[str], tallies: dict[str, tuple[int, str]]
    ) -> None:
        data = msgspec.json.encode(_Made(_key(made_from), str(out.resolve()), tallies))
        with contextlib.suppress(OSError):  # not kept: the next run rebuilds, nothing worse
            write_atomically(self.path, data)

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)


def _key(made_from: Sequence[str]) -> str:
    return digest([code_digest(), *made_from])
