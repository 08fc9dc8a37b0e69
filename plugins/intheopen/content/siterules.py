"""Rules a site sets for what it publishes: its own mail domains, and a pre-election pause."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from intheopen.content.model import Author, Post
from intheopen.site.wording import long_date


@dataclass(frozen=True)
class Pause:
    """The pre-election period: posts dated from its start, and guest writers' posts, wait
    until it ends."""

    start: date
    end: date
    message: str | None = None

    def active(self, today: date) -> bool:
        return self.start <= today <= self.end

    def holds(self, post: Post, authors: dict[str, Author], today: date) -> bool:
        """Whether `post` is held back on `today`."""
        if not self.active(today):
            return False
        guest = any(a in authors and authors[a].guest for a in post.authors)
        return guest or post.date.date() >= self.start

    def notice(self) -> str:
        return self.message or (
            f"We are not publishing new posts between {long_date(self.start)} and "
            f"{long_date(self.end)}, because of the rules on council publicity before "
            "elections. We will start again after the elections."
        )

    def resumes(self) -> date:
        return self.end + timedelta(days=1)


@dataclass(frozen=True)
class Rules:
    domains: tuple[str, ...] = ()
    pause: Pause | None = None
