"""A corpus of hostile and broken feeds, each named for what it tries.

Every entry is (body, what a reader must still get from it): the titles of the items that
must survive, so a test can tell "handled" from "dropped everything".
"""

from __future__ import annotations

import json

FEED_URL = "https://hostile.example/feed"


def rss_items(*items: str, head: str = "", channel: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0"><channel>'
        f"<title>Hostile</title><link>https://hostile.example/</link>{channel}"
        + "".join(items)
        + "</channel></rss>"
    ).encode("utf-8", "surrogatepass")


def item(title: str, guid: str | None = None, link: str | None = None, extra: str = "") -> str:
    parts = [f"<title>{title}</title>"]
    if guid is not None:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    if link is not None:
        parts.append(f"<link>{link}</link>")
    return "<item>" + "".join(parts) + extra + "</item>"


def good(title: str) -> str:
    slug = title.lower().replace(" ", "-")
    return item(
        title,
        slug,
        f"https://hostile.example/{slug}",
        "<pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate>",
    )


def json_feed(*items: object, **top: object) -> bytes:
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": list(items)}
    document.update(top)
    return json.dumps(document).encode()


def ok_json(title: str, **fields: object) -> dict[str, object]:
    slug = title.lower().replace(" ", "-")
    return {"id": slug, "url": f"https://hostile.example/{slug}", "title": title, **fields}


def _entity_bomb() -> bytes:
    # Quadratic blow-up: one 50 KB entity referred to 3,000 times (no nesting, so expat's
    # billion-laughs guard does not see it): 150 MB of text from a 200 KB file.
    entity = "a" * 50_000
    return rss_items(
        item("Bomb " + "&a;" * 3000, "bomb"),
        head=f'<!DOCTYPE rss [<!ENTITY a "{entity}">]>',
    )


def _many_attributes() -> bytes:
    attributes = " ".join(f'a{i}="x"' for i in range(200_000))
    return rss_items(f"<item {attributes}><title>Attributes</title></item>", good("Kept after"))


def _deep_html() -> bytes:
    nested = "<div>" * 100_000 + "deep" + "</div>" * 100_000
    return rss_items(
        item("Deep", "deep", extra=f"<description><![CDATA[{nested}]]></description>"),
        good("Kept beside deep"),
    )


