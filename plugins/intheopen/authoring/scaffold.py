"""Write a new post from the package's content templates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from intheopen.checks import placeholders
from intheopen.content import catalogue
from intheopen.text import slugify


@dataclass(frozen=True)
class NewPost:
    type: str
    title: str
    day: date
    principles: tuple[str, ...]
    authors: tuple[str, ...]
    slug: str


def _yaml_string(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, whatever it holds.
    return json.dumps(value, ensure_ascii=False)


def render(post: NewPost) -> str:
    """The new post's text: front matter scaffold and the type's headings."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("intheopen", "templates/new"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown and YAML, not HTML; strings go through yaml_string
    )
    env.filters["yaml_string"] = _yaml_string
    post_type = next(t for t in catalogue.post_types() if t.slug == post.type)
    quarter = f"{post.day.year}-Q{(post.day.month - 1) // 3 + 1}"
    review = date(post.day.year + (post.day.month + 2) // 12, (post.day.month + 2) % 12 + 1, 1)
    return env.get_template("post.md.j2").render(
        post=post,
        post_type=post_type,
        quarter=quarter,
        review_by=review,
        text=placeholders,
        summary=placeholders.SUMMARY.format(kind=post_type.name.lower()),
    )


def target(posts_dir: Path, post: NewPost) -> Path:
    return posts_dir / f"{post.day:%Y}" / f"{post.slug}.md"


def default_slug(title: str) -> str:
    return slugify(title)[:60].rstrip("-")
