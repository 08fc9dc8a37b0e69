"""The same site built by each engine: MkDocs and ProperDocs run our plugin, Zensical builds
the blog generated ahead. Same URLs, same posts on the same pages, byte-identical feeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from lxml import html as lxml_html

from browser import axe_pages, chromium, serve, vnu
from conftest import ROOT
from outputs_check import check_json_feed, check_xml_feed
from sitebuild import copy_example, every_output_text, post_text
from test_cli_site import BROKEN, fetch, free_port, wait_for

ENGINES = ("mkdocs", "properdocs", "zensical")
EPOCH = "1796083200"  # 2026-12-01: every example post is published by then
DRAFT = "Draftmarker unpublished plan"
SCHEDULED = "Schedmarker future update"
GENERATED = 40  # posts of every type, from the benchmarks' generator


def intheopen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(Path(sys.executable).parent / "intheopen"), *args]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)


def generated_site(root: Path) -> Path:
    """Generated posts of every type, plus a draft and a scheduled post that must not show."""
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "posts.py"), str(GENERATED), str(root)], check=True
    )
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Generated council\n\nWelcome.\n", "utf-8")
    authors = (root / "authors.yml").read_text("utf-8")
    author = authors.split(":", 1)[0].strip()
    (root / "mkdocs.yml").write_text(
        "site_name: Generated Council blog\nsite_url: https://blog.generated.example/\n"
        "theme:\n  name: material\n  font: false\nplugins:\n  - search\n  - intheopen\n",
        "utf-8",
    )
    (root / "posts" / "draft.md").write_text(
        post_text(DRAFT, date="2026-01-05", status="draft", authors=f"[{author}]"), "utf-8"
    )
    (root / "posts" / "later.md").write_text(
        post_text(SCHEDULED, date="2030-01-05", authors=f"[{author}]"), "utf-8"
    )
    return root


def built(root: Path, engine: str) -> Path:
    result = intheopen(root, "build", "--strict", "--engine", engine)
    assert result.returncode == 0, result.stderr
    names = {"mkdocs": "MkDocs", "properdocs": "ProperDocs", "zensical": "Zensical"}
    assert result.stderr.startswith(f"intheopen: build with {names[engine]} ")
    return root / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Both sites, built by every engine: (site, engine) -> its built folder."""
    made: dict[tuple[str, str], Path] = {}
    for name in ("example", "generated"):
        for engine in ENGINES:
            root = tmp_path_factory.mktemp(f"{name}-{engine}")
            copy_example(root) if name == "example" else generated_site(root)
            made[name, engine] = built(root, engine)
    return made


def tree(site: Path, url: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def feed_files(site: Path) -> dict[str, bytes]:
    names = {"feed.xml", "feed.atom", "feed.json", "feeds.opml", "posts.json"}
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.name in names
    }


@pytest.mark.parametrize("name", ["example", "generated"])
def test_feed_files_are_byte_identical_whatever_the_engine(
    sites: dict[tuple[str, str], Path], name: str
) -> None:
    reference = feed_files(sites[name, "mkdocs"])
    assert len(reference) > 30
    for engine in ENGINES[1:]:
        assert feed_files(sites[name, engine]) == reference, engine


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["example", "generated"])
def test_every_published_post_has_its_page_and_every_principle_lists_exactly_its_posts(
    sites: dict[tuple[str, str], Path], name: str, engine: str
) -> None:
    site = sites[name, engine]
    index = json.loads((site / "posts.json").read_text("utf-8"))
    posts = index["posts"]
    assert len(posts) >= (GENERATED if name == "generated" else 8)
    base = index["site"]["url"]
    for post in posts:
        url = post["url"].removeprefix(base)
        assert [h.text_content() for h in tree(site, url).iter("h1")] == [post["title"]]
    for principle in {p for post in posts for p in post["principles"]}:
        listed: set[str] = set()
        first = f"principles/{principle}/"
        pages = [first, *(f"{first}page/{n}/" for n in range(2, 100))]
        for url in pages:
            if not (site / url / "index.html").is_file():
                break
            page = tree(site, url)
            page.make_links_absolute(base + url)
            listed |= set(page.xpath("//*[@class='ito-card__title']/a/@href"))
        wanted = {post["url"] for post in posts if principle in post["principles"]}
        assert listed == wanted, principle


