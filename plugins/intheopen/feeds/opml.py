"""OPML 2.0: a list of feeds a feed reader can import. Written here only, for the blog's
`/feeds.opml` and the aggregator's `/sources.opml`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from lxml import etree


@dataclass(frozen=True)
class Outline:
    """One feed: its name, its address, and the page it belongs to."""

    title: str
    feed: str
    page: str | None = None


@dataclass(frozen=True)
class Group:
    """Feeds listed under one heading."""

    title: str
    outlines: tuple[Outline, ...]


def opml(
    title: str,
    modified: datetime,
    entries: Sequence[Outline | Group],
    owner: str | None = None,
) -> bytes:
    """The OPML document, built with lxml (never by joining strings)."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateModified").text = format_datetime(modified)
    if owner is not None:
        etree.SubElement(head, "ownerName").text = owner
    body = etree.SubElement(root, "body")
    for entry in entries:
        if isinstance(entry, Group):
            # A folder of feeds: its text only (a title would call for a type).
            group = etree.SubElement(body, "outline", text=entry.title)
            for outline in entry.outlines:
                _outline(group, outline)
        else:
            _outline(body, entry)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _outline(parent: etree._Element, outline: Outline) -> None:
    etree.SubElement(
        parent,
        "outline",
        type="rss",
        text=outline.title,
        title=outline.title,
        xmlUrl=outline.feed,
        **({"htmlUrl": outline.page} if outline.page else {}),
    )
