"""Checks that a post about to be published no longer holds what `intheopen new` wrote for
its author to replace: the placeholder texts (errors), and headings with nothing under them
(an error when the post has no text at all, else a warning for each)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from intheopen.checks.content import body_lines
from intheopen.checks.problems import Level
from intheopen.checks.written import groups, text
from intheopen.content.model import Post
from intheopen.content.reading import Reader

# What `intheopen new` writes for the author to replace (templates/new/post.md.j2 uses these),
# and the title of the post templates `intheopen init` writes for the web editor.
TITLE = "Write the post's title here"
SUMMARY = "One to three sentences on what this {kind} is about and why it matters."
WHAT_USERS_SAW = "What residents or staff experienced."
FIRST_EVENT = "What happened first."
ACTION = "What we will do."

_SUMMARY = re.compile(re.escape(SUMMARY).replace(re.escape("{kind}"), ".+"))
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_REPLACE = "is still the placeholder from the post's template; replace it with {what}"


def check(post: Post, reader: Reader, meta: Mapping[Any, Any]) -> None:
    """Report the placeholders left in a post that is not a draft. The fields are read as
    written (`meta`), so that they are found even where other fields have errors."""
    if post.is_draft:
        return
    if text(meta.get("title")) == TITLE:
        reader.report(("title",), _REPLACE.format(what="the post's title"))
    if _SUMMARY.fullmatch(text(meta.get("summary"))):
        reader.report(("summary",), _REPLACE.format(what="what the post is about"))
    for index, incident in groups(meta.get("incidents")):
        at = ("incidents", index)
        if text(incident.get("title")) == TITLE:
            reader.report((*at, "title"), _REPLACE.format(what="a short name for the incident"))
        impact = incident.get("impact")
        if isinstance(impact, dict) and text(impact.get("what_users_saw")) == WHAT_USERS_SAW:
            reader.report(
                (*at, "impact", "what_users_saw"),
                _REPLACE.format(what="what residents or staff experienced"),
            )
        for number, entry in groups(incident.get("timeline")):
            if text(entry.get("event")) == FIRST_EVENT:
                reader.report(
                    (*at, "timeline", number, "event"),
                    _REPLACE.format(what="what happened at that time"),
                )
        for number, action in groups(incident.get("actions")):
            if text(action.get("action")) == ACTION:
                reader.report(
                    (*at, "actions", number, "action"), _REPLACE.format(what="what will be done")
                )
    _check_sections(post, reader)


def _check_sections(post: Post, reader: Reader) -> None:
    empty: list[tuple[int, str]] = []
    heading: tuple[int, str] | None = None
    text = False
    for line, content in body_lines(post):
        found = _HEADING.match(content)
        if found:
            if heading is not None:
                empty.append(heading)
            heading = (line, found.group(1))
        elif content.strip():
            heading, text = None, True
    if heading is not None:
        empty.append(heading)
    if not text and empty:
        reader.report_line(
            post.body_line,
            "body",
            "has headings but no text under them; write the post under its headings",
            Level.ERROR,
        )
        return
    for line, title in empty:
        reader.report_line(
            line,
            "body",
            f"the heading ‘{title}’ has nothing under it; write that part, or remove the heading",
            Level.WARNING,
        )
