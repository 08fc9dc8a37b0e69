"""Post templates for authors who write in a web editor (GitHub's or GitLab's), with nothing
installed: one file per post type, kept outside the posts folder, to copy whole into a new
post. They are `intheopen new`'s scaffold with a note above every field saying what it is,
whether it is needed and what it takes, and the optional fields the scaffold leaves out
written as notes too. Made from the same field list as the check, so they cannot drift."""

from __future__ import annotations

import re
from datetime import date

from intheopen.authoring.scaffold import NewPost, render
from intheopen.checks.placeholders import TITLE
from intheopen.content import catalogue, spec
from intheopen.text import one_of

FOLDER = "post-templates"
_KEY = re.compile(r"^(?P<indent> *)(?P<dash>- )?(?P<key>[a-z_]+):")


def forms(today: date, author: str) -> dict[str, str]:
    """Each template's path in the new repository and its text."""
    return {
        f"{FOLDER}/{kind.slug}.md": form(kind.slug, today, author)
        for kind in catalogue.post_types()
    }


def form(post_type: str, today: date, author: str) -> str:
    """The template for one post type."""
    kind = catalogue.type_by_slug()[post_type]
    scaffold = render(NewPost(post_type, TITLE, today, ("open-culture",), (author,), "post"))
    head, _, body = scaffold.removeprefix("---\n").partition("\n---\n")
    lines = [
        f"# {_a(kind.name.lower())}: copy this whole file into posts/{today.year}/ as a new file",
        "# named after the post in lower case with hyphens, e.g. new-bins-service.md, then",
        "# replace each value. Lines starting with # are notes: keep them or delete them.",
        "# The post stays a draft until you delete the line 'status: draft'.",
        *_explained(head.splitlines(), post_type),
    ]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def _explained(lines: list[str], post_type: str) -> list[str]:
    """The scaffold's front matter with a note above each field, and the optional fields it
    leaves out added as notes at the end."""
    out: list[str] = []
    stack: list[tuple[int, tuple[spec.Field, ...]]] = [(-1, spec.POST)]
    written: set[str] = set()
    for line in lines:
        if line.startswith("#"):
            continue  # the scaffold's own notes on top-level fields: ours replace them
        match = _KEY.match(line)
        if match is None or line.lstrip().startswith("#"):
            out.append(line)
            continue
        column = len(match["indent"]) + len(match["dash"] or "")
        while stack[-1][0] >= column:
            stack.pop()
        field = next((f for f in stack[-1][1] if f.key == match["key"]), None)
        if field is None:
            out.append(line)
            continue
        if len(stack) == 1:
            written.add(field.key)
        out.append(f"{' ' * len(match['indent'])}# {_note(field)}")
        out.append(line)
        inner = field.item.fields if field.item is not None else field.fields
        if inner:
            stack.append((column, inner))
    left = [f for f in spec.POST if f.key not in written and (not f.types or post_type in f.types)]
    if left:
        out.append("# Fields you may add (delete the # before the name):")
        for f in left:
            out.append(f"# {f.key}: {_sample(f)}  # {_note(f)}")
    return out


def _note(f: spec.Field) -> str:
    need = "Required." if f.required else "Optional."
    choices = f.choices or (f.item.choices if f.item is not None else ())
    vocabulary = f.vocabulary or (f.item.vocabulary if f.item is not None else None)
    if vocabulary == "principles":
        choices = catalogue.principle_slugs()
    elif vocabulary == "types":
        choices = catalogue.type_slugs()
    allowed = f" One of: {one_of(choices)}." if choices else ""
    if vocabulary == "authors":
        allowed = " Add yourself to authors.yml first."
    return f"{need} {f.description.replace('`', '')}{allowed}"


def _a(words: str) -> str:
    return ("An " if words[0] in "aeiou" else "A ") + words


def _sample(f: spec.Field) -> str:
    if f.kind == "list":
        return "[]"
    if f.kind in ("moment", "day"):
        return "2026-03-03"
    if f.choices:
        return f.choices[0]
    return '""'
