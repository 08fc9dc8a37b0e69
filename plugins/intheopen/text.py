"""Small text helpers: slugs, suggestions, field paths."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: 'Ŵyl Dewi & Bins' -> 'wyl-dewi-bins'."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", ascii_text).strip("-")


def suggest(
    value: str, choices: Iterable[str], aliases: Mapping[str, str] | None = None
) -> str | None:
    """The choice an author most likely meant, or None."""
    choices = list(choices)
    aliases = dict(aliases or {})
    for choice in choices:
        aliases.setdefault(slugify(choice), choice)
    key = slugify(value)
    if key in aliases:
        return aliases[key]
    by_word = [choice for choice in choices if key and key in choice.split("-")]
    if len(by_word) == 1:
        return by_word[0]
    close = difflib.get_close_matches(key, list(aliases), n=1, cutoff=0.6)
    return aliases[close[0]] if close else None


def did_you_mean(
    value: str, choices: Iterable[str], aliases: Mapping[str, str] | None = None
) -> str:
    guess = suggest(value, choices, aliases)
    return f"; did you mean {guess!r}?" if guess else ""


def field_path(path: Iterable[str | int]) -> str:
    """('incidents', 0, 'started') -> 'incidents[1].started' (counting from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)
