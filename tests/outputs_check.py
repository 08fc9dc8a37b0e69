"""Independent checks on what the aggregator writes: XML 1.0 text and http(s) links only."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from lxml import etree, html

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_valid(text: str) -> bool:
    return not NOT_XML.search(text)


def web(url: str | None) -> bool:
    """None (no link) or an absolute http(s) address with a host."""
    if url is None:
        return True
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and url == url.strip()


def links_in_html(fragment: str) -> Iterable[str]:
    if not fragment.strip():
        return []
    tree = html.fragment_fromstring(fragment, create_parent="div")
    return [
        value
        for element in tree.iter()
        for name, value in element.attrib.items()
        if name in ("href", "src", "srcset", "action", "formaction", "poster", "data")
    ]


def check_xml_feed(data: bytes) -> list[str]:
    """Problems with an RSS or Atom file: not well-formed, or a link that is not http(s)."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
    problems = []
    for element in root.iter():
        for name, value in element.attrib.items():
            if name in ("href", "url", "src") and not web(value):
                problems.append(f"{element.tag} {name}={value!r}")
        if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] in ("link", "comments"):
            text = (element.text or "").strip()
            if text and not web(text):
                problems.append(f"{element.tag} {text!r}")
        if element.text and "<" in element.text:  # escaped HTML content
            problems += [f"in content {v!r}" for v in links_in_html(element.text) if not web(v)]
    return problems


def feed_warnings(data: bytes) -> list[str]:
    """What the W3C Feed Validation Service warns of that we have met: an OPML outline with
    attributes beyond `text` and no `type` (MissingOutlineType), two Atom entries with one
    `<updated>` (DuplicateUpdated), and a stylesheet a browser is to run (XSLT, which
    browsers are removing)."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
    problems = []
    if any(isinstance(n, etree._ProcessingInstruction) for n in root.itersiblings(preceding=True)):
        problems.append("an xml-stylesheet instruction")
    for outline in root.iter("outline"):
        if set(outline.attrib) - {"text"} and "type" not in outline.attrib:
            problems.append(f"outline {outline.get('text')!r} has no type")
    atom = "{http://www.w3.org/2005/Atom}"
    updated = [e.findtext(f"{atom}updated") for e in root.iter(f"{atom}entry")]
    problems += [f"two entries updated {u}" for u in sorted(set(updated)) if updated.count(u) > 1]
    return problems


def check_json_feed(data: bytes) -> list[str]:
    document = json.loads(data)
    problems = [f"not XML text: {s!r}" for s in strings(document) if not xml_valid(s)]
    for item in document["items"]:
        for key in ("url", "external_url", "image"):
            if not web(item.get(key)):
                problems.append(f"{key}={item.get(key)!r}")
        for value in links_in_html(item.get("content_html", "")):
            if not web(value):
                problems.append(f"in content {value!r}")
    return problems


def strings(value: object) -> Iterable[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from strings(v)
