"""The cache folder is untrusted: CI restores it from other branches and forks. Whatever is
planted there — a pickle that runs a command when loaded, compiled template code in
Jinja's format, entries of the wrong shape under the right keys — runs nothing, breaks
nothing, and the site comes out as a cold build's."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

import intheopen
from sitebuild import make_site, post_text
from test_cache import SHELVES, built

CACHE = (".cache", "intheopen")
NAMES = ("blog", "plan", "pages", "rendered", "feeds", "feedfiles")
SECRET = "a token from the runner that must never be published"


class Planted:
    """A pickle that, when loaded, writes `marker`: the classic pickle exploit."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path(self.marker).write_text, ("pickle ran",))


def jinja_code(marker: Path, source: str) -> bytes:
    """Compiled template code in the bytecode cache's own format, whose running writes
    `marker`, with the checksum of the real template's `source`."""
    environment = jinja2.Environment()
    bucket = Bucket(environment, "planted", FileSystemBytecodeCache().get_source_checksum(source))
    bucket.code = compile(f"open({str(marker)!r}, 'w').write('template code ran')", "x", "exec")
    return bucket.bytecode_to_string()


def plant_code(folder: Path, marker: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    exploit = pickle.dumps(Planted(marker))
    for name in NAMES:
        (folder / f"{name}.pickle").write_bytes(exploit)  # the old format's names
        (folder / f"{name}.json").write_bytes(exploit)
    templates = folder / "templates"  # where the old Jinja bytecode cache was kept
    templates.mkdir(exist_ok=True)
    cache = FileSystemBytecodeCache(str(templates))
    theme = Path(intheopen.__file__).parent / "templates" / "theme"
    for template in theme.rglob("*.html"):
        name = template.relative_to(theme).as_posix()
        for filename in (str(template), template.as_posix()):
            key = FileSystemBytecodeCache().get_cache_key(name, filename)
            code = jinja_code(marker, template.read_text(encoding="utf-8"))
            (templates / (cache.pattern % key)).write_bytes(code)


def test_planted_code_never_runs_and_the_site_is_the_cold_build(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", {"a.md": post_text("A"), "b.md": post_text("B")})
    cold, _ = built(root)
    marker = tmp_path / "ran"
    folder = root.joinpath(*CACHE)
    shutil.rmtree(folder)
    plant_code(folder, marker)

    planted, log = built(root)

    assert not marker.exists(), marker.read_text()
    assert planted == cold
    assert "Traceback" not in log
    assert not list(folder.glob("*.pickle")) and not (folder / "templates").exists()


def wrong(value: Any) -> Any:
    """A value of another shape than `value`: text for numbers and lists, a list for text
    and objects, a number for anything else."""
    if isinstance(value, str):
        return ["not", "text"]
    if isinstance(value, dict):
        return {key: wrong(item) for key, item in value.items()} if value else [1]
    if isinstance(value, list):
        return "not a list"
    return {"not": "a number"}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rewrite(shelf: Path, change: Callable[[bytes], bytes]) -> None:
    """Every entry of the shelf changed by `change`, in a new pack, indexed with the
    checksums a real entry has: only the shape is wrong."""
    index = json.loads((shelf / "index.json").read_bytes())
    assert index["entries"], shelf.name
    pack, out = "0123456789abcdef.pack", bytearray()
    for key, (old, offset, length, _) in index["entries"].items():
        new = change((shelf / old).read_bytes()[offset : offset + length])
        index["entries"][key] = [pack, len(out), len(new), sha(new)]
        out += new
    for old in shelf.glob("*.pack"):
        old.unlink()
    (shelf / pack).write_bytes(bytes(out))
    (shelf / "index.json").write_text(json.dumps(index), encoding="utf-8")


def test_entries_of_the_wrong_shape_under_valid_keys_are_misses(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", {"a.md": post_text("A"), "b.md": post_text("B")})
    cold, _ = built(root)
    built(root)  # warm: every store written
    folder = root.joinpath(*CACHE)
    kept = folder / "blog.json"  # one kept value under its key
    data = json.loads(kept.read_bytes())
    data["value"] = wrong(data["value"])
    kept.write_text(json.dumps(data), encoding="utf-8")
    # A shelf of JSON: each entry another shape; shelves of text: bytes that are not UTF-8.
    rewrite(folder / "rendered", lambda entry: json.dumps(wrong(json.loads(entry))).encode())
    rewrite(folder / "search", lambda entry: json.dumps(wrong(json.loads(entry))).encode())
    for name in ("pages", "feeds"):
        rewrite(folder / name, lambda entry: b"\xff\xfe not text")
    (folder / "feedfiles" / "index.json").write_text('{"format": 1, "entries": []}', "utf-8")

    again, log = built(root)

    assert again == cold
    assert "Traceback" not in log


def test_changed_or_cut_packs_cost_only_a_rebuild(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", {"a.md": post_text("A"), "b.md": post_text("B")})
    cold, _ = built(root)
    built(root)
    for number, name in enumerate(SHELVES):
        for pack in root.joinpath(*CACHE, name).glob("*.pack"):
            data = pack.read_bytes()
            if number % 2:  # one byte changed: every entry after it is still good
                pack.write_bytes(data[:10] + bytes([data[10] ^ 1]) + data[11:])
            else:  # cut short, as a full disk would leave it
                pack.write_bytes(data[: len(data) // 2])

    assert built(root)[0] == cold


def test_links_planted_in_the_cache_never_bring_other_files_into_the_site(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path / "site", {"a.md": post_text("A"), "b.md": post_text("B")})
    cold, _ = built(root)
    built(root)
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    planted = tmp_path / "planted"
    shutil.copytree(root.joinpath(*CACHE), planted)
    for number, name in enumerate(SHELVES):  # every entry the secret, in a pack that is a
        shelf = root.joinpath(*CACHE, name)  # link to it (symbolic or hard), indexed right
        index = json.loads((shelf / "index.json").read_bytes())
        pack = shelf / "fedcba9876543210.pack"
        copy = secret.with_name(f"secret-{name}")
        copy.write_bytes(SECRET.encode())
        if number % 2:
            pack.symlink_to(copy)
        else:
            os.link(copy, pack)
        entry = [pack.name, 0, len(SECRET), sha(SECRET.encode())]
        index["entries"] = {key: entry for key in index["entries"]}
        (shelf / "index.json").write_text(json.dumps(index), encoding="utf-8")
    linked, log = built(root)
    shutil.rmtree(root.joinpath(*CACHE, "pages"))
    root.joinpath(*CACHE, "pages").symlink_to(planted / "pages")  # the whole shelf a link
    outside = sorted((path.name, path.read_bytes()) for path in (planted / "pages").iterdir())
    through, _ = built(root)

    for site in (linked, through):
        assert site == cold
        assert not any(SECRET.encode() in data for data in site.values())
    assert "Traceback" not in log
    assert not root.joinpath(*CACHE, "pages").is_symlink()
    assert sorted((p.name, p.read_bytes()) for p in (planted / "pages").iterdir()) == outside
