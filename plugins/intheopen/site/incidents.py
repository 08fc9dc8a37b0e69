"""Incident reports as readers see them: summaries, computed times, timelines and actions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from intheopen.content.catalogue import severities
from intheopen.content.model import Action, Incident, Post
from intheopen.site.wording import dated, for_people
from intheopen.text import slugify

OPEN = ("open", "in-progress")
STATUS_LABELS = {
    "draft": "Draft",
    "in-review": "In review",
    "reviewed": "Reviewed",
    "closed": "Closed",
    "open": "Open",
    "in-progress": "In progress",
    "done": "Done",
    "wont-do": "Won't do",
}
DETECTION_LABELS = {
    "monitoring": "Our monitoring",
    "user-report": "Reported by a user",
    "supplier": "Our supplier",
    "staff": "Council staff",
}


def anchors(post: Post) -> list[str]:
    """Each incident's anchor on its post's page: from its id, else its title; unique."""
    seen: dict[str, int] = {}
    result = []
    for incident in post.incidents:
        base = "incident-" + (slugify(incident.id or incident.title) or "report")
        seen[base] = seen.get(base, 0) + 1
        result.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return result


def is_overdue(action: Action, today: date) -> bool:
    return action.status in OPEN and action.due < today


@dataclass(frozen=True)
class OpenAction:
    """An action still to do, with the incident and post it belongs to."""

    post: Post
    incident: Incident
    anchor: str
    action: Action


def open_actions(posts: tuple[Post, ...]) -> Iterator[OpenAction]:
    """Every open or in-progress action, post by post (newest first), in written order."""
    for post in posts:
        for incident, anchor in zip(post.incidents, anchors(post), strict=True):
            for action in incident.actions:
                if action.status in OPEN:
                    yield OpenAction(post, incident, anchor, action)


def incident_view(incident: Incident, anchor: str, today: date, lang: str) -> dict[str, Any]:
    """One incident's summary, timeline and actions, with its times worked out."""
    severity = severities()[incident.severity]

    def when(moment: datetime | None) -> dict[str, str] | None:
        return dated(moment, lang, with_time=True) if moment else None

    def span(end: datetime | None) -> str | None:
        return for_people(end - incident.started) if end else None

    return {
        "anchor": anchor,
        "id": incident.id,
        "title": incident.title,
        "severity": {"code": severity.code, "name": severity.name, "meaning": severity.meaning},
        "status": {"slug": incident.status, "label": STATUS_LABELS[incident.status]},
        "services": list(incident.services),
        "started": when(incident.started),
        "detected": when(incident.detected),
        "mitigated": when(incident.mitigated),
        "resolved": when(incident.resolved),
        "time_to_detect": span(incident.detected),
        "time_to_mitigate": span(incident.mitigated),
        "duration": span(incident.resolved or incident.mitigated),
        "detection": DETECTION_LABELS.get(incident.detection or ""),
        "impact": {
            "what_users_saw": incident.impact.what_users_saw,
            "users_affected": incident.impact.users_affected,
            "contacts": incident.impact.contacts,
        }
        if incident.impact
        else None,
        "contributing_factors": list(incident.contributing_factors),
        "supplier": incident.supplier,
        "personal_data": {
            "involved": incident.personal_data.involved,
            "reported_to": list(incident.personal_data.reported_to),
        }
        if incident.personal_data
        else None,
        "timeline": [
            {"at": when(entry.at), "event": entry.event, "evidence": entry.evidence}
            for entry in incident.timeline
        ],
        "went_well": list(incident.went_well),
        "could_have_gone_better": list(incident.could_have_gone_better),
        "got_lucky": list(incident.got_lucky),
        "actions": [action_view(action, today, lang) for action in incident.actions],
    }


def action_view(action: Action, today: date, lang: str) -> dict[str, Any]:
    return {
        "action": action.action,
        "type": action.type,
        "owner": action.owner,
        "due": dated(action.due, lang),
        "status": {"slug": action.status, "label": STATUS_LABELS[action.status]},
        "overdue": is_overdue(action, today),
        "reason": action.reason,
        "tracking": action.tracking,
    }
