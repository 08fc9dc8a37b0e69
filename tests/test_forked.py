"""Work shared with a forked child (`speed/forked.py`): every piece done once, by whichever
process gets to it first, and nothing lost when the child fails."""

from __future__ import annotations

import os
import time

import pytest

from intheopen.speed.forked import BLOCK, Ahead, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork and a second core")
NAMES = [f"piece-{number}" for number in range(5 * BLOCK + 7)]


def worked(name: str, pause: float = 0.0) -> tuple[str, int]:
    time.sleep(pause)
    return name.upper(), os.getpid()


def share(ahead: Ahead, pause: float = 0.0) -> dict[str, tuple[str, int]]:
    """Go through the pieces in order as the parent does: each piece's result and who made it."""
    done = {}
    for name in NAMES:
        found = ahead.result(name)
        done[name] = found if found is not None else worked(name, pause)
    ahead.close()
    return done


def test_every_piece_is_done_once_and_in_full_by_one_of_the_two() -> None:
    done = share(Ahead(NAMES, lambda name: worked(name, 0.001)), pause=0.001)

    assert {name: result for name, (result, _) in done.items()} == {
        name: name.upper() for name in NAMES
    }
    children = {pid for _, pid in done.values()} - {os.getpid()}
    assert len(children) == 1  # the child did some, and the parent the rest
    ours = [name for name, (_, pid) in done.items() if pid == os.getpid()]
    assert 0 < len(ours) < len(NAMES)


def test_the_faster_process_does_more() -> None:
    slow_parent = share(Ahead(NAMES, worked), pause=0.004)
    slow_child = share(Ahead(NAMES, lambda name: worked(name, 0.004)))

    def by_child(done: dict[str, tuple[str, int]]) -> int:
        return sum(pid != os.getpid() for _, pid in done.values())

    assert by_child(slow_parent) > len(NAMES) // 2 > by_child(slow_child)


def test_a_child_that_fails_leaves_its_pieces_to_the_parent() -> None:
    def failing(name: str) -> tuple[str, int]:
        if name == NAMES[-3]:
            raise RuntimeError("a broken piece")
        return worked(name)

    done = share(Ahead(NAMES, failing), pause=0.001)

    assert {name: result for name, (result, _) in done.items()} == {
        name: name.upper() for name in NAMES
    }
    assert done[NAMES[-3]][1] == os.getpid()


def test_closing_early_stops_the_child_and_names_not_given_are_the_parents() -> None:
    ahead = Ahead(NAMES, lambda name: worked(name, 0.01))
    assert ahead.result(NAMES[0]) is None
    assert ahead.result("not one of them") is None
    started = time.monotonic()
    ahead.close()
    assert time.monotonic() - started < 5 * BLOCK * 0.01  # not the whole list
    assert ahead.result(NAMES[-1]) is None  # closed: the parent does it


def test_a_child_that_dies_holding_the_lock_leaves_the_rest_to_the_parent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from intheopen.speed import forked

    monkeypatch.setattr(forked, "LOCK_WAIT", 0.2)
    ahead = Ahead(NAMES, lambda name: worked(name, 0.05))
    assert ahead._lock.acquire(timeout=5)  # as if the child held it when it was killed
    assert ahead._child is not None
    ahead._child._process.kill()
    ahead._child._process.join()
    started = time.monotonic()
    found = [ahead.result(name) for name in NAMES]
    assert time.monotonic() - started < 5  # no hang: the parent does the rest itself
    assert all(result is None for result in found[: BLOCK // 2])
    ahead.close()
