"""Load every post of a blog, with the checks that need all of them at once."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from intheopen.checks import blameless, placeholders
from intheopen.checks import content as content_checks
from intheopen.checks.problems import Level, Problem, sort_key
from intheopen.content import catalogue
from intheopen.content.authors import load_authors
from intheopen.content.model import Author, Post
from intheopen.content.reading import Reader
from intheopen.content.references import Links, link_posts
from intheopen.content.siterules import Pause, Rules
from intheopen.content.source import load
from intheopen.content.validate import read_post, stand_in


@dataclass(frozen=True)
class Blog:
    """Every post that could be read (drafts too), newest first, and every problem."""

    posts: tuple[Post, ...]
    authors: Mapping[str, Author]
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    links: Mapping[str, Links]


def find_posts(folder: Path) -> list[Path]:
    """The Markdown files under `folder`, in order of their paths inside it; hidden files
    and folders are skipped, and so are folders that are symbolic links."""
    found: list[tuple[str, str]] = []
    waiting = [(os.fspath(folder), "")]
    while waiting:
        here, inside = waiting.pop()
        try:
            entries = list(os.scandir(here))
        except OSError:  # as os.walk: a folder that cannot be read holds nothing
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():  # a link to a folder is a folder, never entered
                    if not entry.is_symlink():
                        waiting.append((entry.path, f"{inside}{entry.name}/"))
                elif os.path.normcase(entry.name).endswith(".md") and entry.is_file():
                    found.append((inside + entry.name, entry.name))
            except OSError:
                continue
    return [folder / name for name, _ in sorted(found)]


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def shown(path: Path, root: Path) -> str:
    """A path as messages show it: relative to the site's folder where it can be."""
    return _shown(path, path.resolve(), root.resolve())


def _shown(path: Path, real: Path, real_root: Path) -> str:
    return (
        real.relative_to(real_root).as_posix()
        if real.is_relative_to(real_root)
        else path.as_posix()
    )


class _PlainFiles:
    """Names a file `find_posts` found under the posts folder without resolving it, when
    it is not a symbolic link and the folder is inside the site's: then the file is where
    it seems (`find_posts` enters no folder that is a link), and so is its name."""

    def __init__(self, posts_dir: Path, real_posts: Path, real_root: Path) -> None:
        self.prefix = os.path.join(os.fspath(posts_dir), "")
        inside = real_posts.is_relative_to(real_root)
        self.name = real_posts.relative_to(real_root).as_posix() if inside else None

    def job(self, file: Path) -> Job | None:
        text = os.fspath(file)
        if self.name is None or not text.startswith(self.prefix) or os.path.islink(text):
            return None
        source = text[len(self.prefix) :].replace(os.sep, "/")
        name = source if self.name == "." else f"{self.name}/{source}"
        return file, name, source


def load_blog(
    posts_dir: Path,
    authors_file: Path,
    root: Path,
    extra: Iterable[Path] = (),
    rules: Rules | None = None,
    reading: Reading | None = None,
    found: list[Path] | None = None,
    held: Mapping[Path, bytes] | None = None,
) -> Blog:
    """Read authors.yml and every post under `posts_dir` (and the `extra` files outside it);
    messages name files relative to `root`. `reading` is how the files are read: by
    default one after another (the speed layer passes others: see `speed.reading`);
    `found` is what `find_posts(posts_dir)` gave, for a caller that has just asked; `held`,
    the bytes of files the caller has just read (for a key of what the blog is made from):
    those are taken as they were, not read again."""
    authors, problems = load_authors(authors_file, shown(authors_file, root))
    rules = rules or Rules()
    vocabularies = {
        "principles": catalogue.principle_slugs(),
        "types": catalogue.type_slugs(),
    }
    if authors is not None:
        vocabularies["authors"] = tuple(authors)
    aliases = {"principles": catalogue.principle_aliases(), "types": catalogue.type_aliases()}
    names = [a.name for a in (authors or {}).values()]
    posts: list[Post] = []
    readers: dict[str, Reader] = {}
    every_reader: list[Reader] = []
    files: list[str] = []
    if not posts_dir.is_dir():
        problems.append(Problem(shown(posts_dir, root), None, None, "the posts folder is missing"))
    if found is None:
        found = find_posts(posts_dir) if posts_dir.is_dir() else []
    real_root, real_posts = root.resolve(), posts_dir.resolve()
    jobs: list[Job] = []
    plain = _PlainFiles(posts_dir, real_posts, real_root)
    for file in found + [f for f in extra if not _inside(f, posts_dir)]:
        known = plain.job(file)
        if known is not None:  # most files: no need to resolve each
            files.append(known[1])
            jobs.append(known)
            continue
        real = file.resolve()
        name = _shown(file, real, real_root)
        files.append(name)
        inside = real.is_relative_to(real_posts)
        jobs.append((file, name, file.relative_to(posts_dir).as_posix() if inside else name))

    def read_all(some: list[Job]) -> list[Read]:
        return [
            _read_one(*job, vocabularies, aliases, names, rules, authors, held or {})
            for job in some
        ]

    context = (vocabularies, names, rules, authors)  # what else a file's reading depends on
    reads = (reading or one_by_one)(jobs, read_all, context)
    for read in reads:
        file_problems, post, reader = read
        problems.extend(file_problems)
        if reader is None:
            continue
        every_reader.append(reader)
        if post is not None:
            posts.append(post)
            readers[post.source] = reader
    _check_urls(posts, readers)
    links = link_posts(posts, readers)
    for reader in every_reader:
        problems.extend(reader.problems)
    posts.sort(key=lambda p: (p.date, p.source), reverse=True)
    return Blog(
        tuple(posts), authors or {}, tuple(sorted(problems, key=sort_key)), tuple(files), links
    )


