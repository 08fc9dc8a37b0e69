"""The blog's plan, kept between builds: a thousand posts' views take half a second to
make and a quarter to load."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from intheopen.cache import digest, remembered, stable
from intheopen.collection import Blog
from intheopen.compliance import Statement
from intheopen.feeds import Settings
from intheopen.pages import Plan, plan
from intheopen.siterules import Pause
from intheopen.views import Site


def kept_plan(
    folder: Path | None,
    blog_key: str,
    blog: Blog,
    site: Site,
    settings: Settings,
    preview: bool,
    statement: Statement | None,
    pause: Pause | None,
) -> Plan:
    """`plan(...)`, or the one the last build made from the same inputs. `blog_key` stands
    for the posts' and authors' text, the site's rules and our code. The moment of the
    build matters only through the day and which posts are already published."""

    if folder is None:
        return plan(blog, site, settings, preview, statement, pause)

    def make() -> Plan:
        made = plan(blog, site, settings, preview, statement, pause)
        for page in made.pages:  # kept with the plan, for whole-page reuse
            _ = page.made_of
        return made

    moment = site.now
    key = digest(
        [
            blog_key,
            stable([(p.source, p.updated) for p in blog.posts]),  # dates from git
            "".join("1" if p.date > moment else "0" for p in blog.posts),
            moment.date().isoformat(),
            stable({**vars(site), "now": None}),
            stable(settings),
            stable(preview),
            stable(statement),
            stable(pause),
        ]
    )
    return dataclasses.replace(remembered(folder, "plan", key, make), site=site)
