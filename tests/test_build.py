"""Real `mkdocs build --strict` runs in tmp_path, checked by reading the built files."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from lxml import html

from conftest import ROOT
from intheopen.content.collection import load_blog
from sitebuild import build, copy_example, every_output_text, make_site, page, post_text


def test_every_published_example_post_has_its_page(tmp_path: Path) -> None:
    copy_example(tmp_path)

    result = build(tmp_path, "--strict")

    assert result.returncode == 0, result.stderr
    blog = load_blog(ROOT / "posts", ROOT / "authors.yml", ROOT)
    for post in blog.posts:
        built = page(tmp_path, post.url)
        assert built.findtext(".//h1") == post.title
        assert built.xpath("//time/@datetime")[0] == post.date.isoformat()
        assert built.xpath("//meta[@property='og:title']/@content") == [post.title]


def test_principle_pages_list_exactly_their_posts(tmp_path: Path) -> None:
    principles = ["user-needs", "fix-our-plumbing", "open-culture"]
    posts = {
        f"2026/post-{i:02d}.md": post_text(
            f"Post {i:02d}",
            date=f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}",
            principles=f"[{principles[i % 3]}, {principles[(i * 7) % 3]}]",
        )
        for i in range(27)
    }
    make_site(tmp_path, posts, per_page=4)

    result = build(tmp_path, "--strict")

    assert result.returncode == 0, result.stderr
    blog = load_blog(tmp_path / "posts", tmp_path / "authors.yml", tmp_path)
    for slug in [*principles, "safe-sharing"]:
        listed: list[str] = []
        url, pages = f"principles/{slug}/", 0
        while url:
            built = page(tmp_path, url)
            listed += built.xpath("//li[@class='ito-card']//h2/a/text()")
            pages += 1
            following = built.xpath("//nav[@class='ito-pagination']//a[@rel='next']/@href")
            url = (
                os.path.normpath(os.path.join(url, following[0])).lstrip("./") + "/"
                if following
                else ""
            )
        expected = [p.title for p in blog.posts if slug in p.principles]
        assert listed == expected
        assert pages == max(1, -(-len(expected) // 4))


def test_a_long_listing_links_its_first_last_and_nearest_pages(tmp_path: Path) -> None:
    posts = {
        f"2026/post-{i:02d}.md": post_text(f"Post {i:02d}", date=f"2025-05-{1 + i:02d}")
        for i in range(20)
    }
    make_site(tmp_path, posts, per_page=2)  # ten pages of posts

    assert build(tmp_path, "--strict").returncode == 0
    fifth = page(tmp_path, "posts/page/5/")
    items = fifth.xpath("//nav[@class='ito-pagination']//li")
    shown = [" ".join(item.text_content().split()) for item in items]
    assert shown == [
        "Previous page",
        "Page 1",
        "…",
        "Page 4",
        "Page 5",
        "Page 6",
        "…",
        "Page 10",
        "Next page",
    ]
    for link in fifth.xpath("//nav[@class='ito-pagination']//a/@href"):
        target = os.path.normpath(os.path.join("posts/page/5/", link))
        assert (tmp_path / "site" / target / "index.html").is_file(), link


def test_drafts_and_scheduled_posts_appear_nowhere(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "published.md": post_text("Published post", tags="[bins]"),
            "draft.md": post_text(
                "Draft zqxdraftzqx", status="draft", tags="[zqxdrafttagzqx]", body="zqxdraftbodyzqx"
            ),
            "future.md": post_text(
                "Future zqxfuturezqx",
                date="2099-01-01",
                tags="[zqxfuturetagzqx]",
                body="zqxfuturebodyzqx",
            ),
        },
    )

    result = build(tmp_path, "--strict")

    assert result.returncode == 0, result.stderr
    everything = every_output_text(tmp_path / "site")
    assert "Published post" in everything
    assert "sitemap" in " ".join(p.name for p in (tmp_path / "site").iterdir())
    for secret in ("zqxdraft", "zqxfuture", "draft.md", "future.md"):
        assert secret not in everything


def test_source_date_epoch_decides_what_is_scheduled(tmp_path: Path) -> None:
    make_site(tmp_path, {"later.md": post_text("Later post", date="2030-06-01")})
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1924992000"}  # 2031-01-01

    result = build(tmp_path, "--strict", env=env)

    assert result.returncode == 0, result.stderr
    assert page(tmp_path, "posts/2030/06/later/").findtext(".//h1") == "Later post"
    assert build(tmp_path, "--strict").returncode == 0  # now, without the epoch: not yet
    assert not (tmp_path / "site/posts/2030").exists()


def test_broken_posts_fail_the_build_with_the_check_messages(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "bad.md": post_text("Bad", principles="[open-data]", date="2026-02-30"),
            "worse.md": "no front matter\n",
        },
    )

    result = build(tmp_path)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "ERROR   -  intheopen: posts/bad.md:3: date: '2026-02-30' is not a real date" in (
        result.stderr
    )
    assert "intheopen: posts/bad.md:5: principles[1]: 'open-data' is not a Local" in result.stderr
    assert "intheopen: posts/worse.md:1: no front matter" in result.stderr
    assert "3 errors in posts; see above" in result.stderr


def test_warnings_fail_only_strict_builds(tmp_path: Path) -> None:
    make_site(tmp_path, {"warned.md": post_text("Warned", tagz="[x]")})

    assert build(tmp_path).returncode == 0
    strict = build(tmp_path, "--strict")
    assert strict.returncode == 1
    assert "WARNING -  intheopen: posts/warned.md:8: warning: tagz: unknown field" in strict.stderr


def test_relative_links_and_files_beside_posts(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "2026/first.md": post_text(
                "First",
                body="See [the second](../2025/second.md#why), [about us](../../docs/about.md) "
                "and ![a chart](images/chart.png).",
            ),
            "2025/second.md": post_text("Second", date="2025-12-01", body="## Why\n\nBecause."),
        },
    )
    (tmp_path / "docs" / "about.md").write_text("# About\n\nSee [first](../posts/2026/first.md).\n")
    (tmp_path / "posts" / "2026" / "images").mkdir()
    (tmp_path / "posts" / "2026" / "images" / "chart.png").write_bytes(b"\x89PNG fake")

    result = build(tmp_path, "--strict")

    assert result.returncode == 0, result.stderr
    first = page(tmp_path, "posts/2026/03/first/")
    assert first.xpath("//div[@class='ito-body']//a/@href") == [
        "../../../2025/12/second/#why",
        "../../../../about/",
    ]
    assert first.xpath("//div[@class='ito-body']//img/@src") == ["../../images/chart.png"]
    assert (tmp_path / "site/posts/2026/images/chart.png").read_bytes() == b"\x89PNG fake"
    about = page(tmp_path, "about/")
    assert about.xpath("//article//a[text()='first']/@href") == ["../posts/2026/03/first/"]


def test_a_broken_link_in_a_post_is_a_warning_naming_the_file(tmp_path: Path) -> None:
    make_site(tmp_path, {"2026/first.md": post_text("First", body="See [gone](gone.md).")})

    result = build(tmp_path, "--strict")

    assert result.returncode == 1
    assert "Doc file 'posts/2026/first.md' contains a link 'gone.md'" in result.stderr


def test_welsh_posts_and_translations(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "plan-en.md": post_text("Our Welsh language plan", translations="[plan-cy]"),
            "plan-cy.md": post_text(
                "Ein cynllun iaith Gymraeg", lang="cy", translations="[plan-en]"
            ),
        },
    )

    result = build(tmp_path, "--strict")

    assert result.returncode == 0, result.stderr
    english = page(tmp_path, "posts/2026/03/plan-en/")
    welsh = page(tmp_path, "posts/2026/03/plan-cy/")
    assert english.get("lang") == "en"
    assert welsh.get("lang") == "cy"
    assert welsh.xpath("//time/text()")[0] == "6 Mawrth 2026"
    alternates = {
        (link.get("hreflang"), link.get("href"))
        for link in welsh.xpath("//link[@rel='alternate'][@hreflang]")
    }
    assert alternates == {
        ("cy", "https://blog.testtown.example/posts/2026/03/plan-cy/"),
        ("en", "https://blog.testtown.example/posts/2026/03/plan-en/"),
    }
    assert english.xpath("//ul[@class='ito-translations']//a/@hreflang") == ["cy"]


def test_structured_data(tmp_path: Path) -> None:
    make_site(tmp_path, {"one.md": post_text("One & <two>", tags="[bins]", updated="2026-03-09")})

    result = build(tmp_path, "--strict")

    assert result.returncode == 0, result.stderr
    built = page(tmp_path, "posts/2026/03/one/")
    data = json.loads(built.xpath("//script[@type='application/ld+json']/text()")[0])
    assert data == {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": "One & <two>",
        "description": "Summary of One & <two>.",
        "datePublished": "2026-03-06T00:00:00+00:00",
        "dateModified": "2026-03-09T00:00:00+00:00",
        "inLanguage": "en",
        "url": "https://blog.testtown.example/posts/2026/03/one/",
        "mainEntityOfPage": "https://blog.testtown.example/posts/2026/03/one/",
        "author": [
            {
                "@type": "Person",
                "name": "Sam Patel",
                "jobTitle": "Head of Digital",
                "url": "https://blog.testtown.example/authors/sam-patel/",
            }
        ],
        "publisher": {
            "@type": "GovernmentOrganization",
            "name": "Testtown Council",
            "url": "https://blog.testtown.example/",
        },
        "keywords": ["bins"],
    }
    og = {m.get("property"): m.get("content") for m in built.xpath("//meta[@property]")}
    assert og["og:type"] == "article"
    assert og["og:title"] == "One & <two>"
    assert og["article:published_time"] == "2026-03-06T00:00:00+00:00"
    assert built.xpath("//meta[@name='description']/@content") == ["Summary of One & <two>."]


def test_embedded_lists_of_posts(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            f"p{i}.md": post_text(
                f"Post {i}",
                date=f"2026-03-{10 + i}",
                type="plan" if i % 2 else "weeknote",
                **({"plan": "{state: proposed}"} if i % 2 else {}),
            )
            for i in range(6)
        },
    )
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\n## Plans\n\n<!-- intheopen:posts limit=2 type=plan -->\n", encoding="utf-8"
    )
    (tmp_path / "docs" / "bad.md").write_text(
        "# Bad\n\n<!-- intheopen:posts principle=open-data -->\n", encoding="utf-8"
    )

    result = build(tmp_path)

    home = page(tmp_path, "")
    assert home.xpath("//div[@class='ito-embed']//h3/a/text()") == ["Post 5", "Post 3"]
    assert home.xpath("//div[@class='ito-embed']//h3/a/@href") == [
        "posts/2026/03/p5/",
        "posts/2026/03/p3/",
    ]
    assert re.search(
        r"WARNING -  intheopen: bad.md: <!-- intheopen:posts principle=open-data -->: "
        r"principle='open-data' is not known",
        result.stderr,
    )


def test_posts_kept_inside_docs_are_published_once(tmp_path: Path) -> None:
    make_site(tmp_path, {}, extra="")
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        config.replace("per_page: 10", "per_page: 10\n      posts_dir: docs/blog"), "utf-8"
    )
    (tmp_path / "docs/blog").mkdir()
    (tmp_path / "docs/blog/one.md").write_text(post_text("One"), encoding="utf-8")
    (tmp_path / "docs/blog/chart.png").write_bytes(b"png")

    result = build(tmp_path, "--strict")

    assert result.returncode == 0, result.stderr
    assert page(tmp_path, "posts/2026/03/one/").findtext(".//h1") == "One"
    assert (tmp_path / "site/posts/chart.png").is_file()
    assert not (tmp_path / "site/blog").exists()


def test_a_site_without_a_home_page_gets_one(tmp_path: Path) -> None:
    make_site(tmp_path, {"one.md": post_text("One")})
    (tmp_path / "docs" / "index.md").unlink()

    result = build(tmp_path, "--strict")

    assert result.returncode == 0, result.stderr
    assert page(tmp_path, "").xpath("//div[@class='ito-embed']//a/text()") == ["One"]


def test_without_directory_urls(tmp_path: Path) -> None:
    make_site(tmp_path, {"one.md": post_text("One")}, extra="use_directory_urls: false\n")

    result = build(tmp_path, "--strict")

    assert result.returncode == 0, result.stderr
    listing = page(tmp_path, "posts")
    assert listing.xpath("//li[@class='ito-card']//h2/a/@href") == ["2026/03/one/index.html"]


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_example_builds_with_both_tools(tmp_path: Path, tool: str) -> None:
    import subprocess
    import sys

    copy_example(tmp_path)
    command = [sys.executable, "-m", tool, "build", "--strict", "-f", "mkdocs.yml", "-d", "out"]

    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/posts/2026/11/october-roundup/index.html").is_file()
    assert (tmp_path / "out/principles/open-culture/index.html").is_file()


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    title = '</title><script>alert("title")</script>'
    text = post_text("x", tags='["<img src=x onerror=alert(1)>"]', related="[https://example.org/]")
    text = text.replace('title: "x"', f"title: {json.dumps(title)}")
    text = text.replace('summary: "Summary of x."', 'summary: "\\"><script>alert(2)</script>"')
    make_site(tmp_path, {"evil.md": text, "fine.md": post_text("Fine", date="2026-03-01")})
    (tmp_path / "authors.yml").write_text(
        'sam-patel:\n  name: "<script>alert(3)</script>"\n  role: "<b onmouseover=x>Head</b>"\n',
        encoding="utf-8",
    )

    result = build(tmp_path, "--strict")

    assert result.returncode == 0, result.stderr
    for path in (tmp_path / "site").rglob("*.html"):
        built = html.fromstring(path.read_bytes())
        for script in built.iter("script"):
            if script.get("type") == "application/ld+json":  # data: no markup may leak
                assert "<" not in (script.text or ""), path
            else:
                assert "alert" not in (script.text or ""), path
        assert not built.xpath("//*[@onerror or @onmouseover]"), path
    evil = page(tmp_path, "posts/2026/03/evil/")
    assert evil.findtext(".//h1") == title
    assert evil.findtext(".//title").startswith(title)
