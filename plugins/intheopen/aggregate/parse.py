"""Read a fetched feed (RSS, Atom or JSON Feed) into plain, safe entries.

Nothing in a feed is trusted to have the type, length or characters it should: every value
is checked for its type, every piece of HTML goes through nh3 with a strict allow-list,
every title and name becomes plain text valid for XML, every address must be http(s), and
every date is read strictly into UTC. A feed that declares its own XML entities is refused
before any parser sees it. Whatever else goes wrong is that feed's (or that item's) problem:
this runs in a child process bounded in time and memory (see `readers`).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import feedparser
import nh3

from intheopen.aggregate import clean
from intheopen.aggregate.feeddates import Impossible, moment
from intheopen.content import catalogue
from intheopen.feeds.writer import PRINCIPLE_SCHEME, TYPE_SCHEME

SUMMARY_CHARACTERS = 600
MOST_ITEMS = 1000
MOST_TAGS = 50
MOST_AUTHORS = 20
DROPPED_LINKS = "links that were not http or https were dropped"
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


@dataclass(frozen=True)
class Reading:
    """What a feed gave: its entries; `error` when it could not be read at all; `notes` on
    what was dropped from the items that were read."""

    entries: list[Entry]
    error: str | None = None
    notes: tuple[str, ...] = ()


@dataclass
class _Notes:
    """What was dropped while reading one feed, told once per kind with one example."""

    kinds: dict[str, list[str]] = field(default_factory=dict)
    said: list[str] = field(default_factory=list)

    def add(self, kind: str, example: str) -> None:
        self.kinds.setdefault(kind, []).append(example)

    def say(self, sentence: str) -> None:
        self.said.append(sentence)

    def told(self) -> tuple[str, ...]:
        return (
            *(
                f"{kind} ({len(examples)}; for example {examples[0]})"
                for kind, examples in self.kinds.items()
            ),
            *self.said,
        )


def clean_html(fragment: str, base: str | None) -> str:
    """HTML from someone else's feed, safe to show: no script, style, frames, forms or event
    attributes; only http and https links and images, made absolute; links marked as theirs."""

    def absolute(element: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            return clean.web_address(value, base)
        return value

    cleaned = nh3.clean(
        clean.xml_text(fragment, clean.CONTENT),
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=absolute,
        url_schemes={"http", "https"},
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )
    # HTML's own references (&#x8 with no semicolon, say) can make characters XML forbids.
    return clean.xml_chars(cleaned)


def plain(text: object, limit: int = clean.TITLE) -> str:
    """Text with any markup removed and entities decoded: safe once escaped on output."""
    return clean.one_line(clean.detagged(clean.xml_text(text, limit * 4)), limit)


def summary_of(fragment: str, base: str | None) -> str:
    """A short summary: cut first, then sanitised, so no cut can leave a tag open."""
    return clean_html(fragment[:SUMMARY_CHARACTERS], base)


def parse(body: bytes, feed_url: str, keywords: Mapping[str, str]) -> Reading:
    """The entries of a feed, and what was wrong with it."""
    if not body.strip():
        return Reading([], "the feed was empty")
    if body.lstrip()[:1] in (b"{", b"["):
        return _json_feed(body, feed_url, keywords)
    if _DECLARES_ENTITIES.match(body):
        return Reading(
            [],
            "declares its own XML entities (<!DOCTYPE … [ … ]>), which feeds never need; "
            "it was not read",
        )
    try:
        parsed = feedparser.parse(
            _INVALID_REFERENCE.sub(_replaced, body),
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as error:  # feedparser's own bugs on odd input: the feed's problem
        return Reading([], f"not a feed that could be read ({type(error).__name__})")
    if not parsed.entries and parsed.bozo:
        name = type(parsed.bozo_exception).__name__
        return Reading([], f"not a feed that could be read ({name})")
    if not parsed.entries and not parsed.get("version"):
        return Reading([], "not a feed: no RSS, Atom or JSON Feed was found in it")
    language = parsed.feed.get("language")
    notes = _Notes()
    entries = _each(
        parsed.entries, notes, lambda item: _entry(item, feed_url, keywords, language, notes)
    )
    return Reading(entries, None, notes.told())


# A DOCTYPE with an internal subset, at the start of a document (after any declaration and
# comments): where entity bombs and external entities live.
_DECLARES_ENTITIES = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<!DOCTYPE[^\[>]*\[", re.DOTALL
)
_INVALID_REFERENCE = re.compile(rb"&#(?:x([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _replaced(match: re.Match[bytes]) -> bytes:
    """A character reference XML forbids (a lone surrogate, a control) becomes U+FFFD, so
    one bad character costs a character, not the feed."""
    hexadecimal, decimal = match.groups()
    number = int(hexadecimal, 16) if hexadecimal else int(decimal)
    if number > 0x10FFFF or not clean.xml_text(chr(number), 1):
        return b"&#xFFFD;"
    return match.group(0)


def _each(items: Any, notes: _Notes, make: Callable[[Any], Entry | None]) -> list[Entry]:
    """Every item made into an entry; an item that cannot be is skipped and noted."""
    entries: list[Entry] = []
    for number, item in enumerate(items, start=1):
        if number > MOST_ITEMS:
            notes.say(f"only the first {MOST_ITEMS} of its {len(items)} items were read")
            break
        try:
            entry = make(item)
        except Exception as error:  # one item's problem, whatever it is
            notes.add(
                "items could not be read and were skipped", f"item {number}: {type(error).__name__}"
            )
            continue
        if entry is not None:
            entries.append(entry)
    return entries


def _entry(
    item: Any, feed_url: str, keywords: Mapping[str, str], language: object, notes: _Notes
) -> Entry:
    # feedparser copies a permalink guid into `link`: only a full address is taken from it.
    raw_link = item.get("link")
    from_guid = bool(item.get("guidislink"))
    link = clean.web_address(raw_link, None if from_guid else feed_url)
    if raw_link and link is None and not from_guid:
        notes.add(DROPPED_LINKS, clean.kind_of_address(raw_link))
    content = item.get("content", [{}])[0].get("value") if item.get("content") else None
    summary = item.get("summary", "")
    categories = [(t.get("term") or "", t.get("scheme")) for t in item.get("tags", [])]
    # dict.get: feedparser's own get() maps a missing updated to published, with a warning
    published = _date(item.get("published"), dict.get(item, "published_parsed"), notes)
    updated = _date(dict.get(item, "updated"), dict.get(item, "updated_parsed"), notes)
    return _made(
        guid=item.get("id"),
        url=link,
        title=item.get("title"),
        summary=summary,
        content=content or summary,
        published=published or updated,  # Atom entries may carry only <updated>
        updated=updated,
        authors=[a.get("name") for a in item.get("authors", []) if a.get("name")]
        or ([item["author"]] if item.get("author") else []),
        categories=categories,
        keywords=keywords,
        lang=language,
    )


def _json_feed(body: bytes, feed_url: str, keywords: Mapping[str, str]) -> Reading:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return Reading([], "not a JSON Feed that could be read (it is not valid JSON)")
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        return Reading([], "not a JSON Feed that could be read (it has no list of items)")
    language = document.get("language")
    notes = _Notes()

    def one(item: Any) -> Entry | None:
        if not isinstance(item, dict):
            notes.add("items were not objects and were skipped", type(item).__name__)
            return None
        return _json_item(item, feed_url, keywords, language, notes)

    return Reading(_each(items, notes, one), None, notes.told())


def _json_item(
    item: dict[str, Any],
    feed_url: str,
    keywords: Mapping[str, str],
    language: object,
    notes: _Notes,
) -> Entry:
    found = item.get("_intheopen")
    extension: dict[str, Any] = found if isinstance(found, dict) else {}
    raw_link = item.get("url")
    link = clean.web_address(raw_link, feed_url)
    if raw_link and link is None:
        notes.add(DROPPED_LINKS, clean.kind_of_address(raw_link))
    categories: list[tuple[str, str | None]] = [(t, None) for t in _strings(item.get("tags"))]
    categories += [(p, PRINCIPLE_SCHEME) for p in _strings(extension.get("principles"))]
    if isinstance(extension.get("type"), str):
        categories.append((extension["type"], TYPE_SCHEME))
    authors = item.get("authors")
    if isinstance(item.get("author"), dict) and not isinstance(authors, list):
        authors = [item["author"]]  # JSON Feed 1.0
    text = item.get("content_text")
    content = item.get("content_html")
    if not isinstance(content, str):
        content = html.escape(text) if isinstance(text, str) else ""
    summary = item.get("summary")
    lang = item.get("language")
    return _made(
        guid=item.get("id"),
        url=link,
        title=item.get("title"),
        summary=summary if isinstance(summary, str) else "",
        content=content,
        published=_date(item.get("date_published"), None, notes),
        updated=_date(item.get("date_modified"), None, notes),
        authors=[a.get("name") for a in authors if isinstance(a, dict)]
        if isinstance(authors, list)
        else [],
        categories=categories,
        keywords=keywords,
        lang=lang if isinstance(lang, str) else language,
    )


def _strings(value: Any) -> list[str]:
    """The strings in what should be a list of strings; anything else gives none."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _date(raw: Any, parsed: Any, notes: _Notes) -> datetime | None:
    try:
        return moment(raw, parsed if isinstance(parsed, time.struct_time) else None)
    except Impossible as error:
        notes.add("dates that cannot be right were dropped", str(error))
        return None


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}")


def _made(
    *,
    guid: Any,
    url: str | None,
    title: Any,
    summary: str,
    content: str,
    published: datetime | None,
    updated: datetime | None,
    authors: list[Any],
    categories: list[tuple[Any, Any]],
    keywords: Mapping[str, str],
    lang: Any,
) -> Entry:
    slugs = set(catalogue.principle_slugs())
    principles = [
        term for term, scheme in categories if scheme == PRINCIPLE_SCHEME and term in slugs
    ]
    tags = [
        plain(term, 100)
        for term, scheme in categories[: MOST_TAGS * 2]
        if scheme not in (PRINCIPLE_SCHEME, TYPE_SCHEME)
    ]
    for tag in tags:
        mapped = keywords.get(tag.lower())
        if mapped in slugs and mapped not in principles:
            principles.append(mapped)
    kind = next((term for term, scheme in categories if scheme == TYPE_SCHEME), None)
    names = (plain(a, clean.NAME) for a in authors[:MOST_AUTHORS])
    title_text = plain(title)
    summary = clean.xml_text(summary, clean.CONTENT) if isinstance(summary, str) else ""
    content = clean.xml_text(content, clean.CONTENT) if isinstance(content, str) else ""
    language = lang.strip() if isinstance(lang, str) else ""
    return Entry(
        guid=_identity(guid, url, title_text, published, updated, summary or content),
        url=url,
        title=title_text or "Untitled",
        summary=summary_of(summary or content, url),
        content=clean_html(content, url),
        published=published,
        updated=updated,
        authors=tuple(dict.fromkeys(n for n in names if n)),
        tags=tuple(dict.fromkeys(t for t in tags if t))[:MOST_TAGS],
        principles=tuple(principles),
        type=kind if kind in catalogue.type_slugs() else None,
        lang=language if _LANGUAGE.fullmatch(language) else None,
    )


def _identity(
    guid: Any,
    url: str | None,
    title: str,
    published: datetime | None,
    updated: datetime | None,
    text: str,
) -> str:
    """The item's own id, else its link, else a digest of what it says: never shared by two
    different items of one feed just because they lack ids."""
    given = guid if isinstance(guid, str) else str(guid) if isinstance(guid, int) else ""
    given = clean.xml_text(given, 4000).strip()
    if given:
        return given if len(given) <= 500 else "sha256:" + _digest(given)
    if url:
        return url
    dated = published or updated
    when = dated.isoformat() if dated else ""
    return "sha256:" + _digest("\n".join((title, when, text)))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
