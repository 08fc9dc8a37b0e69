"""Checks of a site's settings and pages rather than its posts: `init`'s placeholders not yet
replaced, and what would quietly take the place of the blog's own pages (Material's blog
or tags plugin, a council page at one of our URLs). All warnings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote

from intheopen.checks.problems import Level, Problem
from intheopen.content.siteconfig import load_config
from intheopen.site.urls import Urls

PLACEHOLDER_DOMAIN = "your-council.example"  # what `intheopen init` writes until told
# Where the blog's own pages are: every page under these is ours. (The accessibility
# statement, cookies and subscribe pages are ours too, but a council may write its own.)
SECTIONS = (
    "posts/",
    "weeknotes/",
    "principles/",
    "types/",
    "authors/",
    "archive/",
    "tags/",
    "plans/",
    "actions/",
    "progress/",
)
_TAGS_MARKER = re.compile(r"<!--\s*material/tags|\[TAGS\]")
_MATERIAL_BLOG = {"blog", "material/blog"}
_MATERIAL_TAGS = {"tags", "material/tags"}


def site_problems(config_file: Path, posts_dir: Path) -> list[Problem]:
    """Every warning about the site's settings and pages, for `intheopen check`."""
    try:
        text = config_file.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # MkDocs reports a missing or unreadable mkdocs.yml
    config = load_config(text)
    plugins = config.get("plugins") or []
    names = [
        str(next(iter(entry))) if isinstance(entry, dict) and entry else str(entry)
        for entry in (plugins if isinstance(plugins, list) else list(plugins))
    ]
    root = config_file.parent
    docs_dir = root / str(config.get("docs_dir") or "docs")
    return [
        *placeholder_problems(config_file, text),
        *conflict_problems(names, docs_dir, root, posts_dir),
    ]


def placeholder_problems(config_file: Path, text: str) -> Iterator[Problem]:
    """A warning on each line of mkdocs.yml still holding one of `init`'s placeholders."""
    name = config_file.name
    for number, line in enumerate(text.splitlines(), 1):
        value = line.split("#", 1)[0]
        if PLACEHOLDER_DOMAIN not in value:
            continue
        if value.strip().startswith("site_url"):
            message = (
                "site_url is still the placeholder written by `intheopen init`; set it to the "
                "blog's address (for a GitHub Pages project site, "
                "https://ORGANISATION.github.io/REPOSITORY/), or feeds and links point nowhere"
            )
        elif "email" in value:
            message = (
                "the accessibility contact is still the placeholder written by `intheopen "
                "init`; give the address where readers can report a problem"
            )
        else:
            message = f"still holds {PLACEHOLDER_DOMAIN}, a placeholder written by `intheopen init`"
        yield Problem(name, number, None, message, Level.WARNING)


def conflict_problems(
    plugins: Iterable[str], docs_dir: Path, root: Path, posts_dir: Path
) -> Iterator[Problem]:
    """Warnings for what would take the place of the blog's own pages: Material's blog
    plugin, and pages in `docs_dir` at our URLs (Material's tags index among them)."""
    names = set(plugins)
    if names & _MATERIAL_BLOG:
        yield Problem(
            "mkdocs.yml",
            None,
            None,
            "Material's blog plugin is configured too; it makes a second blog from "
            f"{docs_dir.name}/blog/ over ours: remove it from plugins (In the Open makes the "
            "blog, its listings and feeds)",
            Level.WARNING,
        )
    posts = posts_dir.resolve()
    for page, url in council_pages(docs_dir):
        if (docs_dir / page).resolve().is_relative_to(posts):
            continue  # a post kept inside docs/: ours to publish
        section = next((s for s in SECTIONS if url.startswith(s)), None)
        if section is None:
            continue
        shown = (docs_dir / page).relative_to(root).as_posix()
        where = (
            f"replaces the page In the Open makes at /{url}"
            if url == section
            else f"is at /{url}, among the pages In the Open makes under /{section}"
        )
        marker = ""
        if names & _MATERIAL_TAGS and _holds_tags_marker(docs_dir / page):
            marker = " (it holds Material's tags marker; our /tags/ lists the posts by tag)"
        yield Problem(
            shown,
            None,
            None,
            f"{where}{marker}; move it, e.g. to "
            f"{docs_dir.name}/about-{url.strip('/').replace('/', '-')}.md",
            Level.WARNING,
        )


def council_pages(docs_dir: Path) -> Iterator[tuple[str, str]]:
    """Each Markdown page in `docs_dir` that MkDocs builds (its path there) and the URL
    path it is built at (decoded, as our own pages' paths are written)."""
    if not docs_dir.is_dir():
        return
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        if not any(part.startswith(".") for part in page.split("/")):
            yield page, unquote(Urls().of_markdown(page))


def _holds_tags_marker(path: Path) -> bool:
    try:
        return bool(_TAGS_MARKER.search(path.read_text("utf-8", errors="replace")))
    except OSError:
        return False
