"""The blog generated ahead for an engine that runs no plugin of ours: every page we make as
Markdown (our templates' HTML in it), every feed, OPML and posts.json as files, beside the
council's own docs, in a generated folder the engine then builds."""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.exceptions import PluginError

from intheopen.checks.problems import Problem, counts
from intheopen.content.attachments import withheld
from intheopen.content.collection import load_blog
from intheopen.content.gitdates import read_history, with_updates, within
from intheopen.content.siterules import Pause
from intheopen.feeds.content import feed_html
from intheopen.feeds.files import write_all
from intheopen.integrations.ahead import settings
from intheopen.integrations.ahead.render import Converter, Templates, Where
from intheopen.integrations.mkdocs.options import (
    Basics,
    footer_of,
    outside_requests,
    rules_of_options,
    settings_of,
    site_of,
    source_date,
    statement_of,
)
from intheopen.site import embed
from intheopen.site.compliance import review_overdue
from intheopen.site.finishing import private_embeds
from intheopen.site.links import rewrite
from intheopen.site.pages import Page, Plan, plan
from intheopen.site.preview import banner
from intheopen.site.urls import Urls, absolute
from intheopen.site.views import Site

FOLDER = ".intheopen"  # beside mkdocs.yml; git-ignored; made again on every build
TEMPLATE = "intheopen/ahead.html"
_AHEAD_TEMPLATE = """{#- Written by intheopen: our pages' extra head and scripts. -#}
{% extends "main.html" %}
{% block extrahead %}{{ super() }}{% if page.meta.intheopen %}
{{ page.meta.intheopen.head | safe }}{% endif %}{% endblock %}
{% block scripts %}{{ super() }}{% if page.meta.intheopen %}
{{ page.meta.intheopen.scripts | safe }}{% endif %}{% endblock %}
"""
_ASSETS = ("intheopen.css", "subscribe.js", "zensical.css", "pages.js")
# A link's target that is a Markdown file: inline ('](x.md#a') or a reference ('[x]: x.md').
_MD_LINK = re.compile(
    r"(\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?)([^\s()<>]+?\.md)((?:#[^\s()<>]*)?)(?=[\s)>]|$)",
    re.M,
)


class GenerateError(Exception):
    """The blog cannot be generated: what to fix, in the author's words."""


@dataclass
class Generated:
    """The engine's project (its configuration and docs folder), and what finishing its
    pages needs."""

    project: Path
    config_file: Path
    plan: Plan
    site_dir: Path
    ours: dict[str, Page]  # by output path, e.g. 'posts/2026/05/bins/index.html'
    language: str
    pause: Pause | None
    warnings: list[str] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)  # what the blog is made from
    problems: tuple[Problem, ...] = ()  # the posts' problems (a preview goes on at errors)


