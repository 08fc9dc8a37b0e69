"""The aggregator's listings stay bounded: latest posts first, then archives by year or month."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from intheopen.aggregate import archive
from intheopen.site.urls import Urls

URLS = Urls()


@dataclass(frozen=True)
class Item:
    name: str
    published: datetime


def spread(count: int, start: datetime, step: timedelta) -> list[Item]:
    """`count` items from `start` back in time, `step` apart, newest first."""
    return [Item(f"item {n}", start - n * step) for n in range(count)]


def test_a_quiet_year_is_one_page_and_a_busy_one_is_split_into_months() -> None:
    busy = spread(archive.PER_PAGE + 1, datetime(2026, 12, 20, tzinfo=UTC), timedelta(hours=20))
    quiet = spread(30, datetime(2025, 6, 1, tzinfo=UTC), timedelta(days=5))

    found = archive.periods("principles/open-culture/", busy + quiet)

    assert [p.path for p in found if p.year == 2026] == [
        f"principles/open-culture/archive/2026/{month:02d}/" for month in (12, 11, 10, 9, 8, 7)
    ]
    assert [p.label for p in found][:2] == ["December 2026", "November 2026"]
    assert [(p.path, len(p.items)) for p in found if p.year < 2026] == [
        ("principles/open-culture/archive/2025/", 30)
    ]
    assert sum(len(p.items) for p in found) == len(busy) + len(quiet)


def test_every_item_is_on_exactly_one_archive_page_in_order() -> None:
    items = spread(1234, datetime(2026, 12, 1, tzinfo=UTC), timedelta(hours=1))  # 2 months

    pages = archive.archive_pages("Every post", archive.periods("", items), URLS)

    shown = [item for page in pages for item in page.items]
    assert shown == items
    assert all(len(page.items) <= archive.PER_PAGE for page in pages)
    assert pages[0].heading == "Every post: December 2026"
    november = [page for page in pages if page.period.month == 11]
    assert november[1].path == "archive/2026/11/page/2/"
    assert november[1].heading.endswith(f"(page 2 of {len(november)})")
    assert pages[0].previous is None and pages[-1].next is None
    for newer, older in itertools.pairwise(pages):
        assert newer.next == older.path and older.previous == newer.path


def test_a_new_item_moves_only_its_own_period() -> None:
    items = spread(900, datetime(2026, 11, 30, tzinfo=UTC), timedelta(hours=7))
    before = archive.archive_pages("Every post", archive.periods("", items), URLS)
    newest = Item("new", datetime(2026, 12, 2, tzinfo=UTC))
    after = archive.archive_pages("Every post", archive.periods("", [newest, *items]), URLS)

    moved = {page.path for page in after} - {page.path for page in before}
    changed = {
        new.path
        for new, old in zip(after[1:], before, strict=True)
        if (new.path, list(new.items)) != (old.path, list(old.items))
    }

    assert moved == {"archive/2026/12/"}
    assert changed == set()  # every older page is as it was (links aside)


def test_dates_with_offsets_are_archived_by_their_utc_month() -> None:
    plus_two = timezone(timedelta(hours=2))
    items = [
        Item("a", datetime(2026, 1, 1, 1, 0, tzinfo=plus_two)),  # 31 December in UTC
        Item("b", datetime(2025, 12, 31, 22, 30, tzinfo=UTC)),
        *spread(archive.PER_PAGE, datetime(2025, 12, 31, 20, tzinfo=UTC), timedelta(hours=2)),
    ]
    items.sort(key=lambda item: item.published, reverse=True)

    found = archive.periods("", items)

    assert [p.path for p in found][:1] == ["archive/2025/12/"]
    assert len({p.path for p in found}) == len(found)


def test_the_first_page_lists_years_and_their_months() -> None:
    busy = spread(archive.PER_PAGE + 1, datetime(2026, 3, 31, tzinfo=UTC), timedelta(hours=10))
    quiet = spread(3, datetime(2024, 5, 1, tzinfo=UTC), timedelta(days=1))

    shown = archive.contents(archive.periods("councils/x/", busy + quiet), URLS)

    assert [(year["label"], year["count"], year["url"]) for year in shown] == [
        ("2026", archive.PER_PAGE + 1, None),
        ("2024", 3, "councils/x/archive/2024/"),
    ]
    months = shown[0]["months"]
    assert [month["label"] for month in months] == ["March", "February", "January"]  # type: ignore[attr-defined, index]
