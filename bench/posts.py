#!/usr/bin/env python3
"""Write N realistic council blog posts, the same content for In the Open and for Material.

    python bench/posts.py N OUT [--format intheopen|material] [--seed S]

In the Open: OUT/posts/YYYY/SLUG.md, OUT/posts/images/*.png and OUT/authors.yml.
Material's blog: OUT/docs/blog/posts/YYYY/SLUG.md, OUT/docs/blog/posts/images/*.png and
OUT/docs/blog/.authors.yml.

Deterministic: post i depends on i and the seed, never on N,
so the first 250 posts of a 2,000-post set are the 250-post set. A third of the posts are
incident reports; the rest are plans, lessons learnt, updates and weeknotes. Bodies have
headings, lists, links to earlier posts and out to GOV.UK, and some have a table, a code
block or an image. Both formats carry the same title, date, authors, tags and body; only
the front matter's shape differs. The sections of each type come from In the Open's own
catalogue (run it with the project's Python), so the posts pass `intheopen check --strict`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from intheopen.content import catalogue

SERVICES = [
    "garden waste",
    "council tax",
    "parking permits",
    "missed bin reports",
    "planning search",
    "housing repairs",
    "school admissions",
    "blue badge",
    "library bookings",
    "pest control",
    "bulky waste",
    "electoral registration",
    "business rates",
    "street lighting faults",
    "licensing",
    "building control",
    "housing benefit",
    "fly-tipping reports",
    "allotment lettings",
    "leisure bookings",
]
PRINCIPLES = [
    "user-needs",
    "fix-our-plumbing",
    "safe-sharing",
    "digital-leadership",
    "open-culture",
]
TAGS = [
    "accessibility",
    "api",
    "bins",
    "cloud",
    "contact-centre",
    "content-design",
    "data",
    "forms",
    "hosting",
    "identity",
    "integrations",
    "monitoring",
    "payments",
    "procurement",
    "research",
    "security",
    "suppliers",
    "training",
    "user-research",
    "website",
]
FIRST = [
    "Amira",
    "Ben",
    "Carys",
    "Dev",
    "Efa",
    "Femi",
    "Gwen",
    "Hari",
    "Iolo",
    "Jas",
    "Kemi",
    "Luke",
    "Mair",
    "Nia",
    "Osian",
    "Pooja",
]
LAST = [
    "Ahmed",
    "Bowen",
    "Clarke",
    "Davies",
    "Evans",
    "Fox",
    "Griffiths",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lloyd",
    "Morgan",
    "Nash",
    "Owen",
    "Patel",
]
ROLES = [
    "Head of Digital",
    "Service Designer",
    "Senior Developer",
    "User Researcher",
    "Content Designer",
    "Delivery Manager",
    "Product Manager",
    "Data Analyst",
]
AUTHORS = [
    (
        f"{FIRST[i % 16].lower()}-{LAST[(i * 7 + i // 16) % 16].lower()}",
        f"{FIRST[i % 16]} {LAST[(i * 7 + i // 16) % 16]}",
        ROLES[i % 8],
    )
    for i in range(24)
]
SEASONS = ["winter", "spring", "summer", "autumn"]
KINDS = ["plan", "lessons-learnt", "update", "weeknote"]
SENTENCES = [
    "We spoke to {n} residents who use {s} and watched how they got on.",
    "Most people found the start page through a search engine, not our home page.",
    "The old form asked for information we already hold, so we took those questions out.",
    "Staff in the contact centre told us which calls they take most often about {s}.",
    "We published the prototype so that other councils can reuse what we built.",
    "The supplier's interface returns dates in three different formats, which slowed us down.",
    "Screen reader users could not tell which step of the form they were on.",
    "We moved the {s} service to the same hosting as the rest of the website.",
    "Paper forms still account for about {p} percent of applications for {s}.",
    "Our next step is to test the new design with people who use assistive technology.",
    "We agreed with the service team to review the numbers every fortnight.",
    "The data we share with partners is now checked against a published schema.",
    "It took {n} days to get access to the test environment, which was longer than planned.",
    "We wrote down the decisions we made so that the next team does not repeat the work.",
    "Calls about {s} fell by {p} percent in the month after the change.",
    "We used the GOV.UK Design System components instead of building our own.",
    "The team paired on the work so that more than one person understands the integration.",
    "We found that the confirmation email arrived before the payment had cleared.",
]
CODE = """```python
def renewal_due(subscription, today):
    \"\"\"True when the subscription ends within the next 30 days.\"\"\"
    return 0 <= (subscription.ends - today).days <= 30
```"""
IMAGES = 6


@dataclass(frozen=True)
class Post:
    number: int
    year: int
    slug: str
    title: str
    date: str
    kind: str
    service: str
    principles: list[str]
    tags: list[str]
    authors: list[str]
    summary: str
    body: str
    incident: str  # the incidents block of an incident report's front matter, or ""

    @property
    def path(self) -> str:
        return f"{self.year}/{self.slug}.md"


def post(number: int, seed: int) -> Post:
    """Post `number` of the set: the same for every N."""
    when, kind, service = _placing(number, seed)
    rng = random.Random(f"{seed}:{number}")
    title = _title(kind, service, when, number)
    principles = sorted(rng.sample(PRINCIPLES, rng.choice([1, 1, 2])))
    tags = sorted(rng.sample(TAGS, rng.randrange(1, 4)))
    authors = [a[0] for a in rng.sample(AUTHORS, rng.choice([1, 1, 1, 2]))]
    summary = (
        f"What we did about {service} this {SEASONS[when.month % 4]}, "
        f"what we learnt and what happens next."
    )
    body = _body(rng, number, seed, kind, service)
    incident = _incident(rng, service, when) if kind == "incident-report" else ""
    return Post(
        number,
        when.year,
        _slug(kind, service, number),
        title,
        when.strftime("%Y-%m-%d %H:%M"),
        kind,
        service,
        principles,
        tags,
        authors,
        summary,
        body,
        incident,
    )


def _placing(number: int, seed: int) -> tuple[dt.datetime, str, str]:
    """When post `number` was written, its type and its service: all its path depends on."""
    rng = random.Random(f"{seed}:{number}:placing")
    when = dt.datetime(2020, 1, 1, 9) + dt.timedelta(
        days=number * 2190 // 4000 + rng.randrange(3), minutes=rng.randrange(480)
    )
    kind = "incident-report" if number % 3 == 2 else KINDS[rng.randrange(len(KINDS))]
    return when, kind, rng.choice(SERVICES)


def _slug(kind: str, service: str, number: int) -> str:
    return f"{service.replace(' ', '-')}-{kind}-{number}"


def _title(kind: str, service: str, when: dt.datetime, number: int) -> str:
    name = service.capitalize()
    return {
        "plan": f"Our plan for {service} ({number})",
        "lessons-learnt": f"What we learnt from {service} ({number})",
        "update": f"{name}: an update ({number})",
        "weeknote": f"{name} weeknote, week {when.isocalendar()[1]} ({number})",
        "incident-report": f"Incident report: {service} unavailable ({number})",
    }[kind]


def _body(rng: random.Random, number: int, seed: int, kind: str, service: str) -> str:
    headings = catalogue.type_by_slug()[kind].headings  # the sections `check` expects
    parts = [_paragraph(rng, service), "<!-- more -->"]
    for index, heading in enumerate(headings):
        parts.append(f"## {heading}")
        parts.append(_paragraph(rng, service))
        roll = rng.random()
        if roll < 0.25:
            parts.append(
                "\n".join(f"- {_sentence(rng, service)}" for _ in range(rng.randrange(3, 6)))
            )
        elif roll < 0.32 and index:
            parts.append(_table(rng))
        elif roll < 0.37:
            parts.append(CODE)
        if index == 1 and number > 0:
            earlier = post_path(rng.randrange(max(0, number - 40), number), seed)
            parts.append(
                f"This follows [what we wrote before](../{earlier}) and the "
                f"[Service Standard](https://www.gov.uk/service-manual/service-standard)."
            )
        if index == 2 and number % 5 == 0:
            image = number % IMAGES
            parts.append(
                f"![A screenshot of the {service} service, step {image + 1}]"
                f"(../images/screen-{image}.png)"
            )
        parts.append(_paragraph(rng, service))
    return "\n\n".join(parts) + "\n"


def post_path(number: int, seed: int) -> str:
    """Where post `number` is written, relative to the posts folder."""
    when, kind, service = _placing(number, seed)
    return f"{when.year}/{_slug(kind, service, number)}.md"


def _sentence(rng: random.Random, service: str) -> str:
    return rng.choice(SENTENCES).format(s=service, n=rng.randrange(4, 40), p=rng.randrange(5, 60))


def _paragraph(rng: random.Random, service: str) -> str:
    return " ".join(_sentence(rng, service) for _ in range(rng.randrange(3, 7)))


def _table(rng: random.Random) -> str:
    rows = [
        f"| {m} | {rng.randrange(100, 5000)} | {rng.randrange(10, 95)}% |"
        for m in ["January", "February", "March", "April"]
    ]
    return "\n".join(["| Month | Requests | Online |", "| --- | ---: | ---: |", *rows])


def _incident(rng: random.Random, service: str, when: dt.datetime) -> str:
    start = when - dt.timedelta(days=rng.randrange(3, 20), hours=rng.randrange(12))
    detected = start + dt.timedelta(minutes=rng.randrange(5, 300))
    resolved = detected + dt.timedelta(minutes=rng.randrange(30, 900))
    due = (when + dt.timedelta(days=rng.randrange(20, 120))).date()

    def at(moment: dt.datetime) -> str:
        return moment.strftime("%Y-%m-%d %H:%M")

    return "\n".join(
        [
            "incidents:",
            f"  - title: {service.capitalize()} unavailable",
            f"    severity: P{rng.randrange(1, 3)}",
            "    status: reviewed",
            f"    started: {at(start)}",
            f"    detected: {at(detected)}",
            f"    resolved: {at(resolved)}",
            "    detection: monitoring",
            "    contributing_factors:",
            "      - A certificate expired on a supplier's interface",
            "    timeline:",
            f"      - at: {at(start)}",
            "        event: Requests start to fail",
            f"      - at: {at(detected)}",
            "        event: Monitoring alerts the on-call developer",
            f"      - at: {at(resolved)}",
            "        event: The supplier renews the certificate",
            "    actions:",
            "      - action: Alert on certificates that expire within 30 days",
            "        type: detect",
            "        owner: Digital platform lead",
            f"        due: {due}",
            f"        status: {rng.choice(['open', 'done', 'in-progress'])}",
        ]
    )


def _list(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def intheopen_text(p: Post) -> str:
    head = [
        "---",
        f'title: "{p.title}"',
        f"date: {p.date}",
        f"type: {p.kind}",
        f"principles: {_list(p.principles)}",
        f"summary: {p.summary}",
        f"authors: {_list(p.authors)}",
        f"tags: {_list(p.tags)}",
    ]
    if p.kind == "plan":
        head += ["plan:", "  state: in-progress"]
    if p.incident:
        head.append(p.incident)
    return "\n".join([*head, "---", "", p.body])


def material_text(p: Post) -> str:
    head = [
        "---",
        f'title: "{p.title}"',
        f"date: {p.date.split()[0]}",
        f"authors: {_list(p.authors)}",
        f"categories: {_list([p.kind.replace('-', ' ').capitalize()])}",
        f"tags: {_list(p.principles + p.tags)}",
        f"description: {p.summary}",
    ]
    return "\n".join([*head, "---", "", f"# {p.title}", "", p.body])


def png(shade: int) -> bytes:
    """A small grey PNG, built with zlib so that no imaging library is needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    width, height = 64, 40
    rows = b"".join(b"\0" + bytes([shade]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def write(count: int, out: Path, form: str, seed: int = 2026) -> None:
    """Write `count` posts, their images and the authors file under `out`."""
    posts_dir = out / ("posts" if form == "intheopen" else "docs/blog/posts")
    (posts_dir / "images").mkdir(parents=True, exist_ok=True)
    for image in range(IMAGES):
        (posts_dir / "images" / f"screen-{image}.png").write_bytes(png(90 + 25 * image))
    render = intheopen_text if form == "intheopen" else material_text
    for number in range(count):
        p = post(number, seed)
        path = posts_dir / p.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(p), encoding="utf-8")
    if form == "intheopen":
        lines = [f"{a}:\n  name: {name}\n  role: {role}\n" for a, name, role in AUTHORS]
        (out / "authors.yml").write_text("".join(lines), encoding="utf-8")
    else:
        lines = [
            f"  {a}:\n    name: {name}\n    description: {role}\n    avatar: images/screen-0.png\n"
            for a, name, role in AUTHORS
        ]
        (out / "docs/blog/.authors.yml").write_text("authors:\n" + "".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--format", choices=["intheopen", "material"], default="intheopen")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    write(args.count, args.out, args.format, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
