"""Folders and files made ahead of a build: made empty, never over a file that exists, and
taken away again when the build does not write them."""

from __future__ import annotations

from pathlib import Path

from intheopen.places import prepare, unused


def test_places_are_made_empty_and_existing_files_are_left_alone(tmp_path: Path) -> None:
    written = tmp_path / "posts" / "2026" / "03" / "bins" / "index.html"
    written.parent.mkdir(parents=True)
    written.write_text("already there", encoding="utf-8")
    new = tmp_path / "tags" / "bins" / "index.html"
    asset = tmp_path / "assets" / "logo.svg"

    made = prepare([str(written), str(new)], [str(asset)])

    assert made == [str(new)]
    assert written.read_text(encoding="utf-8") == "already there"
    assert new.read_bytes() == b""
    assert asset.parent.is_dir() and not asset.exists()  # only its folder, for a copy

    new.write_text("<html></html>", encoding="utf-8")
    skipped = tmp_path / "skipped" / "index.html"
    made += prepare([str(skipped)], [])
    unused(made)

    assert new.read_text(encoding="utf-8") == "<html></html>"
    assert not skipped.exists()
