"""Settings that would make an engine build the site without the blog: Zensical runs no
plugin of ours, so `zensical build` on its own leaves every post out, without a word."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from intheopen.checks.problems import Level, Problem

_BARE_ZENSICAL = re.compile(r"(?<![\w./-])zensical\s+(?:build|serve)\b")
ADVICE = "build with `intheopen build --engine zensical`, which generates the blog first"


def engine_problems(root: Path) -> Iterator[Problem]:
    """Warnings for a Zensical configuration, or CI that runs Zensical directly."""
    if (root / "zensical.toml").is_file():
        yield Problem(
            "zensical.toml",
            None,
            None,
            "`zensical build` reads this file and runs no plugin of ours, so the blog "
            f"would be left out; keep the settings in mkdocs.yml and {ADVICE}",
            Level.WARNING,
        )
    pipelines = [*sorted(root.glob(".github/workflows/*.y*ml")), root / ".gitlab-ci.yml"]
    for pipeline in pipelines:
        try:
            text = pipeline.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if _BARE_ZENSICAL.search(line):
                yield Problem(
                    pipeline.relative_to(root).as_posix(),
                    number,
                    None,
                    f"runs Zensical directly, which leaves the blog out; {ADVICE}",
                    Level.WARNING,
                )
