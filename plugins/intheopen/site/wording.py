"""How dates and reading times are written for people (GOV.UK style)."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "cy": (
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    ),
}
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
WORDS_PER_MINUTE = 200
_WORD = re.compile(r"\w+")


def long_date(day: date | datetime, lang: str = "en") -> str:
    """'3 March 2026': day, month name, year, as GOV.UK writes dates."""
    months = MONTHS.get(lang, MONTHS["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"


def reading_minutes(markdown: str) -> int:
    """Minutes to read a body at 200 words a minute; at least one."""
    return max(1, math.ceil(len(_WORD.findall(markdown)) / WORDS_PER_MINUTE))


def long_time(moment: datetime, lang: str = "en") -> str:
    """'18 May 2026, 6:10am': a date and a GOV.UK-style time."""
    return f"{long_date(moment, lang)}, {clock(moment)}"


def clock(moment: datetime) -> str:
    """GOV.UK style: '6:10am', '5pm', 'midday', 'midnight'."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def for_people(span: timedelta) -> str:
    """'2 hours 30 minutes': a length of time in words, to the minute."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    return " ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in parts if n)


def image_credit(attribution: str | None, licence: str | None) -> str:
    """'Photo: Jo Bloggs. Licence: CC BY 4.0': the line under an image credited to someone."""
    parts = [
        attribution.rstrip(".") + "." if attribution else "",
        f"Licence: {licence}." if licence else "",
    ]
    return " ".join(part for part in parts if part)


def dated(moment: date | datetime, lang: str = "en", with_time: bool = False) -> dict[str, str]:
    """A date as templates show it: words for people, ISO 8601 for `<time datetime>`."""
    text = (
        long_time(moment, lang)
        if with_time and isinstance(moment, datetime)
        else (long_date(moment, lang))
    )
    return {"text": text, "iso": moment.isoformat()}
