"""Files beside posts: published with the posts that use them, never before."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from intheopen.content.attachments import referenced, withheld
from intheopen.content.dates import london
from intheopen.content.model import Post
from sitebuild import build, every_output_text, make_site, post_text

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1796083200"}  # 2026-12-01


def _post(source: str, body: str) -> Post:
    return Post(
        source=source,
        title="T",
        date=datetime(2026, 3, 6, tzinfo=london()),
        type="update",
        principles=("open-culture",),
        summary="S.",
        authors=("sam-patel",),
        body=body,
        slug="t",
    )


def test_what_a_post_uses_is_read_from_its_links_images_and_html() -> None:
    body = (
        "![A chart](chart.png) and [the report](../files/report%20v2.pdf#page=2).\n"
        '<img src="photo.jpg" alt="A photo"> <a href="https://example.org/x.png">web</a>\n'
        "[plan]: ./plan.pdf\n"
        "```\n![Not this](code.png)\n```\n"
        "Inline `![nor this](inline.png)` and [an anchor](#top), [root](/abs.png).\n"
    )
    assert referenced(_post("2026/bins.md", body)) == {
        "2026/chart.png",
        "files/report v2.pdf",
        "2026/photo.jpg",
        "2026/plan.pdf",
    }


def test_only_files_that_hidden_posts_alone_use_are_withheld() -> None:
    shown = _post("a.md", "![A](shared.png) ![B](a.png)")
    draft = _post("b.md", "![C](shared.png) ![D](secret.png)")
    assert withheld([shown, draft], [shown]) == {"secret.png"}
    assert withheld([shown, draft], [shown, draft]) == set()


def test_a_drafts_files_are_not_published_until_it_is(tmp_path: Path) -> None:
    root = make_site(
        tmp_path / "site",
        {
            "2026/live.md": post_text("Live", body="![Bins](shared.png)\n\n![Van](live.png)"),
            "2026/draft.md": post_text(
                "Draft", status="draft", body="![Bins](shared.png)\n\n[Plan](secret-plan.pdf)"
            ),
            "2026/later.md": post_text("Later", date="2027-01-05", body="![Map](later.png)"),
        },
    )
    for name in ("shared.png", "live.png", "secret-plan.pdf", "later.png", "orphan.png"):
        (root / "posts" / "2026" / name).write_bytes(b"not really an image")
    done = build(root, "--strict", env=ENV)
    assert done.returncode == 0, done.stderr
    files = root / "site" / "posts" / "2026"
    assert sorted(p.name for p in files.iterdir() if p.is_file()) == [
        "live.png",
        "orphan.png",  # no post says whose it is
        "shared.png",
    ]
    assert "secret-plan" not in every_output_text(root / "site")

    published = {**ENV, "SOURCE_DATE_EPOCH": "1799193600"}  # 2027-01-06: later.md is out
    assert build(root, "--strict", env=published).returncode == 0
    assert (files / "later.png").is_file()
    assert not (files / "secret-plan.pdf").exists()
