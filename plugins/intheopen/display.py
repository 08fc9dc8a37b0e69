"""How dates and reading times are written for people (GOV.UK style)."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

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
