"""Reproducible builds: the same commit and SOURCE_DATE_EPOCH give the same bytes."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sitebuild import build, copy_example

GIT = shutil.which("git")
EPOCH = "1795910400"  # 2026-11-28 00:00 UTC


def _files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_two_clones_of_one_commit_build_byte_for_byte_the_same(tmp_path: Path) -> None:
    (tmp_path / "first").mkdir()
    first = copy_example(tmp_path / "first")
    git = [GIT or "git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    when = {"GIT_AUTHOR_DATE": "2026-11-20T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-20T10:00Z"}
    env = {**os.environ, **when}
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "Blog"]):
        subprocess.run([*git, *args], cwd=first, env=env, check=True)
    post = first / "posts" / "2026" / "website-accessibility-plan.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA later note.\n", encoding="utf-8")
    later = {"GIT_AUTHOR_DATE": "2026-11-21T10:00Z", "GIT_COMMITTER_DATE": "2026-11-21T10:00Z"}
    subprocess.run([*git, "commit", "-qam", "Edit"], cwd=first, env={**env, **later}, check=True)
    second = tmp_path / "elsewhere" / "second"
    subprocess.run([*git, "clone", "-q", str(first), str(second)], check=True)

    # Different places, time zones, hash seeds and processes; the same commit and epoch.
    builds = [(first, "UTC", "1"), (second, "Pacific/Auckland", "2")]
    for root, zone, seed in builds:
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TZ": zone, "PYTHONHASHSEED": seed}
        done = build(root, "--strict", env=env)
        assert done.returncode == 0, done.stderr

    one, two = _files(first / "site"), _files(second / "site")
    assert sorted(one) == sorted(two)
    different = [name for name in one if one[name] != two[name]]
    assert different == []
    assert "sitemap.xml.gz" in one
    assert gzip.decompress(one["sitemap.xml.gz"]) == one["sitemap.xml"]
    assert len(one) > 100
    assert b'"updated": "2026-11-21T10:00:00+00:00"' in one["posts.json"]  # a date from git
