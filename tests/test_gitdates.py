"""Dates from git: a real repository with commits at known times, and a shallow clone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

from sitebuild import build, make_site, post_text

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")
NOVEMBER_28 = "1795910400"  # 2026-11-28 00:00 UTC: every post below is published by then
C1 = "2026-03-06T09:00:00Z"
C2 = "2026-07-01T12:00:00Z"  # British Summer Time: 13:00 in London
C3 = "2026-11-25T15:30:00Z"  # Greenwich Mean Time: 15:30 in London


def _git(repo: Path, *args: str, when: str = C1) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(
        [GIT or "git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A blog whose history is three commits at known times."""
    root = make_site(
        tmp_path_factory.mktemp("history") / "blog",
        {
            "edited.md": post_text("Edited in July"),
            "pinned.md": post_text("Pinned", updated="2026-04-01"),
            "sameday.md": post_text("Fixed the same day", date="2026-11-25"),
            "moved.md": post_text("Moved only"),
            "late.md": post_text("Edited in November"),
        },
    )
    (root / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "First posts", when=C1)
    _append(root / "posts" / "edited.md", "A correction.\n")
    _append(root / "posts" / "pinned.md", "A correction.\n")
    _git(root, "commit", "-q", "-am", "Correct two posts", when=C2)
    _append(root / "posts" / "sameday.md", "A typo fixed.\n")
    _append(root / "posts" / "late.md", "What happened next.\n")
    (root / "posts" / "2026").mkdir()
    _git(root, "mv", "posts/moved.md", "posts/2026/moved.md")
    (root / "posts" / "fresh.md").write_text(post_text("Added late"), encoding="utf-8")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "Edit, move and add", when=C3)
    return root


def _build(root: Path, *, log: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": NOVEMBER_28, "TZ": "America/New_York"}
    if log is not None:  # a `git` first on PATH that notes each call, then runs git
        shim = log.parent / "bin"
        shim.mkdir(exist_ok=True)
        (shim / "git").write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{GIT}" "$@"\n')
        (shim / "git").chmod(0o755)
        env["PATH"] = f"{shim}{os.pathsep}{env['PATH']}"
    done = build(root, "--strict", env=env)
    assert done.returncode == 0, done.stderr
    return done


def _updated(root: Path) -> dict[str, str | None]:
    index = json.loads((root / "site" / "posts.json").read_text(encoding="utf-8"))
    return {post["title"]: post["updated"] for post in index["posts"]}


def test_updated_comes_from_the_last_edit_in_london_time(repo: Path, tmp_path: Path) -> None:
    calls = tmp_path / "git-calls.txt"
    _build(repo, log=calls)
    assert _updated(repo) == {
        "Edited in July": "2026-07-01T13:00:00+01:00",
        "Pinned": "2026-04-01T00:00:00+01:00",  # front matter wins
        "Fixed the same day": None,  # an edit on the post's own day is not an update
        "Moved only": None,  # a move changes nothing a reader sees
        "Edited in November": "2026-11-25T15:30:00+00:00",
        "Added late": None,  # adding a post is not updating it
    }
    feed = feedparser.parse((repo / "site" / "feed.atom").read_bytes())
    by_title = {entry.title: entry for entry in feed.entries}
    assert by_title["Edited in July"].updated == "2026-07-01T13:00:00+01:00"
    assert by_title["Moved only"].updated == "2026-03-06T00:00:00+00:00"
    shown = (repo / "site" / "posts" / "2026" / "03" / "edited" / "index.html").read_text("utf-8")
    assert '<time datetime="2026-07-01T13:00:00+01:00">1 July 2026</time>' in shown
    # One `git log` for the whole site (and one question about the clone), not one a post.
    lines = calls.read_text(encoding="utf-8").splitlines()
    assert [line.split()[2] for line in lines] == ["rev-parse", "-c"]
    assert sum(" log " in f" {line} " for line in lines) == 1


def test_the_sitemap_says_when_each_page_last_changed(repo: Path) -> None:
    _build(repo)
    sitemap = (repo / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://blog.testtown.example/posts/2026/03/edited/</loc>\n" in sitemap
    lastmod = dict(
        zip(
            [line.strip()[5:-6] for line in sitemap.splitlines() if "<loc>" in line],
            [line.strip()[9:-10] for line in sitemap.splitlines() if "<lastmod>" in line],
            strict=True,
        )
    )
    site = "https://blog.testtown.example/"
    assert lastmod[f"{site}posts/2026/03/edited/"] == "2026-07-01"
    assert lastmod[f"{site}posts/2026/11/sameday/"] == "2026-11-25"
    assert lastmod[f"{site}posts/2026/03/moved/"] == "2026-03-06"
    assert lastmod[site] == "2026-03-06"  # docs/index.md, from git
    assert lastmod[f"{site}posts/"] == "2026-11-25"  # the newest post's last change


def test_a_shallow_clone_is_reported_once_and_given_only_the_dates_it_knows(
    repo: Path, tmp_path: Path
) -> None:
    clone = tmp_path / "shallow"
    _git(tmp_path, "clone", "-q", "--depth", "2", repo.as_uri(), str(clone))
    assert _git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    done = _build(clone)
    assert done.stderr.count("shallow clone") == 1
    assert "fetch-depth: 0" in done.stderr
    updated = _updated(clone)
    assert updated["Edited in November"] == "2026-11-25T15:30:00+00:00"  # inside the history
    assert updated["Edited in July"] is None  # its edit is older than the clone's history
    assert updated["Pinned"] == "2026-04-01T00:00:00+01:00"


def test_no_dates_from_git_when_turned_off_or_outside_a_repository(
    repo: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git", "site", ".cache"))
    _build(copy)
    assert _updated(copy)["Edited in July"] is None
    assert "shallow" not in _build(copy).stderr
    off = tmp_path / "off"
    shutil.copytree(repo, off, ignore=shutil.ignore_patterns("site", ".cache"))
    config = off / "mkdocs.yml"
    _append(config, "      git_dates: false\n")
    _build(off)
    assert _updated(off)["Edited in July"] is None
    assert _updated(off)["Pinned"] == "2026-04-01T00:00:00+01:00"


def test_the_log_is_read_across_renames_and_past_a_cut_off_commit() -> None:
    from intheopen.content.gitdates import parse_log

    def record(commit: str, stamp: int, *entries: str) -> str:
        return f"\x01{commit} {stamp}\0\n" + "".join(f"{e}\0" for e in entries)

    log = (
        record("c5", 500, "M", "posts/b.md")
        + record("cut", 400, "A", "posts/b.md", "A", "posts/old.md")  # a shallow clone's edge
        + record("c3", 300, "R087", "posts/a.md", "posts/b.md")  # moved and changed
        + record("c2", 200, "M", "posts/a.md", "R100", "posts/x.md", "posts/y.md")
        + record("c1", 100, "A", "posts/a.md", "A", "posts/x.md")
    )
    edited, touched = parse_log(log, {"cut"})
    assert {path: int(t.timestamp()) for path, t in edited.items()} == {"posts/b.md": 500}
    assert {path: int(t.timestamp()) for path, t in touched.items()} == {
        "posts/b.md": 500,
        "posts/y.md": 200,
    }
    edited, touched = parse_log(log.replace("\x01c5 500\0\nM\0posts/b.md\0", ""), {"cut"})
    assert {path: int(t.timestamp()) for path, t in edited.items()} == {"posts/b.md": 300}
