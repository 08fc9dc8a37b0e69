"""The front matter, field by field: one description that validation, the JSON
Schema and the README's reference are all derived from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from intheopen.content import model

Kind = Literal["text", "choice", "slug", "url", "horizon", "moment", "day", "bool", "list", "group"]


@dataclass(frozen=True)
class Field:
    """One front-matter key.

    `types` limits a key to some post types; `required` then means required on
    those types. `vocabulary` names a list known only at run time (principles,
    post types, authors) instead of fixed `choices`.
    """

    key: str
    kind: Kind
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    vocabulary: Literal["principles", "types", "authors"] | None = None
    item: Field | None = None
    fields: tuple[Field, ...] = ()
    model: type | None = None
    types: tuple[str, ...] = ()
    example: str | None = None


def _text(key: str, description: str, **kw: object) -> Field:
    return Field(key, "text", description, **kw)  # type: ignore[arg-type]


def _texts(key: str, description: str, **kw: object) -> Field:
    return Field(key, "list", description, item=Field("", "text", ""), **kw)  # type: ignore[arg-type]


def _groups(
    key: str, description: str, fields: tuple[Field, ...], cls: type, **kw: object
) -> Field:
    item = Field("", "group", "", fields=fields, model=cls)
    return Field(key, "list", description, item=item, **kw)  # type: ignore[arg-type]


# Keys other blog tools use (Material's blog, Jekyll, Hugo) -> ours, for suggestions.
KEY_ALIASES = {
    "categories": "tags",
    "category": "tags",
    "tag": "tags",
    "author": "authors",
    "description": "summary",
    "excerpt": "summary",
    "principle": "principles",
    "draft": "status",
    "created": "date",
    "modified": "updated",
    "last-updated": "updated",
    "lastmod": "updated",
    "permalink": "slug",
    "language": "lang",
    "incident": "incidents",
}

SEVERITIES = ("P1", "P2", "P3", "P4")
INCIDENT_STATES = ("draft", "in-review", "reviewed", "closed")
DETECTIONS = ("monitoring", "user-report", "supplier", "staff")
ACTION_TYPES = ("mitigate", "prevent", "detect", "process")
ACTION_STATES = ("open", "in-progress", "done", "wont-do")
PLAN_STATES = ("proposed", "in-progress", "done", "dropped")
POST_STATES = ("published", "draft")
LANGUAGES = ("en", "cy")

AUTHOR = (
    _text("name", "The person's name as readers should see it.", required=True),
    _text("role", "Their job title, e.g. Head of Digital.", required=True),
    Field("url", "url", "A page about them (https://…)."),
    _text("avatar", "A picture of them: a path inside docs/ or an https:// URL."),
    Field(
        "guest",
        "bool",
        "true for a guest writer (a councillor, say), whose posts are not "
        "published during the pre-election period.",
    ),
)

IMPACT = (
    _text("what_users_saw", "What residents or staff experienced."),
    _text("users_affected", "How many people were affected, e.g. 'about 1,200 residents'."),
    _text("contacts", "Contacts caused, e.g. '340 calls to the contact centre'."),
)

PERSONAL_DATA = (
    Field("involved", "bool", "Whether personal data was involved (true or false)."),
    _texts("reported_to", "Who it was reported to, e.g. the ICO."),
)

TIMELINE_ENTRY = (
    Field("at", "moment", "When it happened (YYYY-MM-DD HH:MM).", required=True),
    _text("event", "What happened.", required=True),
    _text("evidence", "A link or reference to the evidence."),
)

ACTION = (
    _text("action", "What will be done.", required=True),
    Field("type", "choice", "What the action is for.", choices=ACTION_TYPES),
    _text("owner", "The role that owns it — never a person's name.", required=True),
    Field("due", "day", "When it is due (YYYY-MM-DD).", required=True),
    Field("status", "choice", "Where it is; `open` when not given.", choices=ACTION_STATES),
    _text("reason", "Why, when an action is dropped (wont-do) or changed."),
    _text("tracking", "A ticket or page that tracks it."),
)

INCIDENT = (
    _text("id", "The council's own reference, e.g. INC-2026-014."),
    _text("title", "A short name for the incident.", required=True),
    Field("severity", "choice", "P1 (critical) to P4 (minor).", required=True, choices=SEVERITIES),
    Field("status", "choice", "Where the review is.", required=True, choices=INCIDENT_STATES),
    _texts("services", "The services affected."),
    Field("started", "moment", "When it started.", required=True),
    Field("detected", "moment", "When the council knew."),
    Field("mitigated", "moment", "When users stopped being affected, or the harm was contained."),
    Field("resolved", "moment", "When it was fixed for good."),
    Field("detection", "choice", "How it was detected.", choices=DETECTIONS),
    Field("impact", "group", "What it did to people.", fields=IMPACT, model=model.Impact),
    _texts("contributing_factors", "What made it happen or worse — conditions, not people."),
    _text("supplier", "The supplier involved, if any."),
    Field(
        "personal_data",
        "group",
        "Whether personal data was involved and who was told.",
        fields=PERSONAL_DATA,
        model=model.PersonalData,
    ),
    _groups("timeline", "What happened when.", TIMELINE_ENTRY, model.TimelineEntry),
    _texts("went_well", "What went well."),
    _texts("could_have_gone_better", "What could have gone better."),
    _texts("got_lucky", "Where luck, not design, helped."),
    _groups("actions", "What the council is doing about it.", ACTION, model.Action),
)

PLAN = (
    Field("state", "choice", "Where the plan is.", required=True, choices=PLAN_STATES),
    Field("horizon", "horizon", "When it is for: a year, quarter, half or month, e.g. 2026-Q2."),
    Field("review_by", "day", "When the plan will be looked at again (YYYY-MM-DD)."),
    _texts("outcomes", "What will be different if it works."),
)

POST = (
    _text(
        "title",
        "The post's title, in plain text.",
        required=True,
        example='title: "Moving bin collection reminders to GOV.UK Notify"',
    ),
    Field(
        "date",
        "moment",
        "When it was first published: YYYY-MM-DD or YYYY-MM-DD HH:MM, "
        "UK time. A date in the future schedules the post.",
        required=True,
        example="date: 2026-03-03",
    ),
    Field("updated", "moment", "When it was last changed in a way readers should know about."),
    Field(
        "type",
        "choice",
        "What kind of post it is.",
        required=True,
        vocabulary="types",
        example="type: weeknote",
    ),
    Field(
        "principles",
        "list",
        "The Local Digital Declaration principles it is about (at least one).",
        required=True,
        item=Field("", "choice", "", vocabulary="principles"),
        example="principles: [open-culture]",
    ),
    _text(
        "summary",
        "One to three sentences for listings, feeds and link previews.",
        required=True,
        example='summary: "We moved reminders to Notify. Here is what we learnt."',
    ),
    Field(
        "authors",
        "list",
        "Who wrote it: ids from authors.yml (at least one).",
        required=True,
        item=Field("", "choice", "", vocabulary="authors"),
        example="authors: [sam-patel]",
    ),
    _texts("tags", "Free tags, e.g. [bins, notify]."),
    Field(
        "status",
        "choice",
        "`draft` is never published; `published` when not given.",
        choices=POST_STATES,
    ),
    Field(
        "slug",
        "slug",
        "The last part of the post's URL; made from the file name when not "
        "given. Never change it once published.",
    ),
    _text(
        "id",
        "The post's permanent id in feeds. Leave it out: it is made from the site, the date "
        "and the file's path. Set it to the old value before moving or renaming a published "
        "post's file, so feed readers do not show the post again.",
    ),
    _texts("related", "Other posts (slug or path) or web pages (https://…) to read next."),
    _texts(
        "contact_details",
        "E-mail addresses and phone numbers the post means to publish, so the personal data "
        "check does not warn about them.",
    ),
    _texts(
        "translations",
        "The same post in another language (slug or path); each must name the other.",
    ),
    Field(
        "lang",
        "choice",
        "The post's language: `en` (the default) or `cy` for Welsh.",
        choices=LANGUAGES,
    ),
    _groups(
        "incidents",
        "The incidents this report covers (one, or several for a round-up).",
        INCIDENT,
        model.Incident,
        required=True,
        types=("incident-report",),
        example="incidents:\n  - title: …\n    severity: P2\n    status: in-review\n"
        "    started: 2026-03-03 07:40",
    ),
    Field(
        "plan",
        "group",
        "The plan's state, horizon, review date and outcomes.",
        required=True,
        fields=PLAN,
        model=model.Plan,
        types=("plan",),
        example="plan:\n  state: proposed",
    ),
    _text(
        "follows",
        "The plan (slug or path) this post reports on.",
        types=("lessons-learnt", "update"),
    ),
)


def post_field(key: str) -> Field:
    """The field of `key` in a post's front matter."""
    return next(f for f in POST if f.key == key)
