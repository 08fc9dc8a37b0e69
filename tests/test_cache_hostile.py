"""The cache folder is untrusted: CI restores it from other branches and forks. Whatever is
planted there — a pickle that runs a command when loaded, compiled template code in
Jinja's format, entries of the wrong shape under the right keys — runs nothing, breaks
nothing, and the site comes out as a cold build's."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

import intheopen
from sitebuild import make_site, post_text
from test_cache import built

CACHE = (".cache", "intheopen")
NAMES = ("blog", "plan", "pages", "rendered", "feeds", "feedfiles")


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


def test_entries_of_the_wrong_shape_under_valid_keys_are_misses(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", {"a.md": post_text("A"), "b.md": post_text("B")})
    cold, _ = built(root)
    built(root)  # warm: every store written
    folder = root.joinpath(*CACHE)
    seen = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_bytes())
        if "entries" in data:  # a store: every entry's value made another shape
            assert data["entries"], path.name
            data["entries"] = {key: wrong(value) for key, value in data["entries"].items()}
        else:  # one kept value under its key
            data["value"] = wrong(data["value"])
        path.write_text(json.dumps(data), encoding="utf-8")
        seen.append(path.stem)

    again, log = built(root)

    assert sorted(seen) == ["blog", "feedfiles", "feeds", "pages", "rendered"]
    assert again == cold
    assert "Traceback" not in log


def test_one_wrong_entry_among_good_ones_costs_only_a_rebuild(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", {"a.md": post_text("A"), "b.md": post_text("B")})
    cold, _ = built(root)
    built(root)
    path = root.joinpath(*CACHE, "feedfiles.json")
    data = json.loads(path.read_bytes())
    first = next(iter(data["entries"]))
    data["entries"][first] = 12345  # bytes expected
    path.write_text(json.dumps(data), encoding="utf-8")

    assert built(root)[0] == cold
