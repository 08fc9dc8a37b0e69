"""Read authors.yml: a mapping of author id to name, role, url and avatar."""

from __future__ import annotations

from pathlib import Path

from intheopen.checks.problems import Problem
from intheopen.content import spec
from intheopen.content.model import Author
from intheopen.content.reading import Reader
from intheopen.content.source import parse_yaml, read_text
from intheopen.text import SLUG, slugify


def load_authors(file: Path, shown: str) -> tuple[dict[str, Author] | None, list[Problem]]:
    """The authors by id (None when the file is missing or unreadable) and the problems."""
    if not file.is_file():
        return None, [
            Problem(
                shown,
                None,
                None,
                "not found; it lists the people who write posts, e.g.\n"
                "  sam-patel:\n    name: Sam Patel\n    role: Head of Digital",
            )
        ]
    text, problems = read_text(file, shown)
    if text is None:
        return None, problems
    data, lines, problems = parse_yaml(text, 0, shown)
    if problems:
        return None, problems
    if data is None:
        return {}, []
    reader = Reader(shown, lines, {}, {})
    if not isinstance(data, dict):
        reader.report((), "expected author ids, each with a name and role")
        return None, reader.problems
    authors: dict[str, Author] = {}
    for key, raw in data.items():
        author_id = str(key)
        if not SLUG.fullmatch(author_id):
            reader.report(
                (author_id,),
                f"{author_id!r} cannot be used in a URL; use lower-case letters, "
                f"digits and hyphens, e.g. {slugify(author_id)!r}",
            )
            continue
        values = reader.group(raw, spec.AUTHOR, (author_id,))
        if values is not None:
            authors[author_id] = Author(id=author_id, **values)
    for at, first, again in lines.duplicates:
        reader.report(at, f"is given twice (lines {first} and {again}); only the last is used")
    return authors, reader.problems
