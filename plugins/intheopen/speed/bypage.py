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


class ByObjects(Generic[T]):
    """What was made from some objects, kept by the objects themselves (not their values)
    for as long as rebuilds keep asking for it."""

    def __init__(self) -> None:
        self._kept: dict[tuple[int, ...], tuple[tuple[Any, ...], T]] = {}
        self._next: dict[tuple[int, ...], tuple[tuple[Any, ...], T]] = {}

    def next_build(self) -> ByObjects[T]:
        """Keep only what the last build asked for."""
        self._kept, self._next = self._next, {}
        return self

    def get(self, objects: tuple[Any, ...], make: Callable[[], T]) -> T:
        """What `make()` gave for these very objects, or makes it now."""
        where = tuple(map(id, objects))
        found = self._next.get(where) or self._kept.get(where)
        # the objects themselves are kept, so their ids are no others' while they are here
        if found is None or any(a is not b for a, b in zip(found[0], objects, strict=True)):
            found = (objects, make())
        self._next[where] = found
        return found[1]


class ByPage(ByObjects[T]):
    """`make(page)` once a page object, for as long as rebuilds keep asking for it."""

    def __init__(self, make: Callable[[Any], T]) -> None:
        super().__init__()
        self.make = make

    def next_build(self) -> ByPage[T]:
        super().next_build()
        return self

    def __call__(self, page: Any) -> T:
        return self.get((page,), lambda: self.make(page))
