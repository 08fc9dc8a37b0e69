"""Our last changes to every built page, whichever engine templated it."""

from __future__ import annotations

from intheopen.content.siterules import Pause
from intheopen.feeds.files import head_links
from intheopen.site.finishing import add_notice, mend_theme_markup, set_lang
from intheopen.site.pages import Page, Plan


def finished(output: str, plan: Plan, pause: Pause | None, ours: Page | None, language: str) -> str:
    """A templated page with mended markup, a skip link to its content, the pre-election
    notice, feed links and, on our pages, the page's own language."""
    if ours is not None and ours.lang != language:
        output = set_lang(output, ours.lang)
    output = mend_theme_markup(output)
    if pause is not None and pause.active(plan.site.now.date()):
        output = add_notice(output, pause.notice())
    return head_links(output, plan.site.url, ours.feed if ours else None, plan.channels)
