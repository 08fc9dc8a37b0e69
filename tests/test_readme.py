"""The README's front-matter reference and quick start cannot drift from the code."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from intheopen.content import catalogue, spec
from intheopen.content.spec import Field

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTIONS = {
    "Post fields": spec.POST,
    "`incidents:` (each item)": spec.INCIDENT,
    "`impact:`": spec.IMPACT,
    "`personal_data:`": spec.PERSONAL_DATA,
    "`timeline:` (each entry)": spec.TIMELINE_ENTRY,
    "`actions:` (each action)": spec.ACTION,
    "`plan:`": spec.PLAN,
    "`authors.yml` (each author)": spec.AUTHOR,
}


def table(heading: str) -> list[list[str]]:
    section = README.split(f"\n### {heading}\n", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


def groups(fields: tuple[Field, ...]) -> list[tuple[Field, ...]]:
    found = [fields]
    for f in fields:
        inner = f.item.fields if f.item is not None else f.fields
        if inner:
            found += groups(inner)
    return found


def test_every_group_of_fields_has_a_section() -> None:
    documented = [id(fields) for fields in SECTIONS.values()]
    assert sorted(documented) == sorted(id(g) for g in [*groups(spec.POST), spec.AUTHOR])


@pytest.mark.parametrize("heading", SECTIONS)
def test_reference_matches_the_model(heading: str) -> None:
    fields = SECTIONS[heading]
    rows = table(heading)

    assert [row[0] for row in rows] == [f"`{f.key}`" for f in fields]
    for f, (_, required, description) in zip(fields, rows, strict=True):
        if f.required and f.types:
            assert required == f"on {', '.join(f.types)}", f.key
        else:
            assert required == ("yes" if f.required else "—"), f.key
        for choice in choices(f):
            assert f"`{choice}`" in description, (f.key, choice)


def choices(f: Field) -> tuple[str, ...]:
    target = f.item if f.kind == "list" and f.item is not None else f
    if target.vocabulary == "principles":
        return catalogue.principle_slugs()
    if target.vocabulary == "types":
        return catalogue.type_slugs()
    return target.choices


def test_quick_start_is_exactly_two_commands() -> None:
    block = re.search(r"## Quick start\n.*?```sh\n(.*?)```", README, re.S)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert [c.split("#")[0].strip() for c in commands] == [
        "bash scripts/example.sh",
        "bash scripts/test.sh",
    ]
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_plugin_option_is_in_the_options_table() -> None:
    from intheopen.integrations.mkdocs.options import InTheOpenConfig

    section = README.split("\n### Plugin options\n", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    documented = {name for row in rows for name in re.findall(r"`(\w+)`", row.split(" | ")[0])}

    assert documented == {name for name, _ in InTheOpenConfig._schema}


def test_the_aggregators_exit_codes_are_the_ones_documented() -> None:
    from intheopen.aggregate import command

    section = README.split("\n### Exit codes, for schedulers\n", 1)[1].split("\n#", 1)[0]
    codes = [int(line.split("`")[1]) for line in section.splitlines() if line.startswith("| `")]
    assert codes == sorted({command.FINE, command.FAILED, 2, command.NOTHING_FETCHED})


def _command_table() -> dict[str, str]:
    """The command line table's rows, by the subcommand each is about."""
    section = README.split("\n### The command line\n", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `intheopen ")]
    return {row.split("`")[1].split()[1]: row for row in rows}


def test_every_subcommand_and_option_is_in_the_command_table() -> None:
    from intheopen.cli import main

    rows = _command_table()
    assert sorted(rows) == sorted(main.commands)
    assert "`-f/--config-file` points at another `mkdocs.yml`" in README  # for check and new
    for name, command in main.commands.items():
        for parameter in command.params:
            long = [o for o in getattr(parameter, "opts", ()) if o.startswith("--")]
            if long and parameter.param_type_name == "option" and long[0] != "--config-file":
                assert long[0] in rows[name], (name, long[0])


def _code_lines() -> list[str]:
    blocks = re.findall(r"```(?:sh|bash|yaml|cron)?\n(.*?)```", README, re.S)
    return [line for block in blocks for line in block.splitlines()]


def test_every_intheopen_command_shown_is_one_the_cli_takes() -> None:
    from intheopen.cli import main

    shown = [
        match
        for line in _code_lines()
        for match in re.findall(r"\bintheopen ((?:[\w-]+)(?: [^#&|;]*)?)", line)
        if not match.startswith(("@", "=="))
    ]
    assert len(shown) >= 10
    for words in shown:
        name, *rest = words.split()
        assert name in main.commands, words
        command = main.commands[name]
        if name in ("build", "serve"):
            continue  # the engine's options pass through
        known = {o for p in command.params for o in getattr(p, "opts", ())}
        for word in rest:
            if word.startswith("--"):
                assert word.split("=")[0] in known, words


def test_every_link_inside_the_readme_leads_to_a_heading() -> None:
    headings = re.findall(r"^#{2,6} (.+)$", re.sub(r"```.*?```", "", README, flags=re.S), re.M)
    anchors = {
        re.sub(r"[^\w\- ]", "", heading.lower()).strip().replace(" ", "-") for heading in headings
    }
    for target in re.findall(r"\]\(#([\w-]+)\)", README):
        assert target in anchors, target
