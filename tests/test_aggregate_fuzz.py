"""Fuzzing the per-feed path with hypothesis: random and mutated RSS, Atom and JSON Feed
documents with wrong types, control characters, surrogates, hostile addresses and odd dates
in every field. Whatever comes in: no exception, only XML-valid text and http(s) links out,
through parsing, the store and the aggregator's own feeds."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intheopen.aggregate.command import _planned
from intheopen.aggregate.fetch import Result
from intheopen.aggregate.parse import parse
from intheopen.aggregate.sources import Source, Sources
from intheopen.aggregate.store import Store
from intheopen.feeds.writer import Settings, Writer
from outputs_check import check_json_feed, check_xml_feed, links_in_html, web, xml_valid

NOW = datetime(2026, 3, 5, 12, tzinfo=UTC)
FEED = "https://fuzz.example/feed"
EXAMPLES = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")),  # more for a deeper search
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Every code point, surrogates and controls included.
anything = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None))
controls = st.sampled_from(["\x00", "\x01", "\x08", "\x0b", "\x1f", "\x7f", "\ufffe", "\ud800"])
nasty_text = st.one_of(
    anything,
    st.builds(lambda a, c, b: a + c + b, anything, controls, anything),
    st.sampled_from(["<script>alert(1)</script>", "&amp;lt;b&amp;gt;", "]]>", "\u202e"]),
)
schemes = st.sampled_from(
    ["javascript:", "JaVaScRiPt:", "java\tscript:", "java\nscript:", " javascript:",
     "\x01javascript:", "vbscript:", "data:", "data:text/html;base64,", "file:", "ftp:",
     "mailto:", "//", "", "http:", "https:", "&#106;avascript:", "jav&#x09;ascript:",
     "\\\\evil\\"]
)  # fmt: skip
urls = st.one_of(
    st.builds(lambda s, rest: s + rest, schemes, anything),
    st.builds(lambda s: s + "//fuzz.example/x", schemes),
    anything,
)
dates = st.one_of(
    st.sampled_from(
        ["Mon, 02 Mar 2026 09:00:00 +9999", "Mon, 02 Mar 2026 09:00:00 BST", "1767225600",
         "2026-02-30T00:00:00Z", "0000-01-01", "9999-12-31T23:59:59-23:59", "1699-11-30",
         "2026-03-01T09:00:00+14:01", "Thu, 01 Jan 1970 00:00:00 GMT", "99999999999999999999",
         "2026-03-01T09:00:00", "yesterday"]
    ),
    anything,
)  # fmt: skip
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | nasty_text | urls | dates,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty_text, inner, max_size=3),
    max_leaves=6,
)


def xml_text(value: str) -> str:
    """Text for an XML document: characters XML cannot hold go in as character references
    (as a hostile feed would write them), the rest escaped."""
    out = []
    for ch in value:
        if (
            ch in "\t\n\r"
            or (" " <= ch <= "\ud7ff")
            or ("\ue000" <= ch <= "\ufffd")
            or ch > "\uffff"
        ):
            out.append(escape(ch))
        else:
            out.append(f"&#x{ord(ch):X};")
    return "".join(out)


@st.composite
def rss_documents(draw: Any) -> bytes:
    items = []
    for _ in range(draw(st.integers(0, 3))):
        parts = [
            f"<title>{xml_text(draw(nasty_text))}</title>",
            f"<link>{xml_text(draw(urls))}</link>" if draw(st.booleans()) else "",
            f"<guid>{xml_text(draw(nasty_text))}</guid>" if draw(st.booleans()) else "",
            f"<pubDate>{xml_text(draw(dates))}</pubDate>",
            f"<author>{xml_text(draw(nasty_text))}</author>",
            f"<category>{xml_text(draw(nasty_text))}</category>",
            f'<enclosure url={quoteattr(draw(urls))} type="image/png" length="1"/>',
            "<description>"
            + xml_text(f"<p>{draw(nasty_text)}<a href={quoteattr(draw(urls))}>x</a></p>")
            + "</description>",
        ]
        items.append("<item>" + "".join(draw(st.permutations(parts))) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{xml_text(draw(nasty_text))}</title><language>{xml_text(draw(nasty_text))}"
        "</language>" + "".join(items) + "</channel></rss>"
    ).encode("utf-8", "surrogatepass")


@st.composite
def atom_documents(draw: Any) -> bytes:
    entries = []
    for _ in range(draw(st.integers(0, 3))):
        entries.append(
            "<entry>"
            f"<title type={quoteattr(draw(st.sampled_from(['text', 'html', 'xhtml', 'x'])))}>"
            f"{xml_text(draw(nasty_text))}</title>"
            f"<id>{xml_text(draw(nasty_text))}</id>"
            f"<link rel={quoteattr(draw(st.sampled_from(['alternate', 'enclosure', 'x'])))} "
            f"href={quoteattr(draw(urls))}/>"
            f"<updated>{xml_text(draw(dates))}</updated>"
            + (f"<published>{xml_text(draw(dates))}</published>" if draw(st.booleans()) else "")
            + f"<author><name>{xml_text(draw(nasty_text))}</name>"
            f"<uri>{xml_text(draw(urls))}</uri></author>"
            f'<content type="html">{xml_text(draw(nasty_text))}'
            f"{xml_text('<img src=' + quoteattr(draw(urls)) + '>')}</content>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{xml_text(draw(nasty_text))}</title><id>urn:x</id>"
        "<updated>2026-03-01T00:00:00Z</updated>" + "".join(entries) + "</feed>"
    ).encode("utf-8", "surrogatepass")


FIELDS = ["id", "url", "external_url", "title", "summary", "content_html", "content_text",
          "date_published", "date_modified", "authors", "author", "tags", "language", "image",
          "_intheopen"]  # fmt: skip


@st.composite
def json_documents(draw: Any) -> bytes:
    items: list[Any] = []
    for _ in range(draw(st.integers(0, 3))):
        item = {field: draw(json_values) for field in draw(st.lists(st.sampled_from(FIELDS)))}
        if draw(st.booleans()):
            item["_intheopen"] = {
                "principles": draw(json_values | st.just(["open-culture"])),
                "type": draw(json_values),
            }
        items.append(item if draw(st.integers(0, 9)) else draw(json_values))
    document = {"version": "https://jsonfeed.org/version/1.1", "items": items}
    document["language"] = draw(json_values)
    return json.dumps(document).encode()  # ensure_ascii: surrogates arrive as \\ud800


@st.composite
def mutated(draw: Any, documents: Any) -> bytes:
    """A document with a few bytes changed, dropped or repeated, or cut short."""
    data = bytearray(draw(documents))
    for _ in range(draw(st.integers(0, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "drop", "repeat", "cut"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "drop":
            del data[at]
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 20))]
        else:
            del data[at:]
    return bytes(data)


def through_the_whole_path(body: bytes, folder: Path) -> None:
    reading = parse(body, FEED, {"bins": "user-needs"})  # must not raise

    for entry in reading.entries:
        for text in (entry.guid, entry.title, entry.summary, entry.content, entry.type or "",
                     entry.lang or "", *entry.authors, *entry.tags, *entry.principles):  # fmt: skip
            assert xml_valid(text), repr(text)
        assert web(entry.url), entry.url
        for link in (*links_in_html(entry.content), *links_in_html(entry.summary)):
            assert web(link), link
    for text in (reading.error or "", *reading.notes):
        assert xml_valid(text)

    store = Store(folder / "store.db")
    try:
        with store.run():
            store.db.execute("DELETE FROM items")
            store.add_source("fuzz", "Fuzz", None, None, [FEED])
            store.record("fuzz", FEED, Result(FEED, 200), reading, NOW)
        sources = Sources((Source("fuzz", "Fuzz", (FEED,)),), "https://blogs.sector.example/")
        plan, site, _ = _planned(store, sources)
        health = next(p for p in plan.pages if p.path == "health/")
        assert xml_valid(json.dumps(health.view, ensure_ascii=False))
        writer = Writer(site, Settings(description="d"), {}, site.now)
        channel = plan.channels[0]  # every post; the rest are subsets of it
        assert check_xml_feed(writer.rss(channel)) == []
        assert check_xml_feed(writer.atom(channel)) == []
        assert check_json_feed(writer.json(channel)) == []
    finally:
        store.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@EXAMPLES
@given(body=st.one_of(rss_documents(), mutated(rss_documents())))
def test_rss(body: bytes, folder: Path) -> None:
    through_the_whole_path(body, folder)


@EXAMPLES
@given(body=st.one_of(atom_documents(), mutated(atom_documents())))
def test_atom(body: bytes, folder: Path) -> None:
    through_the_whole_path(body, folder)


@EXAMPLES
@given(body=st.one_of(json_documents(), mutated(json_documents())))
def test_json_feed(body: bytes, folder: Path) -> None:
    through_the_whole_path(body, folder)


@EXAMPLES
@given(body=st.binary(max_size=2000))
def test_any_bytes_at_all(body: bytes, folder: Path) -> None:
    through_the_whole_path(body, folder)