Read = tuple[list[Problem], Post | None, Reader | None]
Job = tuple[Path, str, str]  # a file, its name as shown, and its source (path under posts/)
ReadAll = Callable[[list[Job]], list[Read]]
# How a blog's files are read: given the jobs, the plain way to read some of them, and what
# else the reading depends on; gives one Read a job, in order.
Reading = Callable[[list[Job], ReadAll, object], list[Read]]


def one_by_one(jobs: list[Job], read_all: ReadAll, context: object) -> list[Read]:
    """The plain way: every file read here, in turn."""
    return read_all(jobs)


def _read_one(
    file: Path,
    name: str,
    source: str,
    vocabularies: Mapping[str, tuple[str, ...]],
    aliases: Mapping[str, Mapping[str, str]],
    names: list[str],
    rules: Rules,
    authors: Mapping[str, Author] | None,
    held: Mapping[Path, bytes],
) -> Read:
    """One file read (unless its bytes are `held`) and given every check that needs only
    that file."""
    src, file_problems = load(file, name, held.get(file))
    if src is None:
        return file_problems, None, None
    post, reader = read_post(src, source, vocabularies, aliases)
    if src.mended:  # read as if its YAML were mended, to list everything: never built
        post = None
    checked = post or stand_in(src, source, reader)
    blameless.check(checked, reader, names, src.meta)
    content_checks.check_images(checked, reader)
    content_checks.check_personal_data(checked, reader, rules.domains)
    placeholders.check(checked, reader, src.meta)
    if post is not None and rules.pause is not None:
        _check_pause(post, reader, rules.pause, authors or {})
    return file_problems, post, reader


def _check_urls(posts: list[Post], readers: Mapping[str, Reader]) -> None:
    by_url: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        by_url[post.url].append(post)
    for url, same in by_url.items():
        for post in same if len(same) > 1 else ():
            others = ", ".join(readers[o.source].path for o in same if o is not post)
            readers[post.source].report(
                ("slug",),
                f"the URL /{url} is also the URL of {others}; give one of them another slug",
            )


def _check_pause(post: Post, reader: Reader, pause: Pause, authors: Mapping[str, Author]) -> None:
    """Warn about posts that the pre-election period would hold back."""
    if not pause.start <= post.date.date() <= pause.end:
        return
    period = f"the pre-election period ({pause.start:%Y-%m-%d} to {pause.end:%Y-%m-%d})"
    guests = [authors[a].name for a in post.authors if a in authors and authors[a].guest]
    if guests:
        reader.report(
            ("authors",),
            f"{', '.join(guests)} writes as a guest, and the post is "
            f"dated inside {period}: it will not be published until "
            f"{pause.resumes():%Y-%m-%d}",
            Level.WARNING,
        )
    else:
        reader.report(
            ("date",),
            f"is inside {period}: the post will not be published until "
            f"{pause.resumes():%Y-%m-%d}; date it after the period, or publish it "
            "before it starts",
            Level.WARNING,
        )
