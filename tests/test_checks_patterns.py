"""The checks' patterns that run over whole posts are written for speed (checks/content.py):
each must find exactly what its plainer form, kept here, finds, in any text."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intheopen.checks import blameless, content

PLAIN = {
    "phone": (
        content._PHONE,
        re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s-]?){9,10}(?!\d)"),
    ),
    "NI number": (
        content._NI_NUMBER,
        re.compile(
            r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
            r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"
        ),
    ),
    "address": (
        content._ADDRESS,
        re.compile(
            r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'’-]*\s+){1,4}"
            r"(?:[A-Z][A-Za-z'’-]*,?\s+){0,3}[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b"
        ),
    ),
    "blame": (blameless._BLAME, re.compile(r"\b(caus\w*|fault\w*|blam\w*)\b", re.I)),
    "human error": (blameless._HUMAN_ERROR, re.compile(r"\bhuman[ -]error\b", re.I)),
    "outage": (blameless._OUTAGE, re.compile(r"\boutages?\b", re.I)),
}

# What the patterns look at, and what sits next to it: digits, the letters they name in
# both cases, word characters that are not ASCII (é, the long s that folds to s, the Kelvin
# sign), the underscore, and the punctuation and spaces between.
ALPHABET = "0123456789+()-,.'’_ \t\nABCDGHKNPQRSTWZabcefghilmnorstuvé\u017f\u212a"
AROUND = ("", "x", "é", "_", "1", "0", " ", "\n", ",", "-", "+", "\u017f", "\u212a")


def one_of(*choices: str) -> st.SearchStrategy[str]:
    return st.sampled_from(choices)


def digits(low: int, high: int, between: tuple[str, ...] = ("",)) -> st.SearchStrategy[str]:
    digit = st.tuples(st.sampled_from("0123456789"), st.sampled_from(between)).map("".join)
    return st.lists(digit, min_size=low, max_size=high).map("".join)


def joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


CAPITALISED = one_of("Baker", "Street", "London", "Old", "O'Neil", "Kent", "St", "x", "A")
SPACE = one_of("", " ", "  ", "\n")
# Near misses and hits for each pattern: the pieces it looks for, varied, with what may
# border them (most random text has nothing to compare).
SHAPES = {
    "phone": joined(
        one_of("0", "+44", "+44 (0)", "+44(0) ", "+440", "+45", "+", "00"),
        digits(7, 12, ("", "", " ", "-", "  ")),
    ),
    "NI number": joined(
        one_of("ZZ", "BG", "GB", "KN", "NK", "NT", "TN", "JK", "AB", "QQ", "DA", "OA", "xA", "Ab"),
        one_of("", " ", "  "),
        digits(2, 2),
        one_of("", " ", "\n"),
        digits(2, 2) | digits(1, 3),
        one_of("", " ", "-"),
        digits(2, 2),
        one_of("", " ", "  "),
        one_of("A", "C", "D", "E", "a"),
    ),
    "address": joined(
        digits(1, 5),
        one_of("", "B", "b", ","),
        one_of(", ", " ", "", "\n"),
        st.lists(CAPITALISED.map(lambda word: word + " "), max_size=8).map("".join),
        one_of("", "London, "),
        one_of("NW1 6XE", "SW1A 2AA", "M1 1AE", "M11AE", "B1 1CI", "NW16XE", "nw1 6xe"),
    ),
    "blame": one_of("cause", "Caused", "FAULT", "faults", "blamed", "because", "caus", "xblam"),
    "human error": one_of("human error", "Human-Error", "HUMAN ERROR", "human  error", "humans"),
    "outage": one_of("outage", "Outages", "OUTAGE", "outaged", "outag", "xoutage"),
}


def texts(name: str) -> st.SearchStrategy[str]:
    """Random text, and the shapes a pattern looks for, bordered and strung together."""
    shape = joined(st.sampled_from(AROUND), SHAPES[name], st.sampled_from(AROUND))
    return st.text(alphabet=ALPHABET, max_size=60) | st.lists(shape, max_size=4).map("".join)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_a_fast_pattern_finds_what_its_plain_form_finds(name: str) -> None:
    fast, plain = PLAIN[name]

    @settings(max_examples=500, deadline=None)
    @given(text=texts(name))
    def same(text: str) -> None:
        assert spans(fast, text) == spans(plain, text)

    same()


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("phone", "call 0161 496 0000 today", ["0161 496 0000"]),
        ("phone", "ring +44 (0)20 7946 0958.", ["+44 (0)20 7946 0958"]),
        ("phone", "ref x01614960000 and 1+01614960000", []),
        ("NI number", "NI: JK 12 34 56 C", ["JK 12 34 56 C"]),
        ("NI number", "GB123456A, QQ123456C and xJK123456C", []),
        *(("NI number", f"{pair} 12 34 56 A", []) for pair in ("BG", "KN", "NK", "NT", "TN", "ZZ")),
        ("address", "at 221B Baker Street, London NW1 6XE.", ["221B Baker Street, London NW1 6XE"]),
        ("address", "a221B Baker Street, London NW1 6XE", []),
        ("blame", "It was Caused by, not blamed on", ["Caused", "blamed"]),
        ("blame", "because unfaulted", []),
        ("outage", "an Outage, two outages; no outaged", ["Outage", "outages"]),
    ],
)
def test_each_pattern_finds_what_it_names(name: str, text: str, found: list[str]) -> None:
    fast, plain = PLAIN[name]
    assert [match.group(0).strip() for match in fast.finditer(text)] == found
    assert spans(fast, text) == spans(plain, text)


# Pieces of post bodies for the checks that look line by line only where the whole body
# holds what they look for: the lines give the same warnings however the body is asked.
BODY_PIECES = [
    "Plain words.",
    "The outage was caused by a fault.",
    "Blameless: we found the CAUSE, not someone to blame.",
    "It was human error, said Sam Patel.",
    "Jo Evans restarted it. The outages ended.",
    "`caused` in code, and `human error` too.",
    "![A chart](chart.png)",
    "![](decorative.png){.decorative}",
    '<img src="x.png">',
    '<IMG alt="" src="y.png">',
    "```\n![no alt](in-code.png)\ncaused\n```",
    "# Heading",
    "\ufb01ne words, \u017fo and \u212aelvin",
]


@cache
def example_incident() -> tuple[Any, dict[str, Any]]:
    """The example blog's first incident report, and its front matter."""
    import frontmatter

    from conftest import ROOT
    from intheopen.content.collection import load_blog

    blog = load_blog(ROOT / "posts", ROOT / "authors.yml", ROOT)
    incident = next(post for post in blog.posts if post.type == "incident-report")
    text = (ROOT / "posts" / incident.source).read_text("utf-8")
    return incident, frontmatter.loads(text).metadata


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(st.sampled_from(BODY_PIECES), max_size=8))
def test_checks_of_the_body_give_what_they_give_line_by_line(pieces: list[str]) -> None:
    import dataclasses

    from intheopen.content.reading import Reader
    from intheopen.content.yamlsafe import Lines

    incident, meta = example_incident()
    body = "\n\n".join(pieces)
    # the same body with what each check looks for in a fenced block at its end: the
    # whole body then holds it, so every line is looked at, but those lines give nothing
    asked = body + "\n\n```\ncaused by human error, an outage\n![](x.png) <img src=y>\n```\n"

    def warnings(text: str) -> list[tuple[int, str]]:
        post = dataclasses.replace(incident, body=text)
        reader = Reader(post.source, Lines(0), {}, {})
        blameless.check(post, reader, ["Sam Patel"], meta)
        content.check_images(post, reader)
        return [(problem.line, problem.message) for problem in reader.problems]

    assert warnings(body) == warnings(asked)
