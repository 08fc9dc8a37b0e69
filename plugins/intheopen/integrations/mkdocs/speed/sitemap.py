"""MkDocs' sitemap, kept while serving: at 10,000 posts templating it again after every save
cost a twentieth of the rebuild, though a save rarely changes a page's address or date.

Only MkDocs' own `sitemap.xml` is kept, whose output depends on nothing but each page's
addresses and date (a theme's or the council's own sitemap template could read anything,
and is templated as usual). The key holds the template's source and, for every page it
lists, all it reads of that page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mkdocs
from jinja2 import Template

from intheopen.speed.cache import digest

OWN = Path(mkdocs.__file__).parent / "templates" / "sitemap.xml"


class KeptSitemap:
    """The sitemap as last templated, for a process that builds the same site again and
    again (`mkdocs serve`)."""

    def __init__(self) -> None:
        self.key = ""
        self.output = ""
        self.made = 0  # how many times it was templated

    def template(self, template: Template, name: str) -> Template | _Kept:
        """MkDocs' sitemap template in front of what it made last time; any other as it is."""
        if name != "sitemap.xml" or not template.filename or Path(template.filename) != OWN:
            return template
        return _Kept(self, template)


class _Kept:
    def __init__(self, kept: KeptSitemap, template: Template) -> None:
        self.kept = kept
        self.template = template

    def render(self, context: Any) -> str:
        parts = [OWN.read_text(encoding="utf-8")]
        for file in context.get("pages") or ():
            page = getattr(file, "page", None)
            link = bool(getattr(page, "is_link", None))
            where = f"{getattr(page, 'abs_url', None)!r} {getattr(page, 'canonical_url', None)!r}"
            parts.append(f"{link} {where} {getattr(page, 'update_date', None)!r}")
        key = digest(parts)
        if key != self.kept.key:
            self.kept.key = ""  # a render that fails leaves nothing to trust
            self.kept.output = self.template.render(context)
            self.kept.key = key
            self.kept.made += 1
        return self.kept.output
