"""The bundled example council blog: every post type, and clean under --strict."""

from __future__ import annotations

from collections import Counter

from conftest import ROOT, run
from intheopen.content.collection import load_blog


def test_check_passes_on_the_example(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)

    result = run("check", "--strict")

    assert result.output == "Checked 8 posts: no problems found.\n"
    assert result.exit_code == 0


def test_the_example_shows_every_type() -> None:
    blog = load_blog(ROOT / "posts", ROOT / "authors.yml", ROOT)

    assert Counter(p.type for p in blog.posts) == {
        "incident-report": 2,
        "plan": 2,
        "lessons-learnt": 1,
        "weeknote": 2,
        "update": 1,
    }
    assert sorted(len(p.incidents) for p in blog.posts if p.type == "incident-report") == [1, 2]
    plan = next(p for p in blog.posts if p.type == "plan" and p.slug.startswith("garden"))
    assert [p.follows for p in blog.posts if p.type == "lessons-learnt"] == [plan.slug]
    assert len(blog.authors) >= 3
