"""Golden pairs: each broken post in tests/golden beside its exact expected report.

A case is a file `NAME.md` or a folder `NAME/` of posts, with `NAME.errors.txt`
holding the exact output of `intheopen check` on a site made of just that case.
Regenerate with `INTHEOPEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py`, then
read every changed line before committing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import run

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p for p in GOLDEN.iterdir() if p.suffix == ".md" or p.is_dir())


def expected_file(case: Path) -> Path:
    return case.with_name(case.name.removesuffix(".md") + ".errors.txt")


def make_site(case: Path, root: Path) -> None:
    shutil.copy(GOLDEN / "authors.yml", root / "authors.yml")
    if case.is_dir():
        shutil.copytree(case, root / "posts")
    else:
        (root / "posts").mkdir()
        shutil.copy(case, root / "posts" / case.name)


def test_every_case_has_its_expected_report() -> None:
    reports = {p.name for p in GOLDEN.glob("*.errors.txt")}
    wanted = {expected_file(case).name for case in CASES}
    assert wanted - reports == set(), "cases without an .errors.txt"
    assert reports - wanted == set(), ".errors.txt files without a case"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_report(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_site(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    before = {p: p.read_bytes() for p in (tmp_path / "posts").rglob("*") if p.is_file()}

    result = run("check")

    expected = expected_file(case)
    if os.environ.get("INTHEOPEN_UPDATE_GOLDEN"):
        expected.write_text(result.output, encoding="utf-8")
    assert result.output == expected.read_text(encoding="utf-8")
    has_errors = "error" in result.output.splitlines()[-1]
    assert result.exit_code == (1 if has_errors else 0)
    after = {p: p.read_bytes() for p in (tmp_path / "posts").rglob("*") if p.is_file()}
    assert after == before, "check must never modify a file"
