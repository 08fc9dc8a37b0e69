"""The command line, by its exact output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import run, write_post
from intheopen.content import catalogue

STRICT = (
    "With --strict, warnings count as errors: change what they point at "
    "(or, if the check is wrong, say so in the pull request).\n"
)


@pytest.mark.parametrize("post_type", catalogue.type_slugs())
def test_new_writes_a_post_that_check_passes(site: Path, post_type: str) -> None:
    result = run(
        "new",
        post_type,
        "Replacing our bins app",
        "--author",
        "sam-patel",
        "--date",
        "2026-03-03",
        "--principle",
        "user-needs",
        "--principle",
        "fix-our-plumbing",
    )

    assert result.output == (
        "Wrote posts/2026/replacing-our-bins-app.md. "
        "It is a draft until you remove 'status: draft'.\n"
    )
    assert result.exit_code == 0
    text = (site / "posts/2026/replacing-our-bins-app.md").read_text(encoding="utf-8")
    assert "principles: [user-needs, fix-our-plumbing]" in text
    for heading in next(t for t in catalogue.post_types() if t.slug == post_type).headings:
        assert f"\n## {heading}\n" in text

    check = run("check", "--strict")
    assert check.output == "Checked 1 post: no problems found.\n"
    assert check.exit_code == 0


def test_new_keeps_awkward_titles_intact(site: Path) -> None:
    title = 'Ŵyl Dewi: "what we learnt" & what\'s next'
    run("new", "lessons-learnt", title, "-a", "jo-evans", "--date", "2026-03-01")

    path = site / "posts/2026/wyl-dewi-what-we-learnt-what-s-next.md"
    from intheopen.content.collection import load_blog

    blog = load_blog(site / "posts", site / "authors.yml", site)
    assert blog.problems == ()
    assert [p.title for p in blog.posts] == [title]
    assert path.exists()


def test_new_refuses_to_overwrite(site: Path) -> None:
    run("new", "weeknote", "Weeknote 1", "-a", "sam-patel", "--date", "2026-03-06")
    before = (site / "posts/2026/weeknote-1.md").read_bytes()

    result = run("new", "weeknote", "Weeknote 1", "-a", "jo-evans", "--date", "2026-03-06")

    assert result.output == (
        "Error: posts/2026/weeknote-1.md already exists; choose another title or --slug\n"
    )
    assert result.exit_code == 1
    assert (site / "posts/2026/weeknote-1.md").read_bytes() == before


def test_new_rejects_an_unknown_principle_with_a_suggestion(site: Path) -> None:
    result = run("new", "weeknote", "W", "-a", "sam-patel", "-p", "open-cultur")

    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for --principle: 'open-cultur' is not a Local Digital Declaration "
        "principle; expected one of user-needs, fix-our-plumbing, safe-sharing, "
        "digital-leadership, open-culture; did you mean 'open-culture'?"
    )


def test_new_rejects_an_unknown_author_and_asks_for_one(site: Path) -> None:
    unknown = run("new", "weeknote", "W", "-a", "sam")
    missing = run("new", "weeknote", "W")

    assert unknown.exit_code == missing.exit_code == 2
    assert unknown.output.splitlines()[-1] == (
        "Error: Invalid value for --author: 'sam' is not an author in authors.yml; "
        "expected one of "
        "sam-patel, jo-evans, or add them there (an id, with name: and role:); "
        "did you mean 'sam-patel'?"
    )
    assert missing.output.splitlines()[-1] == (
        "Error: say who is writing it with --author ID (one of sam-patel, jo-evans)"
    )


def test_new_rejects_an_unknown_type(site: Path) -> None:
    result = run("new", "blog", "W")

    assert result.exit_code == 2
    assert (
        "Invalid value for 'TYPE': 'blog' is not one of 'plan', 'lessons-learnt'" in result.output
    )


def test_check_exit_codes_and_strict(site: Path) -> None:
    write_post(site / "posts", "warned.md", tagz="[bins]")

    plain = run("check")
    strict = run("check", "--strict")

    expected = (
        "posts/warned.md:8: warning: tagz: unknown field 'tagz', ignored; did you mean 'tags'?\n"
        "Checked 1 post: 1 warning in 1 file.\n"
    )
    assert (plain.output, plain.exit_code) == (expected, 0)
    assert (strict.output, strict.exit_code) == (expected + STRICT, 1)


def test_check_json(site: Path) -> None:
    write_post(site / "posts", "bad.md", type="blog")

    result = run("check", "--format", "json")

    assert result.exit_code == 1
    assert json.loads(result.output) == {
        "files": 1,
        "errors": 1,
        "warnings": 0,
        "problems": [
            {
                "path": "posts/bad.md",
                "line": 4,
                "field": "type",
                "level": "error",
                "message": "'blog' is not a post type; expected one of plan, lessons-learnt, "
                "incident-report, weeknote, update",
            }
        ],
    }


def test_check_github_annotations(site: Path) -> None:
    write_post(site / "posts", "bad.md", principles="[open, culture]", tagz="x")

    result = run("check", "--format", "github")

    assert result.output == (
        "::error file=posts/bad.md,line=5,title=principles[1]::'open' is not a Local Digital "
        "Declaration principle; expected one of user-needs, fix-our-plumbing, safe-sharing, "
        "digital-leadership, open-culture; did you mean 'open-culture'?\n"
        "::error file=posts/bad.md,line=5,title=principles[2]::'culture' is not a Local Digital "
        "Declaration principle; expected one of user-needs, fix-our-plumbing, safe-sharing, "
        "digital-leadership, open-culture; did you mean 'open-culture'?\n"
        "::warning file=posts/bad.md,line=8,title=tagz::unknown field 'tagz', ignored; "
        "did you mean 'tags'?\n"
        "Checked 1 post: 2 errors and 1 warning in 1 file.\n"
    )


def test_check_gitlab_code_quality_report(site: Path) -> None:
    write_post(site / "posts", "bad.md", principles="[open, culture]", tagz="x")

    result = run("check", "--format", "gitlab")

    report = json.loads(result.output)
    assert result.exit_code == 1
    assert [(r["severity"], r["check_name"], r["location"]) for r in report] == [
        ("major", "intheopen-error", {"path": "posts/bad.md", "lines": {"begin": 5}}),
        ("major", "intheopen-error", {"path": "posts/bad.md", "lines": {"begin": 5}}),
        ("minor", "intheopen-warning", {"path": "posts/bad.md", "lines": {"begin": 8}}),
    ]
    assert report[2]["description"] == "tagz: unknown field 'tagz', ignored; did you mean 'tags'?"
    assert len({r["fingerprint"] for r in report}) == 3  # GitLab merges equal fingerprints
    assert run("check", "--format", "gitlab", "--strict").output == result.output
    (site / "posts" / "bad.md").unlink()
    assert (run("check", "--format", "gitlab").output, run("check").exit_code) == ("[]\n", 0)


def test_check_only_the_given_paths_but_against_the_whole_blog(site: Path) -> None:
    write_post(
        site / "posts",
        "plan.md",
        type="plan",
        title="Plan",
        date="2026-01-01",
        plan="{state: proposed}",
    )
    write_post(site / "posts", "update.md", type="update", follows="plan", title="Update")
    write_post(site / "posts", "broken.md", type="blog", title="Broken")

    result = run("check", "posts/update.md")

    assert result.output == "Checked 1 post: no problems found.\n"
    assert result.exit_code == 0
    assert run("check", "posts").exit_code == 1


def test_check_a_post_outside_the_posts_folder(site: Path) -> None:
    write_post(site / "posts", "plan.md", type="plan", plan="{state: proposed}")
    write_post(site / "drafts", "update.md", type="update", follows="plan", title="Update")
    write_post(site / "drafts", "bad.md", type="blog", title="Bad")

    result = run("check", "drafts", "authors.yml")

    assert result.output == (
        "drafts/bad.md:4: type: 'blog' is not a post type; expected one of plan, lessons-learnt, "
        "incident-report, weeknote, update\n"
        "Checked 2 posts: 1 error in 1 file.\n"
    )
    assert run("check").output == "Checked 1 post: no problems found.\n"


def test_check_reports_a_missing_authors_file(site: Path) -> None:
    (site / "authors.yml").unlink()
    write_post(site / "posts", "fine.md")

    result = run("check")

    assert result.output == (
        "authors.yml: not found; it lists the people who write posts, e.g.\n"
        "  sam-patel:\n    name: Sam Patel\n    role: Head of Digital\n"
        "Checked 1 post: 1 error in 1 file.\n"
    )
    assert result.exit_code == 1


def test_check_reports_every_problem_in_authors_yml(site: Path) -> None:
    (site / "authors.yml").write_text(
        "sam-patel:\n  name: Sam Patel\n  role: Head of Digital\n  url: example.org\n"
        "Jo Evans:\n  name: Jo Evans\n  role: Service Owner\n"
        "kim:\n  name: Kim\n  job: Developer\n",
        encoding="utf-8",
    )
    write_post(site / "posts", "fine.md")

    result = run("check")

    assert result.output == (
        "authors.yml:4: sam-patel.url: 'example.org' is not a web address; expected one "
        "starting https://\n"
        "authors.yml:5: Jo Evans: 'Jo Evans' cannot be used in a URL; use lower-case letters, "
        "digits and hyphens, e.g. 'jo-evans'\n"
        "authors.yml:8: kim.role: required but is missing\n"
        "authors.yml:10: warning: kim.job: unknown field 'job', ignored\n"
        "Checked 1 post: 3 errors and 1 warning in 1 file.\n"
    )


def test_check_explains_broken_yaml_in_authors_yml(site: Path) -> None:
    (site / "authors.yml").write_text("sam-patel:\n\tname: Sam Patel\n", encoding="utf-8")
    write_post(site / "posts", "fine.md")

    result = run("check")

    assert result.output == (
        "authors.yml:2: a tab is used for indenting; YAML needs spaces\n"
        "Checked 1 post: 1 error in 1 file.\n"
    )


def test_check_reads_folders_from_mkdocs_yml(site: Path) -> None:
    (site / "mkdocs.yml").write_text(
        "site_name: Test\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - intheopen:\n      posts_dir: blog/posts\n      authors_file: people.yml\n",
        encoding="utf-8",
    )
    (site / "authors.yml").rename(site / "people.yml")
    write_post(site / "blog/posts", "one.md")

    result = run("check")

    assert result.output == "Checked 1 post: no problems found.\n"


def test_usage_errors_exit_2(site: Path) -> None:
    assert run("check", "no-such-file.md").exit_code == 2
    assert run("check", "--format", "xml").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_schema_is_valid_draft_2020_12(site: Path) -> None:
    whole = json.loads(run("schema").output)
    plan = json.loads(run("schema", "--type", "plan").output)

    for schema in (whole, plan):
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "plan" in plan["properties"] and "incidents" not in plan["properties"]
    assert "plan" in plan["required"]
    assert {"title", "date", "type", "principles", "summary", "authors"} <= set(whole["required"])
    assert run("schema", "--type", "blog").exit_code == 2


def test_schema_of_authors(site: Path) -> None:
    schema = json.loads(run("schema", "--authors").output)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate({"sam-patel": {"name": "Sam Patel", "role": "Head of Digital"}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"sam-patel": {"name": "Sam Patel"}}, schema)  # no role
    both = run("schema", "--authors", "--type", "plan")
    assert both.exit_code == 2
    assert "give --type or --authors, not both" in both.output


@pytest.mark.parametrize("post_type", catalogue.type_slugs())
def test_an_unchanged_scaffold_published_fails_the_check(site: Path, post_type: str) -> None:
    run("new", post_type, "Bins", "-a", "sam-patel", "--date", "2026-03-03")
    path = site / "posts/2026/bins.md"
    path.write_text(path.read_text("utf-8").replace("status: draft\n", ""), "utf-8")

    check = run("check", "--strict")

    assert check.exit_code == 1
    assert "summary: is still the placeholder from the post's template" in check.output
    assert "body: has headings but no text under them" in check.output
    if post_type == "incident-report":
        for field in ("impact.what_users_saw", "timeline[1].event", "actions[1].action"):
            assert f"incidents[1].{field}: is still the placeholder from" in check.output


def test_a_heading_with_nothing_under_it_is_a_warning(site: Path) -> None:
    write_post(site / "posts", "w.md")
    path = site / "posts/w.md"
    text = path.read_text("utf-8").replace("Body.", "## This week\n\nWe did.\n\n## Next week\n")
    path.write_text(text, "utf-8")

    check = run("check")

    assert check.output.splitlines()[0] == (
        "posts/w.md:13: warning: body: the heading ‘Next week’ has nothing under it; "
        "write that part, or remove the heading"
    )


FOUR_ROUNDS = """---
title: Outage: bins app down
date: 2026-06-04
type: incident-report
principles: [open-culture]
summary: The bins app was down.
authors: [sam-patel]
incidents:
  - id: INC-1
