"""Dates and times as authors write them, made timezone-aware once."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from functools import cache
from typing import TypeVar
from zoneinfo import ZoneInfo

_T = TypeVar("_T")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?\s*(Z|[+-]\d{2}:?\d{2})?"
)
EXAMPLE = "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2026-03-03 or 2026-03-03 14:30"


@cache
def london() -> ZoneInfo:
    """Europe/London: the zone of naive dates and times in front matter."""
    return ZoneInfo("Europe/London")


class DateError(ValueError):
    """A value that is not a date an author meant, with a message saying why."""


def parse_moment(value: object) -> datetime:
    """A date or date and time, as an aware datetime in Europe/London.

    A date alone means midnight at the start of that day in London.
    """
    text = _text(value)
    if _DATE.fullmatch(text):
        day = _fromisoformat(text, date.fromisoformat)
        return datetime.combine(day, time(), tzinfo=london())
    if _DATETIME.fullmatch(text):
        moment = _fromisoformat(text.replace(" Z", "Z"), datetime.fromisoformat)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=london())
        return moment.astimezone(london())
    raise DateError(f"{text!r} is not a date; {EXAMPLE}")


def parse_day(value: object) -> date:
    """A calendar date; a date and time is taken as its day in London."""
    return parse_moment(value).date()


def _text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise DateError(f"expected a date, found {describe(value)}; {EXAMPLE}")
    return str(value).strip()


def _fromisoformat(text: str, parse: Callable[[str], _T]) -> _T:
    try:
        return parse(text)
    except ValueError as error:
        raise DateError(f"{text!r} is not a real date or time ({error})") from None


def describe(value: object) -> str:
    """A value's kind in words an author understands."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value!r})"
    if isinstance(value, dict):
        return "a group of fields (key: value)"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a value of the YAML type {type(value).__name__}"
