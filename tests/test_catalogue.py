from __future__ import annotations

from intheopen.content import catalogue


def test_the_five_principles() -> None:
    principles = catalogue.principles()

    assert [(p.number, p.slug) for p in principles] == [
        (1, "user-needs"),
        (2, "fix-our-plumbing"),
        (3, "safe-sharing"),
        (4, "digital-leadership"),
        (5, "open-culture"),
    ]
    assert all(p.text.startswith("We will ") and p.text.endswith(".") for p in principles)
    assert principles[1].text.startswith("We will 'fix our plumbing' to break our dependence")


def test_post_types() -> None:
    assert catalogue.type_slugs() == (
        "plan",
        "lessons-learnt",
        "incident-report",
        "weeknote",
        "update",
    )
    incident = next(t for t in catalogue.post_types() if t.slug == "incident-report")
    assert incident.headings == (
        "What happened",
        "What users saw",
        "How we responded",
        "Why it happened",
        "What went well",
        "What could have gone better",
        "What we're doing about it",
    )


def test_aliases_point_at_real_slugs() -> None:
    assert set(catalogue.principle_aliases().values()) == set(catalogue.principle_slugs())
    assert set(catalogue.type_aliases().values()) <= set(catalogue.type_slugs())
    assert catalogue.principle_aliases()["2"] == "fix-our-plumbing"
