"""The example site in a real browser: axe-core and the Nu Html Checker find nothing, no
request leaves the site, no cookie is set, and the keyboard works."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from browser import axe_pages, chromium, serve, vnu
from sitebuild import build, copy_example, make_site, post_text


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The example, built for its live address and served from 127.0.0.1, as a preview or
    staging host serves it: nothing may reach for the live host."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    root = copy_example(tmp_path_factory.mktemp("example"))
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    with serve(root / "site") as base:
        yield root / "site", base


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("profile")) as opened:
        yield opened


def pages(site: Path) -> list[str]:
    """Every page of the site, as a URL path."""
    found = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        found.append(relative.removesuffix("index.html"))
    return found


PAGE_TYPES = [
    "",
    "posts/",
    "posts/2026/06/missed-collections-app-outage/",
    "posts/2026/11/october-roundup/",
    "posts/2026/09/garden-waste-renewals-plan/",
    "posts/2026/10/garden-waste-prototype-lessons/",
    "posts/2026/11/new-website-search-update/",
    "weeknotes/2026-w44/garden-waste-weeknote-44/",
    "principles/",
    "principles/open-culture/",
    "types/",
    "types/incident-report/",
    "authors/",
    "authors/priya-shah/",
    "archive/",
    "archive/2026/",
    "tags/",
    "tags/garden-waste/",
    "subscribe/",
    "actions/",
    "plans/",
    "progress/",
    "accessibility/",
    "cookies/",
    "about/",
]


def test_every_page_type_is_in_the_example(example_site: tuple[Path, str]) -> None:
    assert set(PAGE_TYPES) <= set(pages(example_site[0]))


def test_axe_finds_no_violations_on_any_page_type_in_either_colour_scheme(
    example_site: tuple[Path, str], browser: Any
) -> None:
    assert axe_pages(browser.new_page(), example_site[1], PAGE_TYPES) == {}


def test_the_nu_html_checker_finds_no_errors_on_any_page(example_site: tuple[Path, str]) -> None:
    errors = vnu(sorted(example_site[0].rglob("*.html")))

    assert [f"{e['url']}:{e.get('lastLine')}: {e['message']}" for e in errors] == []


def test_no_request_leaves_the_site_and_no_cookie_is_set(
    example_site: tuple[Path, str], browser: Any
) -> None:
    site, base = example_site
    requested: list[str] = []
    page = browser.new_page()
    page.on("request", lambda request: requested.append(request.url))
    for url in pages(site):
        page.goto(base + url, wait_until="networkidle")
    origins = {
        f"{urlsplit(u).scheme}://{urlsplit(u).netloc}/"
        for u in requested
        if not u.startswith("data:")
    }
    assert origins == {base}
    assert browser.cookies() == []


# Where the first Tab lands, where the link it lands on leads, and whether that is at or
# before the page's <h1> and shown below the sticky header once followed.
SKIP_CHECK = """() => {
    const link = document.activeElement;
    const hash = link.getAttribute('href') || '';
    const target = hash.startsWith('#') ? document.getElementById(hash.slice(1)) : null;
    const h1 = document.querySelector('h1');
    const before = target !== null && h1 !== null && (target === h1 || target.contains(h1)
        || !!(target.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING));
    return {text: link.textContent.trim(), target: hash, before: before};
}"""
SHOWN_CHECK = """hash => {
    const el = document.getElementById(hash.slice(1));
    const header = document.querySelector('.md-header').getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return box.top >= header.bottom - 1 && box.top < window.innerHeight;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_first_tab_is_a_skip_link_to_the_start_of_the_content(
    example_site: tuple[Path, str], browser: Any, width: int
) -> None:
    base = example_site[1]
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 844})
    found = {}
    for url in (
        "posts/2026/06/missed-collections-app-outage/",
        "subscribe/",
        "principles/open-culture/",
        "actions/",
        "about/",
    ):
        page.goto(base + url)
        page.keyboard.press("Tab")
        skip = page.evaluate(SKIP_CHECK)
        page.keyboard.press("Enter")
        skip["shown"] = page.evaluate(SHOWN_CHECK, skip["target"]) if skip["before"] else False
        found[url] = skip
    wanted = {"text": "Skip to content", "before": True, "shown": True}
    assert {
        url: {k: v for k, v in skip.items() if k != "target"} for url, skip in found.items()
    } == {url: wanted for url in found}


