"""`intheopen build` and `intheopen serve`, run as an author runs them."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from lxml import html as lxml_html

from sitebuild import make_site, post_text

INTHEOPEN = [sys.executable, "-c", "from intheopen.cli import run; run()"]  # as installed


def test_build(tmp_path: Path) -> None:
    make_site(tmp_path, {"one.md": post_text("One")})

    result = subprocess.run(
        [*INTHEOPEN, "build", "--strict"], cwd=tmp_path, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/posts/2026/03/one/index.html").is_file()


def test_build_fails_on_a_broken_post(tmp_path: Path) -> None:
    make_site(tmp_path, {"one.md": post_text("One", type="blog")})

    result = subprocess.run([*INTHEOPEN, "build"], cwd=tmp_path, capture_output=True, text=True)

    assert result.returncode == 1
    assert "posts/one.md:4: type: 'blog' is not a post type" in result.stderr
    assert "Traceback" not in result.stderr


ENDED = """
import gc, sys
from intheopen.cli import run
sys.argv = ["intheopen", *sys.argv[1:]]
try:
    run()
except SystemExit as done:
    print("code", done.code, "left to the exit", gc.get_freeze_count() > 0, file=sys.stderr)
"""


def test_the_command_leaves_what_it_holds_to_the_exit_whether_or_not_it_fails(
    tmp_path: Path,
) -> None:
    make_site(tmp_path, {"one.md": post_text("One")})

    for args, code in ((["check"], 0), (["check", "no-such-post.md"], 2)):
        result = subprocess.run(
            [sys.executable, "-c", ENDED, *args], cwd=tmp_path, capture_output=True, text=True
        )
        assert f"code {code} left to the exit True" in result.stderr, result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_post_is_saved(tmp_path: Path) -> None:
    make_site(tmp_path, {"one.md": post_text("First title")})
    port = free_port()
    server = subprocess.Popen(
        [*INTHEOPEN, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/posts/2026/03/one/"
        assert wait_for(url, "First title")
        assert "livereload" in fetch(url)

        (tmp_path / "posts/one.md").write_text(post_text("Second title"), encoding="utf-8")

        assert wait_for(url, "Second title")
    finally:
        server.terminate()
        server.wait(timeout=30)
    # SIGTERM (a process manager, an editor) stops it as Ctrl+C does: the caches it kept in
    # memory are saved on the way out
    assert server.returncode == 0
    for shelf in ("rendered", "pages", "search", "feeds"):
        assert (tmp_path / ".cache" / "intheopen" / shelf / "index.json").is_file(), shelf
    shutil.rmtree(tmp_path / "site", ignore_errors=True)


BROKEN = (
    "---\ntitle: Outage: bins\ndate: 2026-03-09\ntype: incident-report\n"
    "principles: [open-culture]\nsummary: The bins app was down.\nauthors: [sam-patel]\n"
    "incidents:\n  - title: Bins app down\n    status: reviewed\n---\nIt was human error.\n"
)


def test_a_preview_lists_the_problems_on_its_pages_and_goes_on(tmp_path: Path) -> None:
    make_site(tmp_path, {"one.md": post_text("First title")})
    (tmp_path / "mkdocs.yml").write_text(
        "strict: true\n" + (tmp_path / "mkdocs.yml").read_text("utf-8"), "utf-8"
    )
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*INTHEOPEN, "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            stdout=out,
            stderr=out,
        )
    try:
        home, post = (f"http://127.0.0.1:{port}/{path}" for path in ("", "posts/2026/03/one/"))
        assert wait_for(post, "First title", 60)
        assert "ito-problems" not in fetch(home)

        (tmp_path / "posts/broken.md").write_text(BROKEN, encoding="utf-8")
        assert wait_for(post, 'class="ito-problems"', 60)  # the server goes on
        for url in (home, post, f"http://127.0.0.1:{port}/posts/"):
            listed = lxml_html.fromstring(fetch(url)).xpath("//*[@class='ito-problems']//li")
            items = [" ".join(li.text_content().split()) for li in listed]
            assert "posts/broken.md:2 front matter: a value contains ': '; put the whole " in (
                " ".join(items)
            )
            assert any(
                i.startswith("posts/broken.md:9 incidents[1].severity: required") for i in items
            )
            assert any("warning" in i and "human error" in i for i in items)

        (tmp_path / "posts/broken.md").unlink()
        assert wait_for(post, "First title", 60)
        deadline = time.monotonic() + 60
        while "ito-problems" in fetch(home) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "ito-problems" not in fetch(home)
    finally:
        server.terminate()
        server.wait(timeout=10)
    said = log.read_text("utf-8")
    assert "error: posts/broken.md:9: incidents[1].severity: required" in said
    assert "`intheopen build` stops at errors" in said

    (tmp_path / "posts/broken.md").write_text(BROKEN, encoding="utf-8")
    built = subprocess.run([*INTHEOPEN, "build"], cwd=tmp_path, capture_output=True, text=True)
    assert built.returncode != 0
    assert "posts/broken.md:9: incidents[1].severity: required" in built.stderr
