"""Set the language of a whole built page (Welsh posts on an English site)."""

from __future__ import annotations

import re

_HTML_LANG = re.compile(r'(<html\b[^>]*?\blang=")[^"]*(")', re.I)


def set_lang(html: str, lang: str) -> str:
    """`html` with its root element's `lang` set to `lang`."""
    return _HTML_LANG.sub(lambda m: f"{m.group(1)}{lang}{m.group(2)}", html, count=1)
