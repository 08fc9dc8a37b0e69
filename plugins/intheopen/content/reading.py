"""Read raw front-matter values by their `spec.Field`, collecting problems."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from intheopen.checks.problems import Level, Problem
from intheopen.content import dates
from intheopen.content.spec import KEY_ALIASES, Field
from intheopen.content.yamlsafe import Lines, Path
from intheopen.text import SLUG, did_you_mean, field_path, one_of, slugify, suggest

INVALID: Any = object()
_HORIZON = re.compile(r"\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?")
_NOUNS = {
    "principles": "a Local Digital Declaration principle",
    "types": "a post type",
    "authors": "an author in authors.yml",
}


def not_one_of(text: str, f: Field, choices: tuple[str, ...], aliases: Mapping[str, str]) -> str:
    """Why `text` is not an allowed value of `f`, with the likeliest one it meant."""
    what = f"not {_NOUNS[f.vocabulary]}" if f.vocabulary else "not allowed"
    add = ", or add them there (an id, with name: and role:)" if f.vocabulary == "authors" else ""
    return f"{text!r} is {what}; expected one of {one_of(choices)}{add}" + did_you_mean(
        text, choices, aliases
    )


def written_as(
    text: str, choices: tuple[str, ...], aliases: Mapping[str, str], f: Field
) -> str | None:
    """The choice `text` is, however it is written: in any case, as words ('Fix our
    plumbing', 'Incident report'), and for principles by number or whole title."""
    wanted = slugify(text)
    for choice in choices:
        if choice.lower() == text.lower() or choice == wanted:
            return choice
    alias = aliases.get(wanted) if f.vocabulary == "principles" else None
    return alias if alias in choices else None


def _key_aliases(keys: Mapping[str, Field]) -> dict[str, str]:
    return {alias: key for alias, key in KEY_ALIASES.items() if key in keys}


def _plain(value: object) -> str:
    """A YAML value as an author wrote it (near enough): true, not True."""
    return str(value).lower() if isinstance(value, bool) or value is None else str(value)


class Reader:
    """Reads one file's fields. `vocabularies` hold the allowed values of
    run-time lists (a missing vocabulary is not checked); `aliases` map other
    spellings to them for suggestions."""

    def __init__(
        self,
        path: str,
        lines: Lines,
        vocabularies: Mapping[str, tuple[str, ...]],
        aliases: Mapping[str, Mapping[str, str]],
    ) -> None:
        self.path = path
        self.lines = lines
        self.vocabularies = vocabularies
        self.aliases = aliases
        self.problems: list[Problem] = []

    def report(self, at: Path, message: str, level: Level = Level.ERROR) -> None:
        """Record a problem with the field at `at`, on its line (or its parent's, if absent)."""
        line = self.lines.line(at)
        self.problems.append(Problem(self.path, line, field_path(at) or None, message, level))

    def report_line(
        self, line: int, field: str | None, message: str, level: Level = Level.WARNING
    ) -> None:
        """Record a problem at a line of the file (in the body, say)."""
        self.problems.append(Problem(self.path, line, field, message, level))

    def group(
        self, raw: object, fields: tuple[Field, ...], at: Path, post_type: str | None = None
    ) -> dict[str, Any] | None:
        """The valid values of a mapping; None when a required key is missing or wrong."""
        if not isinstance(raw, dict):
            self.report(at, f"expected a group of fields (key: value), found {dates.describe(raw)}")
            return None
        by_key = {f.key: f for f in fields}
        for key in raw:
            if key not in by_key:
                self.report(
                    (*at, str(key)),
                    f"unknown field {str(key)!r}, ignored"
                    f"{did_you_mean(str(key), by_key, _key_aliases(by_key))}",
                    Level.WARNING,
                )
        values: dict[str, Any] = {}
        complete = True
        for f in fields:
            applies = not f.types or post_type is None or post_type in f.types
            needed = f.required and (not f.types or post_type in f.types)
            value = raw.get(f.key)
            if value is None or value == "" or value == [] or value == {}:
                if needed:
                    self._missing(f, at, f.key in raw)
                    complete = False
                continue
            if not applies:
                self.report(
                    (*at, f.key),
                    f"only used on {' and '.join(f.types)} posts; ignored on {post_type} posts",
                    Level.WARNING,
                )
                continue
            read = self.value(value, f, (*at, f.key))
            if read is INVALID:
                complete = complete and not f.required
            else:
                values[f.key] = read
        self.check_group(fields, values, at)
        return values if complete else None

    def check_group(self, fields: tuple[Field, ...], values: dict[str, Any], at: Path) -> None:
        """Checks across the valid fields of a group; subclasses add them."""

    def _missing(self, f: Field, at: Path, present: bool) -> None:
        state = "is empty" if present else "is missing"
        hint = f"; add it, e.g. {f.example}" if f.example and "\n" not in f.example else ""
        choices = self._choices(f.item if f.kind == "list" and f.item else f)
        if choices and len(choices) <= 12:
            hint += ("; " if hint else "; add it: ") + f"one of {one_of(choices)}"
        self.report((*at, f.key), f"required but {state}{hint}")

    def value(self, raw: object, f: Field, at: Path) -> Any:
        reader = getattr(self, f"_{f.kind}")
        return reader(raw, f, at)

    def _list(self, raw: object, f: Field, at: Path) -> Any:
        assert f.item is not None
        if isinstance(raw, dict) and f.item.kind == "group":
            raw = [raw]  # a single group written without the leading '-'
        elif isinstance(raw, dict):
            self._colon(raw, f.item, at)
            return INVALID
        elif not isinstance(raw, list):
            if f.item.kind == "group":
                self.report(at, f"expected a list, found {dates.describe(raw)}")
                return INVALID
            raw = [raw]  # a single value written without the list brackets
        assert isinstance(raw, list)
        items: list[Any] = []
        ok = True
        for index, item in enumerate(raw):
            read = self.value(item, f.item, (*at, index))
            if read is INVALID:
                ok = False
            elif read not in items:
                items.append(read)
        return tuple(items) if ok else INVALID

    def _group(self, raw: object, f: Field, at: Path) -> Any:
        values = self.group(raw, f.fields, at)
        if values is None:
            return INVALID
        return f.model(**values) if f.model else values

    def _text(self, raw: object, f: Field, at: Path) -> Any:
        if isinstance(raw, str):
            text = raw.strip()
            if text:
                return text
            self.report(at, "is empty")
            return INVALID
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return str(raw)
        if isinstance(raw, dict):
            self._colon(raw, f, at)
            return INVALID
        self.report(at, f"expected text, found {dates.describe(raw)}")
        return INVALID

    def _colon(self, raw: dict[Any, Any], f: Field, at: Path) -> None:
        written = ", ".join(f"{k}: {_plain(v)}" for k, v in raw.items())
        choices = self._choices(f)
        guess = suggest(
            " ".join(f"{k} {v}" for k, v in raw.items()),
            choices,
            self.aliases.get(f.vocabulary or "", {}),
        )
        if choices:
            fix = "write just the value" + (f", e.g. {guess!r}" if guess else "")
        else:
            fix = "put the whole text in quotes"
        self.report(
            at, f"{written!r} is read as a group of fields because of the ': ' in it; {fix}"
        )

    def _choices(self, f: Field) -> tuple[str, ...]:
        return self.vocabularies.get(f.vocabulary, ()) if f.vocabulary else f.choices

    def _choice(self, raw: object, f: Field, at: Path) -> Any:
        text = self._text(raw, f, at)
        if text is INVALID:
            return INVALID
        if f.vocabulary and f.vocabulary not in self.vocabularies:
            return text
        choices = self._choices(f)
        found = written_as(text, choices, self.aliases.get(f.vocabulary or "", {}), f)
        if found is not None:
            return found
        self.report(at, not_one_of(text, f, choices, self.aliases.get(f.vocabulary or "", {})))
        return INVALID

    def _slug(self, raw: object, f: Field, at: Path) -> Any:
        text = self._text(raw, f, at)
        if text is INVALID or SLUG.fullmatch(text):
            return text
        self.report(
            at,
            f"{text!r} cannot be used in a URL; use lower-case letters, digits and "
            f"hyphens, e.g. {slugify(text)!r}",
        )
        return INVALID

    def _url(self, raw: object, f: Field, at: Path) -> Any:
        text = self._text(raw, f, at)
        if text is INVALID or text.startswith(("https://", "http://")):
            return text
        self.report(at, f"{text!r} is not a web address; expected one starting https://")
        return INVALID

    def _horizon(self, raw: object, f: Field, at: Path) -> Any:
        text = self._text(raw, f, at)
        if text is INVALID or _HORIZON.fullmatch(text.upper()):
            return text if text is INVALID else text.upper()
        self.report(
            at,
            f"{text!r} is not a horizon; write a year (2026), quarter (2026-Q2), "
            "half (2026-H1) or month (2026-05)",
        )
        return INVALID

    def _moment(self, raw: object, f: Field, at: Path) -> Any:
        return self._date(raw, at, dates.parse_moment)

    def _day(self, raw: object, f: Field, at: Path) -> Any:
        return self._date(raw, at, dates.parse_day)

    def _date(self, raw: object, at: Path, parse: Any) -> Any:
        try:
            return parse(raw)
        except dates.DateError as error:
            self.report(at, str(error))
            return INVALID

    def _bool(self, raw: object, f: Field, at: Path) -> Any:
        if isinstance(raw, bool):
            return raw
        self.report(at, f"expected true or false, found {dates.describe(raw)}")
        return INVALID
