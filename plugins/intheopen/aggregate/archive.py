"""A listing bounded in size: its latest posts on its first page, then every post on an
archive page for its year, or for its month where the year holds more than a page's worth.

A new post changes a listing's first page and the archive page of its own period, never the
rest, and the site grows a page a year (a month, for a busy listing), not a page per fifty
posts. A month busier than a page is split into numbered pages, which only a new post of
that month can move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from itertools import groupby
from typing import Generic, TypeVar

from intheopen.site.pagination import page_chunks
from intheopen.site.urls import Urls
from intheopen.site.wording import MONTHS

T = TypeVar("T")
RECENT = 50  # posts on a listing's first page (and in its feeds)
PER_PAGE = 200  # posts on an archive page; a year with more is split into months


@dataclass(frozen=True)
class Period(Generic[T]):
    """A year, or a month of a year, of one listing, with its posts (newest first)."""

    path: str
    label: str
    year: int
    month: int | None
    items: Sequence[T]


@dataclass(frozen=True)
class ArchivePage(Generic[T]):
    """One page of a listing's archive, with the pages either side in the whole archive."""

    path: str
    heading: str
    period: Period[T]
    items: Sequence[T]
    previous: str | None
    next: str | None


def periods(base: str, items: Sequence[T]) -> list[Period[T]]:
    """The archive periods of the listing at `base`, newest first (`items` newest first,
    each with a `published` datetime; an item's `published` says where it is archived)."""
    found: list[Period[T]] = []
    for year, in_year in groupby(items, key=lambda item: _when(item)[0]):
        chosen = list(in_year)
        if len(chosen) <= PER_PAGE:
            found.append(Period(f"{base}archive/{year:04d}/", str(year), year, None, chosen))
            continue
        for month, in_month in groupby(chosen, key=lambda item: _when(item)[1]):
            label = f"{MONTHS['en'][month - 1]} {year}"
            path = f"{base}archive/{year:04d}/{month:02d}/"
            found.append(Period(path, label, year, month, list(in_month)))
    return found


def archive_pages(title: str, found: list[Period[T]], urls: Urls) -> list[ArchivePage[T]]:
    """Every archive page of a listing called `title`, in order from newest to oldest, each
    linked to the next newer and older page."""
    laid: list[tuple[str, str, Period[T], Sequence[T]]] = []
    for period in found:
        chunks = page_chunks(period.items, PER_PAGE)
        for number, chunk in enumerate(chunks, start=1):
            heading = f"{title}: {period.label}"
            if len(chunks) > 1:
                heading += f" (page {number} of {len(chunks)})"
            laid.append((Urls.numbered(period.path, number), heading, period, chunk))
    return [
        ArchivePage(
            path=path,
            heading=heading,
            period=period,
            items=chunk,
            previous=urls.page(laid[index - 1][0]) if index > 0 else None,
            next=urls.page(laid[index + 1][0]) if index + 1 < len(laid) else None,
        )
        for index, (path, heading, period, chunk) in enumerate(laid)
    ]


def contents(found: list[Period[T]], urls: Urls) -> list[dict[str, object]]:
    """What a listing's first page shows of its archive: each year, its count, and its page
    or its months."""
    years = []
    for year, in_year in groupby(found, key=lambda period: period.year):
        chosen = list(in_year)
        whole = chosen[0].month is None
        years.append(
            {
                "label": str(year),
                "count": sum(len(period.items) for period in chosen),
                "url": urls.page(chosen[0].path) if whole else None,
                "months": []
                if whole
                else [
                    {
                        "label": period.label.split(" ")[0],
                        "count": len(period.items),
                        "url": urls.page(period.path),
                    }
                    for period in chosen
                ],
            }
        )
    return years


def _when(item: object) -> tuple[int, int]:
    """The item's year and month, in UTC (the order `items` are sorted in)."""
    published = item.published  # type: ignore[attr-defined]
    if published.tzinfo is not None:
        published = published.astimezone(UTC)
    return published.year, published.month