\ttitle: Bins app down
    status: reviewed
    started: 2026-05-31 06:10
    resolved: 2026-05-18 09:00
---

## What happened

Jo Evans forgot to renew the certificate, which was human error and her fault.
"""


def test_every_problem_of_a_post_comes_in_one_run(site: Path) -> None:
    (site / "posts/outage.md").write_text(FOUR_ROUNDS, encoding="utf-8")

    lines = run("check", "--strict").output.splitlines()

    assert lines[:4] == [
        "posts/outage.md:2: front matter: a value contains ': '; put the whole value in quotes",
        "posts/outage.md:9: incidents[1].severity: required but is missing; add it: one of "
        "P1, P2, P3, P4",
        "posts/outage.md:10: front matter: a tab is used for indenting; YAML needs spaces",
        "posts/outage.md:13: incidents[1].resolved: 2026-05-18 09:00 is before started "
        "(2026-05-31 06:10)",
    ]
    warnings = "\n".join(lines[4:])
    assert "missing the headings ‘What users saw’" in warnings
    assert "names a person (‘Jo Evans’) near ‘fault’" in warnings
    assert "gives ‘human error’ as a cause" in warnings
    assert lines[-2:] == ["Checked 1 post: 4 errors and 3 warnings in 1 file.", STRICT.strip()]
    # Mended only to be read: a post with errors is never built.
    from intheopen.content.collection import load_blog

    assert load_blog(site / "posts", site / "authors.yml", site).posts == ()


def test_principles_and_types_are_read_as_written(site: Path) -> None:
    write_post(
        site / "posts",
        "w.md",
        principles="[Fix our plumbing, 3, Open Culture]",
        type='"Weeknote"',
    )
    assert run("check", "--strict").output == "Checked 1 post: no problems found.\n"
    from intheopen.content.collection import load_blog

    [post] = load_blog(site / "posts", site / "authors.yml", site).posts
    assert (post.type, post.principles) == (
        "weeknote",
        ("fix-our-plumbing", "safe-sharing", "open-culture"),
    )

    made = run("new", "plan", "P", "-a", "sam-patel", "--principle", "Fix our plumbing")
    assert made.exit_code == 0, made.output
    assert "principles: [fix-our-plumbing]" in next((site / "posts").rglob("p.md")).read_text(
        "utf-8"
    )


def test_init_placeholders_and_quiet_conflicts_are_warned_about(
    site: Path,
) -> None:
    (site / "mkdocs.yml").write_text(
        "site_name: Blog\nsite_url: https://blog.your-council.example/\nplugins:\n"
        "  - search\n  - material/blog\n  - tags\n  - intheopen:\n      posts_dir: docs/posts\n"
        "      accessibility:\n        email: digital@your-council.example\n",
        encoding="utf-8",
    )
    (site / "docs/posts").mkdir(parents=True)
    write_post(site / "docs/posts", "w.md")
    (site / "docs/tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", "utf-8")
    (site / "docs/principles").mkdir()
    (site / "docs/principles/ours.md").write_text("# Ours\n", "utf-8")
    (site / "docs/about.md").write_text("# About\n", "utf-8")

    lines = run("check").output.splitlines()

    assert lines[0] == (
        "docs/principles/ours.md: warning: is at /principles/ours/, among the pages In the "
        "Open makes under /principles/; move it, e.g. to docs/about-principles-ours.md"
    )
    assert lines[1] == (
        "docs/tags.md: warning: replaces the page In the Open makes at /tags/ (it holds "
        "Material's tags marker; our /tags/ lists the posts by tag); move it, e.g. to "
        "docs/about-tags.md"
    )
    assert lines[2].startswith("mkdocs.yml: warning: Material's blog plugin is configured too")
    assert lines[3].startswith("mkdocs.yml:2: warning: site_url is still the placeholder")
    assert lines[4].startswith("mkdocs.yml:10: warning: the accessibility contact is still")
    assert lines[5:] == ["Checked 1 post: 5 warnings in 3 files."]


def test_an_incidents_warnings_come_with_its_errors(site: Path) -> None:
    (site / "posts/i.md").write_text(
        "---\ntitle: Payments\ndate: 2026-06-04\ntype: incident-report\n"
        "principles: [open-culture]\nsummary: Card payments failed.\nauthors: [sam-patel]\n"
        "incidents:\n  - title: Payments outage\n    severity: P4\n    status: reviewed\n"
        "    contributing_factors: [Jo Evans skipped the release checklist]\n"
        "    impact:\n      what_users_saw: What residents or staff experienced.\n"
        "    actions:\n      - action: Add a check\n        owner: Sam Patel\n"
        "        status: open\n---\n## What happened\n\nPayments failed.\n",
        encoding="utf-8",
    )  # no start time, no due date: the incident and its action have errors

    output = run("check").output

    for expected in (
        "incidents[1].started: required but is missing",
        "incidents[1].actions[1].due: required but is missing",
        "incidents[1].impact.what_users_saw: is still the placeholder",
        "warning: incidents[1].contributing_factors[1]: names a person (‘Jo Evans’)",
        "warning: incidents[1].title: says ‘outage’, but the severity is P4",
        "warning: incidents[1].actions[1].owner: ‘Sam Patel’ looks like a person's name",
    ):
        assert expected in output, expected
