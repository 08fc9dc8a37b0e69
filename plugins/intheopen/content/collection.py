"""Load every post of a blog, with the checks that need all of them at once."""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from intheopen.checks import blameless
from intheopen.checks import content as content_checks
from intheopen.checks.problems import Level, Problem, sort_key
from intheopen.content import catalogue
from intheopen.content.authors import load_authors
from intheopen.content.model import Author, Post
from intheopen.content.reading import Reader
from intheopen.content.references import Links, link_posts
from intheopen.content.siterules import Pause, Rules
from intheopen.content.source import load
from intheopen.content.validate import read_post
from intheopen.speed.forked import Child, can_fork


@dataclass(frozen=True)
class Blog:
    """Every post that could be read (drafts too), newest first, and every problem."""

    posts: tuple[Post, ...]
    authors: Mapping[str, Author]
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    links: Mapping[str, Links]


def find_posts(folder: Path) -> list[Path]:
    """The Markdown files under `folder`, in a stable order; hidden folders are skipped."""
    found = [
        path
        for path in folder.rglob("*.md")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


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


def load_blog(
    posts_dir: Path,
    authors_file: Path,
    root: Path,
    extra: Iterable[Path] = (),
    rules: Rules | None = None,
    memo: Memo | None = None,
    parallel: bool = False,
) -> Blog:
    """Read authors.yml and every post under `posts_dir` (and the `extra` files outside it);
    messages name files relative to `root`. With a `memo`, files unchanged since the last
    load are not read again; with `parallel` (and no memo), a forked child reads the second
    half of the files meanwhile, where forking is safe."""
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
    found = find_posts(posts_dir) if posts_dir.is_dir() else []
    if memo is not None:
        memo.start((vocabularies, names, rules, authors))
    real_root, real_posts = root.resolve(), posts_dir.resolve()
    jobs = []
    for file in found + [f for f in extra if not _inside(f, posts_dir)]:
        real = file.resolve()
        name = _shown(file, real, real_root)
        files.append(name)
        inside = real.is_relative_to(real_posts)
        jobs.append((file, name, file.relative_to(posts_dir).as_posix() if inside else name))

    def read_all(some: list[tuple[Path, str, str]]) -> list[Read]:
        return [_read_one(*job, vocabularies, aliases, names, rules, authors) for job in some]

    reads: list[Read] | None = None
    if parallel and memo is None and len(jobs) >= READ_AHEAD_AT_LEAST and can_fork():
        half = len(jobs) // 2
        child = Child(lambda send: send(read_all(jobs[half:])))
        reads = read_all(jobs[:half])
        later = child.receive()
        child.close()
        reads += later if later is not None else read_all(jobs[half:])
    for at, (file, name, source) in enumerate(jobs):
        if reads is not None:
            read = reads[at]
        elif memo is None:
            read = read_all([(file, name, source)])[0]
        else:
            known, last = memo.get(file, name, source)
            read = last if last is not None else read_all([(file, name, source)])[0]
            if last is None and known is not None:
                memo.put(known, read)
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
READ_AHEAD_AT_LEAST = 64  # fewer files than this are not worth a child process
Key = tuple[str, str, bytes]  # a file's name as shown, its source, and its bytes


def _read_one(
    file: Path,
    name: str,
    source: str,
    vocabularies: Mapping[str, tuple[str, ...]],
    aliases: Mapping[str, Mapping[str, str]],
    names: list[str],
    rules: Rules,
    authors: Mapping[str, Author] | None,
) -> Read:
    """One file read and given every check that needs only that file."""
    src, file_problems = load(file, name)
    if src is None:
        return file_problems, None, None
    post, reader = read_post(src, source, vocabularies, aliases)
    if post is not None:
        blameless.check(post, reader, names)
        content_checks.check_images(post, reader)
        content_checks.check_personal_data(post, reader, rules.domains)
        if rules.pause is not None:
            _check_pause(post, reader, rules.pause, authors or {})
    return file_problems, post, reader


class Memo:
    """What reading each file gave, by its text, for a process that loads the same blog
    again and again (`mkdocs serve`): only files that changed are read again. Everything
    else a file's reading depends on (authors, rules) must be the same, or all is read."""

    def __init__(self) -> None:
        self._context: object = None
        self._read: dict[Key, Read] = {}
        self._kept: dict[Key, Read] = {}

    def start(self, context: object) -> None:
        """A new load; what the last one read is kept only if `context` is the same."""
        self._read = self._kept if context == self._context else {}
        self._kept = {}
        self._context = context

    def get(self, file: Path, name: str, source: str) -> tuple[Key | None, Read | None]:
        """The file's key (None if it cannot be read) and what reading it gave last time."""
        try:
            key = (name, source, file.read_bytes())
        except OSError:
            return None, None
        found = self._read.get(key)
        if found is None:
            return key, None
        self._kept[key] = found
        return key, _fresh(found)

    def put(self, key: Key, read: Read) -> None:
        self._kept[key] = _fresh(read)


def _fresh(read: Read) -> Read:
    """A copy whose problems can grow (the whole-blog checks add to them) without
    changing the kept one."""
    problems, post, reader = read
    if reader is not None:
        reader = copy.copy(reader)
        reader.problems = list(reader.problems)
    return list(problems), post, reader


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
