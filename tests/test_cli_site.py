"""`intheopen build` and `intheopen serve`, run as an author runs them."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sitebuild import make_site, post_text

INTHEOPEN = [sys.executable, "-c", "from intheopen.cli import main; main()"]


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
        server.wait(timeout=10)
    shutil.rmtree(tmp_path / "site", ignore_errors=True)