CORPUS: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "lone surrogate reference": (
        rss_items(item("Bad &#xD800; title", "s1"), good("Fine neighbour")),
        ("Bad \ufffd title", "Fine neighbour"),
    ),
    "control character reference": (
        rss_items(item("Bell &#7; ring", "c1"), good("Another fine one")),
        ("Bell \ufffd ring", "Another fine one"),
    ),
    "raw control character": (
        rss_items(item("Raw \x01 control", "r1"), good("Raw neighbour")),
        ("Raw neighbour",),
    ),
    "control character in author and tag": (
        rss_items(
            item(
                "Author control",
                "a1",
                "https://hostile.example/a1",
                "<author>x@example.org (Bad &#1; Name)</author><category>t&#2;ag</category>",
            )
        ),
        ("Author control",),
    ),
    "dangerous links": (
        rss_items(
            item("Javascript link", "j1", "javascript:alert(1)"),
            item("Vbscript link", "j2", "vbscript:msgbox(1)"),
            item("Data link", "j3", "data:text/html,<script>alert(1)</script>"),
            item("Tab inside the scheme", "j4", "java\tscript:alert(1)"),
            item("Newline inside the scheme", "j5", "java&#10;script:alert(1)"),
            item("Entity in the scheme", "j6", "&amp;#106;avascript:alert(1)"),
            item("Spaces before", "j7", "   JavaScript:alert(1)"),
        ),
        (
            "Javascript link",
            "Vbscript link",
            "Data link",
            "Tab inside the scheme",
            "Newline inside the scheme",
            "Entity in the scheme",
            "Spaces before",
        ),
    ),
    "dangerous links in content": (
        rss_items(
            item(
                "Content links",
                "cl",
                "https://hostile.example/cl",
                "<description><![CDATA[<a href='java&#9;script:x()'>a</a>"
                "<img src='data:image/svg+xml,<svg onload=alert(1)>'>"
                "<a href='vbscript:x'>b</a><a href='mailto:x@example.org'>c</a>]]></description>",
            )
        ),
        ("Content links",),
    ),
    "entity bomb": (_entity_bomb(), ()),
    "entity bomb in utf-16": (
        _entity_bomb().decode().replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16"),
        (),
    ),
    "many attributes": (_many_attributes(), ()),
    "deeply nested html": (_deep_html(), ()),
    "items with neither guid nor link": (
        rss_items(
            item("First without id", extra="<description>one</description>"),
            item("Second without id", extra="<description>two</description>"),
        ),
        ("First without id", "Second without id"),
    ),
    "dates of every kind": (
        rss_items(
            item("Offset", "d1", extra="<pubDate>Mon, 02 Mar 2026 23:30:00 -0500</pubDate>"),
            item("Summer time", "d2", extra="<pubDate>Tue, 02 Jun 2026 09:00:00 BST</pubDate>"),
            item("Unix", "d3", extra="<pubDate>1767225600</pubDate>"),
            item(
                "Impossible offset",
                "d4",
                extra="<pubDate>Mon, 02 Mar 2026 09:00:00 +9999</pubDate>",
            ),
            item("Year 1699", "d5", extra="<pubDate>1699-11-30T00:00:00Z</pubDate>"),
            item("February 30", "d6", extra="<pubDate>Mon, 30 Feb 2026 09:00:00 GMT</pubDate>"),
        ),
        ("Offset", "Summer time", "Unix", "Impossible offset", "Year 1699", "February 30"),
    ),
    "atom with only updated": (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
        b"<id>urn:a</id><updated>2020-05-01T10:00:00+01:00</updated>"
        b"<entry><title>Old Atom post</title><id>urn:a:1</id>"
        b'<link href="https://hostile.example/old"/>'
        b"<updated>2020-05-01T10:00:00+01:00</updated></entry></feed>",
        ("Old Atom post",),
    ),
    "json wrong types": (
        json_feed(
            ok_json("Tags a number", tags=5),
            ok_json("Tags an object", tags={"a": 1}),
            ok_json("Authors an object", authors={"name": "x"}),
            ok_json("Authors numbers", authors=[1, 2, {"name": 3}]),
            ok_json("Language a number", language=7),
            ok_json("Principles an object", _intheopen={"principles": {"a": 1}, "type": 5}),
            ok_json("Extension a list", _intheopen=[1, 2]),
            ok_json("Date a list", date_published=["2026"]),
            ok_json("Date a number", date_published=1767225600),
            ok_json("Content a number", content_html=5, summary=["x"]),
            {"id": {"a": 1}, "title": ["list title"], "url": 5},
            {"id": 12, "title": None},
            "a string item",
            17,
            None,
        ),
        (
            "Tags a number",
            "Tags an object",
            "Authors an object",
            "Authors numbers",
            "Language a number",
            "Principles an object",
            "Extension a list",
            "Date a list",
            "Date a number",
            "Content a number",
        ),
    ),
    "json top level wrong": (
        json_feed(ok_json("Top language"), language={"x": 1}),
        ("Top language",),
    ),
    "json items not a list": (b'{"version": "x", "items": {"a": 1}}', ()),
    "json not an object": (b"[1, 2, 3]", ()),
    "json deeply nested": (b"[" * 100_000 + b"]" * 100_000, ()),
    "json surrogate escape": (
        json_feed(ok_json("Escaped \\ud800 surrogate"), ok_json("Json neighbour")).replace(
            b"\\\\ud800", b"\\ud800"
        ),
        ("Escaped surrogate", "Json neighbour"),
    ),
    "json dangerous url": (
        json_feed(
            ok_json("Json javascript", url="javascript:alert(1)"),
            ok_json("Json data image", image="data:x", url=" java\nscript:x"),
        ),
        ("Json javascript", "Json data image"),
    ),
    "not a feed": (b"<html><body>Not found</body></html>", ()),
    "garbage": (bytes(range(256)) * 64, ()),
    "empty": (b"", ()),
    "utf-16": (
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>U</title>'
        "<item><title>Sixteen</title><guid>u16</guid></item></channel></rss>".encode("utf-16"),
        ("Sixteen",),
    ),
    "huge title": (rss_items(item("T" * 1_000_000, "huge")), ("T" * 500,)),
    "very many items": (
        rss_items(*(item(f"Item {i}", f"i{i}") for i in range(3000))),
        tuple(f"Item {i}" for i in range(1000)),
    ),
}


# What a child may do instead of parsing, for the tests of `Readers` (module-level, so a
# child process can find them by name).
def crash(body: bytes, url: str, keywords: object) -> object:
    raise ValueError("a bug inside a parser")


def die(body: bytes, url: str, keywords: object) -> object:
    import os

    os._exit(9)


def swell(body: bytes, url: str, keywords: object) -> object:
    hoard = []
    while True:
        hoard.append(bytearray(50 * 1024 * 1024))


def spin(body: bytes, url: str, keywords: object) -> object:
    while True:
        pass


def recurse(body: bytes, url: str, keywords: object) -> object:
    return recurse(body, url, keywords)
