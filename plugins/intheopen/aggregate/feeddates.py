"""Dates in other councils' feeds, read strictly and normalised to UTC.

Every date comes out aware and in UTC, so the store can compare and sort them as text, or
not at all: a date that cannot be right (an offset of +99:99, the year 1699) is dropped
with the reason, never guessed at.
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_tz
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
EARLIEST = datetime(1991, 1, 1, tzinfo=UTC)  # the first web page; no feed is older
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
LARGEST_OFFSET = timedelta(hours=14)  # the world's furthest time zone (Kiribati, UTC+14)
# Zone names UK feeds write that RFC 822 does not know; unknown names would be read as UTC.
ZONES = {"BST": "+0100", "IST": "+0100", "CET": "+0100", "CEST": "+0200", "WET": "+0000"}
_ZONE = re.compile(r"\b([A-Z]{3,4})\s*$")
_UNIX = re.compile(r"\d{9,10}(\.\d+)?|\d{12,13}")


class Impossible(ValueError):
    """A date that was given but cannot be right; the message says why."""


def moment(raw: object, parsed: time.struct_time | None = None) -> datetime | None:
    """The moment a feed's date names, in UTC; None when none was given.

    `raw` is the text (or, in JSON Feed, perhaps a number); `parsed` is feedparser's reading
    of it, used only for formats this module does not know. Raises Impossible."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise Impossible(f"{_shown(raw)} is not a date")
    if isinstance(raw, int | float):
        return _checked(_unix(float(raw)), raw)
    text = raw.strip()
    if _UNIX.fullmatch(text):
        seconds = float(text) / (1000 if len(text) > 11 else 1)
        return _checked(_unix(seconds), raw)
    found = _rfc822(text)
    if found is None:
        found = _iso(text)
    if found is None and parsed is not None:
        try:
            found = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
        except (TypeError, ValueError, OverflowError) as error:
            raise Impossible(f"{_shown(raw)} is not a date") from error
    if found is None:
        raise Impossible(f"{_shown(raw)} is not a date this reader knows")
    return _checked(found, raw)


def _unix(seconds: float) -> datetime:
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (ValueError, OverflowError, OSError) as error:
        raise Impossible(f"{seconds:g} seconds is not a date") from error


def _rfc822(text: str) -> datetime | None:
    zone = _ZONE.search(text)
    if zone and zone.group(1) in ZONES:
        text = text[: zone.start()] + ZONES[zone.group(1)]
    fields = parsedate_tz(text)
    if fields is None:
        return None
    offset = fields[9] or 0
    if abs(offset) > LARGEST_OFFSET.total_seconds():
        raise Impossible(f"{_shown(text)} has a time zone offset no place on Earth uses")
    try:
        naive = datetime(*fields[:6])
    except (TypeError, ValueError, OverflowError) as error:
        raise Impossible(f"{_shown(text)} is not a real date ({error})") from error
    return (naive - timedelta(seconds=offset)).replace(tzinfo=UTC)


def _iso(text: str) -> datetime | None:
    try:
        found = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    if found.tzinfo is None:
        return found.replace(tzinfo=LONDON)  # a naive time in a UK council's feed
    offset = found.utcoffset()
    if offset is not None and abs(offset) > LARGEST_OFFSET:
        raise Impossible(f"{_shown(text)} has a time zone offset no place on Earth uses")
    return found


def _checked(found: datetime, raw: object) -> datetime:
    try:
        found = found.astimezone(UTC)
    except (ValueError, OverflowError) as error:
        raise Impossible(f"{_shown(raw)} is not a real date") from error
    if not EARLIEST <= found < LATEST:
        raise Impossible(f"{_shown(raw)} is {found.year}, which cannot be a post's date")
    return found


def _shown(raw: object) -> str:
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "…"
