"""The principles of the Local Digital Declaration and the post types, as data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from intheopen.text import slugify


@dataclass(frozen=True)
class Principle:
    """One principle of the Local Digital Declaration."""

    number: int
    slug: str
    short: str
    title: str
    text: str


@dataclass(frozen=True)
class Severity:
    """An incident severity, P1 (critical) to P4 (minor)."""

    code: str
    name: str
    meaning: str
    partial: bool


@dataclass(frozen=True)
class PostType:
    """A kind of post: plan, lessons learnt, incident report and so on."""

    slug: str
    name: str
    plural: str
    description: str
    headings: tuple[str, ...]
    aliases: tuple[str, ...]


def _data(name: str) -> list[dict[str, object]]:
    text = files("intheopen").joinpath("data", name).read_text(encoding="utf-8")
    loaded: list[dict[str, object]] = yaml.safe_load(text)
    return loaded


@cache
def principles() -> tuple[Principle, ...]:
    """The five principles, in the Declaration's order."""
    return tuple(
        Principle(
            number=int(str(item["number"])),
            slug=str(item["slug"]),
            short=str(item["short"]),
            title=str(item["title"]),
            text=str(item["text"]),
        )
        for item in _data("principles.yml")
    )


@cache
def post_types() -> tuple[PostType, ...]:
    """The post types, in the order listings show them."""
    result = []
    for item in _data("types.yml"):
        headings, aliases = item["headings"], item["aliases"]
        assert isinstance(headings, list) and isinstance(aliases, list)
        result.append(
            PostType(
                slug=str(item["slug"]),
                name=str(item["name"]),
                plural=str(item["plural"]),
                description=str(item["description"]),
                headings=tuple(str(h) for h in headings),
                aliases=tuple(str(a) for a in aliases),
            )
        )
    return tuple(result)


def principle_slugs() -> tuple[str, ...]:
    return tuple(p.slug for p in principles())


def type_slugs() -> tuple[str, ...]:
    return tuple(t.slug for t in post_types())


def principle_aliases() -> dict[str, str]:
    """Other ways authors write a principle ('2', 'principle-2', its title) -> slug."""
    aliases: dict[str, str] = {}
    for p in principles():
        aliases[str(p.number)] = p.slug
        aliases[f"principle-{p.number}"] = p.slug
        aliases[slugify(p.title)] = p.slug
    return aliases


def type_aliases() -> dict[str, str]:
    """Other names authors use for a post type -> its slug."""
    return {alias: t.slug for t in post_types() for alias in t.aliases}


@cache
def principle_by_slug() -> dict[str, Principle]:
    return {p.slug: p for p in principles()}


@cache
def type_by_slug() -> dict[str, PostType]:
    return {t.slug: t for t in post_types()}


@cache
def severities() -> dict[str, Severity]:
    """The incident severities by code, most severe first."""
    return {
        str(item["code"]): Severity(
            code=str(item["code"]),
            name=str(item["name"]),
            meaning=str(item["meaning"]),
            partial=bool(item["partial"]),
        )
        for item in _data("severities.yml")
    }
