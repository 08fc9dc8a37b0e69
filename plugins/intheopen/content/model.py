"""The content model: what a post, an author and each post type's block hold.

Values here are already normalised (aware datetimes in Europe/London, tuples,
de-duplicated lists); the loaders and validators make them so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from intheopen.site.wording import reading_minutes


@dataclass(frozen=True)
class Author:
    id: str
    name: str
    role: str
    url: str | None = None
    avatar: str | None = None
    guest: bool = False


@dataclass(frozen=True)
class Impact:
    what_users_saw: str | None = None
    users_affected: str | None = None
    contacts: str | None = None


@dataclass(frozen=True)
class PersonalData:
    involved: bool | None = None
    reported_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    event: str
    evidence: str | None = None


@dataclass(frozen=True)
class Action:
    action: str
    owner: str
    due: date
    type: str | None = None
    status: str = "open"
    reason: str | None = None
    tracking: str | None = None


@dataclass(frozen=True)
class Incident:
    title: str
    severity: str
    status: str
    started: datetime
    id: str | None = None
    services: tuple[str, ...] = ()
    detected: datetime | None = None
    mitigated: datetime | None = None
    resolved: datetime | None = None
    detection: str | None = None
    impact: Impact | None = None
    contributing_factors: tuple[str, ...] = ()
    supplier: str | None = None
    personal_data: PersonalData | None = None
    timeline: tuple[TimelineEntry, ...] = ()
    went_well: tuple[str, ...] = ()
    could_have_gone_better: tuple[str, ...] = ()
    got_lucky: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Plan:
    state: str
    horizon: str | None = None
    review_by: date | None = None
    outcomes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Post:
    """One post. `source` is its path inside the posts folder, with '/' separators."""

    source: str
    title: str
    date: datetime
    type: str
    principles: tuple[str, ...]
    summary: str
    authors: tuple[str, ...]
    body: str
    slug: str
    updated: datetime | None = None
    tags: tuple[str, ...] = ()
    status: str = "published"
    id: str | None = None
    related: tuple[str, ...] = ()
    translations: tuple[str, ...] = ()
    contact_details: tuple[str, ...] = ()
    lang: str = "en"
    incidents: tuple[Incident, ...] = ()
    plan: Plan | None = None
    follows: str | None = None
    body_line: int = 1  # the file line the body starts on, for messages about it

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @cached_property  # asked for thousands of times a build; a Post never changes
    def url(self) -> str:
        """The permalink path from the site root: posts/YYYY/MM/slug/, and for weeknotes
        weeknotes/YYYY-wWW/slug/ (the ISO year and week of the date)."""
        if self.type == "weeknote":
            year, week, _ = self.date.isocalendar()
            return f"weeknotes/{year}-w{week:02d}/{self.slug}/"
        return f"posts/{self.date:%Y}/{self.date:%m}/{self.slug}/"

    @cached_property  # kept with the post: `serve` counts only an edited post's words again
    def reading_minutes(self) -> int:
        """Minutes to read the body at 200 words a minute; at least one."""
        return reading_minutes(self.body)
