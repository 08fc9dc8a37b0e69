"""Feeds, OPML and posts.json from real builds, read back with independent parsers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import feedparser
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import ROOT
from intheopen.content.collection import load_blog
from intheopen.text import slugify
from outputs_check import feed_warnings
from sitebuild import build, copy_example, make_site, page, post_text

SCHEMA = ROOT / ".cache/node/node_modules/jsonfeed-schema/schema-v1.1.json"
DECLARATION = "https://www.localdigital.gov.uk/declaration/"


def example(tmp_path: Path) -> Path:
    copy_example(tmp_path)
    result = build(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


def feeds(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("feed.*") if p.suffix in {".xml", ".atom", ".json"})


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    return example(tmp_path_factory.mktemp("example"))


def test_every_feed_parses_cleanly(example_site: Path) -> None:
    found = feeds(example_site)
    blog = load_blog(ROOT / "posts", ROOT / "authors.yml", ROOT)
    tags = {slugify(t) for p in blog.posts for t in p.tags}
    # the site, each principle, type, author and tag, and open actions
    assert len(found) == 3 * (1 + 5 + 5 + len(blog.authors) + len(tags) + 1)
    for path in found:
        if path.suffix == ".json":  # feedparser reads no JSON Feed: see the schema test
            title = json.loads(path.read_text(encoding="utf-8"))["title"]
        else:
            parsed = feedparser.parse(path.read_bytes())
            assert not parsed.bozo, (path, parsed.get("bozo_exception"))
            etree.fromstring(path.read_bytes())  # well-formed XML, by another parser
            title = parsed.feed.title
        assert title.startswith("Anytown Borough Council digital blog")


def test_each_principle_feed_has_exactly_its_posts(example_site: Path) -> None:
    blog = load_blog(ROOT / "posts", ROOT / "authors.yml", ROOT)
    for slug in (
        "user-needs",
        "fix-our-plumbing",
        "safe-sharing",
        "digital-leadership",
        "open-culture",
    ):
        expected = [p.title for p in blog.posts if slug in p.principles]
        for extension in ("xml", "atom"):
            parsed = feedparser.parse(
                (example_site / f"principles/{slug}/feed.{extension}").read_bytes()
            )
            assert [e.title for e in parsed.entries] == expected
            for entry in parsed.entries:
                terms = {(t.term, t.scheme) for t in entry.tags}
                assert (slug, DECLARATION) in terms
        document = json.loads((example_site / f"principles/{slug}/feed.json").read_text())
        assert [i["title"] for i in document["items"]] == expected


def test_feed_items_carry_dates_authors_and_categories(example_site: Path) -> None:
    rss = feedparser.parse((example_site / "feed.xml").read_bytes())
    atom = feedparser.parse((example_site / "feed.atom").read_bytes())
    raw = (example_site / "feed.xml").read_text(encoding="utf-8")
    entry = next(e for e in rss.entries if e.title.startswith("Update: the new site search"))

    assert entry.published == "Thu, 12 Nov 2026 00:00:00 +0000"
    assert entry.id == "tag:digital.anytown.example,2026-11-12:posts/2026/new-website-search-update"
    assert "<dc:creator>Grace Adeyemi</dc:creator>" in raw
    assert "<author>" not in raw  # RSS's author is an e-mail address; names go in dc:creator
    assert rss.feed.updated == "Mon, 16 Nov 2026 00:00:00 +0000"  # newest item, not now
    assert rss.feed.publisher == "Anytown Borough Council"
    assert rss.feed.rights.startswith("© Anytown Borough Council")
    a = next(e for e in atom.entries if e.id == entry.id)
    assert a.published == "2026-11-12T00:00:00+00:00"
    assert a.updated == "2026-11-16T00:00:00+00:00"
    assert [x.name for x in a.authors] == ["Grace Adeyemi", "Priya Shah"]
    assert ("update", "urn:intheopen:post-type") in {(t.term, t.scheme) for t in a.tags}
    assert atom.feed.links[1].rel == "license"


def test_json_feed_matches_the_published_schema(example_site: Path) -> None:
    if not SCHEMA.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{SCHEMA} is missing; scripts/test-tools.sh installs it")
        pytest.skip("the JSON Feed schema is not installed (needs npm)")
    validator = jsonschema.Draft7Validator(
        json.loads(SCHEMA.read_text(encoding="utf-8")),
        format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER,
    )
    for path in (p for p in feeds(example_site) if p.suffix == ".json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(document)]
        assert errors == [], path


def test_opml_lists_every_rss_feed(example_site: Path) -> None:
    opml = etree.fromstring((example_site / "feeds.opml").read_bytes())
    listed = sorted(opml.xpath("//outline/@xmlUrl"))
    expected = sorted(
        "https://digital.anytown.example/" + p.relative_to(example_site).as_posix()
        for p in feeds(example_site)
        if p.suffix == ".xml"
    )
    assert listed == expected


def test_subscribe_page_and_discovery_links(example_site: Path) -> None:
    subscribe = etree.HTML((example_site / "subscribe/index.html").read_bytes())
    shown = set(subscribe.xpath("//code[@class='ito-feed__url']/text()"))
    assert len(shown) == len(feeds(example_site))
    about = etree.HTML((example_site / "about/index.html").read_bytes())
    assert about.xpath("//head/link[@type='application/rss+xml']/@href") == [
        "https://digital.anytown.example/feed.xml"
    ]
    principle = etree.HTML((example_site / "principles/open-culture/index.html").read_bytes())
    assert principle.xpath("//head/link[@type='application/atom+xml']/@href") == [
        "https://digital.anytown.example/feed.atom",
        "https://digital.anytown.example/principles/open-culture/feed.atom",
    ]


def test_posts_json(example_site: Path) -> None:
    document = json.loads((example_site / "posts.json").read_text(encoding="utf-8"))
    blog = load_blog(ROOT / "posts", ROOT / "authors.yml", ROOT)

    assert [p["title"] for p in document["posts"]] == [p.title for p in blog.posts]
    first = document["posts"][0]
    assert first == {
        "id": "tag:digital.anytown.example,2026-11-12:posts/2026/new-website-search-update",
        "url": "https://digital.anytown.example/posts/2026/11/new-website-search-update/",
        "title": "Update: the new site search is live",
        "date": "2026-11-12T00:00:00+00:00",
        "updated": "2026-11-16T00:00:00+00:00",
        "type": "update",
        "principles": ["user-needs", "fix-our-plumbing"],
        "tags": ["website", "search"],
        "authors": [
            {"id": "grace-adeyemi", "name": "Grace Adeyemi", "role": "Senior Developer"},
            {"id": "priya-shah", "name": "Priya Shah", "role": "Head of Digital"},
        ],
        "summary": blog.posts[0].summary,
        "language": "en",
    }


def output_files(site: Path) -> dict[str, bytes]:
    names = [*feeds(site), site / "feeds.opml", site / "posts.json"]
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in names}


def test_rebuilds_are_byte_identical_whatever_the_time_zone(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "one.md": post_text("One", date="2026-07-01 09:30"),
            "two.md": post_text("Two", date="2026-01-05 23:30"),
        },
    )
    runs = []
    for zone in ("UTC", "America/New_York", "Asia/Tokyo"):
        result = build(tmp_path, "--strict", env={**os.environ, "TZ": zone})
        assert result.returncode == 0, result.stderr
        runs.append(output_files(tmp_path / "site"))
    assert runs[0] == runs[1] == runs[2]
    items = feedparser.parse(runs[0]["feed.xml"]).entries
    assert [e.published for e in items] == [
        "Wed, 01 Jul 2026 09:30:00 +0100",
        "Mon, 05 Jan 2026 23:30:00 +0000",
    ]


def test_an_item_keeps_its_id_when_retitled_or_given_a_new_slug(tmp_path: Path) -> None:
    make_site(tmp_path, {"2026/bins.md": post_text("Bins")})
    assert build(tmp_path, "--strict").returncode == 0
    before = feedparser.parse((tmp_path / "site/feed.atom").read_bytes()).entries[0]

    (tmp_path / "posts/2026/bins.md").write_text(
        post_text("Bins, retitled", slug="bin-collections"), encoding="utf-8"
    )
    assert build(tmp_path, "--strict").returncode == 0
    after = feedparser.parse((tmp_path / "site/feed.atom").read_bytes()).entries[0]

    assert after.title == "Bins, retitled"
    assert after.link.endswith("/posts/2026/03/bin-collections/")
    assert after.id == before.id == "tag:blog.testtown.example,2026-03-06:posts/2026/bins"


def test_an_explicit_id_survives_moving_the_file(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "moved/bins.md": post_text(
                "Bins", id="tag:blog.testtown.example,2026-03-06:posts/2026/bins"
            )
        },
    )

    assert build(tmp_path, "--strict").returncode == 0

    entry = feedparser.parse((tmp_path / "site/feed.xml").read_bytes()).entries[0]
    assert entry.id == "tag:blog.testtown.example,2026-03-06:posts/2026/bins"


def test_content_has_absolute_links_and_keeps_preformatted_text(tmp_path: Path) -> None:
    body = (
        "See [the other post](other.md), [a page](../docs/about.md#team) and "
        "![a chart](chart.png).\n\n```text\nline one\n    indented  twice\n\n  <&> kept\n```\n"
    )
    make_site(
        tmp_path,
        {"one.md": post_text("One", body=body), "other.md": post_text("Other", date="2026-03-01")},
    )
    (tmp_path / "docs/about.md").write_text("# About\n\n## Team\n", encoding="utf-8")
    (tmp_path / "posts/chart.png").write_bytes(b"png")

    assert build(tmp_path, "--strict").returncode == 0

    on_page = "".join(page(tmp_path, "posts/2026/03/one/").xpath("//pre//text()"))
    assert "line one\n    indented  twice\n\n  <&> kept" in on_page
    document = json.loads((tmp_path / "site/feed.json").read_text(encoding="utf-8"))
    contents = [
        feedparser.parse((tmp_path / "site" / name).read_bytes()).entries[0].content[0].value
        for name in ("feed.xml", "feed.atom")
    ] + [document["items"][0]["content_html"]]
    for content in contents:
        html = etree.HTML(content)
        assert html.xpath("//a/@href")[:2] == [
            "https://blog.testtown.example/posts/2026/03/other/",
            "https://blog.testtown.example/about/#team",
        ]
        assert html.xpath("//img/@src") == ["https://blog.testtown.example/posts/chart.png"]
        assert "".join(html.xpath("//pre//text()")) == on_page


def test_awkward_text_still_gives_valid_feeds(tmp_path: Path) -> None:
    text = post_text("x", tags='["R&D", "<b>", "😀"]')
    title = json.dumps('Bins & <recycling> "quotes" 🚮 שלום \u0001', ensure_ascii=False)
    summary = json.dumps("Fish & chips < 5 \u0007 pounds", ensure_ascii=False)
    text = text.replace('title: "x"', f"title: {title}")
    text = text.replace('summary: "Summary of x."', f"summary: {summary}")
    make_site(tmp_path, {"one.md": text})
    (tmp_path / "authors.yml").write_text(
        'sam-patel:\n  name: "Sam O\'Neil & Co <x>"\n  role: Head of Digital\n', "utf-8"
    )

    result = build(tmp_path)

    assert result.returncode == 0, result.stderr
    assert "posts/one.md: characters that XML cannot carry were left out of its feeds" in (
        result.stderr
    )
    for name in ("feed.xml", "feed.atom", "tags/r-d/feed.xml"):
        parsed = feedparser.parse((tmp_path / "site" / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.entries[0].title == 'Bins & <recycling> "quotes" 🚮 שלום'
        assert parsed.entries[0].summary == "Fish & chips < 5  pounds"
        assert parsed.entries[0].author == "Sam O'Neil & Co <x>"
    item = json.loads((tmp_path / "site/feed.json").read_text(encoding="utf-8"))["items"][0]
    assert item["title"] == 'Bins & <recycling> "quotes" 🚮 שלום '
    assert item["tags"] == ["open-culture", "R&D", "<b>", "😀"]


def test_summaries_only_and_fewer_items(tmp_path: Path) -> None:
    posts = {f"p{i}.md": post_text(f"Post {i}", date=f"2026-02-{i + 1:02d}") for i in range(5)}
    make_site(tmp_path, posts)
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        config.replace(
            "per_page: 10", "per_page: 10\n      feed_items: 3\n      feed_content: summary"
        ),
        "utf-8",
    )

    assert build(tmp_path, "--strict").returncode == 0

    rss = feedparser.parse((tmp_path / "site/feed.xml").read_bytes())
    assert [e.title for e in rss.entries] == ["Post 4", "Post 3", "Post 2"]
    assert "content" not in rss.entries[0]
    document = json.loads((tmp_path / "site/feed.json").read_text())
    assert "content_html" not in document["items"][0]


def test_bilingual_sites_get_a_feed_for_each_language(tmp_path: Path) -> None:
    make_site(tmp_path, {"en.md": post_text("English"), "cy.md": post_text("Cymraeg", lang="cy")})

    assert build(tmp_path, "--strict").returncode == 0

    welsh = feedparser.parse((tmp_path / "site/languages/cy/feed.xml").read_bytes())
    assert welsh.feed.language == "cy"
    assert [e.title for e in welsh.entries] == ["Cymraeg"]


def test_a_site_without_site_url_is_told_why_it_fails(tmp_path: Path) -> None:
    make_site(tmp_path, {"one.md": post_text("One")})
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        config.replace("site_url: https://blog.testtown.example/\n", ""), "utf-8"
    )

    result = build(tmp_path)

    assert result.returncode == 1
    assert "site_url is not set in mkdocs.yml; feeds and link previews need" in result.stderr
    assert "Traceback" not in result.stderr


def test_feeds_need_no_stylesheet_and_subscribe_explains_them(example_site: Path) -> None:
    for path in [*feeds(example_site), example_site / "feeds.opml"]:
        if path.suffix != ".json":
            assert b"xml-stylesheet" not in path.read_bytes(), path
    assert not (example_site / "feed.xsl").exists()
    subscribe = page(example_site.parent, "subscribe/")
    assert subscribe.findtext(".//h1") == "Subscribe"
    assert "What is a feed?" in [h.text_content().strip() for h in subscribe.iter("h2")]


def test_feeds_and_opml_give_no_validator_warnings(example_site: Path) -> None:
    for path in [*feeds(example_site), example_site / "feeds.opml"]:
        if path.suffix != ".json":
            assert feed_warnings(path.read_bytes()) == [], path


def test_posts_of_one_day_have_distinct_atom_updated_times(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            f"{n}.md": post_text(f"Same day {n}", date="2026-03-02", tags="[bins]")
            for n in ("one", "two", "three")
        },
    )
    assert build(tmp_path, "--strict").returncode == 0
    for name in ("feed.atom", "tags/bins/feed.atom", "types/update/feed.atom"):
        data = (tmp_path / "site" / name).read_bytes()
        assert feed_warnings(data) == [], name
        parsed = feedparser.parse(data)
        assert len(parsed.entries) == 3
        assert [e.updated[:10] for e in parsed.entries] == ["2026-03-02"] * 3


JSON_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)) | st.sampled_from('\x00\x1f\x7f\u2028"\\/'),
    max_size=12,
)
JSON_DOCUMENTS = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**63 - 1) | JSON_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(JSON_TEXT, inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(document=JSON_DOCUMENTS)
def test_feeds_json_is_written_as_json_would_write_it(document: object) -> None:
    from intheopen.feeds.writer import pretty_json

    expected = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    assert pretty_json(document) == expected


def test_json_feeds_and_posts_json_hold_no_floats(example_site: Path) -> None:
    """`pretty_json` writes floats its own way: none may reach a JSON file we write."""

    def floats(value: object) -> bool:
        if isinstance(value, float):
            return True
        if isinstance(value, list):
            return any(floats(inner) for inner in value)
        if isinstance(value, dict):
            return any(floats(inner) for inner in value.values())
        return False

    written = [*example_site.rglob("feed.json"), example_site / "posts.json"]
    assert len(written) > 5
    for path in written:
        assert not floats(json.loads(path.read_bytes())), path
