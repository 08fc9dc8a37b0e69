"""The `<!-- intheopen:posts … -->` directive: a list of latest posts inside any page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import jinja2

from intheopen.content import catalogue
from intheopen.content.model import Post
from intheopen.site.indexes import Index, tag_slug
from intheopen.site.urls import relative
from intheopen.site.views import Site, card
from intheopen.text import did_you_mean, one_of

DIRECTIVE = re.compile(r"^[ \t]*<!--\s*intheopen:posts\b(?P<options>[^>]*?)-->[ \t]*$", re.M)
_OPTION = re.compile(r"(\w+)=(\S+)")
OPTIONS = ("limit", "principle", "type", "tag", "author")
DEFAULT_LIMIT = 5


@dataclass(frozen=True)
class Query:
    limit: int = DEFAULT_LIMIT
    principle: str | None = None
    type: str | None = None
    tag: str | None = None
    author: str | None = None


def parse(options: str, site: Site) -> tuple[Query | None, str | None]:
    """The query a directive asks for, or why it cannot be read."""
    found = dict(_OPTION.findall(options))
    leftover = _OPTION.sub("", options).strip()
    if leftover:
        return None, f"cannot read {leftover!r}; write options as name=value"
    for name in found:
        if name not in OPTIONS:
            return None, f"unknown option {name!r}; expected {one_of(OPTIONS)}"
    allowed = {
        "principle": catalogue.principle_slugs(),
        "type": catalogue.type_slugs(),
        "author": tuple(site.authors),
    }
    for name, choices in allowed.items():
        value = found.get(name)
        if value is not None and value not in choices:
            return None, (
                f"{name}={value!r} is not known; expected one of {one_of(choices)}"
                f"{did_you_mean(value, choices)}"
            )
    limit = found.get("limit", str(DEFAULT_LIMIT))
    if not limit.isdigit() or int(limit) < 1:
        return None, f"limit={limit!r} is not a positive whole number"
    return Query(
        int(limit), found.get("principle"), found.get("type"), found.get("tag"), found.get("author")
    ), None


def select(query: Query, index: Index) -> list[Post]:
    """The newest posts matching every filter in `query`."""
    groups = [
        index.by_principle.get(query.principle, ()) if query.principle else None,
        index.by_type.get(query.type, ()) if query.type else None,
        index.by_tag.get(tag_slug(query.tag), ()) if query.tag else None,
        index.by_author.get(query.author, ()) if query.author else None,
    ]
    chosen = [set(p.source for p in g) for g in groups if g is not None]
    result = [p for p in index.posts if all(p.source in c for c in chosen)]
    return result[: query.limit]


def expand(markdown: str, page_path: str, index: Index, site: Site) -> tuple[str, list[str]]:
    """`markdown` with each directive replaced by an HTML list of posts; and any problems."""
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        query, problem = parse(match.group("options"), site)
        if query is None:
            problems.append(f"{match.group(0).strip()}: {problem}")
            return match.group(0)
        cards = [card(p, site) for p in select(query, index)]
        for item in cards:
            item["href"] = relative(item["url"], page_path)
        return "\n" + _template().render(posts=cards) + "\n"

    return DIRECTIVE.sub(replace, markdown), problems


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("intheopen", "templates/core"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("posts.html")