# What has focus must show it (an outline or a shadow) and must not be hidden under the sticky
# header: if it is where the header is, it must be the header's, or drawn above it.
FOCUS_CHECK = """async () => {
    // Let scrolling and Material's sticky sidebars settle first.
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const el = document.activeElement;
    if (el === document.body) return {what: 'body', indicated: true, clear: true};
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const header = document.querySelector('.md-header');
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none';
    const shown = box.width > 0 && box.height > 0;
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const underHeader = y < header.getBoundingClientRect().bottom && !header.contains(el);
    const hit = underHeader ? document.elementFromPoint(x, y) : null;
    return {
        what: el.outerHTML.slice(0, 80),
        indicated: outline || shadow || !shown,
        clear: !shown || !underHeader || (hit !== null && (el === hit || el.contains(hit))),
    };
}"""


def test_focus_is_always_visible_and_never_under_the_sticky_header(
    example_site: tuple[Path, str], browser: Any
) -> None:
    base = example_site[1]
    problems = []
    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 720})
    for url in ("posts/2026/11/october-roundup/", "principles/open-culture/", "subscribe/"):
        page.goto(base + url)
        for _ in range(60):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_CHECK)
            if not (state["indicated"] and state["clear"]):
                problems.append((url, state))
    assert problems == []


# axe's target-size rule checks every target, with the spacing exception; these are the
# controls In the Open adds, which must be 24 pixels square themselves.
TARGETS = """() => [...document.querySelectorAll(
    '.ito-copy, .ito-pagination a, .ito-tag, .ito-footer-links a, .ito-neighbour'
)].filter(el => el.offsetParent !== null).map(el => {
    const box = el.getBoundingClientRect();
    return {what: el.outerHTML.slice(0, 60), width: box.width, height: box.height};
}).filter(t => t.width < 24 || t.height < 24)"""


def test_controls_are_at_least_24_pixels_square(
    example_site: tuple[Path, str], browser: Any
) -> None:
    base = example_site[1]
    small = {}
    page = browser.new_page()
    for url in (
        "",
        "posts/2026/11/october-roundup/",
        "principles/open-culture/",
        "subscribe/",
        "tags/",
    ):
        page.goto(base + url)
        found = page.evaluate(TARGETS)
        if found:
            small[url] = found
    assert small == {}


def test_pages_have_the_language_of_their_posts(tmp_path: Path, browser: Any) -> None:
    make_site(
        tmp_path,
        {
            "en.md": post_text("English", translations="[cy]"),
            "cy.md": post_text("Cymraeg", lang="cy", translations="[en]"),
        },
    )
    assert build(tmp_path, "--strict").returncode == 0
    with serve(tmp_path / "site") as base:
        page = browser.new_page()
        page.goto(base + "posts/2026/03/cy/")
        welsh = page.evaluate("() => document.documentElement.lang")
        page.goto(base + "posts/2026/03/en/")
        english = page.evaluate("() => document.documentElement.lang")
    assert (welsh, english) == ("cy", "en")


def test_the_cookies_page_names_everything_the_site_stores(
    example_site: tuple[Path, str], browser: Any
) -> None:
    base = example_site[1]
    page = browser.new_page()
    stored: set[str] = set()
    for url in PAGE_TYPES:
        page.goto(base + url, wait_until="networkidle")
        stored |= set(
            page.evaluate("() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]")
        )
    page.goto(base + "cookies/")
    said = page.evaluate("() => document.querySelector('article').textContent")
    # The theme names each key after the site's path, e.g. '/.__palette'.
    assert stored  # the palette toggle stores the scheme on the first view
    assert [key for key in stored if key.rsplit(".", 1)[-1] not in said] == []
    assert browser.cookies() == []


# WCAG 1.4.10 (reflow): at 320 CSS pixels nothing but a table or a code block may make the
# page scroll sideways; those scroll in their own box.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('.md-content *')]
        .filter(el => el.getBoundingClientRect().right > width + 1)
        .filter(el => !el.closest('.md-typeset__scrollwrap, pre, .md-typeset table'))
        .map(el => el.outerHTML.slice(0, 80));
}"""


def test_every_page_type_reflows_at_320_pixels(
    example_site: tuple[Path, str], browser: Any
) -> None:
    base = example_site[1]
    page = browser.new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for url in PAGE_TYPES:
        page.goto(base + url)
        found = page.evaluate(OVERFLOW)
        scrolls = page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        if found or scrolls:
            wide[url] = found[:3]
    assert wide == {}
