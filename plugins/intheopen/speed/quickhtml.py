"""Plain HTML read for a parser quicker than `html.parser` reads it: the same calls to the
parser's handlers, in the same order, or none at all.

Material's search reads each page's HTML with Python's `html.parser` (a third of a second
at 1,000 posts, half of it finding the tags). The HTML Python-Markdown and Pygments write is
plain: tags whose attributes are double-quoted and single-spaced, text, short comments.
`fed` reads such HTML with one regular expression and calls the handlers as `feed` and
`close` would; anything else (a `<` that starts no such tag or comment, an element whose
content `html.parser` reads raw, such as `<script>`, a declaration, an unquoted or
single-quoted attribute, other spacing) leaves the whole text to `html.parser`. Proved
against `html.parser` itself in tests/test_quickhtml.py.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_TOKEN = re.compile(
    r"([^<]+)"  # text
    r'|<([a-zA-Z][-.a-zA-Z0-9:_]*)((?: [a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*")?)*)( ?/)?>'
    r"|</([a-zA-Z][-.a-zA-Z0-9:_]*)>"  # an end tag
    r"|<!--(?!-?>)((?:[^-<>]|-(?!-))*)-->"  # a comment
)
_ATTRIBUTE = re.compile(r' ([^ =]+)(?:="([^"]*)")?')
# Elements whose content `html.parser` reads as raw text, in any Python version
RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"}
    | {"noscript", "plaintext"}
)


def fed(parser: HTMLParser, html: str) -> bool:
    """Whether `html` was plain, and `parser`, fresh, was given it as `parser.feed(html)`
    then `parser.close()` would have; when not, nothing was called. (Only the position
    `getpos` reports is not kept.)"""
    if parser.rawdata or not parser.convert_charrefs or parser.cdata_elem is not None:
        return False
    tokens = []
    at = 0
    for found in _TOKEN.finditer(html):
        if found.start() != at:
            return False
        at = found.end()
        name = found[2]
        if name is not None and name.lower() in RAW_TEXT:
            return False
        tokens.append(found.groups())
    if at != len(html):
        return False
    for text, name, attributes, closed, end, comment in tokens:
        if text is not None:
            parser.handle_data(unescape(text))
        elif name is not None:
            attrs = [
                (found[1].lower(), unescape(found[2]) if found[2] else found[2])
                for found in _ATTRIBUTE.finditer(attributes)
            ]
            if closed:
                parser.handle_startendtag(name.lower(), attrs)
            else:
                parser.handle_starttag(name.lower(), attrs)
        elif end is not None:
            parser.handle_endtag(end.lower())
        else:
            parser.handle_comment(comment)
    return True
