#!/usr/bin/env python3
"""Lay out the benchmark sites over the same N generated posts.

    python bench/sites.py N [--home DIR]

Writes HOME/intheopen-N/ (In the Open), HOME/material-N/ (the reference: Material's
blog + tags plugins and mkdocs-rss-plugin) and HOME/plain-N/ (the floor: the reference's
posts as plain pages of Material, with no blog, listings or feeds: what rendering the
posts alone costs any blog on MkDocs and Material) and prints their folders. All use the
same Markdown extensions, search, and the same posts (bench/posts.py). A folder that already
holds the same N and generator is left as it is. HOME defaults to
${XDG_CACHE_HOME:-~/.cache}/intheopen-bench.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import posts

HERE = Path(__file__).resolve().parent

MARKDOWN = """markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.highlight:
      anchor_linenums: true
  - pymdownx.inlinehilite
  - pymdownx.superfences
"""

THEME = """theme:
  name: material
  language: en
  font: false
  features:
    - navigation.indexes
    - content.code.copy
"""

INTHEOPEN = f"""site_name: Example Council digital blog
site_url: https://blog.example-council.gov.uk/
site_description: Working in the open at Example Council
{THEME}plugins:
  - search
  - intheopen:
      council: Example Council
{MARKDOWN}"""

MATERIAL = f"""site_name: Example Council digital blog
site_url: https://blog.example-council.gov.uk/
site_description: Working in the open at Example Council
{THEME}nav:
  - Home: index.md
  - Blog:
      - blog/index.md
  - Tags: tags.md
plugins:
  - search
  - blog:
      blog_dir: blog
      archive: true
      categories: true
      pagination: true
      pagination_per_page: 10
      authors: true
  - tags
  - rss:
      match_path: "blog/posts/.*"
      date_from_meta:
        as_creation: date
      categories:
        - categories
        - tags
      use_git: false
{MARKDOWN}"""

# The floor: only the home page in the navigation (Material draws the navigation on every
# page; a thousand entries in it would cost more than the posts).
PLAIN = f"""site_name: Example Council digital blog
site_url: https://blog.example-council.gov.uk/
site_description: Working in the open at Example Council
{THEME}nav:
  - Home: index.md
plugins:
  - search
{MARKDOWN}"""

HOME_PAGE = """# Example Council digital blog

We are the digital team at Example Council. We write about our work in the open.
"""

# The reference's versions: MkDocs' last release, the Material our own tests use, and the
# feed plugin most Material blogs add for RSS.
REFERENCE = ["mkdocs==1.6.1", "mkdocs-material==9.8.2", "mkdocs-rss-plugin==1.19.0"]


def home() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("BENCH_HOME", Path(cache) / "intheopen-bench"))


def stamp(count: int) -> str:
    digest = hashlib.sha256()
    for name in ("posts.py", "sites.py"):
        digest.update((HERE / name).read_bytes())
    return f"n={count} generator={digest.hexdigest()[:16]}"


def prepare(count: int, base: Path) -> tuple[Path, Path, Path]:
    """The sites for `count` posts under `base`; (ours, reference, floor)."""
    ours, reference = base / f"intheopen-{count}", base / f"material-{count}"
    plain = base / f"plain-{count}"
    for site, form in ((ours, "intheopen"), (reference, "material"), (plain, "plain")):
        marker = site / ".stamp"
        if marker.exists() and marker.read_text() == stamp(count):
            continue
        shutil.rmtree(site, ignore_errors=True)
        posts.write(count, site, "intheopen" if form == "intheopen" else "material")
        docs = site / "docs"
        docs.mkdir(exist_ok=True)
        (docs / "index.md").write_text(HOME_PAGE, encoding="utf-8")
        if form == "intheopen":
            (site / "mkdocs.yml").write_text(INTHEOPEN, encoding="utf-8")
        elif form == "plain":
            (site / "mkdocs.yml").write_text(PLAIN, encoding="utf-8")
        else:
            (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
            (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
            (site / "mkdocs.yml").write_text(MATERIAL, encoding="utf-8")
        marker.write_text(stamp(count))
    return ours, reference, plain


def reference_python(base: Path) -> Path:
    """The reference's own virtual environment, made on first use."""
    venv = base / "venv-material"
    python = venv / "bin" / "python"
    if not python.exists():
        base.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *REFERENCE], check=True)
    return python


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--home", type=Path, default=home())
    args = parser.parse_args()
    for site in prepare(args.count, args.home):
        print(site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
