"""Read a fetched feed (RSS, Atom or JSON Feed) into plain, safe entries.

feedparser reads the XML (it resolves no external entities and fetches no DTDs, and the
XML parser underneath refuses entity expansion attacks); every piece of HTML then goes
through nh3 with a strict allow-list, and every title and name becomes plain text.
"""

from __future__ import annotations

import calendar
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import nh3

from intheopen import catalogue
from intheopen.feeds import PRINCIPLE_SCHEME, TYPE_SCHEME

SUMMARY_CHARACTERS = 600
TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "abbr": {"title"},
    "*": {"lang"},
}


@dataclass(frozen=True)
class Entry:
    guid: str
    url: str | None
    title: str
    summary: str
    content: str
    published: datetime | None
    updated: datetime | None
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    principles: tuple[str, ...]
    type: str | None
    lang: str | None


def clean_html(fragment: str, base: str | None) -> str:
    """HTML from someone else's feed, safe to show: no script, style, frames, forms or event
    attributes; only http, https and mailto links, made absolute; links marked as theirs."""

    def absolute(element: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            return urljoin(base, value) if base else value
        return value

    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=absolute,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )


def plain(text: str | None) -> str:
    """Text with any markup removed and entities decoded: safe once escaped on output."""
    return " ".join(html.unescape(nh3.clean(text or "", tags=set())).split())


def summary_of(fragment: str, base: str | None) -> str:
    """A short summary: cut first, then sanitised, so no cut can leave a tag open."""
    return clean_html(fragment[:SUMMARY_CHARACTERS], base)


def parse(
    body: bytes, feed_url: str, keywords: Mapping[str, str]
) -> tuple[list[Entry], str | None]:
    """The entries of a feed, and what was wrong with it (None when nothing was)."""
    if body.lstrip()[:1] == b"{":
        return _json_feed(body, feed_url, keywords)
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries and parsed.bozo:
        return [], f"not a feed that could be read ({type(parsed.bozo_exception).__name__})"
    language = parsed.feed.get("language")
    return [_entry(item, feed_url, keywords, language) for item in parsed.entries], None


def _entry(item: Any, feed_url: str, keywords: Mapping[str, str], language: str | None) -> Entry:
    link = urljoin(feed_url, item.get("link", "")) or None
    content = item.get("content", [{}])[0].get("value") if item.get("content") else None
    summary = item.get("summary", "")
    categories = [(t.get("term") or "", t.get("scheme")) for t in item.get("tags", [])]
    return _made(
        guid=item.get("id") or link or plain(item.get("title")),
        url=link,
        title=item.get("title"),
        summary=summary,
        content=content or summary,
        # dict.get: feedparser's own get() maps a missing updated to published, with a warning
        published=_time(dict.get(item, "published_parsed")),
        updated=_time(dict.get(item, "updated_parsed")),
        authors=[a.get("name") for a in item.get("authors", []) if a.get("name")]
        or ([item["author"]] if item.get("author") else []),
        categories=categories,
        keywords=keywords,
        lang=language,
    )


def _json_feed(
    body: bytes, feed_url: str, keywords: Mapping[str, str]
) -> tuple[list[Entry], str | None]:
    try:
        document = json.loads(body)
        items = document["items"]
        assert isinstance(items, list)
    except (ValueError, KeyError, TypeError, AssertionError):
        return [], "not a JSON Feed that could be read"
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        found = item.get("_intheopen")
        extension: dict[str, Any] = found if isinstance(found, dict) else {}
        link = urljoin(feed_url, str(item.get("url", ""))) or None
        categories: list[tuple[str, str | None]] = [
            (t, None) for t in item.get("tags", []) if isinstance(t, str)
        ]
        categories += [(str(p), PRINCIPLE_SCHEME) for p in extension.get("principles", [])]
        if extension.get("type"):
            categories.append((str(extension["type"]), TYPE_SCHEME))
        entries.append(
            _made(
                guid=str(item.get("id") or link),
                url=link,
                title=str(item.get("title", "")),
                summary=str(item.get("summary") or ""),
                content=str(
                    item.get("content_html") or html.escape(str(item.get("content_text", "")))
                ),
                published=_iso(item.get("date_published")),
                updated=_iso(item.get("date_modified")),
                authors=[
                    str(a.get("name"))
                    for a in item.get("authors", [])
                    if isinstance(a, dict) and a.get("name")
                ],
                categories=categories,
                keywords=keywords,
                lang=item.get("language"),
            )
        )
    return entries, None


def _made(
    *,
    guid: str,
    url: str | None,
    title: Any,
    summary: str,
    content: str,
    published: datetime | None,
    updated: datetime | None,
    authors: list[Any],
    categories: list[tuple[str, str | None]],
    keywords: Mapping[str, str],
    lang: Any,
) -> Entry:
    slugs = set(catalogue.principle_slugs())
    principles = [
        term for term, scheme in categories if scheme == PRINCIPLE_SCHEME and term in slugs
    ]
    tags = [
        plain(term) for term, scheme in categories if scheme not in (PRINCIPLE_SCHEME, TYPE_SCHEME)
    ]
    for tag in tags:
        mapped = keywords.get(tag.lower())
        if mapped in slugs and mapped not in principles:
            principles.append(mapped)
    kind = next((term for term, scheme in categories if scheme == TYPE_SCHEME), None)
    return Entry(
        guid=guid[:2000],
        url=url,
        title=plain(title) or "Untitled",
        summary=summary_of(summary or content, url),
        content=clean_html(content, url),
        published=published,
        updated=updated,
        authors=tuple(plain(a) for a in authors),
        tags=tuple(t for t in tags if t),
        principles=tuple(principles),
        type=kind if kind in catalogue.type_slugs() else None,
        lang=plain(lang) or None if lang else None,
    )


def _time(parsed: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC) if parsed else None
    except (TypeError, ValueError, OverflowError):
        return None


def _iso(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment
