"""A new council blog repository: every file `intheopen init` writes, and their text."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from importlib.resources import files as package_files
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from intheopen.authoring.forms import forms
from intheopen.checks.content import council_domains
from intheopen.checks.settings import PLACEHOLDER_DOMAIN
from intheopen.content.gitdates import git
from intheopen.content.schema import authors_schema, front_matter_schema

# Template (in templates/init/) -> where it goes. Dot-files are stored without the dot.
LAYOUT = (
    ("README.md", "README.md"),
    ("mkdocs.yml", "mkdocs.yml"),
    ("authors.yml", "authors.yml"),
    ("requirements.txt", "requirements.txt"),
    ("welcome.md", "posts/{year}/welcome.md"),
    ("index.md", "docs/index.md"),
    ("about.md", "docs/about.md"),
    ("council.css", "docs/assets/council.css"),
    ("main.html", "overrides/main.html"),
    ("gitignore", ".gitignore"),
    ("github-workflow.yml", ".github/workflows/blog.yml"),
    ("dependabot.yml", ".github/dependabot.yml"),
    ("gitlab-ci.yml", ".gitlab-ci.yml"),
    ("pre-commit-config.yaml", ".pre-commit-config.yaml"),
    ("vscode-settings.json", ".vscode/settings.json"),
    ("vscode-extensions.json", ".vscode/extensions.json"),
)
PLACEHOLDER_URL = f"https://blog.{PLACEHOLDER_DOMAIN}/"  # `check` warns until replaced
PLACEHOLDER_EMAIL = f"digital@{PLACEHOLDER_DOMAIN}"
_SHARED = {"github.io", "gitlab.io", "netlify.app", "pages.dev", "gmail.com", "outlook.com"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#])")


@dataclass(frozen=True)
class NewSite:
    council: str
    site_url: str
    today: date
    requirements: tuple[str, ...]  # requirements.txt's lines: intheopen first
    engine: str = "mkdocs"
    email: str = PLACEHOLDER_EMAIL
    origin: str = "the package index"  # where the intheopen on the first line comes from


def council_problem(name: str) -> str | None:
    """Why `name` cannot be a council's name, or None."""
    if not name.strip():
        return 'give the council\'s name, e.g. --council "Anytown Borough Council"'
    if any(unicodedata.category(c).startswith("C") for c in name):
        return "the council's name has a line break or another control character in it"
    if any(c in '<>"' for c in name):
        # MkDocs' themes write the site's name into HTML as it is, unescaped.
        return "the council's name cannot have < > or \" in it"
    if len(name) > 120:
        return "the council's name is longer than 120 characters"
    return None


def email_problem(address: str) -> str | None:
    """Why `address` cannot be where readers report a problem, or None."""
    local, at, domain = address.partition("@")
    if not (local and at and "." in domain) or any(c.isspace() or c in '<>"' for c in address):
        return f"{address!r} is not an e-mail address; write it as digital@your-council.gov.uk"
    return None


def own_domains(site_url: str, email: str) -> tuple[str, ...]:
    """The council's mail domains, as far as the site's address and its contact address
    show them: none from a placeholder or from a host shared by many (GitHub Pages)."""
    found = [
        *council_domains(site_url),
        *council_domains("https://" + email.rpartition("@")[2]),
    ]
    return tuple(
        d
        for d in dict.fromkeys(found)
        if not d.endswith((".example", ".github.io", ".gitlab.io")) and d not in _SHARED
    )


def url_problem(url: str) -> str | None:
    """Why `url` cannot be the site's address, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return f"{url!r} is not a web address; write it in full, e.g. {PLACEHOLDER_URL}"
    return None


def site_files(site: NewSite) -> dict[str, str]:
    """Each file's path in the new repository and its text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(package_files("intheopen") / "templates" / "init")),
        block_start_string="[%",
        block_end_string="%]",
        variable_start_string="[[",
        variable_end_string="]]",
        comment_start_string="[#",
        comment_end_string="#]",
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # YAML and Markdown: each value is escaped by a filter for its place
    )
    env.filters["yaml"] = _yaml
    env.filters["yaml_list"] = lambda values: f"[{', '.join(map(_yaml, values))}]"
    env.filters["md"] = _markdown
    council = site.council.strip()
    url = site.site_url if site.site_url.endswith("/") else site.site_url + "/"
    values = {
        "council": council,
        "site_name": f"{council} digital blog",
        "team_name": f"{council} digital team",
        "description": f"How {council}'s digital team works in the open: our plans, "
        "what we learnt, and what went wrong and what we did about it.",
        "site_url": url,
        "email": site.email,
        "domains": own_domains(url, site.email),
        "origin": site.origin,
        "today": site.today.isoformat(),
        "review_by": _a_year_after(site.today).isoformat(),
        "year": site.today.year,
        "requirements": site.requirements,
        "engine": site.engine,
    }
    written = {
        target.format(year=site.today.year): env.get_template(template).render(values)
        for template, target in LAYOUT
    }
    written.update(forms(site.today, "digital-team"))
    written[".vscode/post.schema.json"] = _json(front_matter_schema())
    written[".vscode/authors.schema.json"] = _json(authors_schema())
    return written


def installed_pins(root: str = "intheopen") -> tuple[tuple[str, str], ...]:
    """`root` and every package it needs, at the versions installed here."""
    found: dict[str, tuple[str, str]] = {}
    todo = [root]
    while todo:
        name = canonicalize_name(todo.pop())
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[name] = (dist.metadata["Name"], dist.version)
        for text in dist.requires or ():
            try:
                needed = Requirement(text)
            except InvalidRequirement:  # a package's own broken metadata: not ours to pin
                continue
            if needed.marker is None or needed.marker.evaluate({"extra": ""}):
                todo.append(needed.name)
    first = found.pop(canonicalize_name(root), None)
    rest = sorted(found.values(), key=lambda pin: canonicalize_name(pin[0]))
    return ((first,) if first else ()) + tuple(rest)


def write_site(folder: Path, written: dict[str, str]) -> None:
    for path, text in written.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")


def _yaml(value: object) -> str:
    """A YAML scalar: JSON's double-quoted strings are YAML's too."""
    return json.dumps(str(value), ensure_ascii=False)


def _markdown(value: object) -> str:
    """Text shown as written in Markdown: Markdown's own characters escaped (the name
    has no < or >, and Markdown turns & into &amp; itself)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


def _json(document: object) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def git_init(folder: Path) -> bool:
    """Make `folder` a git repository on branch main; False when git could not."""
    return git(folder, "init", "--quiet", "--initial-branch=main") is not None
