"""What is made from each page of a plan, kept from one `serve` rebuild to the next by the
page object itself.

The plan takes a post's page from the last plan, the same object, when nothing it is made
from changed (speed/planning.py), and plans never change a page once made: so what a
rebuild makes from such a page (the digest of its data, its Markdown) is what the last
rebuild made, and is taken from it instead. The same holds for any object kept as it is
from one rebuild to the next, such as a page's Markdown (a str) kept here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class ByPage(Generic[T]):
    """`make(page)` once a page object, for as long as rebuilds keep asking for it."""

    def __init__(self, make: Callable[[Any], T]) -> None:
        self.make = make
        self._kept: dict[int, tuple[Any, T]] = {}
        self._next: dict[int, tuple[Any, T]] = {}

    def next_build(self) -> ByPage[T]:
        """Keep only what the last build asked for (the pages of its plan)."""
        self._kept, self._next = self._next, {}
        return self

    def __call__(self, page: Any) -> T:
        found = self._next.get(id(page)) or self._kept.get(id(page))
        if found is None or found[0] is not page:  # the page itself is kept, so its id
            found = (page, self.make(page))  # is not another's while it is here
        self._next[id(page)] = found
        return found[1]
