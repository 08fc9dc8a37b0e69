"""Consecutive builds in one process, as `mkdocs serve` does them after each save."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from sitebuild import make_site, page, post_text


def rebuild(root: Path, command: str = "serve") -> None:
    """One build the way `mkdocs serve` makes it: a fresh config, the cached plugin objects."""
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command=command, dirty=False)  # type: ignore[arg-type]
    build(config)


def titles(root: Path, url: str = "posts/") -> list[str]:
    return page(root, url).xpath("//li[@class='ito-card']//h2/a/text()")


def test_edits_renames_and_deletions_show_at_once(tmp_path: Path) -> None:
    make_site(tmp_path, {"one.md": post_text("One"), "two.md": post_text("Two", date="2026-03-07")})
    rebuild(tmp_path)
    assert titles(tmp_path) == ["Two", "One"]

    (tmp_path / "posts/one.md").write_text(post_text("One, edited"), encoding="utf-8")
    rebuild(tmp_path)
    assert titles(tmp_path) == ["Two", "One, edited"]
    assert page(tmp_path, "posts/2026/03/one/").findtext(".//h1") == "One, edited"

    (tmp_path / "posts/one.md").rename(tmp_path / "posts/first.md")
    rebuild(tmp_path)
    assert titles(tmp_path) == ["Two", "One, edited"]
    assert (tmp_path / "site/posts/2026/03/first/index.html").is_file()
    assert not (tmp_path / "site/posts/2026/03/one").exists()

    (tmp_path / "posts/two.md").unlink()
    rebuild(tmp_path)
    assert titles(tmp_path) == ["One, edited"]
    assert titles(tmp_path, "principles/open-culture/") == ["One, edited"]
    assert not (tmp_path / "site/posts/2026/03/two").exists()


def test_previews_show_drafts_with_a_banner(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {"ready.md": post_text("Ready"), "draft.md": post_text("Not yet", status="draft")},
    )

    rebuild(tmp_path, "serve")
    draft = page(tmp_path, "posts/2026/03/draft/")
    assert draft.xpath("normalize-space(//div[@class='ito-banner'])").startswith("Draft.")
    assert "Not yet" in titles(tmp_path)

    rebuild(tmp_path, "build")
    assert titles(tmp_path) == ["Ready"]
    assert not (tmp_path / "site/posts/2026/03/draft").exists()


def test_previews_can_hide_drafts(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {"ready.md": post_text("Ready"), "draft.md": post_text("Not yet", status="draft")},
        extra="",
    )
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        config.replace("per_page: 10", "per_page: 10\n      drafts_on_serve: false"), "utf-8"
    )

    rebuild(tmp_path, "serve")

    assert titles(tmp_path) == ["Ready"]


def test_serve_watches_posts_authors_and_the_councils_templates(tmp_path: Path) -> None:
    make_site(tmp_path, {"one.md": post_text("One")})
    (tmp_path / "overrides").mkdir()
    settings = tmp_path / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    assert "theme:\n  name: material\n" in text
    text = text.replace(
        "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n"
    )
    settings.write_text(text, encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)  # type: ignore[arg-type]
    build(config)
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    config.plugins.on_serve(Server(), config=config, builder=lambda: None)  # type: ignore[arg-type]

    assert str(tmp_path / "posts") in watched
    assert str(tmp_path / "authors.yml") in watched
    assert str(tmp_path / "overrides") in watched


def test_serve_rebuilds_only_what_changed_unless_the_cache_is_off(tmp_path: Path) -> None:
    from intheopen.integrations.mkdocs.commands import our_defaults

    on = make_site(tmp_path / "on", {"one.md": post_text("One")})
    off = make_site(tmp_path / "off", {"one.md": post_text("One")}, extra="      cache: false\n")

    assert our_defaults("serve", ["-f", str(on / "mkdocs.yml")]) == ["--livereload", "--dirty"]
    assert our_defaults("serve", ["-f", str(off / "mkdocs.yml")]) == ["--livereload"]
    assert our_defaults("serve", ["--clean", "-f", str(on / "mkdocs.yml")]) == ["--livereload"]
    assert our_defaults("build", ["-f", str(on / "mkdocs.yml")]) == []