def generate(config_file: Path, engine: str, serving: bool = False) -> Generated:
    """Write the engine's project for the site configured in `config_file`; `serving`, for
    a preview (drafts and scheduled posts shown, unless `drafts_on_serve: false`)."""
    root = config_file.resolve().parent
    try:
        raw = settings.read(config_file)
        options = settings.options(raw)
    except settings.SettingsError as error:
        raise GenerateError(str(error)) from None
    basics = Basics.of_yaml(raw)
    docs_dir = root / str(raw.get("docs_dir") or "docs")
    posts_dir, authors_file = root / options.posts_dir, root / options.authors_file
    try:
        rules = rules_of_options(basics, options)
    except PluginError as error:
        raise GenerateError(str(error)) from None
    blog = load_blog(posts_dir, authors_file, root, rules=rules)
    problems: list[Problem] = list(blog.problems)
    errors, _ = counts(problems)
    warnings = [str(p) for p in problems if not p.is_error]
    if errors and not serving:
        raise GenerateError("\n".join(str(p) for p in problems))
    shown = banner(problems) if serving and problems else ""  # a preview goes on
    history = read_history(root, [posts_dir, docs_dir]) if options.git_dates else None
    if history is not None:
        edits = within(history.edited, root, posts_dir)
        blog = dataclasses.replace(blog, posts=with_updates(blog.posts, edits))
    try:
        site = site_of(basics, options, dict(blog.authors))
        statement = statement_of(basics, options, site.council)
    except PluginError as error:
        raise GenerateError(str(error)) from None
    feed_settings = settings_of(basics, options)
    overdue = review_overdue(statement, site.now.date())
    warnings += [overdue] if overdue else []
    if options.privacy:
        extra = raw.get("extra")
        warnings += outside_requests(
            list(raw.get("extra_css") or []), list(raw.get("extra_javascript") or []), extra
        )
    preview = serving and options.drafts_on_serve
    planned = plan(blog, site, feed_settings, preview, statement, rules.pause)
    project = root / FOLDER / engine
    written: dict[str, bytes] = {}
    council = _council_files(docs_dir, site)
    urls = {uri: url for uri, (url, _) in council.items()}
    taken = {_output(url, site.urls) for uri, (url, _) in council.items() if uri.endswith(".md")}
    hidden = withheld(blog.posts, planned.index.posts)
    if posts_dir.is_dir():
        for path in sorted(posts_dir.rglob("*")):
            relative = path.relative_to(posts_dir).as_posix()
            visible = not any(p.startswith(".") for p in path.relative_to(posts_dir).parts)
            if path.is_file() and path.suffix != ".md" and relative not in hidden and visible:
                written["posts/" + relative] = path.read_bytes()
                urls["posts/" + relative] = "posts/" + relative
    sources = {"posts/" + page.post.source: page.path for page in planned.pages if page.post}
    urls.update(sources)
    for page in planned.pages:
        if not page.post:
            urls.setdefault(Urls.source(page.path), page.path)
    ours: dict[str, Page] = {}
    converter = Converter(*settings.markdown_extensions(raw), urls)
    templates = Templates(site.name, options.copyright)
    content: dict[str, str] = {}
    roots = [(posts_dir.resolve(), "posts/"), (docs_dir.resolve(), "")]
    for page in planned.pages:
        output = _output(page.path, site.urls)
        if output in taken:
            if page.post is not None:
                raise GenerateError(
                    f"{docs_dir.name}/ has a page at the URL of the post {page.post.source}; "
                    "move one"
                )
            continue  # the council's own page replaces ours
        body = ""
        if page.post is not None:
            where = (posts_dir / page.post.source, "posts/" + page.post.source, roots)
            body = private_embeds(converter.convert(page.post.body, where, page.path))
            content[page.post.source] = feed_html(body, absolute(site.url, page.path))
            warnings += [
                f"{options.posts_dir}/{page.post.source}: links to {link}, which is not a file "
                "of the site"
                for link in converter.missing
                if link.endswith(".md")
            ]
        pieces = templates.render(page.template, page.view, page.path, body)
        written[Urls.source(page.path)] = _page_markdown(page, pieces, shown).encode("utf-8")
        ours[output] = page
    for uri, (_, data) in council.items():
        if uri.endswith(".md"):
            page_path = urls[uri]
            text, found = embed.expand(data.decode("utf-8"), page_path, planned.index, site)
            warnings += [f"{docs_dir.name}/{uri}: {problem}" for problem in found]
            text = _relinked(text, (docs_dir / uri, uri, roots), sources)
            written[uri] = _after_front_matter(text, shown).encode("utf-8")
        else:
            written[uri] = data
    feeds, flagged = write_all(
        planned.published, planned.channels, site, feed_settings, content, source_date()
    )
    written.update(feeds)
    assets = package_files("intheopen") / "templates" / "theme" / "assets" / "intheopen"
    for name in _ASSETS:
        written[f"assets/intheopen/{name}"] = assets.joinpath(name).read_bytes()
    sync(project / "docs", written)
    sync(project / "overrides", _theme_files(root, raw))
    footer = footer_of(options, feed_settings, site)
    engine_config = settings.engine_config(raw, "overrides", footer)
    if not raw.get("nav"):  # as on MkDocs, our pages stay out of a navigation made for us
        pages = [uri for uri in council if uri.endswith(".md")]
        engine_config["nav"] = sorted(pages, key=lambda uri: (uri != "index.md", uri))
    project_config = project / "mkdocs.yml"
    settings.write(engine_config, project_config)
    site_dir = root / str(raw.get("site_dir") or "site")
    custom = _custom_dir(root, raw)
    inputs = [
        config_file.resolve(),
        posts_dir,
        authors_file,
        docs_dir,
        *([custom] if custom else []),
    ]
    return Generated(
        project,
        project_config,
        planned,
        site_dir,
        ours,
        basics.language,
        rules.pause,
        [
            *warnings,
            *(
                f"{options.posts_dir}/{source}: characters that XML cannot carry were left out "
                "of its feeds"
                for source in flagged
            ),
        ],
        inputs,
        blog.problems,
    )


