"""Public-sector compliance: the accessibility statement, cookies, licence footer, privacy
and the pre-election period, in real builds and in `intheopen check`."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from conftest import run, write_post
from sitebuild import build, every_output_text, make_site, page, post_text

WINDOW = """\
      pre_election:
        start: 2026-03-25
        end: 2026-05-07
"""


def with_options(root: Path, options: str) -> None:
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("      per_page: 10\n", "      per_page: 10\n" + options), "utf-8"
    )


def epoch(*when: int) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": str(int(datetime(*when).timestamp()))}


def test_the_accessibility_statement_follows_the_gov_uk_sample(tmp_path: Path) -> None:
    make_site(tmp_path, {"one.md": post_text("One")})
    with_options(
        tmp_path,
        """\
      accessibility:
        email: access@testtown.example
        compliance: partial
        problems: [Some charts have no text description.]
        prepared: 2026-01-10
        review_by: 2027-01-10
""",
    )

    result = build(tmp_path, "--strict", env=epoch(2026, 3, 6))

    assert result.returncode == 0, result.stderr
    statement = page(tmp_path, "accessibility/")
    assert statement.findtext(".//h1") == "Accessibility statement for Testtown Council blog"
    assert statement.xpath("//article//h2/text()") == [
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Non-accessible content",
        "What we're doing to improve accessibility",
        "Preparation of this accessibility statement",
    ]
    text = " ".join(statement.xpath("//article")[0].text_content().split())
    assert (
        "This website is partially compliant with the Web Content Accessibility Guidelines" in text
    )
    assert "Some charts have no text description." in text
    assert "This statement was prepared on 10 January 2026." in text
    assert statement.xpath("//a[@href='mailto:access@testtown.example']")


def test_an_overdue_review_is_a_build_warning(tmp_path: Path) -> None:
    make_site(tmp_path, {"one.md": post_text("One")})
    with_options(tmp_path, "      accessibility:\n        review_by: 2026-01-31\n")

    result = build(tmp_path, "--strict", env=epoch(2026, 3, 6))

    assert result.returncode == 1
    assert (
        "intheopen: the accessibility statement's review date (31 January 2026) has passed"
    ) in result.stderr


def test_every_page_has_the_licence_and_links_in_its_footer(tmp_path: Path) -> None:
    make_site(tmp_path, {"one.md": post_text("One")})
    (tmp_path / "docs/about.md").write_text("# About\n", encoding="utf-8")

    assert build(tmp_path, "--strict").returncode == 0

    for url in ("", "about/", "posts/2026/03/one/", "cookies/", "accessibility/"):
        footer = page(tmp_path, url).xpath("//div[@class='md-copyright']")[0]
        text = " ".join(footer.text_content().split())
        assert text.startswith(
            "All content is available under the Open Government Licence "
            "v3.0, except where otherwise stated. © Testtown Council"
        )
        assert "Crown" not in text
        assert footer.xpath(".//a[@rel='license']/@href") == [
            "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
        ]
        assert footer.xpath(".//ul/li/a/text()") == [
            "Accessibility statement",
            "Cookies",
            "Subscribe",
        ]
    cookies = page(tmp_path, "cookies/")
    assert cookies.findtext(".//p[@class='ito-lede']") == (
        "Testtown Council blog does not put any cookies on your device."
    )


def test_nothing_is_loaded_from_other_websites(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "one.md": post_text(
                "One", body='<iframe title="Demo" src="https://www.youtube.com/embed/abc"></iframe>'
            )
        },
    )
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(config.replace("  font: false\n", ""), "utf-8")

    result = build(tmp_path, "--strict")

    assert result.returncode == 0, result.stderr
    everything = every_output_text(tmp_path / "site")
    assert "fonts.googleapis.com" not in everything
    assert "https://www.youtube-nocookie.com/embed/abc" in everything
    assert "www.youtube.com/embed" not in everything


def test_scripts_from_other_websites_are_a_warning(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {"one.md": post_text("One")},
        extra="extra_javascript:\n  - https://cdn.example.net/tracker.js\n",
    )

    result = build(tmp_path, "--strict")

    assert result.returncode == 1
    assert (
        "extra_javascript loads https://cdn.example.net/tracker.js from another website; "
        "readers' browsers would contact it"
    ) in result.stderr


def test_check_warns_about_posts_inside_the_pre_election_period(site: Path) -> None:
    (site / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - intheopen:\n" + WINDOW, "utf-8")
    (site / "authors.yml").write_text(
        "sam-patel:\n  name: Sam Patel\n  role: Head of Digital\n"
        "cllr-jones:\n  name: Cllr Jones\n  role: Cabinet member\n  guest: true\n",
        "utf-8",
    )
    write_post(site / "posts", "before.md", date="2026-03-20")
    write_post(site / "posts", "during.md", date="2026-04-20", title="During")
    write_post(site / "posts", "guest.md", date="2026-04-01", title="Guest", authors="[cllr-jones]")

    result = run("check")

    assert result.output == (
        "posts/during.md:3: warning: date: is inside the pre-election period (2026-03-25 to "
        "2026-05-07): the post will not be published until 2026-05-08; date it after the "
        "period, or publish it before it starts\n"
        "posts/guest.md:7: warning: authors: Cllr Jones writes as a guest, and the post is "
        "dated inside the pre-election period (2026-03-25 to 2026-05-07): it will not be "
        "published until 2026-05-08\n"
        "Checked 3 posts: 2 warnings in 2 files.\n"
    )


def test_publishing_pauses_during_the_pre_election_period(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "before.md": post_text("Zqxbefore", date="2026-03-20"),
            "during.md": post_text("Zqxduring", date="2026-04-20"),
            "guest.md": post_text("Zqxguest", date="2026-02-01", authors="[cllr-jones]"),
        },
    )
    (tmp_path / "authors.yml").write_text(
        "sam-patel:\n  name: Sam Patel\n  role: Head of Digital\n"
        "cllr-jones:\n  name: Cllr Jones\n  role: Cabinet member\n  guest: true\n",
        "utf-8",
    )
    with_options(tmp_path, WINDOW)

    during = build(tmp_path, env=epoch(2026, 4, 25))
    assert during.returncode == 0, during.stderr
    site = every_output_text(tmp_path / "site")
    assert "Zqxbefore" in site
    assert "Zqxduring" not in site and "Zqxguest" not in site
    notice = page(tmp_path, "").xpath("//div[@class='ito-notice md-grid']")[0].text_content()
    assert notice.startswith("We are not publishing new posts between 25 March 2026 and 7 May")

    after = build(tmp_path, env=epoch(2026, 5, 9))
    assert after.returncode == 0, after.stderr
    assert page(tmp_path, "posts/2026/04/during/").findtext(".//h1") == "Zqxduring"
    assert page(tmp_path, "posts/2026/02/guest/").findtext(".//h1") == "Zqxguest"
    assert not page(tmp_path, "").xpath("//div[contains(@class, 'ito-notice')]")


def test_an_image_can_carry_its_licence_and_attribution(tmp_path: Path) -> None:
    body = (
        '![Our recycling centre](centre.jpg){ data-attribution="Photo: Jo Bloggs" '
        'data-licence="CC BY 4.0" }\n\n![A chart](chart.png)\n'
    )
    make_site(
        tmp_path,
        {"one.md": post_text("One", body=body)},
        extra="markdown_extensions:\n  - attr_list\n",
    )
    (tmp_path / "posts/centre.jpg").write_bytes(b"jpg")
    (tmp_path / "posts/chart.png").write_bytes(b"png")

    assert build(tmp_path, "--strict").returncode == 0

    built = page(tmp_path, "posts/2026/03/one/")
    (figure,) = built.xpath("//figure[@class='ito-credited']")
    assert figure.xpath("img/@alt") == ["Our recycling centre"]
    assert figure.findtext("figcaption") == "Photo: Jo Bloggs. Licence: CC BY 4.0."
    assert not built.xpath("//img[@data-licence or @data-attribution]")


def test_the_cookies_page_lists_what_the_theme_keeps_with_these_settings(tmp_path: Path) -> None:
    plain = make_site(tmp_path / "plain", {"one.md": post_text("One")})
    assert build(plain, "--strict").returncode == 0
    featured = make_site(tmp_path / "featured", {"one.md": post_text("One")})
    config = (
        (featured / "mkdocs.yml")
        .read_text("utf-8")
        .replace(
            "  font: false\n",
            "  font: false\n  features: [content.tabs.link]\n"
            "  palette:\n"
            "    - scheme: default\n      toggle: {icon: material/brightness-4, name: Dark}\n"
            "    - scheme: slate\n      toggle: {icon: material/brightness-7, name: Light}\n",
        )
    )
    (featured / "mkdocs.yml").write_text(config, "utf-8")
    assert build(featured, "--strict").returncode == 0

    said = page(plain, "cookies").text_content()
    listed = page(featured, "cookies").xpath("//table//th[@scope='row']/code/text()")

    assert "keeps nothing in your browser's storage" in said
    assert listed == ["__palette", "__tabs"]
