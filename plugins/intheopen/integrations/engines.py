"""`intheopen build` and `serve` on any of three engines: MkDocs and ProperDocs run our plugin;
Zensical, which runs no plugin of ours, builds the blog generated ahead (ahead/)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import click
import yaml

from intheopen.checks.problems import Problem
from intheopen.content.siteconfig import read_config

ENGINES = {"mkdocs": "MkDocs", "properdocs": "ProperDocs", "zensical": "Zensical"}
RUNS_OUR_PLUGIN = ("mkdocs", "properdocs")
_VALUED = {"-f", "--config-file", "-d", "--site-dir", "-a", "--dev-addr"}
_ZENSICAL_FLAGS = {"--strict", "-s", "--clean", "-c", "--dirty", "--livereload", "-q", "--quiet"}


def installed(engine: str) -> str | None:
    """The installed version of `engine`, or None."""
    try:
        return version(engine)
    except PackageNotFoundError:
        return None


def config_file(args: Sequence[str]) -> Path:
    for at, arg in enumerate(args):
        if arg in ("-f", "--config-file") and at + 1 < len(args):
            return Path(args[at + 1])
        if arg.startswith("--config-file="):
            return Path(arg.split("=", 1)[1])
    return Path("mkdocs.yml")


def chosen(asked: str | None, config: Path) -> str:
    """The engine asked for; else the one the site names (`engine:` among our plugin's
    options, or its own configuration file beside mkdocs.yml); else MkDocs."""
    if asked:
        return asked
    named = None
    with contextlib.suppress(OSError, UnicodeDecodeError, yaml.YAMLError):
        named = read_config(config).get("engine")
    if named in ENGINES:
        return str(named)
    if (config.parent / "zensical.toml").is_file():
        return "zensical"
    if (config.parent / "properdocs.yml").is_file():
        return "properdocs"
    return "mkdocs"


def run(command: str, engine: str, args: Sequence[str]) -> None:
    """Build or serve the site with `engine`; exits as the engine does."""
    found = installed(engine)
    if found is None:
        raise click.ClickException(
            f"{ENGINES[engine]} is not installed here; install it with: "
            f"python -m pip install {engine}"
        )
    how = "runs our plugin" if engine in RUNS_OUR_PLUGIN else "builds the blog generated ahead"
    click.echo(f"intheopen: {command} with {ENGINES[engine]} {found} ({how})", err=True)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner
    if engine == "mkdocs":
        from intheopen.integrations.mkdocs.commands import run as run_mkdocs

        run_mkdocs(command, args)
    elif engine == "properdocs":
        from properdocs.__main__ import cli

        from intheopen.integrations.mkdocs.commands import our_defaults, stop_on_term

        extra = our_defaults(command, args)
        if command == "serve":
            stop_on_term()
        named = any(a in ("-f", "--config-file") or a.startswith("--config-file=") for a in args)
        if not named and not Path("properdocs.yml").is_file():
            extra += ["-f", "mkdocs.yml"]  # no notice about renaming mkdocs.yml
        cli.main(args=[command, *extra, *args], prog_name="intheopen")
    elif command == "build":
        sys.exit(build_ahead(args))
    else:
        sys.exit(serve_ahead(args))


def _checked(args: Sequence[str], allowed: set[str]) -> dict[str, str]:
    """The options given, refusing any the generated path does not know."""
    given: dict[str, str] = {}
    items = iter(args)
    for arg in items:
        name, _, value = arg.partition("=")
        if name in _VALUED:
            given[name.lstrip("-")[0] if len(name) == 2 else name] = value or next(items, "")
        elif arg in allowed:
            given[arg] = ""
        else:
            raise click.UsageError(f"{arg} is not an option of build or serve with Zensical")
    return given


def _option(given: dict[str, str], short: str, long: str) -> str | None:
    return given.get(short) or given.get(long)


def build_ahead(args: Sequence[str]) -> int:
    """Generate the blog, have Zensical build it, move the site into place and finish its
    pages; the exit status."""
    from intheopen.integrations.ahead.finish import finish_site
    from intheopen.integrations.ahead.generate import GenerateError, generate

    given = _checked(args, _ZENSICAL_FLAGS)
    strict = "--strict" in given or "-s" in given
    config = Path(_option(given, "f", "--config-file") or "mkdocs.yml")
    try:
        generated = generate(config, "zensical")
    except GenerateError as error:
        click.echo(str(error), err=True)
        return 1
    for warning in generated.warnings:
        click.echo(f"WARNING -  {warning}", err=True)
    if strict and generated.warnings:
        n = len(generated.warnings)
        click.echo(f"Aborted with {n} warning{'s' if n != 1 else ''} in strict mode.", err=True)
        return 1
    command = [sys.executable, "-m", "zensical", "build", "--clean"]
    command += ["-f", str(generated.config_file), *(["--strict"] if strict else [])]
    status = subprocess.run(command, check=False).returncode
    if status != 0:
        return status
    site_dir = _option(given, "d", "--site-dir")
    target = Path(site_dir).resolve() if site_dir else generated.site_dir
    built = generated.project / "site"
    if target.exists():
        shutil.rmtree(target)
    shutil.move(built, target)
    finish_site(target, generated)
    return 0


def serve_ahead(args: Sequence[str]) -> int:
    """Generate the blog, have Zensical serve it, and generate it again whenever a post,
    page, template or setting changes (Zensical then reloads the browser)."""
    from intheopen.integrations.ahead.generate import GenerateError, generate

    given = _checked(args, _ZENSICAL_FLAGS)
    config = Path(_option(given, "f", "--config-file") or "mkdocs.yml")
    address = _option(given, "a", "--dev-addr") or "localhost:8000"
    try:
        generated = generate(config, "zensical", serving=True)
    except GenerateError as error:
        click.echo(str(error), err=True)
        return 1
    _tell(generated.problems)
    command = [sys.executable, "-m", "zensical", "serve", "-f", str(generated.config_file)]
    child = subprocess.Popen([*command, "-a", address])
    signal.signal(signal.SIGTERM, _stop)  # so that the server stops with us
    seen = _state(generated.inputs)
    try:
        while child.poll() is None:
            time.sleep(1)
            now = _state(generated.inputs)
            if now != seen:
                seen = now
                try:
                    generated = generate(config, "zensical", serving=True)
                except GenerateError as error:
                    click.echo(str(error), err=True)
                else:
                    _tell(generated.problems)
        return child.returncode
    except KeyboardInterrupt:
        return 0
    finally:
        if child.poll() is None:
            child.terminate()
            child.wait(10)


def _tell(problems: Sequence[Problem]) -> None:
    """The posts' problems in the terminal, as the preview lists them on its pages."""
    for problem in problems:
        click.echo(f"error: {problem}" if problem.is_error else str(problem), err=True)
    if any(problem.is_error for problem in problems):
        click.echo(
            "The preview leaves out the posts with errors and lists every problem at the top "
            "of each page; `intheopen build` stops at errors.",
            err=True,
        )


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _state(inputs: Sequence[Path]) -> frozenset[tuple[str, int, int]]:
    """Every input file's path, size and change time: a change anywhere shows."""
    return frozenset(entry for path in inputs for entry in _inputs(path))


def _inputs(path: Path) -> Iterator[tuple[str, int, int]]:
    """A file's, or each file's under a folder (hidden ones left out), path, size and
    change time."""
    found = sorted(path.rglob("*")) if path.is_dir() else [path]
    for each in found:
        if any(part.startswith(".") for part in each.relative_to(path).parts):
            continue
        with contextlib.suppress(OSError):
            stat = each.stat()
            yield str(each), stat.st_size, stat.st_mtime_ns
