"""The last build's files set aside and deleted by another process, as MkDocs would clean
the site folder."""

from __future__ import annotations

from pathlib import Path

from intheopen.speed.places import clear, set_aside


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
