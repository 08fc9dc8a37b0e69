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


def progress_view(index: Index, site: Site) -> View:
    """Three pictures for leaders and sector bodies, each with its table."""
    charts: list[dict[str, Any]] = []
    posts = index.posts
    if posts:
        quarters = _quarters(posts[-1].date.date(), posts[0].date.date())
        by = Counter((quarter(p.date), principle) for p in posts for principle in p.principles)
        charts.append(
            Chart(
                "posts-by-principle",
                "Posts by principle, each quarter",
                "Stacked bars, one for each quarter: how many posts were about each of the five "
                "principles of the Local Digital Declaration. A post about two principles counts "
                "for both.",
                quarters,
                [
                    (f"{p.number}. {p.short}", [by[(q, p.slug)] for q in quarters])
                    for p in catalogue.principles()
                ],
                "Quarter",
            ).view()
        )
    incidents = [i for p in index.by_type.get("incident-report", ()) for i in p.incidents]
    if incidents:
        starts = sorted(i.started.date() for i in incidents)
        quarters = _quarters(starts[0], starts[-1])
        by = Counter((quarter(i.started), i.severity) for i in incidents)
        charts.append(
            Chart(
                "incidents-by-severity",
                "Incidents by severity, each quarter",
                "Stacked bars, one for each quarter in which incidents started: how many were of "
                "each severity, from P1 (critical) to P4 (minor).",
                quarters,
                [
                    (f"{s.code} {s.name.lower()}", [by[(q, s.code)] for q in quarters])
                    for s in catalogue.severities().values()
                ],
                "Quarter",
            ).view()
        )
        actions = Counter(a.status for i in incidents for a in i.actions)
        statuses = ["open", "in-progress", "done", "wont-do"]
        charts.append(
            Chart(
                "actions-by-status",
                "Actions from incident reports, open and closed",
                "One bar for each status: how many actions from incident reports are open, in "
                "progress, done, or will not be done.",
                [STATUS_LABELS[s] for s in statuses],
                [("Actions", [actions[s] for s in statuses])],
                "Status",
            ).view()
        )
    return {"kind": "progress", "heading": "Progress", "charts": charts}
