"""A listing split into numbered pages: written once, for the blog and the aggregator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from intheopen.site.urls import Urls

T = TypeVar("T")


@dataclass(frozen=True)
class Numbered(Generic[T]):
    """One page of a listing: where it is, its heading, what it shows, and its neighbours'
    URLs (None at either end)."""

    path: str
    number: int
    total: int
    heading: str
    items: Sequence[T]
    previous: str | None
    next: str | None


def page_chunks(items: Sequence[T], per_page: int) -> list[Sequence[T]]:
    """`items` split into the pages of a listing; a listing of nothing still has one page."""
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [items[:0]]


def paginate(
    base: str, title: str, items: Sequence[T], per_page: int, urls: Urls
) -> list[Numbered[T]]:
    """The pages of the listing at `base`: the first at `base`, the rest at base/page/N/,
    each after the first headed "Title (page N of M)"."""
    chunks = page_chunks(items, per_page)
    total = len(chunks)

    def url(number: int) -> str | None:
        return urls.page(urls.numbered(base, number)) if 1 <= number <= total else None

    return [
        Numbered(
            path=urls.numbered(base, number),
            number=number,
            total=total,
            heading=title if number == 1 else f"{title} (page {number} of {total})",
            items=chunk,
            previous=url(number - 1),
            next=url(number + 1),
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


ALL_SHOWN = 7  # a listing of this many pages or fewer links to every one


def page_links(base: str, page: Numbered[Any], urls: Urls) -> dict[str, Any]:
    """What a listing's template shows to move between its pages: every page of a short
    listing; of a long one, the first, the last and those either side of this one, with a
    gap (`{"gap": True}`) for the rest, as GOV.UK's pagination does. So a page's links do
    not grow with the listing, nor the work of making them."""
    return {
        "current": page.number,
        "total": page.total,
        "previous": page.previous,
        "next": page.next,
        "pages": [
            {"number": n, "url": urls.page(urls.numbered(base, n)), "current": n == page.number}
            if n is not None
            else {"gap": True}
            for n in shown_numbers(page.number, page.total)
        ],
    }


def shown_numbers(current: int, total: int) -> list[int | None]:
    """The page numbers a listing's page links to, None for a gap; a gap never hides one
    page alone (that page is shown instead)."""
    if total <= ALL_SHOWN:
        return list(range(1, total + 1))
    wanted = sorted(n for n in {1, current - 1, current, current + 1, total} if 1 <= n <= total)
    shown: list[int | None] = []
    for number in wanted:
        last = shown[-1] if shown else None
        if last is not None and number - last == 2:
            shown.append(number - 1)
        elif last is not None and number - last > 2:
            shown.append(None)
        shown.append(number)
    return shown
