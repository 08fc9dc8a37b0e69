"""Checks of what a post says: images without alt text (errors) and personal data
(warnings, since a pattern cannot know intent; `contact_details` lists what is meant)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from urllib.parse import urlsplit

from intheopen.checks.problems import Level
from intheopen.content.model import Post
from intheopen.content.reading import Reader

_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])(\{[^}]*\})?")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ALT_ATTR = re.compile(r"\balt\s*=", re.I)
_EXPLICIT_EMPTY = re.compile(r"""\balt\s*=\s*(""|'')|\.decorative\b""")
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b")
# The patterns below run over every post's whole text. Each begins with the class of its
# first character, and what must come before that character is asserted just after it
# (`(?<!\w.)` is `\b` before a letter or digit): `re` then skips along to the next
# candidate character, where a leading `\b` or look-behind would make it try every
# position. tests/test_checks_patterns.py holds them to the plainer forms in their comments.
# (?<![\w+])(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s-]?){9,10}(?!\d)
_PHONE = re.compile(r"[+0](?<![\w+].)(?:(?<=\+)44\s?\(?0?\)?\s?|(?<=0))(?:\d[\s-]?){9,10}(?!\d)")
# \b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b
_NI_NUMBER = re.compile(
    r"[A-CEGHJ-PR-TW-Z](?<!\w.)[A-CEGHJ-NPR-TW-Z](?<!BG|GB|KN|NK|NT|TN|ZZ)"
    r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"
)
# \b\d{1,4}[A-Za-z]?,?\s+ and the rest as below
_ADDRESS = re.compile(
    r"\d(?<!\w\d)\d{0,3}[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'’-]*\s+){1,4}"
    r"(?:[A-Z][A-Za-z'’-]*,?\s+){0,3}[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b"
)
# Second-level domains under which a council's own domain is the third label.
_SECOND_LEVEL = {"gov", "llyw", "org", "co", "ac", "nhs", "police"}
# Domains kept for examples and documentation (RFC 2606): never anyone's real address.
_EXAMPLE_DOMAINS = re.compile(r"(^|\.)(example|test|invalid|localhost)$|^example\.(com|net|org)$")


def body_lines(post: Post) -> Iterator[tuple[int, str]]:
    """Each body line outside fenced code, with inline code blanked, and its file line."""
    fenced = False
    for offset, line in enumerate(post.body.splitlines()):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            yield post.body_line + offset, _INLINE_CODE.sub("``", line)


def check_images(post: Post, reader: Reader) -> None:
    """Every image needs alt text, or an explicitly empty alt for a decorative one."""
    if "![" not in post.body and not _HTML_IMG.search(post.body):
        return  # most posts: no image anywhere, so no need to look line by line
    for line, text in body_lines(post):
        for match in _MD_IMAGE.finditer(text):
            explicit = match.group(2) and _EXPLICIT_EMPTY.search(match.group(2))
            if not match.group(1).strip() and not explicit:
                reader.report_line(line, "body", _NO_ALT.format(image=match.group(0)), Level.ERROR)
        for match in _HTML_IMG.finditer(text):
            if not _ALT_ATTR.search(match.group(0)):
                reader.report_line(
                    line, "body", _NO_ALT_HTML.format(image=match.group(0)), Level.ERROR
                )


def check_personal_data(post: Post, reader: Reader, domains: Sequence[str]) -> None:
    """E-mail addresses outside the council's domains, UK phone numbers, National Insurance
    numbers and full postcodes next to house numbers, unless listed in `contact_details`."""
    whole = f"{post.summary}\n{post.body}"
    patterns = (_PHONE, _NI_NUMBER, _ADDRESS, *((_EMAIL,) if "@" in whole else ()))
    if not any(pattern.search(whole) for pattern in patterns):
        return  # most posts: nothing anywhere, so no need to look line by line
    allowed = [detail.lower() for detail in post.contact_details]
    for line, text in [(None, post.summary), *body_lines(post)]:
        for found, what in _personal_data(text, domains):
            if not any(found.lower() in a or a in found.lower() for a in allowed):
                message = (
                    f"{what} ({found!r}) may be personal data; remove it, or if it is "
                    "meant to be published, list it under contact_details"
                )
                if line is None:
                    reader.report(("summary",), message, Level.WARNING)
                else:
                    reader.report_line(line, "body", message)


def _personal_data(text: str, domains: Sequence[str]) -> Iterator[tuple[str, str]]:
    for match in _EMAIL.finditer(text):
        domain = match.group(1).lower()
        own = any(domain == d or domain.endswith(f".{d}") for d in domains)
        if not own and not _EXAMPLE_DOMAINS.search(domain):
            yield match.group(0), "an e-mail address outside the council's domains"
    for match in _PHONE.finditer(text):
        yield match.group(0).strip(), "a UK phone number"
    for match in _NI_NUMBER.finditer(text):
        yield match.group(0), "a National Insurance number"
    for match in _ADDRESS.finditer(text):
        yield match.group(0), "a house number and full postcode"


def council_domains(site_url: str, extra: Sequence[str] = ()) -> tuple[str, ...]:
    """The council's own mail domains: those configured, and the site's registrable domain
    (anytown.gov.uk for digital.anytown.gov.uk)."""
    host = (urlsplit(site_url).hostname or "").lower()
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
    found = [".".join(labels[-keep:])] if host else []
    return tuple(dict.fromkeys([*(d.lower().lstrip("@") for d in extra), *found]))


_NO_ALT = (
    "the image {image} has no alt text; describe what it shows in the brackets, "
    "e.g. ![Bar chart of calls by month](chart.png), or if it is only decoration "
    'say so with an explicitly empty alt: ![](image.png){{ alt="" }}'
)
_NO_ALT_HTML = (
    'the image {image} has no alt attribute; add alt="what it shows", or '
    'alt="" if it is only decoration'
)