@pytest.mark.parametrize("engine", ENGINES)
def test_incident_posts_show_their_summary_and_timeline(
    sites: dict[tuple[str, str], Path], engine: str
) -> None:
    page = tree(sites["example", engine], "posts/2026/06/missed-collections-app-outage/")
    incident = page.xpath("//section[@class='ito-incident']")
    assert incident
    text = incident[0].text_content()
    assert "Severity" in text and "Timeline" in text
    assert page.xpath("//*[@class='ito-body']/h2")  # the post's own body, rendered


@pytest.mark.parametrize("engine", ENGINES)
def test_feeds_are_valid_and_nothing_unpublished_shows(
    sites: dict[tuple[str, str], Path], engine: str
) -> None:
    site = sites["generated", engine]
    for path in sorted(site.rglob("feed.*")):
        if path.suffix in (".xml", ".atom"):
            assert check_xml_feed(path.read_bytes()) == [], path
            assert not feedparser.parse(path.read_bytes()).bozo, path
        elif path.suffix == ".json":
            assert check_json_feed(path.read_bytes()) == [], path
    text = every_output_text(site)
    assert DRAFT not in text and SCHEDULED not in text
    assert "Draftmarker" not in text and "Schedmarker" not in text


def test_zensical_gets_feed_links_footer_and_no_plugin_of_ours(
    sites: dict[tuple[str, str], Path],
) -> None:
    site = sites["example", "zensical"]
    page = tree(site, "principles/user-needs/")
    feeds = page.xpath("//head/link[@rel='alternate']/@href")
    assert "https://digital.anytown.example/principles/user-needs/feed.xml" in feeds
    footer = page.xpath("//*[@class='md-copyright']")[0].text_content()
    assert "Open Government Licence" in footer and "Anytown Borough Council" in footer
    post = tree(site, "posts/2026/06/missed-collections-app-outage/")
    assert post.xpath("//meta[@property='og:title']")
    assert post.xpath("//script[@type='application/ld+json']")
    generated = (site.parent / ".intheopen" / "zensical" / "mkdocs.yml").read_text("utf-8")
    assert "intheopen:" not in generated.split("plugins:")[1].split("\n\n")[0]


