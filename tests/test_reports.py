"""Incident reports, open actions, plans, weeknotes and progress, from real builds of the
example site with an injected 'today' (SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import os
from collections import Counter
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from lxml import html

from conftest import ROOT
from intheopen.content.collection import load_blog
from sitebuild import build, copy_example

DECEMBER = int(datetime(2026, 12, 1, 12).timestamp())
SPRING = int(datetime(2027, 4, 15, 12).timestamp())


def built(root: Path, epoch: int) -> Path:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    copy_example(root)
    result = build(root, "--strict", env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)})
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def december(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory.mktemp("december"), DECEMBER)


@pytest.fixture(scope="module")
def spring(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory.mktemp("spring"), SPRING)


def page(site: Path, url: str) -> html.HtmlElement:
    return html.fromstring((site / url / "index.html").read_bytes())


def facts(section: html.HtmlElement) -> dict[str, str]:
    return {
        " ".join(div.findtext("dt").split()): " ".join(div.find("dd").text_content().split())
        for div in section.xpath(".//dl[contains(@class, 'ito-incident__facts')]/div")
    }


def test_an_incident_has_its_times_worked_out(december: Path) -> None:
    report = page(december, "posts/2026/06/missed-collections-app-outage")
    (section,) = report.xpath("//section[@class='ito-incident']")

    assert section.get("id") == "incident-inc-2026-007"
    assert facts(section) == {
        "Severity": "P2 major A service was unavailable to many people, or an important part "
        "of it did not work.",
        "Status": "Reviewed",
        "Services affected": "Report a missed collection, In-cab crew devices",
        "Started": "18 May 2026, 6:10am",
        "Time to detect": "1 day 5 hours 35 minutes (reported by a user)",
        "Time until users were no longer affected": "1 day 9 hours 20 minutes",
        "Duration": "2 days 2 hours 50 minutes",
        "Users affected": "412 households",
        "Contacts": "187 calls to the contact centre",
        "Supplier involved": "Yes: In-cab device supplier",
        "Personal data involved": "No",
    }
    (timeline,) = section.xpath(".//table[caption[starts-with(., 'Timeline')]]")
    assert timeline.xpath("thead//th/@scope") == ["col", "col"]
    first = timeline.xpath("tbody/tr")[0]
    assert " ".join(first.text_content().split()) == (
        "18 May 2026, 6:10am First report fails to reach the message queue"
    )


def test_a_round_up_has_a_section_for_each_incident(december: Path) -> None:
    report = page(december, "posts/2026/11/october-roundup")

    assert report.xpath("//section[@class='ito-incident']/@id") == [
        "incident-inc-2026-019",
        "incident-inc-2026-021",
    ]
    second = report.xpath("//section[@id='incident-inc-2026-021']")[0]
    assert facts(second)["Personal data involved"] == "Yes, reported to Data Protection Officer"
    assert facts(second)["Duration"] == "1 day 2 hours"


def open_actions(site: Path) -> list[tuple[str, str, str, bool]]:
    listing = page(site, "actions")
    rows = []
    for group in listing.xpath("//section[@class='ito-action-group']"):
        title = group.findtext("h2/a")
        for row in group.xpath(".//tbody/tr"):
            action = row.find("th").text.strip()
            status = row.xpath("td[3]/strong/text()")
            rows.append((title, action, status[0], "Overdue" in status))
    return rows


def test_open_actions_and_when_they_are_overdue(december: Path, spring: Path) -> None:
    assert open_actions(december) == [
        (
            "Payment page timing out for card payments",
            "Agree notice of changes with the payment provider",
            "Open",
            False,
        ),
        (
            "Missed collection reports not sent to in-cab devices",
            "Confirm a report to residents only once a crew has it",
            "In progress",
            False,
        ),
    ]
    assert [row[3] for row in open_actions(spring)] == [True, True]
    link = page(december, "actions").xpath("//section//h2/a/@href")[1]
    assert link == "../posts/2026/06/missed-collections-app-outage/#incident-inc-2026-007"


def test_open_actions_have_a_feed(december: Path) -> None:
    parsed = feedparser.parse((december / "actions/feed.atom").read_bytes())

    assert not parsed.bozo
    assert [e.title for e in parsed.entries] == [
        "Agree notice of changes with the payment provider (due 31 December 2026)",
        "Confirm a report to residents only once a crew has it (due 18 December 2026)",
    ]
    assert parsed.entries[1].link.endswith(
        "/posts/2026/06/missed-collections-app-outage/#incident-inc-2026-007"
    )


def plans(site: Path) -> dict[str, tuple[str, bool, str]]:
    rows = page(site, "plans").xpath("//table/tbody/tr")
    return {
        row.findtext("th/a"): (
            row.xpath("td[1]/strong/text()")[0],
            bool(row.xpath("td[3]//strong[text()='Update overdue']")),
            " ".join(row.xpath("td[4]")[0].text_content().split()),
        )
        for row in rows
    }


def test_plans_and_overdue_updates(december: Path, spring: Path) -> None:
    assert plans(december) == {
        "Our plan for garden waste renewals in 2027": (
            "In progress",
            False,
            "1, latest 30 October 2026",
        ),
        "Our plan to fix the accessibility of our forms": ("In progress", True, "0"),
    }
    assert plans(spring)["Our plan for garden waste renewals in 2027"][1] is True


def test_a_plan_and_what_follows_it_link_to_each_other(december: Path) -> None:
    plan = page(december, "posts/2026/09/garden-waste-renewals-plan")
    lessons = page(december, "posts/2026/10/garden-waste-prototype-lessons")

    assert plan.xpath("//footer[@class='ito-post-footer']//li[@class='ito-card']//h2/a/@href") == [
        "../../10/garden-waste-prototype-lessons/"
    ]
    assert lessons.xpath("//p[@class='ito-follows']/a/@href") == [
        "../../09/garden-waste-renewals-plan/"
    ]


def test_weeknotes_live_at_their_iso_week_and_link_within_the_series(december: Path) -> None:
    week44 = page(december, "weeknotes/2026-w44/garden-waste-weeknote-44")

    assert week44.xpath("//p[@class='ito-kicker']")[0].text_content().split("·")[1].strip() == (
        "Week 44, 2026"
    )
    older = week44.xpath("//a[@rel='prev'][contains(@class, 'ito-neighbour')]/@href")
    assert older == ["../../2026-w43/garden-waste-weeknote-43/"]
    assert not week44.xpath("//a[@rel='next'][contains(@class, 'ito-neighbour')]")
    feed = feedparser.parse((december / "types/weeknote/feed.xml").read_bytes())
    assert [e.title for e in feed.entries] == [
        "Garden waste team weeknote: week 44",
        "Garden waste team weeknote: week 43",
    ]


def table(chart: html.HtmlElement) -> dict[str, list[str]]:
    return {
        row[0].text_content(): [cell.text_content() for cell in row[1:]]
        for row in chart.xpath(".//table/tbody/tr")
    }


def test_progress_charts_and_their_tables(december: Path) -> None:
    progress = page(december, "progress")
    blog = load_blog(ROOT / "posts", ROOT / "authors.yml", ROOT)
    charts = {s.get("aria-labelledby"): s for s in progress.xpath("//section[@class='ito-chart']")}

    by_principle = table(charts["posts-by-principle-quarter-heading"])
    counted = Counter(
        (f"{p.date.year} Q{(p.date.month - 1) // 3 + 1}", principle)
        for p in blog.posts
        for principle in p.principles
    )
    slugs = ["user-needs", "fix-our-plumbing", "safe-sharing", "digital-leadership", "open-culture"]
    for quarter, cells in by_principle.items():
        assert cells[:-1] == [str(counted[(quarter, s)]) for s in slugs]
        assert cells[-1] == str(sum(counted[(quarter, s)] for s in slugs))
    assert set(by_principle) == {"2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"}
    assert table(charts["incidents-by-severity-quarter-heading"]) == {
        "2026 Q2": ["0", "1", "0", "0", "1"],
        "2026 Q3": ["0", "0", "0", "0", "0"],
        "2026 Q4": ["0", "0", "1", "1", "2"],
    }
    assert table(charts["actions-by-status-heading"]) == {
        "Open": ["1", "1"],
        "In progress": ["1", "1"],
        "Done": ["4", "4"],
        "Won't do": ["0", "0"],
    }
    svg = charts["actions-by-status-heading"].xpath(".//*[local-name()='svg']")[0]
    assert svg.get("role") == "img"
    assert svg.xpath("./*[local-name()='title']/text()") == [
        "Actions from incident reports, open and closed: incidents of 2026"
    ]
    titles = [h.text_content() for h in progress.xpath("//section[@class='ito-chart']/h2")]
    assert titles[:2] == [
        "Posts by principle, each quarter, 2026 Q1 to 2026 Q4",
        "Incidents by severity, each quarter, 2026 Q2 to 2026 Q4",
    ]
    assert "posts-by-principle-year-heading" not in charts  # the quarters cover every post
    assert len(svg.xpath(".//*[local-name()='rect'][@class='ito-series-1']")) == 4  # 3 bars + key


def test_progress_shows_every_year_and_says_which_period_each_chart_covers(
    tmp_path: Path,
) -> None:
    root = copy_example(tmp_path)
    incident = (root / "posts/2026/missed-collections-app-outage.md").read_text("utf-8")
    for year in range(2019, 2025):
        older = incident.replace("2026-", f"{year}-").replace("INC-2026", f"INC-{year}")
        (root / f"posts/2026/outage-{year}.md").write_text(older, "utf-8")
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    progress = page(root / "site", "progress")
    charts = {s.get("aria-labelledby"): s for s in progress.xpath("//section[@class='ito-chart']")}
    titles = [h.text_content() for h in progress.xpath("//section[@class='ito-chart']/h2")]

    by_year = table(charts["incidents-by-severity-year-heading"])
    assert list(by_year) == [str(year) for year in range(2019, 2027)]
    assert sum(int(cells[-1]) for cells in by_year.values()) == 6 + 3  # every incident
    assert "Incidents by severity, each year, 2019 to 2026" in titles
    assert "Incidents by severity, each quarter, 2025 Q1 to 2026 Q4" in titles
    assert "Posts by principle, each year, 2019 to 2026" in titles


def test_an_incident_post_names_each_heading_once(december: Path) -> None:
    post = page(december, "posts/2026/06/missed-collections-app-outage")
    found = post.xpath("//article//h2 | //article//h3")
    headings = [h.text_content().replace("¶", "").strip() for h in found]
    assert "Review in brief" in headings
    assert [h for h in headings if headings.count(h) > 1] == []
