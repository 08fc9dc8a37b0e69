"""Turn one post's front matter into a `Post`, collecting every problem."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from intheopen import spec
from intheopen.model import Incident, Post
from intheopen.problems import Level, Problem
from intheopen.reading import Reader
from intheopen.source import Source
from intheopen.text import slugify
from intheopen.yamlsafe import Path

SUMMARY_CHARACTERS = 300
SUMMARY_SENTENCES = 3
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_SENTENCE_END = re.compile(r"[.!?](\s|$)")


def default_slug(source: str) -> str:
    """The slug from a file name: 'posts/2026/2026-03-03-Bins Outage.md' -> 'bins-outage'."""
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return slugify(_DATE_PREFIX.sub("", stem))


def read_post(
    src: Source,
    source: str,
    vocabularies: Mapping[str, tuple[str, ...]],
    aliases: Mapping[str, Mapping[str, str]],
) -> tuple[Post | None, Reader]:
    """The post, or None when an error stops it being built; problems are in the reader."""
    reader = Reader(src.path, src.lines, vocabularies, aliases)
    for at, line in src.lines.duplicates:
        reader.report(at, f"is given more than once (again on line {line}); only the last is used")
    post_type = src.meta.get("type") if isinstance(src.meta.get("type"), str) else None
    if post_type not in vocabularies.get("types", ()):
        post_type = None
    values = reader.group(src.meta, spec.POST, (), post_type)
    _check_body(src, reader)
    if values is None:
        return None, reader
    slug = values.pop("slug", None) or default_slug(source)
    if not slug:
        reader.report(("slug",), "the file name gives no URL; add a slug, e.g. slug: my-post")
        return None, reader
    post = Post(source=source, body=src.body, slug=slug, **values)
    _check_post(post, reader)
    return post, reader


def _check_body(src: Source, reader: Reader) -> None:
    if not src.body.strip():
        message = "the post has no text after the front matter"
        reader.problems.append(Problem(src.path, None, None, message))


def _check_post(post: Post, reader: Reader) -> None:
    if post.updated is not None and post.updated < post.date:
        reader.report(
            ("updated",), f"{_when(post.updated)} is before the post's date ({_when(post.date)})"
        )
    sentences = len(_SENTENCE_END.findall(post.summary))
    if len(post.summary) > SUMMARY_CHARACTERS or sentences > SUMMARY_SENTENCES:
        reader.report(
            ("summary",),
            f"is {len(post.summary)} characters and {sentences} sentences; keep it to "
            f"{SUMMARY_SENTENCES} sentences and {SUMMARY_CHARACTERS} characters, since listings, "
            "feeds and link previews show it whole",
            Level.WARNING,
        )
    seen: dict[str, int] = {}
    for index, incident in enumerate(post.incidents):
        at: Path = ("incidents", index)
        if incident.id is not None:
            if incident.id in seen:
                reader.report(
                    (*at, "id"), f"{incident.id!r} is also the id of incident {seen[incident.id]}"
                )
            seen.setdefault(incident.id, index + 1)
        _check_incident(incident, at, reader)


_ORDER = ("started", "detected", "mitigated", "resolved")


def _check_incident(incident: Incident, at: Path, reader: Reader) -> None:
    latest: tuple[str, datetime] | None = None
    for key in _ORDER:
        moment: datetime | None = getattr(incident, key)
        if moment is None:
            continue
        if latest is not None and moment < latest[1]:
            reader.report(
                (*at, key), f"{_when(moment)} is before {latest[0]} ({_when(latest[1])})"
            )
        else:
            latest = (key, moment)
    for index in range(1, len(incident.timeline)):
        before, entry = incident.timeline[index - 1], incident.timeline[index]
        if entry.at < before.at:
            reader.report(
                (*at, "timeline", index, "at"),
                f"{_when(entry.at)} is earlier than the entry before it ({_when(before.at)}); "
                "list the timeline in time order",
                Level.WARNING,
            )
    for index, action in enumerate(incident.actions):
        if action.status == "wont-do" and not action.reason:
            reader.report(
                (*at, "actions", index, "reason"),
                "an action that will not be done needs a reason, so readers know why",
                Level.WARNING,
            )


def _when(moment: datetime) -> str:
    if moment.hour == moment.minute == 0:
        return f"{moment:%Y-%m-%d}"
    return f"{moment:%Y-%m-%d %H:%M}"
