"""Posts' feed text made only when a feed asks for it, and the check for characters XML
cannot carry answered without making it where it surely holds none."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from intheopen.content.model import Author, Post
from intheopen.feeds.content import FeedTexts, feed_html, may_hold_invalid, strip_invalid
from intheopen.feeds.files import flagged
from intheopen.site.indexes import build_index
from intheopen.site.urls import Urls
from intheopen.site.views import Site
from sitebuild import build, make_site, post_text

URL = "https://blog.testtown.example/posts/2026/03/one/"

PIECES = st.sampled_from(
    [
        "text ",
        "&amp;",
        "&#65;",
        "&#x41;",
        "&#1;",
        "&#x1;",
        "&#X1f;",
        "&#0000000007;",
        "&#9;",
        "&#10",
        "&#0;",
        "&#xD800;",
        "&#xFFFE;",
        "&#1114112;",
        "&#99999999999999999999;",
        "&#",
        "&#x;",
        "\x07",
        "\x0b",
        "\ufffe",
        "\t",
        '<a href="../x/">',
        '<a href="&#1;">',
        '<img src="a.png" alt="&#x8;">',
        "<script>&#2;</script>",
        "<p>",
        "</p>",
        "<pre>",
        "</pre>",
        "<!-- &#3; -->",
        "\x00",
        "\r\n",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_text_said_to_be_valid_holds_nothing_xml_cannot_carry(html: str) -> None:
    if not may_hold_invalid(html):
        assert not strip_invalid(feed_html(html, URL))[1]


def test_what_may_hold_characters_xml_cannot_carry() -> None:
    assert not may_hold_invalid("<p>Fish &amp; chips &#65;&#x41;&#9;&#10;&#13;</p>")
    for bad in ("&#1;", "&#x1F;", "&#X1f;", "&#0000000001;", "&#xFFFF;", "\x07", "\ud800"):
        assert may_hold_invalid(f"<p>a {bad} b</p>"), bad
    assert may_hold_invalid("&#" + "9" * 5000 + ";")  # too long to read: counted as one


def texts_counting(made: list[str]) -> FeedTexts:
    def make(html: str, page_url: str) -> str:
        made.append(html)
        return feed_html(html, page_url)

    return FeedTexts(make)


def test_a_text_is_made_once_and_only_when_asked_for() -> None:
    made: list[str] = []
    texts = texts_counting(made)
    texts.add("one.md", "<p>One</p>", URL)
    texts.add("two.md", "<p>Two</p>", URL)
    assert made == [] and sorted(texts) == ["one.md", "two.md"] and len(texts) == 2

    first = texts["one.md"]
    assert first == "<p>One</p>" and texts.get("one.md") is first
    assert made == ["<p>One</p>"]
    assert texts.get("three.md") is None

    texts.add("one.md", "<p>One</p>", URL)  # built again, the same: the same text
    assert texts["one.md"] is first and made == ["<p>One</p>"]
    texts.add("one.md", "<p>One, changed</p>", URL)
    assert texts["one.md"] == "<p>One, changed</p>"

    after = FeedTexts(texts.make, last=texts)  # the next rebuild of `serve --dirty`
    assert after["one.md"] is texts["one.md"] and len(made) == 2
    assert after["two.md"] == "<p>Two</p>" and len(made) == 3
    assert "two.md" not in texts._made  # the last build's texts are left as they were


def post(source: str) -> Post:
    return Post(
        source=source,
        title="A post",
        date=datetime(2026, 3, 6, 9, tzinfo=UTC),
        type="update",
        principles=("open-culture",),
        summary="Summary.",
        authors=("sam",),
        body="Body.",
        slug=source.removesuffix(".md"),
    )


def test_the_check_makes_only_texts_that_may_hold_what_xml_cannot_carry() -> None:
    made: list[str] = []
    texts = texts_counting(made)
    bodies = {
        "clean.md": "<p>Clean &#65;</p>",
        "raw.md": "<p>Bell \x07</p>",
        "reference.md": "<p>Bell &#7;</p>",
        "dropped.md": "<p>Dropped</p><script>&#7;</script>",  # sanitising removes it
    }
    for source, html in bodies.items():
        texts.add(source, html, URL)
    published = build_index(tuple(post(source) for source in [*bodies, "no-page.md"]))
    site = Site(
        name="Testtown blog",
        url="https://blog.testtown.example/",
        council="Testtown Council",
        urls=Urls(),
        now=datetime(2026, 3, 10, 12, tzinfo=UTC),
        authors={"sam": Author(id="sam", name="Sam Lee", role="Head of Digital")},
    )
    eager = {source: feed_html(html, URL) for source, html in bodies.items()}

    assert flagged(published, site, eager) == ["raw.md", "reference.md"]
    assert flagged(published, site, texts) == ["raw.md", "reference.md"]
    assert sorted(made) == sorted([bodies["raw.md"], bodies["reference.md"], bodies["dropped.md"]])
    made.clear()
    texts.add("clean.md", "<p>Clean, and now a bell: &#x7;</p>", URL)
    assert flagged(published, site, texts) == ["clean.md", "raw.md", "reference.md"]
    assert made == ["<p>Clean, and now a bell: &#x7;</p>"]  # the others made once, kept


def test_a_post_in_no_feed_is_still_told_of_characters_left_out(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "new.md": post_text("New", date="2026-03-07"),
            "old.md": post_text("Old", date="2026-03-01", body="A bell &#7; and \x0b."),
        },
        extra="",
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("per_page: 10", "per_page: 10\n      feed_items: 1"),
        "utf-8",
    )

    result = build(tmp_path)

    assert result.returncode == 0, result.stderr
    assert "posts/old.md: characters that XML cannot carry were left out" in result.stderr
    assert "posts/new.md: characters" not in result.stderr
    assert "Old" not in (tmp_path / "site/feed.xml").read_text("utf-8")
