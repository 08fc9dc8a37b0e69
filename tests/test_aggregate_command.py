"""`intheopen aggregate` end to end, against local servers of good, broken and hostile feeds."""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import feedparser
from lxml import etree, html

from browser import axe, chromium, serve, vnu
from feedserver import FeedServer, drip, rss, send
from test_aggregate_store import HOSTILE

INTHEOPEN = [sys.executable, "-c", "from intheopen.cli import run; run()"]  # as installed
OURS = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Anytown",
        "items": [
            {
                "id": "tag:anytown,2026:posts/a",
                "url": "https://anytown.example/a",
                "title": "Working in the open",
                "content_html": "<p>Hello</p>",
                "date_published": "2026-03-01T09:00:00+00:00",
                "_intheopen": {"principles": ["open-culture"], "type": "weeknote"},
            }
        ],
    }
).encode()


def sources_file(root: Path, base: str) -> Path:
    path = root / "sources.yml"
    path.write_text(
        f"""\
title: South Region council blogs
site_url: https://blogs.sector.example/
contact: https://sector.example/about
keywords:
  safe-sharing: [open data]
sources:
  - name: Anytown Borough Council
    id: E07999999
    feeds: [{base}/anytown.json]
  - name: Otherton District Council
    feeds: [{base}/otherton.xml]
  - name: Evil Council
    feeds: [{base}/evil.xml]
  - name: Slow Council
    feeds: [{base}/slow.xml]
  - name: Broken Council
    feeds: [{base}/broken.xml]
""",
        encoding="utf-8",
    )
    return path


def aggregate(root: Path, sources: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        *INTHEOPEN,
        "aggregate",
        sources.name,
        "--out",
        "out",
        "--data",
        "data",
        "--allow-loopback",
        "--deadline",
        "8",
        *extra,
    ]
    return subprocess.run(command, capture_output=True, text=True, cwd=root, timeout=120)


def test_aggregate_builds_a_safe_site_and_refreshes_conditionally(tmp_path: Path) -> None:
    server = FeedServer()

    def etagged(body: bytes) -> Any:
        def handle(h: Any) -> None:
            if h.headers.get("If-None-Match") == '"1"':
                send(h, 304)
            else:
                send(h, 200, body, ETag='"1"')

        return handle

    server.route("/anytown.json", etagged(OURS))
    server.route(
        "/otherton.xml",
        etagged(
            rss(
                "Otherton",
                [("o1", "Open data at Otherton")],
                extra="<category>Open Data</category>",
            )
        ),
    )
    server.route("/evil.xml", lambda h: send(h, 200, HOSTILE))
    server.route("/slow.xml", drip(server.stop))
    server.route("/broken.xml", lambda h: send(h, 500))
    with server.running() as base:
        path = sources_file(tmp_path, base)
        started = time.monotonic()
        first = aggregate(tmp_path, path)
        assert time.monotonic() - started < 30  # the slow feed cannot hold the run
        second = aggregate(tmp_path, path)

    assert first.returncode == 0, first.stderr
    assert "Broken Council: " in first.stdout and "the server answered 500" in first.stdout
    assert "Slow Council: " in first.stdout
    assert "the run's time ran out before it finished" in first.stdout
    out = tmp_path / "out"
    home = html.fromstring((out / "index.html").read_bytes())
    titles = home.xpath("//li[@class='ito-card']//h2//text()")
    assert {"Working in the open", "Open data at Otherton", "Bins"} <= set(titles)
    principle = html.fromstring((out / "principles/safe-sharing/index.html").read_bytes())
    assert principle.xpath("//li[@class='ito-card']//h2/a/text()") == ["Open data at Otherton"]
    unclassified = html.fromstring((out / "unclassified/index.html").read_bytes())
    assert unclassified.xpath("//li[@class='ito-card']//h2//text()") == ["Bins"]
    council = html.fromstring((out / "councils/e07999999/index.html").read_bytes())
    assert council.xpath("//li[@class='ito-card']//h2/a/@href") == ["https://anytown.example/a"]
    health = html.fromstring((out / "health/index.html").read_bytes())
    rows = {
        r.findtext("th/a"): [c.text_content() for c in r.findall("td")]
        for r in health.xpath("//tbody/tr")
    }
    assert rows["Broken Council"][1:3] == ["500", "the server answered 500"]
    assert rows["Anytown Borough Council"][1] == "304"  # the last fetch: nothing had changed

    for file in out.rglob("*"):
        if file.suffix in (".html", ".xml", ".atom", ".json", ".opml"):
            text = file.read_text(encoding="utf-8").lower()
            assert "alert(" not in text, file
            assert "javascript:" not in text, file
        if file.suffix == ".html":
            assert not html.fromstring(file.read_bytes()).xpath(
                "//*[@*[starts-with(name(), 'on')]]"
            ), file
            assert 'http-equiv="content-security-policy"' in file.read_text().lower(), file
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == 3

    check_pages(out, tmp_path)

    assert second.returncode == 0, second.stderr
    db = sqlite3.connect(tmp_path / "data/store.db")
    statuses = [
        row[0]
        for row in db.execute(
            "SELECT f.status FROM fetches f JOIN feeds d ON d.url = f.feed_url "
            "WHERE d.source_id IN ('e07999999', 'otherton-district-council') ORDER BY f.id"
        )
    ]
    assert statuses == [200, 200, 304, 304]
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 3