def _output(path: str, urls: Urls) -> str:
    """The file a page at `path` is written to."""
    page = urls.page(path)
    return page + "index.html" if page == "" or page.endswith("/") else page


def _council_files(docs_dir: Path, site: Site) -> dict[str, tuple[str, bytes]]:
    """The council's own files in docs/, by their path there: each one's URL path (a
    page's, for Markdown) and its bytes."""
    found: dict[str, tuple[str, bytes]] = {}
    if not docs_dir.is_dir():
        return found
    for path in sorted(docs_dir.rglob("*")):
        relative = path.relative_to(docs_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        uri = relative.as_posix()
        url = site.urls.of_markdown(uri) if path.suffix == ".md" else quote(uri)
        found[uri] = (url, path.read_bytes())
    return found


def _relinked(text: str, where: Where, sources: dict[str, str]) -> str:
    """A council page's Markdown with links to posts' files (written between the real
    folders) pointed at the posts' generated pages, which the engine then resolves as it
    resolves any link between pages."""
    real, uri, roots = where

    def repoint(match: re.Match[str]) -> str:
        written = rewrite(match.group(2), real, uri, roots) or match.group(2)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), written))
        page = sources.get(target)
        if page is None:
            return match.group(0)
        new = posixpath.relpath(Urls.source(page), posixpath.dirname(uri) or ".")
        return match.group(1) + new + match.group(3)

    return _MD_LINK.sub(repoint, text)


def _after_front_matter(text: str, shown: str) -> str:
    """A council's page with the preview's list of problems (an HTML block) at the top of its
    content, after its front matter if it has one."""
    if not shown:
        return text
    head, body = "", text
    if text.startswith("---\n") and (end := text.find("\n---\n", 4)) != -1:
        head, body = text[: end + 5], text[end + 5 :]
    return f"{head}{shown}\n{body}"


def _page_markdown(page: Page, pieces: dict[str, str], shown: str = "") -> str:
    """A generated page: front matter, then its content as one HTML block (after the
    preview's list of problems, if `shown`)."""
    meta: dict[str, Any] = {"title": page.title, "template": TEMPLATE}
    if page.description:
        meta["description"] = page.description
    if not page.searchable:
        meta["search"] = {"exclude": True}
    meta["intheopen"] = {"head": pieces.get("extrahead", ""), "scripts": pieces.get("scripts", "")}
    front = "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items()
    )
    content = pieces.get("content", "")
    return f'---\n{front}---\n\n<div class="ito-page">\n{shown}{content}\n</div>\n'


def _theme_files(root: Path, raw: dict[str, Any]) -> dict[str, bytes]:
    """The engine's theme folder: our templates, our ahead template, then the council's own
    overrides over them."""
    found: dict[str, bytes] = {}
    ours = Path(str(package_files("intheopen") / "templates" / "theme"))
    for folder in (ours, _custom_dir(root, raw)):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder).parts
            if path.is_file() and (folder != ours or relative[0] == "partials"):
                found[path.relative_to(folder).as_posix()] = path.read_bytes()
    found[TEMPLATE] = _AHEAD_TEMPLATE.encode("utf-8")
    return found


def _custom_dir(root: Path, raw: dict[str, Any]) -> Path | None:
    theme = raw.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return root / str(custom) if custom else None


def sync(folder: Path, wanted: dict[str, bytes]) -> None:
    """Make `folder` hold exactly `wanted` (path -> bytes): files that already hold the same
    bytes are left alone, so an engine's own cache sees only what changed; anything else
    (left from an earlier build, or planted) is deleted."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink() or (path.is_file() and relative not in wanted):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    for relative, data in wanted.items():
        target = folder / relative
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
