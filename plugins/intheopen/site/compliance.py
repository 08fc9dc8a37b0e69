"""Public-sector pages and settings: the accessibility statement, cookies, licence footer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from intheopen.site.views import Kept, View
from intheopen.site.wording import dated, long_date

ACCESSIBILITY = "accessibility/"
COOKIES = "cookies/"
COMPLIANCE = {
    "full": "fully compliant",
    "partial": "partially compliant",
    "not": "not compliant",
}


@dataclass(frozen=True)
class Statement:
    """What the accessibility statement says; every field comes from mkdocs.yml."""

    organisation: str
    website: str
    email: str | None = None
    phone: str | None = None
    response_days: int = 5
    compliance: str = "partial"
    problems: tuple[str, ...] = ()
    disproportionate: tuple[str, ...] = ()
    out_of_scope: tuple[str, ...] = ()
    improvements: tuple[str, ...] = ()
    tested: date | None = None
    tested_by: str = "the website's own team, with automated checks on every change"
    prepared: date | None = None
    reviewed: date | None = None
    review_by: date | None = None
    standard: str = "Web Content Accessibility Guidelines version 2.2 AA standard"


def review_overdue(statement: Statement, today: date) -> str | None:
    """Why the statement needs reviewing now, or None."""
    if statement.review_by is not None and statement.review_by < today:
        return (
            f"the accessibility statement's review date ({long_date(statement.review_by)}) "
            "has passed; review it and set accessibility.reviewed and "
            "accessibility.review_by in mkdocs.yml"
        )
    return None


def statement_view(statement: Statement) -> View:
    def day(value: date | None) -> dict[str, str] | None:
        return dated(value) if value else None

    return {
        "kind": "accessibility",
        "heading": f"Accessibility statement for {statement.website}",
        "organisation": statement.organisation,
        "website": statement.website,
        "email": statement.email,
        "phone": statement.phone,
        "response_days": statement.response_days,
        "compliance": statement.compliance,
        "compliance_text": COMPLIANCE[statement.compliance],
        "standard": statement.standard,
        "problems": list(statement.problems),
        "disproportionate": list(statement.disproportionate),
        "out_of_scope": list(statement.out_of_scope),
        "improvements": list(statement.improvements),
        "tested": day(statement.tested),
        "tested_by": statement.tested_by,
        "prepared": day(statement.prepared),
        "reviewed": day(statement.reviewed),
        "review_by": day(statement.review_by),
    }


def kept_by_theme(
    palette: object, features: tuple[str, ...], repo_url: str | None, extra: dict[str, Any]
) -> tuple[Kept, ...]:
    """What Material's (and Zensical's) script keeps in the reader's browser with these
    theme settings: the cookies page lists exactly these."""
    kept = []
    if isinstance(palette, list) and palette:  # a light/dark switch in the header
        kept.append(
            Kept(
                "__palette",
                "Local storage",
                "When you first open a page, and when you switch colours",
                "Which colours (light or dark) the pages show",
            )
        )
    if "content.tabs.link" in features:
        kept.append(
            Kept("__tabs", "Local storage", "When you choose a tab", "Which tabs you chose")
        )
    if "announce.dismiss" in features:
        kept.append(
            Kept(
                "__announce",
                "Local storage",
                "When you close the announcement at the top of the page",
                "That you closed it, so it stays closed",
            )
        )
    if extra.get("consent"):
        kept.append(Kept("__consent", "Local storage", "When you make a choice", "Your choice"))
    if repo_url:
        kept.append(
            Kept(
                "__source",
                "Session storage",
                "When a page shows the repository's details",
                "The repository's details, so they are fetched once a visit",
            )
        )
    if isinstance(extra.get("version"), dict):
        kept.append(
            Kept(
                "__outdated",
                "Session storage",
                "When you open a page",
                "Whether you are reading an old version",
            )
        )
    return tuple(kept)


def cookies_view(site_name: str, kept: tuple[Kept, ...] = ()) -> View:
    return {
        "kind": "cookies",
        "heading": "Cookies",
        "website": site_name,
        "kept": [vars(k) for k in kept],
    }


def footer_view(licence: str, licence_url: str, holder: str, paths: dict[str, str]) -> View:
    """The licence and copyright lines, and links to the site's information pages."""
    return {
        "licence": licence,
        "licence_url": licence_url,
        "holder": holder,
        "links": [{"title": title, "url": url} for title, url in paths.items()],
    }
