"""Small changes to a built HTML page: its language, and feed links in its head."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

_HTML_LANG = re.compile(r'(<html\b[^>]*?\blang=")[^"]*(")', re.I)
_HEAD_END = re.compile(r"</head\s*>", re.I)


@dataclass(frozen=True)
class HeadLink:
    rel: str
    type: str
    title: str
    href: str


def set_lang(html: str, lang: str) -> str:
    """`html` with its root element's `lang` set to `lang`."""
    return _HTML_LANG.sub(lambda m: f"{m.group(1)}{lang}{m.group(2)}", html, count=1)


def add_head_links(html: str, links: Iterable[HeadLink]) -> str:
    """`html` with `<link>` elements (escaped) added at the end of its head."""
    tags = Markup("").join(
        Markup('<link rel="{}" type="{}" title="{}" href="{}">\n').format(
            link.rel, link.type, link.title, link.href
        )
        for link in links
    )
    match = _HEAD_END.search(html)
    if match is None or not tags:
        return html
    return html[: match.start()] + str(tags) + html[match.start() :]
