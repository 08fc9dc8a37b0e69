"""Results kept between builds, in a folder that is safe to delete and ignored by git.

A `Store` is one JSON file of entries keyed by a digest of everything that made them. A
build reads it once, takes what it needs, and writes back only the entries it used or made,
so the file never grows beyond one build's worth. A damaged or unreadable file is treated as
empty: the cache can only ever cost a rebuild, never a wrong page.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FORMAT = 1
IGNORE = "# Made by In the Open: safe to delete, never commit.\n*\n"


def digest(parts: Iterable[str]) -> str:
    """A key for the parts, in order; no two different lists of parts share one."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        hashed.update(len(data).to_bytes(8, "big"))
        hashed.update(data)
    return hashed.hexdigest()


class Store:
    """One named cache file in `folder`; with no folder, a store that keeps nothing."""

    def __init__(self, folder: Path | None, name: str) -> None:
        self.folder = folder
        self.path = folder / f"{name}.json" if folder else None
        self._old = self._read()
        self._new: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0

    def _read(self) -> dict[str, Any]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def get(self, key: str) -> Any:
        """The entry made under `key` by this build or the last, or None."""
        if key in self._new:
            return self._new[key]
        found = self._old.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
            self._new[key] = found
        return found

    def put(self, key: str, value: Any) -> None:
        self._new[key] = value

    def save(self) -> None:
        """Write this build's entries, atomically; a cache that cannot be written is skipped."""
        if self.folder is None or self.path is None:
            return
        if self._new.keys() == self._old.keys():
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text(IGNORE, encoding="utf-8")
            data = json.dumps({"format": FORMAT, "entries": self._new}, ensure_ascii=False)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(data)
            os.replace(temporary, self.path)
        except OSError:
            return
        self._old = dict(self._new)
