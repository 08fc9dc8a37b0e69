from __future__ import annotations

import pytest
import yaml

from intheopen.content import yamlsafe

DOCUMENT = """\
title: "Bins: an update"
date: 2026-03-03
incidents:
  - title: Outage
    started: 2026-03-03 07:00
    actions: [{action: Fix, due: 2026-04-01}]
tags: [bins, bins]
title: Again
"""


def test_libyaml_and_pure_python_agree() -> None:
    assert yamlsafe.FastLoader is not None, "PyYAML without libyaml: the slow path only"
    fast = yamlsafe.load(DOCUMENT, 3)
    slow = yamlsafe._load_slowly(DOCUMENT, 3)

    assert fast == slow
    data, lines = fast
    assert data["date"] == "2026-03-03"  # dates stay text, for our own parsing
    assert lines.by_path[("incidents", 0, "actions", 0, "due")] == 9
    assert lines.duplicates == [(("title",), 4, 11)]


@pytest.mark.parametrize(
    "text", ["a: &x 1\nb: *x\n", "a: &x [1]\nb: *x\n", "a: &x {k: 1}\nb: *x\n"]
)
def test_aliases_are_refused_on_both_paths(text: str) -> None:
    with pytest.raises(yamlsafe.AliasRefused) as caught:
        yamlsafe.load(text, 10)
    assert caught.value.problem_mark is not None
    assert caught.value.problem_mark.line + 1 == 12


def test_python_tags_are_refused() -> None:
    with pytest.raises(yaml.constructor.ConstructorError):
        yamlsafe.load('a: !!python/object/apply:os.system ["true"]\n', 0)
