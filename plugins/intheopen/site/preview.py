"""The banner a preview (`intheopen serve`) shows at the top of every page while posts have
problems: each with its file and line, so an author sees what to change where they look.
A build stops at errors instead; a preview keeps going, without the posts that have them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup

from intheopen.checks.problems import Problem, counts, in_words

SHOWN_AT_MOST = 50
# Where it goes: the start of the article, else of main, else of the body.
_STARTS = tuple(re.compile(rf"<{tag}\b[^>]*>", re.I) for tag in ("article", "main", "body"))


def banner(problems: Sequence[Problem]) -> Markup:
    """The banner's HTML: a heading, what it means, and each problem."""
    errors, _ = counts(list(problems))
    meaning = (
        "Posts with errors are left out of this preview, and publishing would stop at them."
        if errors
        else "Publishing (with --strict, as the checks run) would stop at warnings too."
    )
    items = Markup("").join(
        Markup("<li><code>{}</code> {}{}</li>\n").format(
            p.path if p.line is None else f"{p.path}:{p.line}",
            Markup("<strong>warning</strong> ") if not p.is_error else "",
            f"{p.field}: {p.message}" if p.field else p.message,
        )
        for p in problems[:SHOWN_AT_MOST]
    )
    more = len(problems) - SHOWN_AT_MOST
    rest = Markup("<p>and {} more: run <code>intheopen check</code>.</p>\n").format(more)
    return Markup(
        '<div class="ito-problems" role="region" aria-labelledby="ito-problems">\n'
        '<h2 id="ito-problems">The posts have {}</h2>\n<p>{} Save a change and this page '
        "reloads.</p>\n<ul>\n{}</ul>\n{}</div>\n"
    ).format(in_words(list(problems)), meaning, items, rest if more > 0 else "")


def with_banner(html: str, problems: Sequence[Problem]) -> str:
    """`html` with the banner at the start of its content (or of its body)."""
    if not problems:
        return html
    for start in _STARTS:
        match = start.search(html)
        if match is not None:
            return html[: match.end()] + "\n" + banner(problems) + html[match.end() :]
    return html
