"""A JSON Schema (draft 2020-12) of the front matter, derived from `spec`."""

from __future__ import annotations

from typing import Any

from intheopen.content import catalogue, spec
from intheopen.content.spec import Field

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_MOMENT = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$"
_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def front_matter_schema(post_type: str | None = None) -> dict[str, Any]:
    """The schema of a post's front matter; of one type's, when `post_type` is given."""
    fields = tuple(f for f in spec.POST if not f.types or post_type is None or post_type in f.types)
    schema = _object(fields, typed=post_type is not None)
    title = "In the Open post" if post_type is None else f"In the Open {post_type} post"
    schema = {"$schema": DRAFT, "title": f"{title}: front matter", **schema}
    if post_type is not None:
        schema["properties"]["type"] = {**schema["properties"]["type"], "const": post_type}
    else:
        schema["allOf"] = [
            {
                "if": {"properties": {"type": {"const": t}}, "required": ["type"]},
                "then": {"required": [f.key for f in spec.POST if f.required and t in f.types]},
            }
            for t in catalogue.type_slugs()
            if any(f.required and t in f.types for f in spec.POST)
        ]
    return schema


def authors_schema() -> dict[str, Any]:
    """The schema of authors.yml: author ids, each with a name, a role and more."""
    return {
        "$schema": DRAFT,
        "title": "In the Open authors.yml",
        "type": "object",
        "propertyNames": {"pattern": _SLUG},
        "additionalProperties": _object(spec.AUTHOR),
    }


def _object(fields: tuple[Field, ...], typed: bool = True) -> dict[str, Any]:
    required = [f.key for f in fields if f.required and (typed or not f.types)]
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {f.key: _field(f) for f in fields},
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


def _field(f: Field) -> dict[str, Any]:
    described = {"description": f.description} if f.description else {}
    return {**described, **_value(f)}


def _value(f: Field) -> dict[str, Any]:
    text = {"type": ["string", "number"], "minLength": 1}
    match f.kind:
        case "text":
            return text
        case "choice":
            return {"enum": list(_choices(f))} if _choices(f) else {**text, "pattern": _SLUG}
        case "slug":
            return {"type": "string", "pattern": _SLUG}
        case "url":
            return {"type": "string", "pattern": "^https?://"}
        case "horizon":
            return {"type": "string", "pattern": r"^\d{4}(-([QqHh][1-4]|0[1-9]|1[0-2]))?$"}
        case "moment":
            return {"type": "string", "pattern": _MOMENT}
        case "day":
            return {"type": "string", "pattern": _MOMENT}
        case "bool":
            return {"type": "boolean"}
        case "group":
            return _object(f.fields)
        case "list":
            assert f.item is not None
            item = _value(f.item)
            array: dict[str, Any] = {"type": "array", "items": item}
            if f.required:
                array["minItems"] = 1
            return {"anyOf": [array, item]}
    raise AssertionError(f.kind)


def _choices(f: Field) -> tuple[str, ...]:
    if f.vocabulary == "principles":
        return catalogue.principle_slugs()
    if f.vocabulary == "types":
        return catalogue.type_slugs()
    return f.choices
