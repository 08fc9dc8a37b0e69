"""Shared helpers: a throw-away council site in tmp_path, and the CLI runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from intheopen.cli import main

ROOT = Path(__file__).resolve().parent.parent
AUTHORS = """\
sam-patel:
  name: Sam Patel
  role: Head of Digital
jo-evans:
  name: Jo Evans
  role: Service Owner
"""


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty site (authors.yml and posts/) that is also the working directory."""
    (tmp_path / "authors.yml").write_text(AUTHORS, encoding="utf-8")
    (tmp_path / "posts").mkdir()
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def run(*args: str) -> Result:
    """Run `intheopen ARGS` in the current directory."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write_post(folder: Path, name: str, **fields: str) -> Path:
    """A valid weeknote, with any fields replaced (values written as given, as YAML)."""
    values = {
        "title": "Weeknote 10",
        "date": "2026-03-06",
        "type": "weeknote",
        "principles": "[open-culture]",
        "summary": "What we did this week.",
        "authors": "[sam-patel]",
        **fields,
    }
    front = "".join(f"{k}: {v}\n" for k, v in values.items() if v is not None)
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\nBody.\n", encoding="utf-8")
    return path


__all__ = ["ROOT", "os", "run", "write_post"]
