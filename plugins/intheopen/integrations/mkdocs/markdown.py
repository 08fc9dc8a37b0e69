"""A Markdown extension that re-points relative links between posts/ and docs/."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from pathlib import Path

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from intheopen.links import Root, rewrite

Current = Callable[[], tuple[Path, str, Sequence[Root]] | None]
_ATTRIBUTES = {"a": "href", "img": "src"}


class _Relinker(Treeprocessor):
    def __init__(self, md: Markdown, current: Current) -> None:
        super().__init__(md)
        self.current = current

    def run(self, root: etree.Element) -> None:
        where = self.current()
        if where is None:
            return
        page_file, page_uri, roots = where
        for element in root.iter():
            attribute = _ATTRIBUTES.get(element.tag)
            value = element.get(attribute) if attribute else None
            if attribute and value and (new := rewrite(value, page_file, page_uri, roots)):
                element.set(attribute, new)


class RelinkExtension(Extension):
    """Runs just before MkDocs resolves relative links (its 'relpath' step, priority 0)."""

    def __init__(self, current: Current) -> None:
        super().__init__()
        self.current = current

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Relinker(md, self.current), "intheopen-relink", 1)