def test_a_link_between_posts_and_pages_works_on_zensical(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    outage = "2026/missed-collections-app-outage.md"
    (root / "docs" / "about.md").write_text(
        f"# About\n\nRead [our outage report](../posts/{outage}).\n", "utf-8"
    )
    site = built(root, "zensical")
    link = tree(site, "about/").xpath("//a[text()='our outage report']/@href")
    assert link == ["../posts/2026/06/missed-collections-app-outage/"]


def test_a_planted_file_in_the_generated_folder_is_not_published(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    planted = root / ".intheopen" / "zensical" / "docs" / "planted.md"
    planted.parent.mkdir(parents=True)
    planted.write_text("# Planted\n", "utf-8")
    site = built(root, "zensical")
    assert not (site / "planted").exists()


def test_an_unknown_engine_is_refused_as_a_usage_error(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    result = intheopen(root, "build", "--engine", "hugo")
    assert result.returncode == 2
    assert "'hugo' is not an engine" in result.stderr


# Zensical's own theme in a real browser, as the MkDocs build is checked in
# test_accessibility.py. What it finds there that we cannot mend is recorded in README's
# engine table.
ZENSICAL_PAGES = [
    "",
    "posts/",
    "posts/2026/06/missed-collections-app-outage/",
    "posts/2026/09/garden-waste-renewals-plan/",
    "principles/open-culture/",
    "subscribe/",
    "actions/",
    "progress/",
    "accessibility/",
]


@pytest.fixture(scope="module")
def zensical_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = copy_example(tmp_path_factory.mktemp("zensical-browser"))
    (root / "site").mkdir()
    with serve(root / "site") as base:
        config = (root / "mkdocs.yml").read_text(encoding="utf-8")
        (root / "mkdocs.yml").write_text(
            config.replace("https://digital.anytown.example/", base), encoding="utf-8"
        )
        built(root, "zensical")
        yield root / "site", base


def test_zensical_pages_pass_axe_in_both_colour_schemes(
    zensical_served: tuple[Path, str], tmp_path: Path
) -> None:
    with chromium(tmp_path / "profile") as browser:
        assert axe_pages(browser.new_page(), zensical_served[1], ZENSICAL_PAGES) == {}


def test_zensical_pages_pass_the_nu_html_checker(zensical_served: tuple[Path, str]) -> None:
    site = zensical_served[0]
    errors = vnu([site / url / "index.html" for url in ZENSICAL_PAGES])
    assert [f"{e['url']}:{e.get('lastLine')}: {e['message']}" for e in errors] == []


def test_check_warns_when_zensical_would_build_without_the_blog(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    workflow = root / ".github" / "workflows" / "site.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("jobs:\n  b:\n    steps:\n      - run: zensical build --strict\n")
    (root / "zensical.toml").write_text('[project]\nsite_name = "x"\n')
    result = intheopen(root, "check", "--strict")
    assert result.returncode == 1
    assert ".github/workflows/site.yml:4" in result.stdout
    assert "zensical.toml" in result.stdout and "intheopen build --engine zensical" in result.stdout
    workflow.write_text("jobs:\n  b:\n    steps:\n      - run: intheopen build --engine zensical\n")
    (root / "zensical.toml").unlink()
    assert intheopen(root, "check", "--strict").returncode == 0


def test_init_writes_a_blog_that_builds_with_the_engine_chosen(tmp_path: Path) -> None:
    made = intheopen(
        tmp_path, "init", "blog", "--council", "Testshire Council", "--engine", "zensical"
    )
    assert made.returncode == 0, made.stderr
    root = tmp_path / "blog"
    assert "engine: zensical" in (root / "mkdocs.yml").read_text("utf-8")
    assert "zensical==" in (root / "requirements.txt").read_text("utf-8")
    workflow = (root / ".github" / "workflows" / "blog.yml").read_text("utf-8")
    assert "--no-directory-urls" not in workflow
    built(root, "zensical")
    assert (root / "site" / "feed.xml").is_file()


def test_a_broken_setting_on_zensical_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    config = (root / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("site_url: https://digital.anytown.example/\n", "")
    )
    result = intheopen(root, "build", "--engine", "zensical")
    assert result.returncode == 1
    assert "site_url is not set" in result.stderr and "Traceback" not in result.stderr
    (root / "mkdocs.yml").write_text(config.replace("per_page", "per_page") + "plugins: 3\n")
    (root / "mkdocs.yml").write_text(
        config.replace("      posts_dir: posts", "      per_page: many")
    )
    result = intheopen(root, "build", "--engine", "zensical")
    assert result.returncode == 1
    assert "per_page" in result.stderr and "Traceback" not in result.stderr


def running() -> list[str]:
    """The command lines of the processes running here."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            found.append(cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return found


def test_serve_on_zensical_previews_drafts_and_shows_a_saved_edit(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    post = root / "posts" / "2026" / "garden-waste-prototype-lessons.md"
    text = post.read_text("utf-8")
    (root / "posts" / "draft.md").write_text(
        post_text(DRAFT, date="2026-01-05", status="draft", authors="[priya-shah]"), "utf-8"
    )
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(Path(sys.executable).parent / "intheopen"), "serve", "--engine", "zensical"]
    log = root / "serve.log"  # not watched: serve watches only what the blog is made from
    with log.open("w") as out:
        server = subprocess.Popen(
            [*command, "-a", f"127.0.0.1:{port}"], cwd=root, env=env, stdout=out, stderr=out
        )
    try:
        url = f"http://127.0.0.1:{port}/posts/"
        assert wait_for(url, "</html>", 120)
        assert DRAFT in fetch(url)  # a preview shows drafts, as `mkdocs serve` does
        post.write_text(text.replace('title: "', 'title: "Zedited ', 1), "utf-8")
        assert wait_for(url, "Zedited", 60)
        (root / "posts" / "broken.md").write_text(BROKEN, "utf-8")  # the preview goes on
        assert wait_for(url, "posts/broken.md:9</code> incidents[1].severity: required", 60)
        home = fetch(f"http://127.0.0.1:{port}/")  # the council's own page lists them too
        assert "posts/broken.md:9</code> incidents[1].severity: required" in home
    finally:
        server.terminate()
        server.wait(timeout=20)
    said = log.read_text("utf-8")
    assert said.startswith("intheopen: serve with Zensical ")
    assert "error: posts/broken.md:9: incidents[1].severity: required" in said
    assert not [c for c in running() if "zensical" in c and f":{port}" in c]  # stopped with us
