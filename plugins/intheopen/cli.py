"""The `intheopen` command: a few lines over the core for each subcommand."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from intheopen import __version__
from intheopen.authoring import newsite, scaffold
from intheopen.checks import formats
from intheopen.checks.engine import engine_problems
from intheopen.checks.problems import counts, sort_key
from intheopen.checks.settings import site_problems
from intheopen.content import catalogue, spec
from intheopen.content.authors import load_authors
from intheopen.content.collection import find_posts, load_blog, shown
from intheopen.content.dates import london
from intheopen.content.reading import not_one_of, written_as
from intheopen.content.schema import authors_schema, front_matter_schema
from intheopen.content.siteconfig import find_site
from intheopen.speed.collecting import leave_to_exit
from intheopen.text import one_of

_CONFIG = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help="The site's mkdocs.yml; posts and authors are found from it.",
)


def run() -> None:
    """The `intheopen` command (`main`). As it ends, what the process holds is left to the
    exit instead of being freed object by object (speed/collecting.py)."""
    try:
        main()
    finally:
        leave_to_exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="intheopen")
def main() -> None:
    """In the Open: a council digital blog from Markdown posts in git."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(formats.FORMATS)),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for Actions.",
)
@_CONFIG
def check(paths: tuple[Path, ...], strict: bool, fmt: str, config_file: Path) -> None:
    """Check posts and authors.yml, and print every problem.

    With no PATHS, checks every post in the posts folder. Exits 0 when clean,
    1 when there are errors (or, with --strict, warnings).
    """
    site = find_site(config_file)
    chosen = [f for f in _selected(paths) if f.resolve() != site.authors_file.resolve()]
    blog = load_blog(site.posts_dir, site.authors_file, site.root, chosen, site.rules)
    problems = list(blog.problems)
    files = len(blog.files)
    if paths:
        wanted = {shown(f, site.root) for f in chosen} | {shown(site.authors_file, site.root)}
        problems = [p for p in problems if p.path in wanted]
        files = len(wanted & set(blog.files))
    else:
        problems += engine_problems(site.root)
        problems += site_problems(config_file, site.posts_dir)
    problems.sort(key=sort_key)
    click.echo(formats.FORMATS[fmt](problems, files), nl=False)
    errors, warnings = counts(problems)
    if strict and warnings and fmt in ("text", "github"):
        click.echo(
            "With --strict, warnings count as errors: change what they point at "
            "(or, if the check is wrong, say so in the pull request)."
        )
    raise SystemExit(1 if errors or (strict and warnings) else 0)


def _selected(paths: tuple[Path, ...]) -> list[Path]:
    """The files named on the command line, with folders searched for posts."""
    chosen: list[Path] = []
    for path in paths:
        chosen.extend(find_posts(path) if path.is_dir() else [path])
    return chosen


@main.command()
@click.argument("post_type", metavar="TYPE", type=click.Choice(catalogue.type_slugs()))
@click.argument("title")
@click.option(
    "-p",
    "--principle",
    "principles",
    multiple=True,
    metavar="SLUG",
    help="A Local Digital Declaration principle (repeat for more). Default: open-culture.",
)
@click.option(
    "-a",
    "--author",
    "authors",
    multiple=True,
    metavar="ID",
    help="An author id from authors.yml (repeat for more).",
)
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="Default: today.")
@click.option("--slug", help="The URL's last part. Default: made from the title.")
@_CONFIG
def new(
    post_type: str,
    title: str,
    principles: tuple[str, ...],
    authors: tuple[str, ...],
    day: datetime | None,
    slug: str | None,
    config_file: Path,
) -> None:
    """Write a new draft post of TYPE, ready to edit."""
    site = find_site(config_file)
    principles = _check_choices(
        principles, "principles", catalogue.principle_slugs(), catalogue.principle_aliases()
    )
    post = scaffold.NewPost(
        type=post_type,
        title=title.strip(),
        day=day.date() if day else datetime.now(london()).date(),
        principles=principles or ("open-culture",),
        authors=_authors(site.authors_file, site.root, authors),
        slug=slug or scaffold.default_slug(title),
    )
    if not post.title or not post.slug:
        raise click.BadParameter(
            "give a title with some letters or digits in it", param_hint="TITLE"
        )
    path = scaffold.target(site.posts_dir, post)
    if path.exists():
        raise click.ClickException(
            f"{shown(path, site.root)} already exists; choose another title or --slug"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold.render(post), encoding="utf-8")
    click.echo(f"Wrote {shown(path, site.root)}. It is a draft until you remove 'status: draft'.")


