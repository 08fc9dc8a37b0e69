"""Helpers for tests that build real sites: write one in tmp_path, build it, read it back."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

from lxml import html as lxml_html

MKDOCS_YML = """\
site_name: Testtown Council blog
site_url: https://blog.testtown.example/
site_author: Testtown Council
theme:
  name: material
  font: false
plugins:
  - search
  - intheopen:
      per_page: {per_page}
"""


def post_text(title: str, date: str = "2026-03-06", body: str = "Body.", **fields: str) -> str:
    values = {
        "title": f'"{title}"',
        "date": date,
        "type": "update",
        "principles": "[open-culture]",
        "summary": f'"Summary of {title}."',
        "authors": "[sam-patel]",
        **fields,
    }
    front = "".join(f"{k}: {v}\n" for k, v in values.items())
    return f"---\n{front}---\n{body}\n"


def make_site(root: Path, posts: dict[str, str], per_page: int = 10, extra: str = "") -> Path:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(per_page=per_page) + extra, "utf-8")
    (root / "authors.yml").write_text(
        "sam-patel:\n  name: Sam Patel\n  role: Head of Digital\n"
        "jo-evans:\n  name: Jo Evans\n  role: Service Owner\n",
        encoding="utf-8",
    )
    for name, text in posts.items():
        path = root / "posts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def copy_example(root: Path) -> Path:
    """The bundled example council's site, copied into `root`."""
    from conftest import ROOT

    for name in ("mkdocs.yml", "authors.yml"):
        shutil.copy(ROOT / name, root / name)
    for name in ("docs", "posts", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    return root


def build(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` in `root`, as an author would run it."""
    command = [sys.executable, "-m", "mkdocs", "build", "-d", "site", *args]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)


def page(root: Path, url: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((root / "site" / url / "index.html").read_bytes())


def files_of(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site, with its bytes."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def every_output_text(site: Path) -> str:
    """All text in the built site, compressed files opened, for checking what leaked."""
    chunks = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            chunks.append(data.decode("utf-8", "replace"))
    return "\n".join(chunks)
