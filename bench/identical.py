#!/usr/bin/env python3
"""Prove a change moved code without changing what it makes: the example council blog plus
N generated posts, built cold, warm, and with the speed layer off, file by file.

    python bench/identical.py save MANIFEST [--posts N]    before the change
    python bench/identical.py check MANIFEST [--posts N]   after it: exit 1 on any difference

A manifest is every built file's path and SHA-256. Builds run with a fixed
SOURCE_DATE_EPOCH, so the same input gives the same bytes on any day.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import posts as generated

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1796083200"  # 2026-12-01
PLAIN = "  - intheopen:\n      cache: false\n      parallel: false\n"


def site(folder: Path, count: int) -> Path:
    """The example site with `count` generated posts (and their authors) beside its own."""
    for name in ("mkdocs.yml", "authors.yml"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("docs", "posts", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, folder / name)
    made = folder / "generated"
    generated.write(count, made, "intheopen")
    shutil.move(made / "posts", folder / "posts" / "generated")
    authors = (folder / "authors.yml").read_text(encoding="utf-8").rstrip("\n") + "\n"
    (folder / "authors.yml").write_text(authors + (made / "authors.yml").read_text("utf-8"))
    shutil.rmtree(made)
    return folder


def built(folder: Path, *, plain: bool = False) -> dict[str, str]:
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if plain:
        config.write_text(text.replace("  - intheopen:\n", PLAIN, 1), encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    config.write_text(text, encoding="utf-8")
    if result.returncode != 0:
        sys.exit(f"the build failed:\n{result.stderr}")
    out = folder / "site"
    return {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def manifests(count: int) -> dict[str, dict[str, str]]:
    with tempfile.TemporaryDirectory(prefix="intheopen-identical-") as temporary:
        folder = site(Path(temporary), count)
        cold = built(folder)
        warm = built(folder)
        plain = built(folder, plain=True)
    return {"cold": cold, "warm": warm, "plain": plain}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["save", "check"])
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--posts", type=int, default=300)
    arguments = parser.parse_args()
    found = manifests(arguments.posts)
    kinds = iter(found.values())
    first = next(kinds)
    for name, other in found.items():
        if other != first:
            print(f"the {name} build differs from the cold one: {_differences(first, other)}")
            return 1
    if arguments.action == "save":
        arguments.manifest.write_text(json.dumps(first, indent=1, sort_keys=True), "utf-8")
        print(f"{len(first)} files, cold = warm = plain; saved to {arguments.manifest}")
        return 0
    before = json.loads(arguments.manifest.read_text(encoding="utf-8"))
    if before != first:
        print(f"the site differs from the saved one: {_differences(before, first)}")
        return 1
    print(f"{len(first)} files, cold = warm = plain = the saved build")
    return 0


def _differences(one: dict[str, str], other: dict[str, str]) -> str:
    changed = sorted(p for p in one.keys() | other.keys() if one.get(p) != other.get(p))
    return f"{len(changed)} files, e.g. {', '.join(changed[:8])}"


if __name__ == "__main__":
    sys.exit(main())
