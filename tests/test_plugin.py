"""The plugin is registered for MkDocs and ProperDocs, and the example site builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from conftest import ROOT
from intheopen.integrations.mkdocs.plugin import InTheOpenPlugin

SITE_FILES = ("mkdocs.yml", "authors.yml", "docs", "posts", "overrides")


@pytest.mark.parametrize("group", ["mkdocs.plugins", "properdocs.plugins"])
def test_entry_point(group: str) -> None:
    (point,) = entry_points(group=group, name="intheopen")
    assert point.load() is InTheOpenPlugin


@pytest.fixture
def example(tmp_path: Path) -> Path:
    for name in SITE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_example_site_builds_strict(example: Path, tool: str) -> None:
    command = [sys.executable, "-m", tool, "build", "--strict", "-f", "mkdocs.yml", "-d", "out"]
    result = subprocess.run(command, cwd=example, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert (example / "out" / "index.html").is_file()
    assert (example / "out" / "about" / "index.html").is_file()
    assert "WARNING" not in result.stderr
