"""Turn one post's front matter into a `Post`, collecting every problem."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from intheopen.checks.problems import Level, Problem
from intheopen.content import spec
from intheopen.content.model import Action, Post, TimelineEntry
from intheopen.content.reading import Reader, written_as
from intheopen.content.source import Source
from intheopen.content.yamlsafe import Path
from intheopen.text import slugify

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
) -> tuple[Post | None, PostReader]:
    """The post, or None when an error stops it being built; problems are in the reader."""
    reader = PostReader(src.path, src.lines, vocabularies, aliases)
    for at, first, again in src.lines.duplicates:
        reader.report(at, f"is given twice (lines {first} and {again}); only the last is used")
    written = src.meta.get("type")
    post_type = (
        written_as(written, vocabularies.get("types", ()), {}, spec.post_field("type"))
        if isinstance(written, str)
        else None
    )
    values = reader.group(src.meta, spec.POST, (), post_type)
    if not src.body.strip():
        reader.problems.append(
            Problem(
                src.path, src.body_line - 1, None, "the post has no text after its front matter"
            )
        )
    if values is None:
        return None, reader
    slug = values.pop("slug", None) or default_slug(source)
    if not slug:
        reader.report(("slug",), "the file name gives no URL; add a slug, e.g. slug: my-post")
        return None, reader
    post = Post(source=source, body=src.body, body_line=src.body_line, slug=slug, **values)
    return post, reader


def stand_in(src: Source, source: str, reader: PostReader) -> Post:
    """What could be read of a post that cannot be built, for the checks of its text (blaming
    words, alt text, personal data), so that their warnings come with its errors: its body,
    and the fields that were valid. Never built or listed."""
    values = reader.post_values
    return Post(
        source=source,
        title=values.get("title", ""),
        date=values.get("date") or datetime(1970, 1, 1),
        type=values.get("type", ""),
        principles=(),
        summary=values.get("summary", ""),
        authors=(),
        body=src.body,
        body_line=src.body_line,
        slug="",
        incidents=values.get("incidents", ()),
        contact_details=values.get("contact_details", ()),
        status=values.get("status", "published"),
    )


class PostReader(Reader):
    """A reader that also checks fields against each other: dates in order and so on."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.incident_ids: dict[str, int] = {}
        self.post_values: dict[str, Any] = {}  # the post's fields that were valid

    def check_group(self, fields: tuple[spec.Field, ...], values: dict[str, Any], at: Path) -> None:
        if fields is spec.POST:
            self.post_values = values
            self._check_post(values)
        elif fields is spec.INCIDENT:
            self._check_incident(values, at)

    def _check_post(self, values: dict[str, Any]) -> None:
        published, updated = values.get("date"), values.get("updated")
        if published and updated and updated < published:
            self.report(
                ("updated",), f"{_when(updated)} is before the post's date ({_when(published)})"
            )
        summary = values.get("summary", "")
        sentences = len(_SENTENCE_END.findall(summary))
        if len(summary) > SUMMARY_CHARACTERS or sentences > SUMMARY_SENTENCES:
            self.report(
                ("summary",),
                f"is {len(summary)} characters and {sentences} sentences; keep it to "
                f"{SUMMARY_SENTENCES} sentences and {SUMMARY_CHARACTERS} characters, since "
                "listings, feeds and link previews show it whole",
                Level.WARNING,
            )

    def _check_incident(self, values: dict[str, Any], at: Path) -> None:
        number = int(at[-1]) + 1
        if "id" in values:
            first = self.incident_ids.setdefault(values["id"], number)
            if first != number:
                self.report((*at, "id"), f"{values['id']!r} is also the id of incident {first}")
        latest: tuple[str, datetime] | None = None
        for key in ("started", "detected", "mitigated", "resolved"):
            moment: datetime | None = values.get(key)
            if moment is None:
                continue
            if latest is not None and moment < latest[1]:
                self.report(
                    (*at, key), f"{_when(moment)} is before {latest[0]} ({_when(latest[1])})"
                )
            else:
                latest = (key, moment)
        timeline: tuple[TimelineEntry, ...] = values.get("timeline", ())
        for index in range(1, len(timeline)):
            before, entry = timeline[index - 1], timeline[index]
            if entry.at < before.at:
                self.report(
                    (*at, "timeline", index, "at"),
                    f"{_when(entry.at)} is earlier than the entry before it ({_when(before.at)}); "
                    "list the timeline in time order",
                    Level.WARNING,
                )
        actions: tuple[Action, ...] = values.get("actions", ())
        for index, action in enumerate(actions):
            if action.status == "wont-do" and not action.reason:
                self.report(
                    (*at, "actions", index, "status"),
                    "an action that will not be done needs a reason, so readers know why",
                    Level.WARNING,
                )


def _when(moment: datetime) -> str:
    if moment.hour == moment.minute == 0:
        return f"{moment:%Y-%m-%d}"
    return f"{moment:%Y-%m-%d %H:%M}"
