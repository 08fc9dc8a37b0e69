"""Front-matter values as written, for checks that must find their problems even where
other fields of the same group have errors (and so no model of it was made)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


def text(value: object) -> str:
    """A value that is text, stripped; anything else as no text."""
    return value.strip() if isinstance(value, str) else ""


def texts(value: object) -> list[str]:
    """A list of texts as written (one text written without its '-' too)."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [item for item in items if isinstance(item, str)]


def groups(value: object) -> Iterator[tuple[int, Mapping[Any, Any]]]:
    """Each group of fields in a list, by its place (one group written without its '-'
    too); items that are not groups are skipped, keeping the places of the others."""
    items = [value] if isinstance(value, dict) else value if isinstance(value, list) else []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            yield index, item