def _authors(file: Path, root: Path, given: tuple[str, ...]) -> tuple[str, ...]:
    known, _ = load_authors(file, shown(file, root))
    ids = tuple(known or ())
    if ids:
        given = _check_choices(given, "authors", ids, {})
    if given:
        return given
    if len(ids) == 1:
        return ids
    raise click.UsageError(
        "say who is writing it with --author ID"
        + (f" (one of {one_of(ids)})" if ids else f"; add authors to {shown(file, root)} first")
    )


def _check_choices(
    given: tuple[str, ...], key: str, choices: tuple[str, ...], aliases: dict[str, str]
) -> tuple[str, ...]:
    """The values given, as the choices they are (a principle's name as its slug)."""
    item = spec.post_field(key).item
    assert item is not None
    found = []
    for value in given:
        choice = written_as(value, choices, aliases, item)
        if choice is None:
            message = not_one_of(value, item, choices, aliases)
            raise click.BadParameter(message, param_hint=f"--{key.removesuffix('s')}")
        found.append(choice)
    return tuple(found)


_PASS_THROUGH = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}


@main.command(context_settings=_PASS_THROUGH, add_help_option=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def build(args: tuple[str, ...]) -> None:
    """Build the site (--engine mkdocs|properdocs|zensical; other options as the engine's,
    e.g. --strict)."""
    _run("build", args)


@main.command(context_settings=_PASS_THROUGH, add_help_option=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def serve(args: tuple[str, ...]) -> None:
    """Preview the site with live reload, drafts shown (--engine as for build)."""
    _run("serve", args)


def _run(command: str, args: tuple[str, ...]) -> None:
    from intheopen.integrations.engines import ENGINES, chosen, config_file, run

    rest: list[str] = []
    asked: str | None = None
    items = iter(args)
    for arg in items:
        if arg == "--engine" or arg.startswith("--engine="):
            asked = arg.partition("=")[2] or next(items, "")
            if asked not in ENGINES:
                raise click.BadParameter(
                    f"{asked!r} is not an engine; expected {one_of(tuple(ENGINES))}",
                    param_hint="--engine",
                )
        else:
            rest.append(arg)
    run(command, chosen(asked, config_file(rest)), rest)


def _web_address(context: click.Context, parameter: click.Parameter, value: str | None) -> Any:
    if value is not None and not value.startswith(("https://", "http://")):
        raise click.BadParameter(f"{value!r} is not a web address; give one starting https://")
    return value


@main.command()
@click.argument(
    "sources_file", metavar="SOURCES", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the aggregated site into.",
)
@click.option(
    "--data",
    default="aggregator-data",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder that keeps the store between runs.",
)
@click.option("--allow-loopback", is_flag=True, help="Allow sources on 127.0.0.1 or ::1.")
@click.option(
    "--deadline",
    default=300.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Seconds that fetching and reading every feed may take.",
)
@click.option(
    "--site-url",
    callback=_web_address,
    help="Where the aggregated site is published (for OPML files with no <ownerId>).",
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Build the whole site, even when no feed brought anything new.",
)
def aggregate(
    sources_file: Path,
    out: Path,
    data: Path,
    allow_loopback: bool,
    deadline: float,
    site_url: str | None,
    rebuild: bool,
) -> None:
    """Fetch councils' feeds listed in SOURCES (YAML or OPML) and build one site.

    Exit codes: 0 the site was written (feeds with problems are listed); 1 the sources
    file, the store or the output folder is wrong; 3 not one feed could be fetched."""
    from intheopen.aggregate import command
    from intheopen.speed.kept_site import KeptSite

    kept = KeptSite(data)
    if rebuild:  # built whole, and remembered for the next run
        kept.forget()
    settings = command.RunSettings(
        allow_loopback=allow_loopback, deadline=deadline, site_url=site_url, kept=kept
    )
    # A progress bar on a terminal; nothing in between when output is a file or CI.
    if sys.stdout.isatty() and not os.environ.get("CI"):
        with click.progressbar(
            length=command.feed_count(sources_file), label="Fetching", file=sys.stderr
        ) as bar:
            code = command.run(
                sources_file,
                out,
                data,
                settings=settings,
                echo=click.echo,
                progress=lambda: bar.update(1),
            )
    else:
        code = command.run(sources_file, out, data, settings=settings, echo=click.echo)
    raise SystemExit(code)


@main.command()
@click.option(
    "--type",
    "post_type",
    type=click.Choice(catalogue.type_slugs()),
    help="Only the fields of one post type.",
)
@click.option("--authors", is_flag=True, help="The schema of authors.yml instead.")
def schema(post_type: str | None, authors: bool) -> None:
    """Print the JSON Schema of post front matter (or of authors.yml), for editors."""
    if authors and post_type:
        raise click.UsageError("give --type or --authors, not both")
    document = authors_schema() if authors else front_matter_schema(post_type)
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--council", required=True, help='The council\'s name, e.g. "Anytown Council".')
@click.option(
    "--site-url",
    default=newsite.PLACEHOLDER_URL,
    show_default=True,
    help="The blog's address; change it in mkdocs.yml later if you do not know it yet.",
)
@click.option(
    "--email",
    help="Where readers report an accessibility problem. Asked for on a terminal; "
    f"else {newsite.PLACEHOLDER_EMAIL}, which check warns about until it is changed.",
)
@click.option(
    "--engine",
    type=click.Choice(["mkdocs", "properdocs", "zensical"]),
    default="mkdocs",
    show_default=True,
    help="What builds the site; CI and requirements.txt are written for it.",
)
def init(folder: Path, council: str, site_url: str, email: str | None, engine: str) -> None:
    """Write a new council blog repository into DIR, ready to build and publish."""
    from intheopen.authoring.origin import origin

    if folder.exists() and any(folder.iterdir()):
        raise click.BadParameter(
            f"{folder} is not empty; give a new or empty folder", param_hint="DIR"
        )
    if email is None and sys.stdin.isatty() and not os.environ.get("CI"):
        email = click.prompt(
            "Where can readers report an accessibility problem? An e-mail address",
            default=newsite.PLACEHOLDER_EMAIL,
        )
    email = (email or newsite.PLACEHOLDER_EMAIL).strip()
    for problem, hint in (
        (newsite.council_problem(council), "--council"),
        (newsite.url_problem(site_url), "--site-url"),
        (newsite.email_problem(email), "--email"),
    ):
        if problem:
            raise click.BadParameter(problem, param_hint=hint)
    today = datetime.now(london()).date()
    pins = newsite.installed_pins()
    if engine != "mkdocs":
        named = {name.lower() for name, _ in pins}
        pins += tuple(pin for pin in newsite.installed_pins(engine) if pin[0].lower() not in named)
    came = origin()
    others = [f"{name}=={version}" for name, version in pins if name.lower() != "intheopen"]
    requirements = (came.requirement, *others)
    site = newsite.NewSite(council, site_url, today, requirements, engine, email, came.said)
    try:
        newsite.write_site(folder, newsite.site_files(site))
    except OSError as error:
        raise click.ClickException(f"could not write the new blog into {folder}: {error}") from None
    made_repository = newsite.git_init(folder)
    click.echo(f"Wrote a new blog for {council.strip()} in {folder}.")
    click.echo(f"requirements.txt installs In the Open {__version__} from {came.said}.")
    if not came.portable:
        click.echo(
            "  That is on this computer only, so CI cannot install it: before you push, change\n"
            "  the intheopen line of requirements.txt to a git URL or an index version\n"
            "  (In the Open's README, 'Installing')."
        )
    placeholders = [
        name
        for name, value, placeholder in (
            ("site_url", site_url, newsite.PLACEHOLDER_URL),
            ("the accessibility e-mail", email, newsite.PLACEHOLDER_EMAIL),
        )
        if value == placeholder
    ]
    click.echo("Next:")
    click.echo(f"  cd {folder}")
    if not made_repository:
        click.echo("  git init -b main")
    click.echo(f"  {_ACTIVATE}")
    click.echo("  pip install -r requirements.txt && intheopen serve   # preview it")
    if placeholders:
        click.echo(f"  in mkdocs.yml, replace the placeholder {' and '.join(placeholders)}")
    click.echo("  then read README.md to publish it")


_ACTIVATE = (
    "py -m venv .venv; .venv\\Scripts\\Activate.ps1"  # PowerShell
    if os.name == "nt"
    else "python3 -m venv .venv && . .venv/bin/activate"
)
