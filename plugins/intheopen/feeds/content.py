"""Post HTML made fit for feeds: absolute links, no script, no XML-invalid characters."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import nh3

# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
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