def test_a_wrong_sources_file_is_explained(tmp_path: Path) -> None:
    (tmp_path / "sources.yml").write_text("sources: []\n", encoding="utf-8")

    result = aggregate(tmp_path, tmp_path / "sources.yml")

    assert result.returncode == 1
    assert result.stdout == (
        "sources.yml:1: site_url: required but is missing\n"
        "sources.yml:1: sources: required but is empty\n"
    )


def check_pages(out: Path, tmp_path: Path) -> None:
    """The aggregated site is held to the blog's standard: axe-core and the Nu Html Checker,
    and its own Content-Security-Policy must not refuse any of the page's scripts."""
    assert vnu(sorted(out.rglob("*.html"))) == []
    refused: list[str] = []
    with serve(out) as base, chromium(tmp_path / "profile") as browser:
        page = browser.new_page()
        # Served here rather than at its site_url, the sitemap fetch is cross-origin and
        # refused by connect-src; a refused script is what must never happen.
        page.on("console", lambda m: refused.append(m.text) if "script-src" in m.text else None)
        for url in ("", "principles/open-culture/", "councils/e07999999/", "health/"):
            for scheme in ("default", "slate"):
                page.goto(base + url, wait_until="networkidle")
                assert axe(page, scheme) == [], (url, scheme)
    assert refused == []


def test_the_aggregated_site_asks_nothing_of_other_websites(tmp_path: Path) -> None:
    server = FeedServer()
    server.route("/anytown.json", lambda h: send(h, 200, OURS))
    (tmp_path / "out").mkdir()
    requested: list[str] = []
    with server.running() as feeds, serve(tmp_path / "out") as base:
        (tmp_path / "sources.yml").write_text(
            f"site_url: {base}\nsources:\n  - name: Anytown\n    feeds: [{feeds}/anytown.json]\n",
            encoding="utf-8",
        )
        assert aggregate(tmp_path, tmp_path / "sources.yml").returncode == 0
        with chromium(tmp_path / "profile") as browser:
            page = browser.new_page()
            page.on("request", lambda request: requested.append(request.url))
            for path in sorted((tmp_path / "out").rglob("index.html")):
                url = path.relative_to(tmp_path / "out").as_posix().removesuffix("index.html")
                page.goto(base + url, wait_until="networkidle")
            assert browser.cookies() == []
    assert {u.split("/")[2] for u in requested} == {base.split("/")[2]}


def test_a_damaged_store_is_explained(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data/store.db").write_bytes(b"this is not a database" * 100)
    (tmp_path / "sources.yml").write_text(
        "site_url: https://b.example/\nsources:\n  - name: A\n    feeds: [https://a.example/f]\n",
        encoding="utf-8",
    )

    result = aggregate(tmp_path, tmp_path / "sources.yml")

    assert result.returncode == 1
    assert result.stdout == (
        "data/store.db: the store cannot be opened (file is not a database); move it aside to "
        "start a new one\n"
    )
    assert "Traceback" not in result.stderr


def one_source(root: Path, feed: str, name: str = "sources.yml") -> Path:
    path = root / name
    path.write_text(
        f"site_url: https://b.example/\nsources:\n  - name: A\n    feeds: [{feed}]\n",
        encoding="utf-8",
    )
    return path


def test_not_one_feed_fetched_is_its_own_exit_code(tmp_path: Path) -> None:
    server = FeedServer()
    server.route("/a.json", lambda h: send(h, 200, OURS))
    with server.running() as base:
        good = aggregate(tmp_path, one_source(tmp_path, f"{base}/a.json"))
        server.route("/a.json", lambda h: send(h, 500))
        failed = aggregate(tmp_path, one_source(tmp_path, f"{base}/a.json"))

    assert good.returncode == 0, good.stdout
    assert failed.returncode == 3
    assert failed.stdout.splitlines()[-1] == (
        "Not one feed could be fetched: the site shows only what was stored before."
    )
    # The site is still written, from what the store held.
    home = html.fromstring((tmp_path / "out/index.html").read_bytes())
    assert home.xpath("//li[@class='ito-card']//h2//text()") == ["Working in the open"]


def test_an_output_folder_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file where a folder should be", encoding="utf-8")
    sources = one_source(tmp_path, "https://a.example/feed")
    command = [*INTHEOPEN, "aggregate", sources.name, "--out", "blocked/site", "--data", "data"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=120)

    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].startswith(
        "the site could not be written to blocked/site ("
    )
    assert result.stdout.splitlines()[-1].endswith("the last site there, if any, is unchanged")
    assert "Traceback" not in result.stderr


