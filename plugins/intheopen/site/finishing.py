"""Small changes to a built HTML page: its language, and feed links in its head."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

_HTML_LANG = re.compile(r'(<html\b[^>]*?\blang=")[^"]*(")', re.I)
_HEAD_END = re.compile(r"</head\s*>", re.I)


@dataclass(frozen=True)
class HeadLink:
    rel: str
    type: str
    title: str
    href: str


def set_lang(html: str, lang: str) -> str:
    """`html` with its root element's `lang` set to `lang`."""
    return _HTML_LANG.sub(lambda m: f"{m.group(1)}{lang}{m.group(2)}", html, count=1)


def add_head_links(html: str, links: Iterable[HeadLink]) -> str:
    """`html` with `<link>` elements (escaped) added at the end of its head."""
    # Each value escaped, as `Markup.format` would escape it, without its formatter
    # (written in Python: a third of this function's time, on every page)
    tags = "".join(
        f'<link rel="{escape(link.rel)}" type="{escape(link.type)}" '
        f'title="{escape(link.title)}" href="{escape(link.href)}">\n'
        for link in links
    )
    match = _HEAD_END.search(html)
    if match is None or not tags:
        return html
    return html[: match.start()] + tags + html[match.start() :]


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_TOC_LABEL = re.compile(r'(<label\b[^>]*?)\s+for="__toc"')
_HIDDEN_LABEL = re.compile(r'(<label\b[^>]*\bfor="[^"]*"[^>]*?)\s+aria-hidden="true"')


def mend_theme_markup(html: str) -> str:
    """Two validity errors Material writes on every page, mended so pages pass the Nu Html
    Checker: `autocomplete` on its checkbox toggles, and a table-of-contents label pointing
    at a toggle that only pages in the navigation have; one Zensical's theme writes:
    `aria-hidden` on the label of its navigation drawer's toggle; and Material's skip link
    (see `skip_to_content`)."""
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if 'aria-hidden="true"' in html:  # (a plain search first: most pages have none)
        html = _HIDDEN_LABEL.sub(r"\1", html)
    if 'for="__toc"' in html and 'id="__toc"' not in html:
        html = _TOC_LABEL.sub(r"\1", html)
    return skip_to_content(html)


_SKIP = re.compile(r'(<div data-md-component="skip">)(.*?)(</div>)', re.S)
_SKIP_TEXT = re.compile(r'class="md-skip">\s*([^<]*?)\s*</a>')
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')
SKIP_WORDS = {"en": "Skip to content", "cy": "Neidio i'r cynnwys"}  # as Material says it


def skip_to_content(html: str) -> str:
    """`html` whose skip link (every page's first stop for the keyboard) lands at the start
    of the main content, before its `<h1>`: Material's goes to the first heading of the
    page's Markdown, past a post's title and card, and is missing where there is none.
    Zensical's theme already does this (`#__skip`), and is left alone."""
    if 'id="__skip"' in html:
        return html
    article = _ARTICLE.search(html)
    skip = _SKIP.search(html)
    if article is None or skip is None:
        return html
    found = _SKIP_TEXT.search(skip.group(2))
    lang = _HTML_LANG.search(html)
    language = html[lang.end(1) : lang.start(2)].split("-")[0] if lang else "en"
    theirs = Markup(found.group(1)) if found else None  # the theme's, already HTML
    words = SKIP_WORDS.get(language) or theirs or SKIP_WORDS["en"]
    link = Markup('<a href="#__skip" class="md-skip">{}</a>').format(words)
    anchor = '<a id="__skip" tabindex="-1"></a>'
    html = html[: article.end()] + anchor + html[article.end() :]
    return html[: skip.start(2)] + str(link) + html[skip.end(2) :]


_YOUTUBE = re.compile(r'(<iframe\b[^>]*?\bsrc=")(?:https?:)?//(?:www\.)?youtube\.com/embed/', re.I)
_VIMEO = re.compile(
    r'(<iframe\b[^>]*?\bsrc="(?:https?:)?//player\.vimeo\.com/video/[^"?]*)(\?)?', re.I
)


def private_embeds(html: str) -> str:
    """Video embeds on the privacy-enhanced services: YouTube's no-cookie domain, and Vimeo
    told not to track (dnt=1)."""
    html = _YOUTUBE.sub(r"\1https://www.youtube-nocookie.com/embed/", html)
    return _VIMEO.sub(lambda m: f"{m.group(1)}?dnt=1" + ("&amp;" if m.group(2) else ""), html)


_MAIN = re.compile(r"<main\b[^>]*>", re.I)


def add_notice(html: str, text: str) -> str:
    """`html` with a notice (escaped) at the top of its main content, for every reader."""
    match = _MAIN.search(html)
    if match is None:
        return html
    notice = Markup(
        '<div class="ito-notice md-grid" role="note"><p><strong>{}</strong></p></div>'
    ).format(text)
    return html[: match.end()] + str(notice) + html[match.end() :]


_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.I | re.S)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def add_csp(html: str) -> str:
    """`html` with a strict Content-Security-Policy meta tag, allowing only this site's own
    files and, by hash, the page's own inline scripts: a second guard behind sanitising."""
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
            for attributes, body in _INLINE_SCRIPT.findall(html)
            if "json" not in attributes.lower()
        }
    )
    policy = (
        f"default-src 'self'; script-src 'self' {' '.join(hashes)}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
        "base-uri 'none'; form-action 'none'; frame-src 'none'"
    )
    match = _HEAD.search(html)
    if match is None:
        return html
    meta = Markup('<meta http-equiv="Content-Security-Policy" content="{}">').format(policy)
    return html[: match.end()] + str(meta) + html[match.end() :]
