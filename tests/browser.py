"""Helpers for checking built pages in a real browser and with the Nu Html Checker.

Reused by every feature that makes pages: serve a built site on 127.0.0.1, open pages in
headless Chromium (the machine's own, never a downloaded one), run axe-core, run vnu.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

NODE = ROOT / ".cache/node/node_modules"
AXE = NODE / "axe-core/axe.min.js"
VNU = NODE / "vnu-jar/build/dist/vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def need(path: Path, what: str) -> None:
    """Skip when a tool is missing on a developer's machine; fail in CI, which installs it."""
    if path.exists():
        return
    message = f"{what} is missing ({path}); scripts/test-tools.sh installs it"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    """Headless Chromium from the machine, driven by Playwright."""
    need(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
        )
        try:
            yield browser
        finally:
            browser.close()


def axe(page: Any, scheme: str = "default") -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the open page, in a colour scheme
    ('default' light, or 'slate' dark)."""
    need(AXE, "axe-core")
    # No transitions, so colours are measured as they settle, not halfway through a change.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate(
        "scheme => { document.body.setAttribute('data-md-color-scheme', scheme); }", scheme
    )
    _load_axe(page)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def _load_axe(page: Any) -> None:
    """Put axe-core in the page through the DevTools protocol, which no Content-Security-
    Policy of the page can refuse (a script tag would be)."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("Runtime.evaluate", {"expression": AXE.read_text(encoding="utf-8")})
    finally:
        session.detach()


# A phone (390 px, as an iPhone 12 to 15) and a desktop.
VIEWPORTS = ({"width": 390, "height": 844}, {"width": 1280, "height": 900})


def axe_pages(page: Any, base: str, urls: list[str]) -> dict[str, Any]:
    """axe's violations on each page at `base` + url, at a phone's width and a desktop's,
    in light and dark, by 'url (width, scheme)'."""
    found: dict[str, Any] = {}
    for viewport in VIEWPORTS:
        page.set_viewport_size(viewport)
        for url in urls:
            for scheme in ("default", "slate"):
                page.goto(base + url)
                violations = axe(page, scheme)
                if violations:
                    found[f"{url} ({viewport['width']} px, {scheme})"] = violations
    return found


def axe_rules(page: Any) -> int:
    """How many axe rules the WCAG tags select."""
    _load_axe(page)
    return int(page.evaluate("tags => axe.getRules(tags).length", WCAG_TAGS))


def vnu(files: list[Path]) -> list[dict[str, Any]]:
    """The Nu Html Checker's errors for `files`."""
    need(VNU, "vnu.jar")
    java = shutil.which("java")
    if java is None:
        need(Path("/nonexistent/java"), "Java")
    result = subprocess.run(
        [str(java), "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [m for m in messages if m.get("type") == "error"]