def test_a_store_overwritten_mid_file_is_explained_and_the_site_kept(tmp_path: Path) -> None:
    server = FeedServer()
    many = rss("Many", [(f"g{i}", f"Post {i} " + "words " * 200) for i in range(300)])
    server.route("/many.xml", lambda h: send(h, 200, many))
    with server.running() as base:
        sources = one_source(tmp_path, f"{base}/many.xml")
        assert aggregate(tmp_path, sources).returncode == 0
        before = (tmp_path / "out/index.html").read_bytes()
        store = tmp_path / "data/store.db"
        data = bytearray(store.read_bytes())
        data[8192:40960] = b"\xff" * (40960 - 8192)  # pages 3 to 10 overwritten
        store.write_bytes(bytes(data))
        for suffix in ("-wal", "-shm"):
            Path(f"{store}{suffix}").unlink(missing_ok=True)
        damaged = aggregate(tmp_path, sources)

    assert damaged.returncode == 1
    assert damaged.stdout.splitlines()[-1].startswith("data/store.db: the store could not be read")
    assert "move it aside (or restore a backup)" in damaged.stdout
    assert "Traceback" not in damaged.stderr
    assert (tmp_path / "out/index.html").read_bytes() == before


def test_an_opml_without_owner_id_takes_site_url(tmp_path: Path) -> None:
    server = FeedServer()
    server.route("/a.json", lambda h: send(h, 200, OURS))
    with server.running() as base:
        (tmp_path / "feeds.opml").write_text(
            '<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>'
            f'<outline text="Anytown" type="rss" xmlUrl="{base}/a.json"/></body></opml>',
            encoding="utf-8",
        )
        refused = aggregate(tmp_path, tmp_path / "feeds.opml")
        command = [
            *INTHEOPEN, "aggregate", "feeds.opml", "--out", "out", "--data", "data",
            "--allow-loopback", "--site-url", "https://feeds.sector.example/",
        ]  # fmt: skip
        taken = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=120)

    assert refused.returncode == 1
    assert refused.stdout == (
        "feeds.opml: ownerId: give the aggregated site's address with --site-url (or as "
        "<ownerId> in the OPML head): its feeds need full addresses\n"
    )
    assert taken.returncode == 0, taken.stdout
    feed = feedparser.parse((tmp_path / "out/feed.xml").read_bytes())
    assert feed.feed.link == "https://feeds.sector.example/"


def test_a_run_rebuilds_only_the_pages_and_feeds_whose_posts_changed(tmp_path: Path) -> None:
    server = FeedServer()
    posts = [("a1", "Working in the open")]
    server.route("/anytown.xml", lambda h: send(h, 200, rss("Anytown", posts)))
    listed = (
        "title: South Region council blogs\nsite_url: https://blogs.sector.example/\n"
        "sources:\n  - name: Anytown Borough Council\n    feeds: [BASE/anytown.xml]\n"
    )
    out = tmp_path / "out"

    def run_once(*extra: str) -> dict[str, int]:
        (tmp_path / "sources.yml").write_text(listed.replace("BASE", base), "utf-8")
        done = aggregate(tmp_path, tmp_path / "sources.yml", *extra)
        assert done.returncode == 0, done.stdout + done.stderr
        return {
            p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()
        }

    with server.running() as base:
        first = run_once()
        second = run_once()  # the same feed again: nothing new stored
        posts.append(("a2", "A second post"))
        third = run_once()  # a new post: the listings it is in, and their feeds
        partly = {path: (out / path).read_bytes() for path in third}  # as --rebuild makes
        # it, but for the time an empty feed says it was updated: when last written
        fourth = run_once("--rebuild")
        whole = {path: (out / path).read_bytes() for path in fourth}
        assert (tmp_path / "data/site.json").is_file()  # --rebuild remembers what it built
        (tmp_path / "data/site.json").write_text('{"key": 1}', "utf-8")  # damaged: all again
        fifth = run_once()

    assert set(second) == set(first)
    remade = {path for path in first if second[path] != first[path]}
    assert remade == {"health/index.html", "sources.opml"}
    health = html.fromstring((out / "health/index.html").read_bytes())
    assert health.xpath("//tbody/tr/td")[0].text_content() != "never"
    assert third["index.html"] != second["index.html"]
    council = "councils/anytown-borough-council/"
    listings = ["", council, "unclassified/"]  # the listings the new post is in
    assert {path for path in third if third[path] != second.get(path)} == {
        "health/index.html",
        "sources.opml",
        "sitemap.xml",
        "sitemap.xml.gz",
        *(f"{listing}index.html" for listing in listings),
        *(f"{listing}feed.{kind}" for listing in listings for kind in ("xml", "atom", "json")),
    }
    home = html.fromstring((out / "index.html").read_bytes())
    assert "A second post" in home.xpath("//li[@class='ito-card']//h2//text()")
    assert fourth["index.html"] != third["index.html"]  # --rebuild: the whole site
    assert whole.keys() == partly.keys()
    differ = {path for path in whole if whole[path] != partly[path]}
    assert all(feedparser.parse(whole[path]).entries == [] for path in differ)
    assert fifth["index.html"] != fourth["index.html"]


