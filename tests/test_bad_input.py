"""No input, however broken, gives a traceback, hangs, or runs code."""

from __future__ import annotations

import os
import time
from pathlib import Path

from conftest import run, write_post


def test_a_20_mb_post_is_refused_quickly_and_the_rest_still_checked(site: Path) -> None:
    (site / "posts" / "huge.md").write_text(
        "---\ntitle: Huge\n---\n" + "All work and no play. " * 1_000_000, encoding="utf-8"
    )
    write_post(site / "posts", "fine.md")

    result = run("check")

    assert result.output == (
        "posts/huge.md: the file is 21.0 MB; a post may be at most 2 MB. "
        "Keep images and data in separate files beside the post\n"
        "Checked 2 posts: 1 error in 1 file.\n"
    )
    assert result.exit_code == 1


def test_a_billion_laughs_document_is_refused_without_expanding_it(site: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (site / "posts" / "laughs.md").write_text(
        "---\n" + "\n".join(lines) + "\n---\nBody.\n", encoding="utf-8"
    )
    started = time.monotonic()

    result = run("check")

    assert time.monotonic() - started < 10
    assert result.output.splitlines()[0] == (
        "posts/laughs.md:3: front matter: YAML aliases (*name) are not allowed in front matter;"
        " write the value out in full"
    )
    assert result.exit_code == 1


def test_python_object_tags_are_refused_and_never_run(site: Path) -> None:
    marker = site / "pwned"
    (site / "posts" / "evil.md").write_text(
        f'---\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n---\nBody.\n',
        encoding="utf-8",
    )

    result = run("check")

    assert (
        "posts/evil.md:2: front matter: the tag '!!python/object/apply:os.system'" in result.output
    )
    assert not marker.exists()
    assert result.exit_code == 1


def test_deeply_nested_yaml_is_reported_not_crashed_on(site: Path) -> None:
    (site / "posts" / "deep.md").write_text(
        "---\ntitle: " + "[" * 50_000 + "]" * 50_000 + "\n---\nBody.\n", encoding="utf-8"
    )

    result = run("check")

    assert result.output.startswith("posts/deep.md:")
    assert result.exit_code == 1


def test_a_folder_named_like_a_post_is_searched_not_read(site: Path) -> None:
    (site / "posts" / "folder.md").mkdir()
    write_post(site / "posts" / "folder.md", "inside.md")

    result = run("check")

    assert result.output == "Checked 1 post: no problems found.\n"
    assert result.exit_code == 0


def test_hidden_folders_are_skipped(site: Path) -> None:
    (site / "posts" / ".git").mkdir()
    (site / "posts" / ".git" / "junk.md").write_bytes(b"\0\0\0")
    write_post(site / "posts", "fine.md")

    assert run("check").output == "Checked 1 post: no problems found.\n"


def test_results_do_not_depend_on_the_machine_time_zone(site: Path) -> None:
    from intheopen.content.collection import load_blog

    write_post(site / "posts", "summer.md", date="2026-07-01 09:30")
    write_post(site / "posts", "winter.md", date="2026-01-05 09:30", title="Winter")
    seen = []
    old = os.environ.get("TZ")
    try:
        for zone in ("UTC", "America/Los_Angeles", "Asia/Kolkata", "Europe/London"):
            os.environ["TZ"] = zone
            time.tzset()
            blog = load_blog(site / "posts", site / "authors.yml", site)
            seen.append([(p.date.isoformat(), p.url) for p in blog.posts])
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()

    assert seen == [seen[0]] * 4
    assert seen[0] == [
        ("2026-07-01T09:30:00+01:00", "weeknotes/2026-w27/summer/"),
        ("2026-01-05T09:30:00+00:00", "weeknotes/2026-w02/winter/"),
    ]
