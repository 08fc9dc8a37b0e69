"""The last build's files set aside and deleted by another process, as MkDocs would clean
the site folder; the folders and files at the new pages' places put back and written over
(never a link, a file with another name, or anything the build does not write)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest

from intheopen.speed.places import clear, recycle, set_aside, unused


def test_the_last_build_is_set_aside_but_hidden_files_stay(tmp_path: Path) -> None:
    site, trash = tmp_path / "site", tmp_path / ".cache" / "trash"
    (site / "posts" / "bins").mkdir(parents=True)
    (site / "posts" / "bins" / "index.html").write_text("old", encoding="utf-8")
    (site / "feed.xml").write_text("old", encoding="utf-8")
    (site / ".git").mkdir()  # MkDocs never cleans hidden entries: nor do we
    (site / ".nojekyll").write_text("", encoding="utf-8")
    trash.mkdir(parents=True)
    (trash / "left-by-a-build-that-stopped").mkdir()

    aside = set_aside(site, trash)

    assert sorted(path.name for path in site.iterdir()) == [".git", ".nojekyll"]
    assert aside is not None and (aside / "posts" / "bins" / "index.html").is_file()
    clear(trash)
    assert list(trash.iterdir()) == []
    assert set_aside(site, trash) is None  # nothing left to set aside
    assert set_aside(tmp_path / "no-site-yet", trash) is None


def test_a_build_clears_the_last_one_as_mkdocs_does(tmp_path: Path) -> None:
    from sitebuild import build, make_site, post_text

    root = make_site(tmp_path, {"a.md": post_text("A")})
    (root / "site" / "gone" / "deeper").mkdir(parents=True)
    (root / "site" / "gone" / "deeper" / "index.html").write_text("old", encoding="utf-8")
    (root / "site" / ".keep").write_text("mine", encoding="utf-8")

    result = build(root, "--strict")

    assert result.returncode == 0, result.stderr
    assert not (root / "site" / "gone").exists()
    assert (root / "site" / ".keep").read_text(encoding="utf-8") == "mine"
    assert (root / "site" / "posts" / "2026" / "03" / "a" / "index.html").stat().st_size > 0
    assert list((root / ".cache" / "intheopen" / "trash").iterdir()) == []


def test_the_places_of_the_new_pages_are_put_back_empty_and_nothing_else(tmp_path: Path) -> None:
    site, aside, outside = tmp_path / "site", tmp_path / "aside", tmp_path / "outside"
    site.mkdir()
    outside.mkdir()
    page = aside / "posts" / "bins" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("old page", encoding="utf-8")
    number = page.stat().st_ino
    (aside / "posts" / "bins" / "old-image.png").write_bytes(b"old")  # not written now
    (aside / "posts" / "gone").mkdir()
    (aside / "posts" / "gone" / "index.html").write_text("gone", encoding="utf-8")
    (aside / "index.html").write_text("old home", encoding="utf-8")
    (aside / "assets").mkdir()  # no page in it: left aside, to be deleted
    secret = outside / "secret.txt"
    secret.write_text("not ours", encoding="utf-8")
    linked = aside / "posts" / "linked" / "index.html"
    linked.parent.mkdir()
    linked.symlink_to(secret)  # planted: never followed
    partner = outside / "partner.html"
    partner.write_text("another name", encoding="utf-8")
    (aside / "posts" / "twice").mkdir()
    os.link(partner, aside / "posts" / "twice" / "index.html")  # emptying it would empty both
    (aside / "tags").symlink_to(outside, target_is_directory=True)
    private = aside / "posts" / "private" / "index.html"
    private.parent.mkdir()
    private.write_text("old", encoding="utf-8")
    private.chmod(0o600)
    piped = aside / "posts" / "piped" / "index.html"
    piped.parent.mkdir()
    os.mkfifo(piped)  # would hold a plain open up
    wanted = [
        "index.html",
        "posts/bins/index.html",
        "posts/linked/index.html",
        "posts/twice/index.html",
        "posts/private/index.html",
        "posts/piped/index.html",
        "posts/never-written/index.html",
        "tags/bins/index.html",
    ]

    put_back = recycle(site, aside, wanted)

    assert sorted(put_back) == sorted(
        str(site / name)
        for name in ("index.html", "posts/bins/index.html", "posts/private/index.html")
    )
    assert (site / "posts" / "bins" / "index.html").stat().st_ino == number
    assert all(os.path.getsize(path) == 0 for path in put_back)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE((site / "posts" / "private" / "index.html").stat().st_mode) == 0o666 & ~mask
    on_site = [
        "index.html",
        "posts",
        "posts/bins",
        "posts/bins/index.html",
        "posts/linked",
        "posts/piped",
        "posts/private",
        "posts/private/index.html",
        "posts/twice",
    ]  # the folders stay for the build to write into; anything else went back aside
    assert sorted(str(path.relative_to(site)) for path in site.rglob("*")) == on_site
    assert secret.read_text(encoding="utf-8") == "not ours"
    assert partner.read_text(encoding="utf-8") == "another name"
    assert (aside / "assets").is_dir() and (aside / "tags").is_symlink()

    (site / "posts" / "bins" / "index.html").write_text("new page", encoding="utf-8")
    (site / "index.html").write_text("new home", encoding="utf-8")
    unused(site, put_back)

    # the page not written is gone, and its folder with it; the others are the build's
    written = [name for name in on_site if not name.startswith("posts/private")]
    assert sorted(str(path.relative_to(site)) for path in site.rglob("*")) == written
    clear(tmp_path / "aside")  # what the child does: nothing outside is touched
    assert secret.read_text(encoding="utf-8") == "not ours"


def test_a_build_writes_over_the_last_ones_pages_and_is_a_clean_build(tmp_path: Path) -> None:
    from sitebuild import build, files_of, make_site, post_text

    root = make_site(tmp_path / "one", {"a.md": post_text("A"), "b.md": post_text("B")})
    assert build(root, "--strict").returncode == 0
    page = root / "site" / "posts" / "2026" / "03" / "a" / "index.html"
    number = page.stat().st_ino
    (page.parent / "left-over.txt").write_text("old", encoding="utf-8")
    (root / "posts" / "b.md").unlink()
    (root / "posts" / "c.md").write_text(post_text("C"), encoding="utf-8")

    result = build(root, "--strict")

    assert result.returncode == 0, result.stderr
    assert page.stat().st_ino == number  # written over, not deleted and made again
    assert not (page.parent / "left-over.txt").exists()
    assert not (root / "site" / "posts" / "2026" / "03" / "b").exists()
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    assert build(fresh, "--strict").returncode == 0
    assert files_of(root / "site") == files_of(fresh / "site")


def test_a_child_puts_back_the_pages_while_the_build_goes_on(tmp_path: Path) -> None:
    from intheopen.speed.places import recycled_meanwhile

    site, trash = tmp_path / "site", tmp_path / "trash"
    (site / "posts" / "bins").mkdir(parents=True)
    (site / "posts" / "bins" / "index.html").write_text("old", encoding="utf-8")
    (site / "gone.html").write_text("old", encoding="utf-8")
    trash.mkdir()
    aside = set_aside(site, trash)
    assert aside is not None

    child = recycled_meanwhile(site, trash, aside, ["posts/bins/index.html"])

    assert child.receive() == [str(site / "posts" / "bins" / "index.html")]
    child.close()
    assert (site / "posts" / "bins" / "index.html").stat().st_size == 0
    assert not (site / "gone.html").exists()
    assert list(trash.iterdir()) == []  # and then it deleted the rest


def test_when_the_child_fails_the_site_folder_is_as_mkdocs_cleaned_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intheopen.integrations.mkdocs.speed.state import Speed
    from intheopen.speed import places

    def half_then_fail(site: Path, aside: Path, pages: list[str]) -> list[str]:
        os.rename(aside / "posts", site / "posts")
        raise RuntimeError("a bug")

    monkeypatch.setattr(places, "recycle", half_then_fail)
    site, trash = tmp_path / "site", tmp_path / "trash"
    (site / "posts" / "bins").mkdir(parents=True)
    (site / "posts" / "bins" / "index.html").write_text("old", encoding="utf-8")
    (site / ".git").mkdir()
    speed = Speed(cache=None)  # type: ignore[arg-type]  # not used here
    speed.clear_site(site, trash)
    page = SimpleNamespace(dest_uri="posts/bins/index.html")
    speed.recycle(SimpleNamespace(documentation_pages=lambda: [page]))  # type: ignore[arg-type]

    speed.recycled()

    assert speed.put_back == []
    assert sorted(path.name for path in site.iterdir()) == [".git"]
    speed.unwritten()
    assert speed.trash is not None
    speed.trash.close()
    assert list(trash.iterdir()) == []
