"""The plugin is registered for MkDocs and ProperDocs."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

from intheopen.integrations.mkdocs.plugin import InTheOpenPlugin


@pytest.mark.parametrize("group", ["mkdocs.plugins", "properdocs.plugins"])
def test_entry_point(group: str) -> None:
    (point,) = entry_points(group=group, name="intheopen")
    assert point.load() is InTheOpenPlugin
