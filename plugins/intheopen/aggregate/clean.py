"""Text and addresses from other councils' feeds, made safe to store and to publish.

The same rules run at the door (when a feed is read) and when the store is read back, so a
store written by an older version, or changed by hand, cannot break a build.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import nh3

# What XML 1.0 allows (tab, newline, carriage return, and the rest above the C0 controls, but
# no surrogates and no U+FFFE/U+FFFF); SQLite and every feed reader are content with that too.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What a browser ignores inside an address (WHATWG URL): tabs and newlines anywhere,
# controls and spaces at either end. `java\tscript:` is a javascript: link to a browser.
_URL_IGNORED = re.compile("[\t\n\r]")
_URL_EDGES = "".join(chr(c) for c in range(0x21))

TITLE = 500
NAME = 200
URL = 2000
SUMMARY = 4000
CONTENT = 200_000


def xml_text(value: object, limit: int) -> str:
    """`value` as text that XML 1.0 and SQLite accept, at most `limit` characters; anything
    that is not text (a number, a list, None) becomes "", never an error."""
    if not isinstance(value, str):
        return ""
    return _NOT_XML.sub("", value[: limit * 2])[:limit]


def xml_chars(text: str) -> str:
    """`text` without the characters XML 1.0 forbids, whatever its length (for HTML that
    a sanitiser wrote, which must not be cut)."""
    return _NOT_XML.sub("", text)


def detagged(text: str) -> str:
    """Plain text with nothing left that a feed reader could take for a tag, however many
    times it was escaped: tags are removed and entities decoded until nothing changes."""
    for _ in range(4):
        stripped = html.unescape(nh3.clean(xml_chars(text), tags=set()))
        if stripped == text:
            return xml_chars(text)
        text = stripped
    return xml_chars(nh3.clean(text, tags=set()))  # still changing: leave it escaped


def one_line(value: object, limit: int) -> str:
    """Safe text with its whitespace folded: for titles, names and tags."""
    return " ".join(xml_text(value, limit * 2).split())[:limit]


def web_address(value: object, base: str | None = None) -> str | None:
    """An absolute http(s) address, or None: after the clean-up a browser would do itself,
    anything that is not http or https (javascript:, data:, vbscript:, file:, relative with no
    base) is refused."""
    if not isinstance(value, str):
        return None
    text = _URL_IGNORED.sub("", xml_text(value, URL * 2)).strip(_URL_EDGES).strip()
    decoded = _URL_IGNORED.sub("", html.unescape(text)).strip(_URL_EDGES).strip()
    if not text or not _relative_or_web(text) or not _relative_or_web(decoded):
        return None
    if base:
        try:
            text = urljoin(base, text)
        except ValueError:
            return None
    return text if _web(text) and len(text) <= URL else None


def _relative_or_web(text: str) -> bool:
    try:
        return urlsplit(text).scheme.lower() in ("", "http", "https")
    except ValueError:
        return False


def _web(text: str) -> bool:
    try:
        parts = urlsplit(text)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def kind_of_address(value: object) -> str:
    """What sort of address was refused, in words that hold no part of it (a report must
    not carry the dangerous link it refused)."""
    if not isinstance(value, str):
        return f"a {type(value).__name__} where an address should be"
    text = _URL_IGNORED.sub("", xml_text(value, URL)).strip(_URL_EDGES).strip()
    try:
        scheme = urlsplit(html.unescape(text)).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme.isalnum():
        return f"a {scheme} address"
    return "an address that is not a full web address"
