"""Results kept between builds, in a folder that is safe to delete and ignored by git.

A `Store` is one file of entries (text, lists and mappings; pickled, because loading a
thousand pages' HTML took 0.3 s from JSON and 0.06 s from pickle) keyed by a digest of
everything that made them. A build reads it once, takes what it needs, and writes back
only the entries it used or made, so the file never grows beyond one build's worth.
`remembered` keeps one value, pickled, under one key. A damaged or unreadable file is
treated as empty: the cache can only ever cost a rebuild, never a wrong page. The folder
is trusted as the site's mkdocs.yml is.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

FORMAT = 2
PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")
IGNORE = "# Made by In the Open: safe to delete, never commit.\n*\n"


def digest(parts: Iterable[str]) -> str:
    """A key for the parts, in order; no two different lists of parts share one."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        hashed.update(len(data).to_bytes(8, "big"))
        hashed.update(data)
    return hashed.hexdigest()


def stable(value: Any, depth: int = 0) -> str:
    """A text for a setting that is the same from one run to the next (no addresses)."""
    if isinstance(value, str | int | float | bool | date) or value is None:
        return repr(value)
    if depth > 6:
        return type(value).__qualname__
    if isinstance(value, Mapping):
        items = sorted((str(key), stable(item, depth + 1)) for key, item in value.items())
        return "{" + ", ".join(f"{key}: {item}" for key, item in items) + "}"
    if isinstance(value, list | tuple | set | frozenset):
        parts = [stable(item, depth + 1) for item in value]
        return "[" + ", ".join(sorted(parts) if isinstance(value, set | frozenset) else parts) + "]"
    if isinstance(value, type) or (callable(value) and not hasattr(value, "__dict__")):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    name = f"{type(value).__module__}.{type(value).__qualname__}"
    configs = getattr(value, "getConfigs", None)  # a Markdown extension given as an object
    if callable(configs):
        return name + stable(configs(), depth + 1)
    own = getattr(value, "config", None)  # a plugin: its settings, not its state
    if isinstance(own, Mapping):
        return name + stable(own, depth + 1)
    fields = {k: v for k, v in getattr(value, "__dict__", {}).items() if not k.startswith("_")}
    return name + stable(fields, depth + 1)


def installed() -> str:
    """Every installed distribution and its version."""
    found = {(dist.metadata["Name"] or "", dist.version) for dist in metadata.distributions()}
    return ";".join(f"{name}={version}" for name, version in sorted(found))


def own_code() -> str:
    """Our code, data and templates by size and time: an editable install changes without
    a new version."""
    parts = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in {".py", ".yml", ".html", ".css", ".js", ".j2"}:
            status = path.stat()
            parts.append(f"{path.relative_to(PACKAGE)}:{status.st_size}:{status.st_mtime_ns}")
    return ";".join(parts)


def code_digest() -> str:
    """Python, every installed package and our own files: what any kept result was made by."""
    return digest([sys.version, installed(), own_code()])


def remembered(folder: Path | None, name: str, key: str, make: Callable[[], T]) -> T:
    """`make()`, or what it gave last time under the same `key`, pickled in `folder`.

    Pickle, not JSON, because the value is a tree of our frozen dataclasses. The file lives in
    the site's own folder and is trusted as its mkdocs.yml is; a file that cannot be read or
    is from another key is ignored.
    """
    path = folder / f"{name}.pickle" if folder else None
    if path is not None:
        try:
            found_key, value = pickle.loads(path.read_bytes())
            if found_key == key:
                return value  # type: ignore[no-any-return]
        except Exception:  # damaged, from another version, or missing: make it again
            pass
    value = make()
    if path is not None and folder is not None:
        _write(folder, path, pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
    return value


def made(folder: Path) -> Path:
    """`folder`, made if need be, with a .gitignore that keeps it out of git."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(IGNORE, encoding="utf-8")
    return folder


def _write(folder: Path, path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, making the folder (git-ignored) if need be."""
    try:
        made(folder)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError:
            os.unlink(temporary)
            raise
    except OSError:
        return


class Store:
    """One named cache file in `folder`; with no folder, a store that keeps nothing."""

    def __init__(self, folder: Path | None, name: str) -> None:
        self.folder = folder
        self.path = folder / f"{name}.pickle" if folder else None
        self._old = self._read()
        self._new: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0

    def _read(self) -> dict[str, Any]:
        if self.path is None:
            return {}
        try:
            data = pickle.loads(self.path.read_bytes())
        except Exception:  # damaged, from another version, or missing: start empty
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def __len__(self) -> int:
        """How many entries the last build left."""
        return len(self._old)

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

    def next_build(self, keep_unused: bool = True) -> None:
        """Start another build with this store still in memory (`mkdocs serve`); entries
        the last build did not use are dropped unless `keep_unused`."""
        if keep_unused:
            self._old.update(self._new)
        else:
            self._old = self._new
        self._new = {}
        self.hits = self.misses = 0

    def put(self, key: str, value: Any) -> None:
        self._new[key] = value

    def save(self) -> None:
        """Write this build's entries, atomically; a cache that cannot be written is skipped."""
        if self.folder is None or self.path is None:
            return
        if self._new.keys() == self._old.keys():
            return
        data = {"format": FORMAT, "entries": self._new}
        _write(self.folder, self.path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        self._old = dict(self._new)
