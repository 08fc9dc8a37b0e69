"""The speed layer's shelves: entries read one at a time, packs that stay near one build's
worth, and writes only from the process that owns the shelf."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import TypedDict

from intheopen.speed.shelf import Shelf


class Entry(TypedDict):
    html: str
    anchors: list[str]


def key(number: int) -> str:
    return f"{number:064x}"


def packs(folder: Path) -> list[Path]:
    return sorted((folder / "pages").glob("*.pack"))


def test_entries_come_back_in_their_shape_after_a_save(tmp_path: Path) -> None:
    text, data = Shelf(tmp_path, "pages", str), Shelf(tmp_path, "feedfiles", bytes)
    entries = Shelf(tmp_path, "rendered", Entry)
    text.put(key(1), "<p>Café</p>")
    data.put(key(2), b"\x00\xff")
    entries.put(key(3), {"html": "<p>x</p>", "anchors": ["a"]})
    assert text.get(key(1)) == "<p>Café</p>"  # readable in the build that made it
    for shelf in (text, data, entries):
        shelf.save()

    assert Shelf(tmp_path, "pages", str).get(key(1)) == "<p>Café</p>"
    assert Shelf(tmp_path, "feedfiles", bytes).get(key(2)) == b"\x00\xff"
    assert Shelf(tmp_path, "rendered", Entry).get(key(3)) == {"html": "<p>x</p>", "anchors": ["a"]}
    assert Shelf(tmp_path, "rendered", str).get(key(3)) is not None  # JSON is text too
    assert Shelf(tmp_path, "pages", Entry).get(key(1)) is None  # text is not an Entry
    assert Shelf(None, "pages", str).get(key(1)) is None


def test_unused_entries_go_and_a_mostly_unused_pack_is_rewritten(tmp_path: Path) -> None:
    first = Shelf(tmp_path, "pages", str)
    for number in range(10):
        first.put(key(number), f"page {number} " * 100)
    first.save()
    [old] = packs(tmp_path)

    mostly = Shelf(tmp_path, "pages", str)  # uses nine: the pack stays as it is
    assert [mostly.get(key(n)) is not None for n in range(9)] == [True] * 9
    mostly.put(key(99), "new")
    mostly.save()
    assert old in packs(tmp_path) and len(packs(tmp_path)) == 2
    assert Shelf(tmp_path, "pages", str).get(key(9)) is None  # unused: forgotten

    few = Shelf(tmp_path, "pages", str)  # uses two of the first nine: copied, pack gone
    assert few.get(key(3)) == "page 3 " * 100 and few.get(key(4)) is not None
    few.save()
    assert old not in packs(tmp_path)
    after = Shelf(tmp_path, "pages", str)
    assert after.get(key(3)) == "page 3 " * 100
    assert after.get(key(0)) is None and after.get(key(99)) is None
    assert len(after) == 2


def test_serve_keeps_what_any_rebuild_used_unless_told_not_to(tmp_path: Path) -> None:
    for keep_unused in (True, False):
        shelf = Shelf(tmp_path / str(keep_unused), "pages", str)
        shelf.put(key(1), "one")
        shelf.next_build()
        shelf.put(key(2), "two")  # a rebuild that does not use entry 1
        shelf.next_build(keep_unused)
        assert (shelf.get(key(1)) == "one") is keep_unused
        assert shelf.get(key(2)) == "two"
        shelf.save()
        again = Shelf(tmp_path / str(keep_unused), "pages", str)
        assert (again.get(key(1)) == "one") is keep_unused


def _child(shelf: Shelf[str], claim: bool) -> None:
    if claim:
        shelf.claim()
    shelf.put(key(7), "from the child")
    shelf.save()


def test_a_forked_child_writes_only_a_shelf_it_claims(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for claim in (False, True):
        shelf = Shelf(tmp_path / str(claim), "pages", str)
        shelf.put(key(1), "from the parent")  # the parent's pack is open when it forks
        child = context.Process(target=_child, args=(shelf, claim))
        child.start()
        child.join()
        if not claim:
            shelf.save()
        found = Shelf(tmp_path / str(claim), "pages", str)
        assert found.get(key(7)) == ("from the child" if claim else None)
        assert found.get(key(1)) == "from the parent"  # the child saved it with its own
