"""The pre-commit hook this repository offers: its entry run as pre-commit would run it."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT, write_post

MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def _hook() -> dict[str, object]:
    [hook] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return hook  # type: ignore[no-any-return]


def _run_hook(site: Path, changed: list[str]) -> subprocess.CompletedProcess[str]:
    """What pre-commit does: pick the changed files the hook's `files` matches, and give
    them to its entry (the `intheopen` installed beside this Python)."""
    hook = _hook()
    chosen = [name for name in changed if re.search(str(hook["files"]), name)]
    program, *args = shlex.split(str(hook["entry"]))
    command = [str(Path(sys.executable).parent / program), *args, *chosen]
    return subprocess.run(command, cwd=site, capture_output=True, text=True)


def test_the_manifest_is_valid() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    hook = _hook()
    assert (hook["id"], hook["language"], hook["entry"]) == (
        "intheopen-check",
        "python",
        "intheopen check --strict",
    )


def test_the_hook_passes_a_good_post(site: Path) -> None:
    write_post(site / "posts", "2026/weeknote-10.md")
    done = _run_hook(site, ["posts/2026/weeknote-10.md", "README.md"])
    assert (done.returncode, done.stdout) == (0, "Checked 1 post: no problems found.\n")


def test_the_hook_stops_a_bad_post_and_says_why(site: Path) -> None:
    write_post(site / "posts", "2026/weeknote-10.md")
    write_post(site / "posts", "2026/weeknote-11.md", principles="[open-data]")
    done = _run_hook(site, ["posts/2026/weeknote-11.md"])
    assert done.returncode == 1
    assert done.stdout == (
        "posts/2026/weeknote-11.md:5: principles[1]: 'open-data' is not a Local Digital "
        "Declaration principle; expected one of user-needs, fix-our-plumbing, safe-sharing, "
        "digital-leadership, open-culture\n"
        "Checked 1 post: 1 error in 1 file.\n"
    )


def test_the_hook_fails_on_warnings_too(site: Path) -> None:
    write_post(site / "posts", "2026/weeknote-10.md", catagories="[bins]")
    done = _run_hook(site, ["posts/2026/weeknote-10.md"])
    assert done.returncode == 1
    assert "catagories: unknown field 'catagories', ignored; did you mean" in done.stdout


def test_the_hook_ignores_files_that_are_not_posts() -> None:
    pattern = str(_hook()["files"])
    assert re.search(pattern, "posts/2026/bins.md")
    assert re.search(pattern, "authors.yml")
    assert not re.search(pattern, "docs/index.md")
    assert not re.search(pattern, "posts/2026/chart.png")
