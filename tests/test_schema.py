"""The JSON Schema agrees with `intheopen check` on the example posts and the broken ones."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT
from intheopen.content.schema import front_matter_schema
from intheopen.content.source import load

GOLDEN = Path(__file__).parent / "golden"
VALIDATOR = jsonschema.Draft202012Validator(front_matter_schema())

# Errors that need more than one post's front matter to see, so no schema can.
SCHEMA_BLIND = {
    "duplicate-key": "YAML parsers keep the last value; editors flag duplicates themselves",
    "duplicate-url": "needs every post",
    "empty-body": "about the body, not the front matter",
    "images": "about the body, not the front matter",
    "follows-not-a-plan": "needs every post",
    "unknown-author": "authors are the site's own, in authors.yml",
    "updated-before-date": "compares two values",
}


def front_matter(path: Path) -> dict[str, object] | None:
    src, _ = load(path, path.name)
    return None if src is None else src.meta


def example_posts() -> list[Path]:
    return sorted((ROOT / "posts").rglob("*.md"))


@pytest.mark.parametrize("path", example_posts(), ids=lambda p: p.name)
def test_schema_accepts_every_example_post(path: Path) -> None:
    meta = front_matter(path)
    assert meta is not None
    VALIDATOR.validate(meta)
    post_type = meta["type"]
    assert isinstance(post_type, str)
    jsonschema.validate(meta, front_matter_schema(post_type))


def golden_cases() -> list[Path]:
    return sorted(
        p
        for p in GOLDEN.iterdir()
        if (p.suffix == ".md" or p.is_dir())
        and "error"
        in (GOLDEN / f"{p.name.removesuffix('.md')}.errors.txt").read_text().splitlines()[-1]
    )


@pytest.mark.parametrize("case", golden_cases(), ids=lambda p: p.name)
def test_schema_rejects_each_broken_post(case: Path) -> None:
    name = case.name.removesuffix(".md")
    files = sorted(case.glob("*.md")) if case.is_dir() else [case]
    metas = [front_matter(f) for f in files]
    if any(meta is None for meta in metas):
        return  # not YAML at all: an editor shows that as a syntax error before any schema
    rejected = any(not VALIDATOR.is_valid(meta) for meta in metas)
    assert rejected != (name in SCHEMA_BLIND), SCHEMA_BLIND.get(name, "schema accepted it")


def test_schema_types_match_the_model() -> None:
    schema = front_matter_schema()
    assert schema["properties"]["principles"]["anyOf"][0]["items"]["enum"] == [
        "user-needs",
        "fix-our-plumbing",
        "safe-sharing",
        "digital-leadership",
        "open-culture",
    ]
    incident = schema["properties"]["incidents"]["anyOf"][0]["items"]
    assert incident["required"] == ["title", "severity", "status", "started"]
    assert incident["properties"]["severity"]["enum"] == ["P1", "P2", "P3", "P4"]
    action = incident["properties"]["actions"]["anyOf"][0]["items"]
    assert action["required"] == ["action", "owner", "due"]
    requirement = {
        rule["if"]["properties"]["type"]["const"]: rule["then"]["required"]
        for rule in schema["allOf"]
    }
    assert requirement == {"plan": ["plan"], "incident-report": ["incidents"]}
