"""Checks of incident reports: GOV.UK's headings, and blameless language.

All are warnings (failures under --strict): words are judged by patterns, so an
author may know better. Each message says what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from intheopen.checks import written
from intheopen.checks.content import body_lines
from intheopen.checks.problems import Level
from intheopen.content import catalogue
from intheopen.content.model import Post
from intheopen.content.reading import Reader

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
# Written to start with their first letter, `\b` asserted after it (as in checks/content.py):
# \b(caus\w*|fault\w*|blam\w*)\b, \bhuman[ -]error\b and \boutages?\b, case ignored.
_BLAME = re.compile(r"[cfb](?<!\w.)(?:(?<=c)aus|(?<=f)ault|(?<=b)lam)\w*\b", re.I)
_HUMAN_ERROR = re.compile(r"h(?<!\w.)uman[ -]error\b", re.I)
_OUTAGE = re.compile(r"o(?<!\w.)utages?\b", re.I)
_NAME = re.compile(r"\b([A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?) ([A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?)\b")
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")


@cache
def not_names() -> frozenset[str]:
    """Capitalised words that make a pair of words a role, team, product or date."""
    data = yaml.safe_load(files("intheopen").joinpath("data", "blameless.yml").read_text("utf-8"))
    return frozenset(str(word) for word in data["not_names"])


def headings(body: str) -> list[str]:
    """The body's Markdown headings (outside fenced code), as written."""
    found, fenced = [], False
    for line in body.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := _HEADING.match(line)):
            found.append(match.group(2))
    return found


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9' ]", "", text.lower().replace("’", "'")).strip()


def names_in(text: str, known: list[str]) -> list[str]:
    """People's names in `text`: the authors' names, and first-and-last names."""
    found = [name for name in known if name and name in text]
    for match in _NAME.finditer(text):
        if not ({match.group(1), match.group(2)} & not_names()) and match.group(0) not in found:
            found.append(match.group(0))
    return found


def check(post: Post, reader: Reader, known: list[str], meta: Mapping[Any, Any]) -> None:
    """Warn, on `reader`, about an incident report's headings and blaming words. The
    incidents' fields are read as written (`meta`), so that their warnings come even when
    the same incident has errors."""
    if post.type != "incident-report":
        return
    _check_headings(post, reader)
    incidents = list(written.groups(meta.get("incidents")))
    found = [
        catalogue.severities().get(written.text(i.get("severity")).upper()) for _, i in incidents
    ]
    severities = [s for s in found if s is not None]
    partial = (
        bool(incidents) and len(severities) == len(found) and all(s.partial for s in severities)
    )
    if partial:
        for key in ("title", "summary"):
            if _OUTAGE.search(getattr(post, key)):
                reader.report((key,), _outage(severities[0]), Level.WARNING)
    for (index, incident), severity in zip(incidents, found, strict=True):
        at = ("incidents", index)
        factors = written.texts(incident.get("contributing_factors"))
        for number, factor in enumerate(factors):
            where = (*at, "contributing_factors", number)
            for name in names_in(factor, known):
                reader.report(where, _NAMED.format(name=name), Level.WARNING)
            if _HUMAN_ERROR.search(factor):
                reader.report(where, _HUMAN, Level.WARNING)
        title = written.text(incident.get("title"))
        if severity is not None and severity.partial and _OUTAGE.search(title):
            reader.report((*at, "title"), _outage(severity), Level.WARNING)
        for number, action in written.groups(incident.get("actions")):
            owner = written.text(action.get("owner"))
            if owner and names_in(owner, known) == [owner]:
                reader.report(
                    (*at, "actions", number, "owner"),
                    _OWNER.format(name=owner),
                    Level.WARNING,
                )
    body = post.body
    blaming = _BLAME.search(body) or _HUMAN_ERROR.search(body)
    if not (blaming or (partial and _OUTAGE.search(body))):
        return  # nothing to find line by line (each line is part of the body)
    for line, text in body_lines(post):
        for sentence in _SENTENCE.findall(text):
            if _BLAME.search(sentence):
                for name in names_in(sentence, known):
                    word = _BLAME.search(sentence).group(0)  # type: ignore[union-attr]
                    reader.report_line(line, "body", _NEAR.format(name=name, word=word))
        if _HUMAN_ERROR.search(text):
            reader.report_line(line, "body", _HUMAN)
        if partial and _OUTAGE.search(text):
            reader.report_line(line, "body", _outage(severities[0]))


def _check_headings(post: Post, reader: Reader) -> None:
    expected = catalogue.type_by_slug()["incident-report"].headings
    present = {_norm(h) for h in headings(post.body)}
    missing = [h for h in expected if _norm(h) not in present]
    if missing:
        reader.report_line(
            post.body_line,
            "body",
            f"missing the heading{'s' if len(missing) > 1 else ''} "
            + ", ".join(f"‘{h}’" for h in missing)
            + "; incident reports follow GOV.UK's headings: "
            + ", ".join(expected),
        )


_NAMED = (
    "names a person (‘{name}’); blameless reports describe conditions, not people: say "
    "what let it happen, e.g. ‘the release checklist had no step for certificates’"
)
_NEAR = (
    "names a person (‘{name}’) near ‘{word}’; blameless reports describe what happened, "
    "not who is to blame: name the role or the system, e.g. ‘the overnight job failed’"
)
_HUMAN = (
    "gives ‘human error’ as a cause; say what made the mistake easy to make, e.g. "
    "‘the form allowed a date in the past’ or ‘two screens looked the same’"
)
_OWNER = (
    "‘{name}’ looks like a person's name; give the role that owns the action, e.g. "
    "‘Head of Digital’: blameless reports name roles"
)


def _outage(severity: catalogue.Severity) -> str:
    return (
        f"says ‘outage’, but the severity is {severity.code} ({severity.name.lower()}: "
        f"{severity.meaning[0].lower()}{severity.meaning[1:-1]}); say what did not work, "
        "e.g. ‘card payments were slow for some people’"
    )
