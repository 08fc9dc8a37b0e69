"""A Markdown extension that re-points relative links between posts/ and docs/."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from pathlib import Path

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from intheopen.site.links import Root, rewrite
from intheopen.site.wording import image_credit

Current = Callable[[], tuple[Path, str, Sequence[Root]] | None]
_ATTRIBUTES = {"a": "href", "img": "src"}


class _Relinker(Treeprocessor):
    def __init__(self, md: Markdown, current: Current, record: Callable[[str], None]) -> None:
        super().__init__(md)
        self.current = current
        self.record = record

    def run(self, root: etree.Element) -> None:
        where = self.current()
        for element in root.iter():
            attribute = _ATTRIBUTES.get(element.tag)
            value = element.get(attribute) if attribute else None
            if not attribute or not value:
                continue
            if where is not None and (new := rewrite(value, where[0], where[1], where[2])):
                element.set(attribute, new)
                value = new
            self.record(value)  # what MkDocs will resolve next: the render cache checks it


class _Credits(Treeprocessor):
    """An image given `data-attribution` or `data-licence` (with attr_list:
    `![Alt](photo.jpg){ data-attribution="Photo: Jo Bloggs" data-licence="CC BY 4.0" }`)
    becomes a figure with the credit under it."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                image = child if child.tag == "img" else None
                if child.tag == "p" and len(child) == 1 and not (child.text or "").strip():
                    image = child[0] if child[0].tag == "img" else None
                if image is None:
                    continue
                attribution = image.attrib.pop("data-attribution", None)
                licence = image.attrib.pop("data-licence", None)
                if attribution or licence:
                    figure = etree.Element("figure", {"class": "ito-credited"})
                    image.tail = None
                    figure.append(image)
                    caption = etree.SubElement(figure, "figcaption")
                    caption.text = image_credit(attribution, licence)
                    figure.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, figure)


class RelinkExtension(Extension):
    """Runs just before MkDocs resolves relative links (its 'relpath' step, priority 0)."""

    def __init__(self, current: Current, record: Callable[[str], None]) -> None:
        super().__init__()
        self.current = current
        self.record = record

    def extendMarkdown(self, md: Markdown) -> None:
        relinker = _Relinker(md, self.current, self.record)
        md.treeprocessors.register(relinker, "intheopen-relink", 1)
        md.treeprocessors.register(_Credits(md), "intheopen-credits", 2)
