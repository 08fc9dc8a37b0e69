"""Problems found in an author's files: what, where, and how bad."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file.

    `field` is the front-matter key it is about, written as a path such as
    `incidents[2].started` (numbers count from 1, as an author would).
    """

    path: str
    line: int | None
    field: str | None
    message: str
    level: Level = Level.ERROR

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where]
        if self.level is Level.WARNING:
            parts.append("warning")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


def sort_key(problem: Problem) -> tuple[str, int]:
    return (problem.path, problem.line or 0)


def counts(problems: list[Problem]) -> tuple[int, int]:
    """Number of errors and of warnings."""
    errors = sum(1 for p in problems if p.is_error)
    return errors, len(problems) - errors


def in_words(problems: list[Problem]) -> str:
    """'2 errors and 1 warning' (empty when there are none)."""
    errors, warnings = counts(problems)
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return " and ".join(parts)
