"""When each file of a site last changed, from one `git log` for the whole site."""

from __future__ import annotations

import dataclasses
import subprocess
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from intheopen.content.dates import london
from intheopen.content.model import Post

_RECORD = "\x01"


@dataclass(frozen=True)
class History:
    """What git knows of a folder's files, by their path from the folder, '/'-separated.

    `edited`: the last commit that changed a file after the commit that added it (a move
    that changes nothing is not an edit). `touched`: the last commit that added, moved or
    edited it. `shallow`: the clone's history is cut short, so files last changed before
    its first commit have no dates here.
    """

    edited: Mapping[str, datetime]
    touched: Mapping[str, datetime]
    shallow: bool = False


def read_history(root: Path, folders: Iterable[Path]) -> History | None:
    """The history of the files under `folders`, all inside `root`; None when `root` is
    not in a git repository with commits, or git is not installed."""
    where = [_git_path(folder, root) for folder in folders]
    state = git(root, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
    if state is None:
        return None
    shallow_flag, _, shallow_file = state.partition("\n")
    boundary: set[str] = set()
    if shallow_flag.strip() == "true":
        boundary = set(_read(root / shallow_file.strip()).split())
    log = git(
        root,
        "-c",
        "core.quotePath=false",
        "log",
        "-z",
        "--first-parent",
        "--diff-merges=first-parent",
        "--name-status",
        "-M",
        "--relative",
        f"--format={_RECORD}%H %ct",
        "--",
        *where,
    )
    if log is None:
        return None
    edited, touched = parse_log(log, boundary)
    return History(edited, touched, bool(boundary))


def parse_log(
    log: str, boundary: Collection[str] = ()
) -> tuple[dict[str, datetime], dict[str, datetime]]:
    """`edited` and `touched` (see History) from `git log -z --name-status` output with
    records of "<marker><hash> <unix time>", newest first. Commits in `boundary` are where
    a shallow clone's history was cut: they list every file as added, so they say nothing."""
    edited: dict[str, datetime] = {}
    touched: dict[str, datetime] = {}
    now_called: dict[str, str] = {}  # a path in older commits -> the file's path today
    ended: set[str] = set()  # files whose history (by their path today) is complete
    for record in log.split(_RECORD)[1:]:
        head, _, rest = record.partition("\0")
        commit, _, stamp = head.partition(" ")
        if commit in boundary:
            continue
        when = datetime.fromtimestamp(int(stamp), tz=london())
        fields = [f.strip("\n") for f in rest.split("\0")]
        fields = [f for f in fields if f]
        at = 0
        while at < len(fields):
            status = fields[at]
            paths = fields[at + 1 : at + (3 if status[:1] in "RC" else 2)]
            at += 1 + len(paths)
            if not paths:
                break
            path = paths[-1]
            today = now_called.get(path, path)
            if today in ended:
                continue
            touched.setdefault(today, when)
            kind = status[:1]
            if kind == "M" or (kind == "R" and status[1:] != "100"):
                edited.setdefault(today, when)
            if kind == "R":
                now_called.pop(path, None)
                now_called[paths[0]] = today
            elif kind in "AC":  # (copies are only found with -C, which is not asked for)
                ended.add(today)  # older commits are of another file that had this name
    return edited, touched


def within(times: Mapping[str, datetime], root: Path, folder: Path) -> dict[str, datetime]:
    """`times` of the files under `folder`, by their path from it."""
    prefix = _git_path(folder, root).rstrip("/") + "/"
    if prefix == "./":
        return dict(times)
    return {path.removeprefix(prefix): t for path, t in times.items() if path.startswith(prefix)}


def with_updates(posts: Iterable[Post], edited: Mapping[str, datetime]) -> tuple[Post, ...]:
    """Posts given `updated` from git where their front matter gives none, when the last
    edit came on a later day than the post's date (so the day's typo fixes, and a post
    added long after its date, do not count as updates)."""
    return tuple(
        dataclasses.replace(post, updated=_updated(post, edited.get(post.source))) for post in posts
    )


def _updated(post: Post, edit: datetime | None) -> datetime | None:
    if post.updated is not None or edit is None:
        return post.updated
    return edit if edit.date() > post.date.date() else None


def _git_path(folder: Path, root: Path) -> str:
    try:
        return folder.resolve().relative_to(root.resolve()).as_posix() or "."
    except ValueError:
        return str(folder.resolve())


def git(root: Path, *args: str) -> str | None:
    """What `git -C root ARGS` prints, or None when it fails or git is not installed."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            check=False,
            encoding="utf-8",
            errors="surrogateescape",
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii")
    except OSError:
        return ""
