"""The aggregator's memory of its last site: what a run must build again over it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from intheopen.aggregate.listings import Page, Plan
from intheopen.feeds.writer import Channel
from intheopen.speed.kept_site import KeptSite

SOURCES = "Sources(…)"


def page(path: str, posts: list[str], searchable: bool = True) -> Page:
    view = {"heading": path or "Home", "posts": [{"title": p} for p in posts]}
    return Page(path, path or "Home", "intheopen/aggregate.html", view, "", searchable)


def channel(path: str) -> Channel:
    title = path or "Home"
    return Channel(
        path=path, title=title, description="", page=path, posts=(), label=title, kind="ready"
    )


def plan(pages: list[Page], feeds: list[Channel]) -> Plan:
    return Plan(pages, feeds, {"sources.opml": b"<opml/>"})


def remembered(tmp_path: Path, made: Plan) -> tuple[KeptSite, Path]:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    (out / "index.html").write_text("<p>last site</p>", encoding="utf-8")
    kept = KeptSite(tmp_path)
    kept.remember(out, SOURCES, "version 1", {}, made)
    return kept, out


FIRST = plan(
    [page("", ["a", "b"]), page("archive/2026/", ["a", "b"], searchable=False)],
    [channel(""), channel("councils/x/")],
)


def test_nothing_changed_builds_nothing_but_the_files(tmp_path: Path) -> None:
    kept, out = remembered(tmp_path, FIRST)

    part = kept.changed(out, SOURCES, FIRST)

    assert part is not None
    assert (part.plan.pages, part.feeds, part.gone) == ([], [], [])
    assert part.plan.files == FIRST.files and part.plan.channels == FIRST.channels
    assert kept.unchanged(out, SOURCES, "version 1") == {}
    assert kept.unchanged(out, SOURCES, "version 2") is None


def test_changed_new_and_gone_archive_pages_and_changed_feeds(tmp_path: Path) -> None:
    kept, out = remembered(tmp_path, FIRST)
    home = page("", ["c", "a"])
    new = page("archive/2027/", ["c"], searchable=False)
    feeds = [channel(""), dataclasses.replace(FIRST.channels[1], description="other")]

    part = kept.changed(out, SOURCES, plan([home, new], feeds))

    assert part is not None
    assert [p.path for p in part.plan.pages] == ["", "archive/2027/"]
    assert [c.path for c in part.feeds] == ["councils/x/"]
    assert part.gone == ["archive/2026/"]


def test_a_whole_build_when_search_pages_sources_code_or_the_site_differ(
    tmp_path: Path,
) -> None:
    kept, out = remembered(tmp_path, FIRST)
    more = plan([*FIRST.pages, page("councils/y/", [])], FIRST.channels)
    fewer_feeds = plan(FIRST.pages, FIRST.channels[:1])

    assert kept.changed(out, SOURCES, more) is None  # the search index would miss it
    assert kept.changed(out, SOURCES, fewer_feeds) is None
    assert kept.changed(out, "Sources(other)", FIRST) is None
    assert kept.changed(tmp_path / "elsewhere", SOURCES, FIRST) is None
    (out / "index.html").unlink()
    assert kept.changed(out, SOURCES, FIRST) is None
    (out / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "site.json").write_text('{"key": "planted"}', encoding="utf-8")
    assert kept.changed(out, SOURCES, FIRST) is None


def test_a_run_forgets_the_last_site_until_the_new_one_is_in_place(tmp_path: Path) -> None:
    kept, out = remembered(tmp_path, FIRST)
    tallies = kept.unchanged(out, SOURCES, "version 1")  # nothing new: health page only
    kept.forget()  # before building over the site: a run that fails leaves no memory
    assert KeptSite(tmp_path).unchanged(out, SOURCES, "version 1") is None

    kept.remember(out, SOURCES, "version 1", tallies or {}, None)  # the pages as they were

    again = KeptSite(tmp_path)
    part = again.changed(out, SOURCES, FIRST)
    assert part is not None and part.plan.pages == [] and part.feeds == []
