"""The plugin's options, and the core's settings made from them and from mkdocs.yml."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from intheopen.checks.content import council_domains
from intheopen.content.dates import DateError, london, parse_day
from intheopen.content.model import Author
from intheopen.content.siteconfig import DEFAULT_AUTHORS, DEFAULT_POSTS
from intheopen.content.siterules import Pause, Rules
from intheopen.feeds.writer import OGL, Settings
from intheopen.site.compliance import (
    ACCESSIBILITY,
    COOKIES,
    Statement,
    footer_view,
    kept_by_theme,
    review_overdue,
)
from intheopen.site.pages import SUBSCRIBE
from intheopen.site.urls import Urls
from intheopen.site.views import Kept, Site


class AccessibilityConfig(Config):
    """The `accessibility:` options: what the accessibility statement says."""

    email = config_options.Optional(config_options.Type(str))
    phone = config_options.Optional(config_options.Type(str))
    response_days = config_options.Type(int, default=5)
    compliance = config_options.Choice(("full", "partial", "not"), default="partial")
    problems = config_options.ListOfItems(config_options.Type(str), default=[])
    disproportionate = config_options.ListOfItems(config_options.Type(str), default=[])
    out_of_scope = config_options.ListOfItems(config_options.Type(str), default=[])
    improvements = config_options.ListOfItems(config_options.Type(str), default=[])
    tested = config_options.Optional(config_options.Type((str, date)))
    tested_by = config_options.Optional(config_options.Type(str))
    prepared = config_options.Optional(config_options.Type((str, date)))
    reviewed = config_options.Optional(config_options.Type((str, date)))
    review_by = config_options.Optional(config_options.Type((str, date)))


class PreElectionConfig(Config):
    """The `pre_election:` options: the period before elections when publishing pauses."""

    start = config_options.Optional(config_options.Type((str, date)))
    end = config_options.Optional(config_options.Type((str, date)))
    message = config_options.Optional(config_options.Type(str))


class InTheOpenConfig(Config):
    posts_dir = config_options.Type(str, default=DEFAULT_POSTS)
    authors_file = config_options.Type(str, default=DEFAULT_AUTHORS)
    per_page = config_options.Type(int, default=10)
    related_count = config_options.Type(int, default=3)
    council = config_options.Optional(config_options.Type(str))
    council_id = config_options.Optional(config_options.Type(str))
    licence = config_options.Type(str, default=OGL[0])
    licence_url = config_options.Type(str, default=OGL[1])
    feed_items = config_options.Type(int, default=20)
    feed_content = config_options.Choice(("full", "summary"), default="full")
    drafts_on_serve = config_options.Type(bool, default=True)
    cache = config_options.Type(bool, default=True)
    cache_dir = config_options.Type(str, default=".cache/intheopen")
    parallel = config_options.Type(bool, default=True)
    git_dates = config_options.Type(bool, default=True)
    copyright = config_options.Optional(config_options.Type(str))
    privacy = config_options.Type(bool, default=True)
    accessibility = config_options.SubConfig(AccessibilityConfig)
    council_domains = config_options.ListOfItems(config_options.Type(str), default=[])
    pre_election = config_options.SubConfig(PreElectionConfig)
    # Which engine `intheopen build` and `serve` use when not told (--engine).
    engine = config_options.Optional(config_options.Choice(("mkdocs", "properdocs", "zensical")))


@dataclass(frozen=True)
class Basics:
    """What the core needs from mkdocs.yml beyond the plugin's options, however it was read:
    by MkDocs (`of`) or, for engines that run no plugin of ours, as plain YAML (`of_yaml`)."""

    site_name: str
    site_url: str | None = None
    site_author: str | None = None
    site_description: str | None = None
    use_directory_urls: bool = True
    language: str = "en"
    kept: tuple[Kept, ...] = ()  # what the theme's script keeps in the browser

    @classmethod
    def of(cls, config: MkDocsConfig) -> Basics:
        locale = config.theme.locale
        theme = config.theme
        return cls(
            site_name=config.site_name,
            site_url=config.site_url,
            site_author=config.site_author,
            site_description=config.site_description,
            use_directory_urls=config.use_directory_urls,
            language=locale.language if locale else "en",
            kept=kept_by_theme(
                theme.get("palette"),
                tuple(theme.get("features") or ()),
                config.repo_url,
                dict(config.extra or {}),
            ),
        )

    @classmethod
    def of_yaml(cls, raw: dict[str, Any]) -> Basics:
        theme = raw.get("theme")
        theme = theme if isinstance(theme, dict) else {}
        language = theme.get("language")
        extra = raw.get("extra")

        def text(key: str) -> str | None:
            value = raw.get(key)
            return str(value) if value else None

        site_url = text("site_url")
        if site_url is not None and not site_url.endswith("/"):
            site_url += "/"  # as MkDocs does
        return cls(
            site_name=text("site_name") or "",
            site_url=site_url,
            site_author=text("site_author"),
            site_description=text("site_description"),
            use_directory_urls=raw.get("use_directory_urls", True) is not False,
            language=str(language or "en"),
            kept=kept_by_theme(
                theme.get("palette"),
                tuple(theme.get("features") or ()),
                text("repo_url"),
                extra if isinstance(extra, dict) else {},
            ),
        )


def site_of(config: Basics, options: InTheOpenConfig, authors: dict[str, Author]) -> Site:
    if not config.site_url:
        raise PluginError(
            "site_url is not set in mkdocs.yml; feeds and link previews need the site's "
            "full address, e.g. site_url: https://digital.example-council.gov.uk/"
        )
    return Site(
        name=config.site_name,
        url=config.site_url,
        council=options.council or config.site_author or config.site_name,
        urls=Urls(config.use_directory_urls),
        now=source_date() or datetime.now(london()),
        authors=authors,
        per_page=options.per_page,
        related_count=options.related_count,
        kept=config.kept,
    )


def settings_of(config: Basics, options: InTheOpenConfig) -> Settings:
    return Settings(
        description=config.site_description or config.site_name,
        language=config.language,
        council_id=options.council_id,
        licence=options.licence,
        licence_url=options.licence_url,
        items=options.feed_items,
        full_content=options.feed_content == "full",
    )


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a time, when set: builds then act as of that moment."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), tz=london()) if epoch.isdigit() else None


def statement_of(config: Basics, options: InTheOpenConfig, council: str) -> Statement:
    a = options.accessibility
    try:
        days = {key: _day(a[key]) for key in ("tested", "prepared", "reviewed", "review_by")}
    except DateError as error:
        raise PluginError(f"accessibility: {error}") from None
    return Statement(
        organisation=council,
        website=config.site_name,
        email=a.email,
        phone=a.phone,
        response_days=a.response_days,
        compliance=a.compliance,
        problems=tuple(a.problems),
        disproportionate=tuple(a.disproportionate),
        out_of_scope=tuple(a.out_of_scope),
        improvements=tuple(a.improvements),
        tested_by=a.tested_by or Statement.tested_by,
        tested=days["tested"],
        prepared=days["prepared"],
        reviewed=days["reviewed"],
        review_by=days["review_by"],
    )


def _day(value: str | date | None) -> date | None:
    return (
        None
        if value is None
        else parse_day(value.isoformat() if isinstance(value, date) else value)
    )


def keep_private(config: MkDocsConfig) -> list[str]:
    """Turn off what would make readers' browsers ask other websites for things, and say
    what is left that does (scripts, styles or analytics the site added itself)."""
    config.theme["font"] = False  # Material would load Roboto from Google Fonts
    return outside_requests(config.extra_css, config.extra_javascript, config.extra)


def outside_requests(css: list[Any], javascript: list[Any], extra: Any) -> list[str]:
    """What in these settings makes readers' browsers contact another website."""
    found = [
        f"{name} loads {url} from another website"
        for name, values in (("extra_css", css), ("extra_javascript", javascript))
        for value in values
        if (url := str(getattr(value, "path", value))).startswith(("http://", "https://", "//"))
    ]
    if isinstance(extra, dict) and extra.get("analytics"):
        found.append("extra.analytics turns on analytics, which track readers")
    return [
        f"{problem}; readers' browsers would contact it (set privacy: false to allow)"
        for problem in found
    ]