def dated_rss(name: str, count: int, newest: datetime, step: timedelta) -> bytes:
    """An RSS feed of `count` posts, newest first, `step` apart."""
    entries = "".join(
        f"<item><title>{name} {n}</title><link>https://council.example/{n}</link>"
        f"<guid>post-{n}</guid><pubDate>{format_datetime(newest - n * step)}</pubDate></item>"
        for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>A</title>'
        f"<link>https://council.example/</link><description>x</description>{entries}"
        "</channel></rss>"
    ).encode()


def test_listings_show_the_latest_posts_then_archives_by_year_and_month(tmp_path: Path) -> None:
    server = FeedServer()
    busy = dated_rss("Busy", 260, datetime(2026, 11, 30, 9, tzinfo=UTC), timedelta(hours=20))
    quiet = dated_rss("Quiet", 40, datetime(2024, 6, 1, 9, tzinfo=UTC), timedelta(days=3))
    server.route("/a.xml", lambda h: send(h, 200, busy))
    server.route("/b.xml", lambda h: send(h, 200, quiet))
    out = tmp_path / "out"
    with server.running() as base:
        (tmp_path / "sources.yml").write_text(
            "site_url: https://b.example/\nsources:\n"
            f"  - name: Busy\n    feeds: [{base}/a.xml]\n"
            f"  - name: Quiet\n    feeds: [{base}/b.xml]\n",
            encoding="utf-8",
        )
        done = aggregate(tmp_path, tmp_path / "sources.yml")
    assert done.returncode == 0, done.stdout + done.stderr

    def cards(path: str) -> list[str]:
        page = html.fromstring((out / path / "index.html").read_bytes())
        return [str(t).strip() for t in page.xpath("//li[@class='ito-card']//h2//text()")]

    home = html.fromstring((out / "index.html").read_bytes())
    assert len(cards("")) == 50
    archive = home.xpath("//section[@class='ito-archive']//a/@href")
    assert archive[0] == "archive/2026/11/" and "archive/2024/" in archive
    shown = [title for link in archive for title in cards(link)]
    assert len(shown) == len(set(shown)) == 300  # every post once, quiet ones in one page
    assert cards("archive/2024/") == [f"Quiet {n}" for n in range(40)]
    assert not (out / "page/2").exists()
    quiet_council = html.fromstring((out / "councils/quiet/index.html").read_bytes())
    assert quiet_council.xpath("//section[@class='ito-archive']") == []  # 40 posts: one page
    index = json.loads((out / "search/search_index.json").read_bytes())
    assert not any("archive/" in doc["location"] for doc in index["docs"])
    november = html.fromstring((out / "archive/2026/11/index.html").read_bytes())
    assert november.xpath("//h1/text()") == ["Council blogs: November 2026"]
    assert november.xpath("//a[@rel='next']/@href") == ["../10/"]
    sitemap = etree.fromstring((out / "sitemap.xml").read_bytes())
    listed = {loc.removeprefix("https://b.example/") for loc in sitemap.itertext() if "/" in loc}
    built = {p.relative_to(out).as_posix().removesuffix("index.html") for p in out.rglob("*.html")}
    assert listed == built - {"404.html"}
    assert (
        gzip.decompress((out / "sitemap.xml.gz").read_bytes()) == (out / "sitemap.xml").read_bytes()
    )
    assert vnu([out / "archive/2026/11/index.html", out / "index.html"]) == []
    with serve(out) as url, chromium(tmp_path / "profile") as browser:
        page = browser.new_page()
        for path in ("", "archive/2026/11/"):
            page.goto(url + path, wait_until="networkidle")
            assert axe(page) == [], path
