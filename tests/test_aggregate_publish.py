"""The aggregated site is written beside the last one and swapped in only when whole."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from intheopen.aggregate.publish import NotPublished, publish


def site(folder: Path, pages: int, fail_after: int | None = None) -> None:
    for number in range(pages):
        if fail_after is not None and number == fail_after:
            raise OSError(errno.ENOSPC, "No space left on device")
        (folder / f"page{number}.html").write_text(f"page {number}", encoding="utf-8")


def test_a_complete_site_replaces_the_last(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(out, lambda f: site(f, 3))
    publish(out, lambda f: site(f, 2))
    assert sorted(p.name for p in out.iterdir()) == ["page0.html", "page1.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_full_disk_half_way_leaves_the_last_site_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(out, lambda f: site(f, 3))
    with pytest.raises(NotPublished) as refused:
        publish(out, lambda f: site(f, 10, fail_after=5))
    assert str(refused.value) == (
        f"the site could not be written to {out.as_posix()} (the disk is full); "
        "the last site there, if any, is unchanged"
    )
    assert sorted(p.name for p in out.iterdir()) == ["page0.html", "page1.html", "page2.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_what_a_killed_run_left_beside_the_site_is_cleared(tmp_path: Path) -> None:
    (tmp_path / ".out.new").mkdir()
    (tmp_path / ".out.new/half.html").write_text("half", encoding="utf-8")
    publish(tmp_path / "out", lambda f: site(f, 1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x", encoding="utf-8")
    with pytest.raises(NotPublished, match="is a file, not a folder; give --out a folder"):
        publish(tmp_path / "out", lambda f: site(f, 1))
