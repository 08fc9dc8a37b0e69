"""Pages across posts for leaders: open actions, every plan, and progress in pictures."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from intheopen.content import catalogue
from intheopen.content.model import Post
from intheopen.content.references import Links
from intheopen.site.charts import Chart
from intheopen.site.incidents import STATUS_LABELS, action_view, open_actions
from intheopen.site.indexes import Index
from intheopen.site.views import Site, View, card, when_day
from intheopen.site.wording import dated

ACTIONS = "actions/"
PLANS = "plans/"
PROGRESS = "progress/"
PLAN_STATES = {
    "proposed": "Proposed",
    "in-progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}
QUARTERS_SHOWN = 8


def actions_view(index: Index, site: Site) -> View:
    """Every open action, grouped by incident, newest report first."""
    today = site.now.date()
    groups: list[View] = []
    for item in open_actions(index.by_type.get("incident-report", ())):
        if (
            not groups
            or groups[-1]["anchor"] != item.anchor
            or groups[-1]["post"]["url"] != (site.urls.page(item.post.url))
        ):
            severity = catalogue.severities()[item.incident.severity]
            groups.append(
                {
                    "title": item.incident.title,
                    "id": item.incident.id,
                    "anchor": item.anchor,
                    "post": card(item.post, site),
                    "severity": {"code": severity.code, "name": severity.name},
                    "actions": [],
                }
            )
        groups[-1]["actions"].append(action_view(item.action, today, item.post.lang))
    overdue = sum(a["overdue"] for g in groups for a in g["actions"])
    return {
        "kind": "actions",
        "heading": "Open actions",
        "groups": groups,
        "overdue": overdue,
        "total": sum(len(g["actions"]) for g in groups),
    }


def plans_view(index: Index, site: Site, links: dict[str, Links]) -> View:
    """Every plan with its state, and whether an update is overdue: its review date has
    passed and nothing has followed it since."""
    today = site.now.date()
    followers: dict[str, list[Post]] = {}
    for post in index.posts:
        plan = links[post.source].follows
        if plan is not None:
            followers.setdefault(plan, []).append(post)
    rows = []
    for post in index.by_type.get("plan", ()):
        assert post.plan is not None
        after = followers.get(post.source, [])
        latest = max((p.date for p in after), default=None)
        review = post.plan.review_by
        rows.append(
            {
                **card(post, site),
                "state": {"slug": post.plan.state, "label": PLAN_STATES[post.plan.state]},
                "horizon": post.plan.horizon,
                "review_by": when_day(review, post.lang) if review else None,
                "followups": len(after),
                "latest": dated(latest, post.lang) if latest else None,
                "overdue": _update_overdue(post, latest, today),
            }
        )
    return {
        "kind": "plans",
        "heading": "Plans",
        "plans": rows,
        "overdue": sum(r["overdue"] for r in rows),
    }


def _update_overdue(post: Post, latest: datetime | None, today: date) -> bool:
    assert post.plan is not None
    review = post.plan.review_by
    if review is None or post.plan.state not in ("proposed", "in-progress") or review >= today:
        return False
    return latest is None or latest.date() < review


def quarter(moment: date | datetime) -> str:
    return f"{moment.year} Q{(moment.month - 1) // 3 + 1}"


def _quarters(first: date, last: date) -> list[str]:
    """Every quarter from `first` to `last`, the last QUARTERS_SHOWN of them."""
    found = []
    year, q = first.year, (first.month - 1) // 3
    while (year, q) <= (last.year, (last.month - 1) // 3):
        found.append(f"{year} Q{q + 1}")
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return found[-QUARTERS_SHOWN:]


def _years(first: date, last: date) -> list[str]:
    return [str(year) for year in range(first.year, last.year + 1)]


def _span(periods: list[str]) -> str:
    return periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"


def _by_period(
    key: str,
    what: str,
    moments: list[date],
    counted: Counter[tuple[str, str, str]],
    series: list[tuple[str, str]],
    palette: str,
) -> list[dict[str, Any]]:
    """The charts of one measure: each of the latest quarters, and, when those do not
    cover every post, each year from the first; every title says its period."""
    first, last = min(moments), max(moments)
    quarters = _quarters(first, last)
    charts = [(quarters, "quarter")]
    if quarters[0] != quarter(first):
        charts.append((_years(first, last), "year"))
    made = []
    for periods, unit in charts:
        title = f"{what}, each {unit}, {_span(periods)}"
        made.append(
            Chart(
                f"{key}-{unit}",
                title,
                f"Stacked bars, one for each {unit} from {_span(periods)}: {SERIES_OF[key]}",
                periods,
                [
                    (name, [counted[(unit, period, code)] for period in periods])
                    for name, code in series
                ],
                unit.capitalize(),
                palette,
            ).view()
        )
    return made


SERIES_OF = {
    "posts-by-principle": "how many posts were about each of the five principles of the Local "
    "Digital Declaration. A post about two principles counts for both.",
    "incidents-by-severity": "how many incidents that started then were of each severity, from "
    "P1 (critical) to P4 (minor).",
}


def _counts(items: list[tuple[date, str]]) -> Counter[tuple[str, str, str]]:
    """How many of each code started in each quarter and in each year."""
    counted: Counter[tuple[str, str, str]] = Counter()
    for moment, code in items:
        counted[("quarter", quarter(moment), code)] += 1
        counted[("year", str(moment.year), code)] += 1
    return counted


def progress_view(index: Index, site: Site) -> View:
    """Pictures for leaders and sector bodies, each with its table and its period."""
    charts: list[dict[str, Any]] = []
    posts = index.posts
    if posts:
        items = [(p.date.date(), principle) for p in posts for principle in p.principles]
        charts += _by_period(
            "posts-by-principle",
            "Posts by principle",
            [p.date.date() for p in posts],
            _counts(items),
            [(f"{p.number}. {p.short}", p.slug) for p in catalogue.principles()],
            "series",
        )
    incidents = [i for p in index.by_type.get("incident-report", ()) for i in p.incidents]
    if incidents:
        starts = [i.started.date() for i in incidents]
        charts += _by_period(
            "incidents-by-severity",
            "Incidents by severity",
            starts,
            _counts([(i.started.date(), i.severity) for i in incidents]),
            [(f"{s.code} {s.name.lower()}", s.code) for s in catalogue.severities().values()],
            "severity",
        )
        actions = Counter(a.status for i in incidents for a in i.actions)
        statuses = ["open", "in-progress", "done", "wont-do"]
        since = _span(_years(min(starts), max(starts)))
        charts.append(
            Chart(
                "actions-by-status",
                f"Actions from incident reports, open and closed: incidents of {since}",
                "One bar for each status: how many actions from incident reports are open, in "
                f"progress, done, or will not be done, for every incident of {since}.",
                [STATUS_LABELS[s] for s in statuses],
                [("Actions", [actions[s] for s in statuses])],
                "Status",
            ).view()
        )
    return {"kind": "progress", "heading": "Progress", "charts": charts}
