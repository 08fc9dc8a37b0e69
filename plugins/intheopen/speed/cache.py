"""Results kept between builds, in a folder that is safe to delete and ignored by git.

The folder is untrusted input: CI caches are restored across branches and from forks, and
runners are shared. So nothing in it is ever loaded as code: every file is JSON, decoded by
msgspec against the exact shape this build expects (a `Blog`, a string, the parts of a
rendered page). A file that is damaged, from another version, or holds anything of another
shape is a miss, never a crash, never code run: it costs a rebuild, nothing else. (msgspec
decodes a thousand posts in about 15 ms, faster than pickle did.)

`remembered` keeps one value under one key, in one file; a `shelf.Shelf` keeps many, in
packs with an index, each read only when needed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any, Generic, TypeVar

import msgspec

PACKAGE = Path(__file__).resolve().parent.parent  # the whole package, not this room
T = TypeVar("T")
IGNORE = "# Made by In the Open: safe to delete, never commit.\n*\n"
# What earlier versions kept here, in formats that could run code when loaded or in single
# files since replaced by shelves: never read, removed when seen.
RETIRED = ("*.pickle", "templates", "pages.json", "rendered.json", "feeds.json", "feedfiles.json")


class _Kept(msgspec.Struct, Generic[T]):
    key: str
    value: T


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
    """Every installed distribution and its version. Read again only when a folder on the
    import path has changed (installing or removing a package changes its folder), since
    reading every package's metadata costs a tenth of a second, at every `serve` rebuild."""
    where = []
    for entry in sys.path:
        with contextlib.suppress(OSError):
            where.append(f"{entry}:{os.stat(entry or '.').st_mtime_ns}")
    return _installed(tuple(where))


@functools.lru_cache(maxsize=1)
def _installed(where: tuple[str, ...]) -> str:
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


def remembered(
    folder: Path | None, name: str, key: str, make: Callable[[], T], shape: type[T]
) -> T:
    """`make()`, or what it gave last time under the same `key`, kept in `folder` as JSON
    and read back only if it has exactly the `shape` expected."""
    path = folder / f"{name}.json" if folder else None
    if path is not None:
        found = _load(path, _Kept[shape])  # type: ignore[valid-type]
        if found is not None and found.key == key:
            return found.value  # type: ignore[no-any-return]
    value = make()
    if path is not None and folder is not None:
        _write(folder, path, msgspec.json.encode(_Kept(key, value)))
    return value


def _load(path: Path, shape: Any) -> Any:
    """The file's contents if they have `shape`; None if missing, damaged or not that."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return msgspec.json.decode(data, type=shape)
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError, RecursionError):
        return None


def retire_old_formats(folder: Path) -> None:
    """Remove what earlier versions kept in formats that could run code when loaded."""
    import shutil

    for pattern in RETIRED:
        for found in folder.glob(pattern):
            if found.is_dir() and not found.is_symlink():
                shutil.rmtree(found, ignore_errors=True)
            else:
                found.unlink(missing_ok=True)


def made(folder: Path) -> Path:
    """`folder`, made if need be, with a .gitignore that keeps it out of git."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(IGNORE, encoding="utf-8")
    return folder


def _write(folder: Path, path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, making the folder (git-ignored) if need be; a
    cache that cannot be written is not kept, nothing worse."""
    with contextlib.suppress(OSError):
        made(folder)
        write_atomically(path, data)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a file beside it, so `path` is whole or as it was.
    Raises OSError."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        os.unlink(temporary)
        raise