def rules_of_options(config: Basics, options: InTheOpenConfig) -> Rules:
    window = options.pre_election
    pause = None
    if window.start or window.end:
        if not (window.start and window.end):
            raise PluginError("pre_election needs both a start and an end date")
        try:
            pause = Pause(_day(window.start), _day(window.end), window.message)  # type: ignore[arg-type]
        except DateError as error:
            raise PluginError(f"pre_election: {error}") from None
    return Rules(council_domains(config.site_url or "", options.council_domains), pause)


def setting_warnings(
    config: MkDocsConfig, options: InTheOpenConfig, statement: Statement, today: date
) -> list[str]:
    """What in the site's settings readers or the law would not want."""
    overdue = review_overdue(statement, today)
    private = keep_private(config) if options.privacy else []
    return [overdue, *private] if overdue else private


def footer_of(options: InTheOpenConfig, settings: Settings, site: Site) -> dict[str, Any]:
    """Every page's footer: licence, copyright and the site's information pages."""
    return footer_view(
        settings.licence,
        settings.licence_url,
        options.copyright or site.council,
        {
            "Accessibility statement": site.urls.page(ACCESSIBILITY),
            "Cookies": site.urls.page(COOKIES),
            "Subscribe": site.urls.page(SUBSCRIBE),
        },
    )
