"""The sources file: which councils to aggregate, as YAML or OPML, checked like posts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from intheopen.aggregate.clean import NAME, one_line, web_address
from intheopen.checks.problems import Problem
from intheopen.content import catalogue
from intheopen.content.reading import Reader
from intheopen.content.source import parse_yaml, read_text
from intheopen.content.spec import Field
from intheopen.text import slugify

SOURCE = (
    Field("name", "text", "The council or body's name.", required=True),
    Field("id", "text", "An identifier: its ONS/GSS code, say. Made from the name if not given."),
    Field("site", "url", "Its website or blog."),
    Field(
        "feeds",
        "list",
        "Its feed addresses (one or more).",
        required=True,
        item=Field("", "url", ""),
    ),
    Field(
        "principles",
        "list",
        "Only posts about these principles (optional).",
        item=Field("", "choice", "", vocabulary="principles"),
    ),
)
KEYWORDS = tuple(
    Field(p.slug, "list", f"Tags that mean {p.title}.", item=Field("", "text", ""))
    for p in catalogue.principles()
)
FILE = (
    Field("title", "text", "The aggregated site's name."),
    Field(
        "site_url",
        "url",
        "Where the aggregated site will be published (its feeds need full addresses).",
        required=True,
    ),
    Field("contact", "url", "A page about the aggregator, named in its User-Agent."),
    Field("keywords", "group", "Tags from other feeds that mean a principle.", fields=KEYWORDS),
    Field(
        "sources",
        "list",
        "The councils.",
        required=True,
        item=Field("", "group", "", fields=SOURCE),
    ),
)


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    feeds: tuple[str, ...]
    site: str | None = None
    identifier: str | None = None
    principles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sources:
    sources: tuple[Source, ...]
    site_url: str = ""
    title: str = "Council blogs"
    contact: str | None = None
    keywords: dict[str, str] | None = None


def load_sources(
    path: Path, shown: str, site_url: str | None = None
) -> tuple[Sources | None, list[Problem]]:
    """The sources in a YAML or OPML file, or every problem with it. `site_url`, when
    given, is where the aggregated site will be published, whatever the file says."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    if path.suffix.lower() in (".opml", ".xml"):
        return _opml(text, shown, site_url)
    data, lines, problems = parse_yaml(text, 0, shown)
    if problems:
        return None, problems
    if site_url and isinstance(data, dict):
        data["site_url"] = site_url
    reader = Reader(
        shown,
        lines,
        {"principles": catalogue.principle_slugs()},
        {"principles": catalogue.principle_aliases()},
    )
    values = reader.group(data, FILE, ())
    if values is None or reader.problems:
        return None, reader.problems
    found: list[Source] = []
    for index, raw in enumerate(values["sources"]):
        source = Source(
            id=slugify(raw.get("id") or raw["name"]),
            name=raw["name"],
            feeds=tuple(raw["feeds"]),
            site=raw.get("site"),
            identifier=raw.get("id"),
            principles=tuple(raw.get("principles", ())),
        )
        if any(s.id == source.id for s in found):
            reader.report(
                ("sources", index, "id"),
                f"{source.id!r} is also the id of another source; give each source its own id",
            )
        found.append(source)
    keywords = {
        word.lower(): slug
        for slug, words in (values.get("keywords") or {}).items()
        for word in words
    }
    if reader.problems:
        return None, reader.problems
    title = values.get("title", "Council blogs")
    return Sources(tuple(found), values["site_url"], title, values.get("contact"), keywords), []


def _opml(text: str, shown: str, given_url: str | None) -> tuple[Sources | None, list[Problem]]:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        return None, [Problem(shown, error.lineno, None, f"not valid OPML ({error.msg})")]
    found: list[Source] = []
    problems: list[Problem] = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl")
        if not url:
            continue
        name = outline.get("title") or outline.get("text") or url
        line = outline.sourceline
        if not url.startswith(("https://", "http://")):
            problems.append(Problem(shown, line, "xmlUrl", f"{url!r} is not a web address"))
            continue
        source_id = slugify(name)
        if any(s.id == source_id for s in found):
            source_id = f"{source_id}-{len(found) + 1}"
        found.append(Source(source_id, _plain(name), (url,), web_address(outline.get("htmlUrl"))))
    if not found and not problems:
        problems.append(Problem(shown, None, None, "lists no feeds (outlines with an xmlUrl)"))
    title = root.findtext("head/title") or "Council blogs"
    site_url = given_url or root.findtext("head/ownerId") or ""
    if not site_url.startswith(("https://", "http://")):
        problems.append(
            Problem(
                shown,
                None,
                "ownerId",
                "give the aggregated site's address with --site-url (or as <ownerId> in the "
                "OPML head): its feeds need full addresses",
            )
        )
    return (None, problems) if problems else (Sources(tuple(found), site_url, title), [])


def _plain(value: Any) -> str:
    return one_line(str(value), NAME) or "Unnamed"
