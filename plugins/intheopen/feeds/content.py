"""Post HTML made fit for feeds: absolute links, no script, no XML-invalid characters."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from urllib.parse import urljoin

import nh3

# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+))")
_URL_ATTRIBUTES = {"href", "src", "cite", "poster"}
_TAGS = nh3.ALLOWED_TAGS | {"figure", "figcaption", "details", "summary", "mark", "time"}
_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "*": {"id", "lang", "dir", "title"}, "time": {"datetime"}}


def strip_invalid(text: str) -> tuple[str, bool]:
    """`text` without XML-invalid characters, and whether any were there."""
    cleaned = _NOT_XML.sub("", text)
    return cleaned, cleaned != text


def feed_html(html: str, page_url: str) -> str:
    """`html` (a rendered post body) with relative URLs made absolute against `page_url`,
    and anything a feed reader should not run removed. Whitespace in <pre> is kept."""

    def absolute(element: str, attribute: str, value: str) -> str | None:
        if attribute in _URL_ATTRIBUTES:
            return urljoin(page_url, value)
        return value

    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=absolute,
        link_rel=None,
        url_schemes={"http", "https", "mailto", "tel"},
    )


def may_hold_invalid(html: str) -> bool:
    """Whether `feed_html(html, …)` could hold characters XML cannot carry: only if `html`
    holds one, or a numeric character reference to one, since sanitising makes no others.
    (A reference too long to read is counted as one.)"""
    if _NOT_XML.search(html):
        return True
    for found in _REFERENCE.finditer(html):
        hexadecimal, decimal = found.groups()
        digits = (hexadecimal or decimal).lstrip("0")
        if len(digits) > 7:
            return True
        code = int(digits or "0", 16 if hexadecimal else 10)
        if code == 0 or code > 0x10FFFF or _NOT_XML.match(chr(code)):
            return True
    return False


class FeedTexts(Mapping[str, str]):
    """Each post's feed HTML, by the post's source, made (by `make`, from the page's HTML
    and URL) the first time it is asked for. A feed carries only the newest posts of its
    kind, so most posts' text is never made. `last`: the texts of the last build, for the
    posts not built again (`serve --dirty`); a text already made stays the same object."""

    def __init__(
        self,
        make: Callable[[str, str], str] = feed_html,
        last: FeedTexts | None = None,
    ) -> None:
        self.make = make
        self._pages: dict[str, tuple[str, str]] = dict(last._pages) if last else {}
        self._made: dict[str, str] = dict(last._made) if last else {}

    def add(self, source: str, html: str, page_url: str) -> None:
        """The post `source` has this HTML at this URL (its text is made if asked for)."""
        if self._pages.get(source) != (html, page_url):
            self._pages[source] = (html, page_url)
            self._made.pop(source, None)

    def surely_valid(self, source: str) -> bool:
        """Whether the post's text, not yet made, is sure to hold nothing XML cannot carry
        (`may_hold_invalid`): then it need not be made to say so."""
        page = self._pages.get(source)
        if page is None:
            return True
        return source not in self._made and not any(may_hold_invalid(part) for part in page)

    def __getitem__(self, source: str) -> str:
        made = self._made.get(source)
        if made is None:
            made = self._made[source] = self.make(*self._pages[source])
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)
