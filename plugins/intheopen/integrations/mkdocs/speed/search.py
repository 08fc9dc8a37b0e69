"""The search index's entries for a page, kept between builds.

Material's search (and MkDocs' own) reads every page's HTML with Python's HTML parser to
make its entries: a third of a warm build, though the pages have not changed. Before the
search plugin indexes a page, this looks for the entries the same page gave last time,
under a key of all they are made from (the page's HTML, table of contents, URL, title and
front matter; the plugin and its settings; the installed packages and our code), and adds
those instead; a page not seen before is indexed by the plugin, and its entries kept.

The plugin is wrapped on its own index object, for one build; a plugin whose index is not
the shape expected, or that reads files of its own (Material's jieba dictionaries), is left
alone. While it indexes a page, the HTML parser class its module names (Material's
`Parser`, MkDocs' `ContentParser`) is its subclass that reads plain HTML quicker, making
the same calls (`speed/quickhtml.py`), and is put back straight after.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from types import ModuleType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from intheopen.speed.cache import digest, stable
from intheopen.speed.quickhtml import fed
from intheopen.speed.shelf import Shelf

Entries = list[dict[str, Any]]
READS_FILES = ("jieba_dict", "jieba_dict_user")


class SearchReuse:
    """Search entries by page, for one build."""

    def __init__(self, store: Shelf[Entries], settings: str) -> None:
        self.store = store
        self.settings = settings
        self.reused = 0
        self.given = 0  # pages another process indexed (`give`)
        # Entries made here, with their keys, while recording (a child that sends them back)
        self.made: list[tuple[str, Entries]] | None = None

    def wrap(self, config: MkDocsConfig) -> None:
        """Put the reuse in front of each search plugin's indexing of a page."""
        for name, plugin in config.plugins.items():
            index = getattr(plugin, "search_index", None)
            add = getattr(index, "add_entry_from_context", None)
            own = getattr(plugin, "config", {})
            if (
                index is None
                or not callable(add)
                or not isinstance(getattr(index, "entries", None), list)
                or any(own.get(setting) for setting in READS_FILES)
            ):
                continue
            about = digest([self.settings, name, type(plugin).__qualname__, stable(own)])
            index.add_entry_from_context = self._reusing(index, add, about)

    def _reusing(self, index: Any, add: Callable[[Page], None], about: str) -> Any:
        swaps = _parsers(index)

        def add_entries(page: Page) -> None:
            if _excluded(page):  # the plugin adds nothing: nothing to look for or keep
                add(page)
                return
            key = digest(
                [
                    about,
                    page.url,
                    str(page.title),
                    page.content or "",
                    stable([(link.title, link.url, link.level) for link in _walk(page.toc)]),
                    # all the front matter but the template, which the speed layer changes
                    stable({k: v for k, v in page.meta.items() if k != "template"}),
                ]
            )
            found = self.store.get(key)
            if isinstance(found, list) and all(isinstance(entry, dict) for entry in found):
                index.entries.extend(found)
                self.reused += 1
                return
            before = len(index.entries)
            with _swapped(swaps):
                add(page)
            made = list(index.entries[before:])
            self.store.put(key, made)
            if self.made is not None:
                self.made.append((key, made))

        return add_entries

    def recorded(self) -> list[tuple[str, Entries]]:
        """The entries made since the last call (recording from the first)."""
        made, self.made = self.made or [], []
        return made

    def give(self, made: list[tuple[str, Entries]]) -> None:
        """Entries another process made (`recorded`), for the pages to be found by key."""
        for key, entries in made:
            self.store.put(key, entries)
        self.given += bool(made)


def _excluded(page: Page) -> bool:
    search = page.meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def _walk(toc: Iterable[Any]) -> Iterable[Any]:
    for link in toc:
        yield link
        yield from _walk(link.children)


Swaps = list[tuple[ModuleType, str, type[HTMLParser], type[HTMLParser]]]


def _parsers(index: Any) -> Swaps:
    """Each HTML parser class the module of `index` defines, by name, with its quicker
    subclass; none that reads its input its own way."""
    module = sys.modules.get(type(index).__module__)
    if module is None:
        return []
    return [
        (module, name, value, _quicker(value))
        for name, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, HTMLParser)
        and value.__module__ == module.__name__
        and value.feed is HTMLParser.feed
        and value.close is HTMLParser.close
    ]


@contextmanager
def _swapped(swaps: Swaps) -> Iterator[None]:
    """Meanwhile, each parser class is its quicker subclass."""
    for module, name, _, quicker in swaps:
        setattr(module, name, quicker)
    try:
        yield
    finally:
        for module, name, parser, _ in swaps:
            setattr(module, name, parser)


_QUICKER: dict[type[HTMLParser], type[HTMLParser]] = {}


def _quicker(parser: type[HTMLParser]) -> type[HTMLParser]:
    """`parser`, given all it is fed when closed, which it reads as `fed` does if plain."""
    made = _QUICKER.get(parser)
    if made is None:

        class Quicker(parser):  # type: ignore[valid-type,misc]
            def feed(self, data: str) -> None:
                self.__dict__.setdefault("_fed", []).append(data)

            def close(self) -> None:
                html = "".join(self.__dict__.pop("_fed", []))
                if not fed(self, html):
                    super().feed(html)
                super().close()

        Quicker.__name__ = Quicker.__qualname__ = parser.__name__
        made = _QUICKER[parser] = Quicker
    return made
