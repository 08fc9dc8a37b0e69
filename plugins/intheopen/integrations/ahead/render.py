"""Posts' Markdown made HTML as MkDocs would make it (so feeds are the same byte for byte
whichever engine builds the site), and our pages' templates rendered to HTML fragments."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import jinja2
import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from intheopen.integrations.markdown import RelinkExtension
from intheopen.site.links import Root
from intheopen.site.urls import relative

Where = tuple[Path, str, list[Root]]
_ATTRIBUTES = {"a": "href", "img": "src"}


def resolve(href: str, source_uri: str, page_path: str, urls: Mapping[str, str]) -> str | None:
    """A relative link to a file of the docs tree, as a link from the page at `page_path`
    (what MkDocs' 'relpath' step does); None when it is not one, or names no file."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "\\")) or not parts.path:
        return None
    if AMP_SUBSTITUTE in href:
        return None
    target = posixpath.normpath(
        posixpath.join(posixpath.dirname(source_uri), unquote(parts.path)).lstrip("/")
    )
    url = urls.get(target)
    if url is None:
        return None
    return urlunsplit(("", "", relative(url, page_path), parts.query, parts.fragment))


class _Relpath(Treeprocessor):
    def __init__(self, md: markdown.Markdown, converter: Converter) -> None:
        super().__init__(md)
        self.converter = converter

    def run(self, root: etree.Element) -> None:
        source_uri, page_path = self.converter.page
        for element in root.iter():
            attribute = _ATTRIBUTES.get(element.tag)
            value = element.get(attribute) if attribute else None
            if not attribute or not value:
                continue
            new = resolve(value, source_uri, page_path, self.converter.urls)
            if new is not None:
                element.set(attribute, new)
            elif _names_a_file(value):
                self.converter.missing.append(value)


def _names_a_file(href: str) -> bool:
    parts = urlsplit(href)
    return not (parts.scheme or parts.netloc or href.startswith("/")) and bool(parts.path)


class Converter:
    """One Markdown converter for every post, with the site's extensions."""

    def __init__(
        self, extensions: list[str], configs: dict[str, dict[str, Any]], urls: Mapping[str, str]
    ) -> None:
        self.urls = urls
        self.page = ("", "")
        self.where: Where | None = None
        self.missing: list[str] = []
        relink = RelinkExtension(lambda: self.where, lambda link: None)
        self.md = markdown.Markdown(extensions=[*extensions, relink], extension_configs=configs)
        self.md.treeprocessors.register(_Relpath(self.md, self), "relpath", 0)

    def convert(self, text: str, where: Where, page_path: str) -> str:
        """`text` as HTML for the page at `page_path`, written in the real file and at the
        docs-tree place `where` says."""
        self.where, self.page, self.missing = where, (where[1], page_path), []
        self.md.reset()
        return self.md.convert(text)


_BLOCKS = ("extrahead", "content", "scripts")
_STUB = "".join(f"<!--intheopen:{name}-->{{% block {name} %}}{{% endblock %}}" for name in _BLOCKS)
_SPLIT = re.compile(r"<!--intheopen:(\w+)-->")


class Templates:
    """Our page templates, rendered outside any engine: each block they fill in Material's
    `main.html` (extra head, content, scripts) comes back as its own HTML fragment."""

    def __init__(self, site_name: str, copyright: str | None) -> None:
        ours = jinja2.FileSystemLoader(str(package_files("intheopen") / "templates" / "theme"))
        stub = jinja2.DictLoader({"main.html": _STUB})
        self.env = jinja2.Environment(loader=jinja2.ChoiceLoader([stub, ours]))
        self.env.filters["url"] = _url
        self.config = {"site_name": site_name, "copyright": copyright}

    def render(self, template: str, view: Any, page_path: str, body: str = "") -> dict[str, str]:
        html = self.env.get_template(template).render(
            intheopen={"page": view},
            page={"content": body, "meta": {}},
            config=self.config,
            page_path=page_path,
        )
        pieces = _SPLIT.split(html)
        return {pieces[at]: pieces[at + 1].strip() for at in range(1, len(pieces) - 1, 2)}


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: object) -> str:
    """MkDocs' `url` filter: a path from the site root as a link from this page."""
    return relative(str(target), str(context["page_path"]))
