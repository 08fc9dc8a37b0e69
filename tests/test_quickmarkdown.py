"""Patterns and block searches tried only where they can match: the HTML Python-Markdown writes."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from intheopen.integrations.mkdocs.speed.rendering import RESETTABLE
from intheopen.speed.quickmarkdown import (
    GUARDED,
    Guarded,
    QuickerInline,
    clue,
    quick,
    quicken,
)

EXTENSIONS = sorted(RESETTABLE | {"pymdownx.emoji", "pymdownx.magiclink", "pymdownx.critic"})
# MkDocs' own and a usual Material site's: every inline pattern has a question, so whole
# texts are asked first too (with EXTENSIONS some pattern is always tried)
USUAL = ["toc", "tables", "fenced_code", "abbr", "footnotes", "admonition", "attr_list"]
USUAL += ["md_in_html", "pymdownx.details", "pymdownx.highlight", "pymdownx.superfences"]
USUAL += ["pymdownx.inlinehilite"]
SETTINGS = {"toc": {"permalink": True}, "pymdownx.highlight": {"anchor_linenums": True}}


def converter(quicker: bool, extensions: list[str] = EXTENSIONS) -> markdown.Markdown:
    md = markdown.Markdown(extensions=extensions, extension_configs=SETTINGS)
    if quicker:
        assert quicken(md)
    return md


def expressions() -> list[re.Pattern[str]]:
    """Every inline pattern's expression with these extensions, the guarded block
    processors', and some harder ones."""
    md = converter(quicker=False)
    found = [pattern.getCompiledRegExp() for pattern in md.inlinePatterns]
    blocks = [getattr(b, GUARDED[type(b)]) for b in md.parser.blockprocessors if type(b) in GUARDED]
    assert len(blocks) == len(GUARDED)  # each is in a usual site
    return [*found, *blocks, *(re.compile(text) for text in HARD)]


HARD = [
    r"(?<!\\)`+",
    r"(a|b)c",
    r"x{0,3}y",
    r"(?:ab|c+)d?",
    r"[a-f]z*",
    r"(?=q)qu",
    r"(?>\*\*)",
    r"(?i:k)m",
    r"(\*|_)(.+?)\1",
    r"(?x) \[ \s* ]",
    r"^(?=(-+ ?){3,})(?:-+ ?)+$",
    r"a(?=b|c)",
    r"(?<=x)y",
]
NOT_KNOWN = [r"(?i)a", r"[^a]", r"\s+", r"a*", r"(?!a)b?", r"(?<=a)", r".", r"a|\s", r"(?i:k)"]
NOT_KNOWN += [r"[\w-]"]


def test_what_every_match_needs_is_read_from_the_expression() -> None:
    assert clue(re.compile(r"(a|b)c")) == {"c"}  # the fewest characters of the sequence
    assert clue(re.compile(r"(?:ab|c+)d?")) == {"a", "c"}
    assert clue(re.compile(r"x{0,3}y")) == {"y"}
    assert clue(re.compile(r"[a-c]z*")) == {"a", "b", "c"}
    assert clue(re.compile(r"(?i:k)m")) == {"m"}
    assert clue(re.compile(r"^.*?\n[=-]+[ ]*(\n|$)", re.M)) == {"=", "-"}  # not the line break
    assert clue(re.compile(r"^(?=(?P<a>(-+ ?){3,}|(_+ ?){3,}))(?P=a)$")) == {"-", "_"}
    for text in NOT_KNOWN:
        assert clue(re.compile(text)) is None, text
    assert clue(re.compile(r"(?=a)")) == {"a"}  # a look-ahead: after the match's start
    assert clue(re.compile(r"\!\[")) == "![" and clue(re.compile("  \n")) == "  \n"
    assert clue(re.compile(r"(?<!\!)\[")) == {"["} and clue(re.compile(r"(?i)a")) is None
    # an expression starting with a plain character is asked as it is; the others by a class
    assert quick(re.compile(r"\!\[")).pattern == r"\!\["
    assert quick(re.compile(r"(?<!\!)\[")).pattern == r"[\[]"


TEXT = st.text(alphabet=st.sampled_from("ab cdqukmxyz*_`\\[]()!<>&#;:/@.-=~^+{}\n\t"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, start=st.integers(min_value=0, max_value=40))
def test_the_quick_question_finds_something_wherever_the_pattern_matches(
    text: str, start: int
) -> None:
    for expression in expressions():
        match = expression.search(text, start)
        if match is None:
            continue
        assert quick(expression).search(text, start) is not None, expression.pattern
        found = clue(expression)
        if isinstance(found, str):
            assert text.startswith(found, match.start()), expression.pattern
        elif found is not None:
            assert found & set(text[match.start() :]), expression.pattern


PIECES = [
    "plain words",
    "*em*",
    "**strong**",
    "***both***",
    "_under_",
    "__dunder__",
    "a * b _ c",
    "`code`",
    "``two ` ticks``",
    "`#!python x = 1`",
    "\\*escaped\\*",
    "\\\\`",
    "[link](https://example.org/ 'title')",
    "[ref][r]",
    "[r]",
    "![image](chart.png)",
    "![ref image][r]",
    "<https://example.org/a>",
    "<someone@example.org>",
    "<b>bold</b>",
    "<!-- note -->",
    "&amp; &#169; &copy",
    "line break  \nnext",
    "a footnote[^n]",
    "HTML abbreviation",
    "==mark== ^^ins^^ ~~del~~ ~sub~ ^sup^",
    "++ctrl+alt+del++",
    ":smile:",
    "www.example.org and https://example.org",
    "{++added++} {--gone--}",
    "(c) --> 1/2",
    "x [not a link] y",
    "! [ ] < > & ;",
    "# A heading",
    "## Closed ##",
    "A Setext heading\n================",
    "Another\n---",
    "---",
    "* * *",
    "___",
    "> quoted\n> more",
    "a > b and c = d - e",
    "#hashtag and 3 # 4",
    '!!! note "A note"\n    Its text.',
    "??? tip\n    Hidden.",
    "???+ warning\n    Shown.",
    "Wow! Really?? Yes!!!",
    "    indented under the last",
]
TAILS = "\n\n[r]: https://example.org/r\n[^n]: The note.\n*[HTML]: Hyper Text Markup Language\n"


@pytest.mark.parametrize("extensions", [EXTENSIONS, USUAL], ids=["many", "usual"])
@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=12),
    joins=st.lists(st.sampled_from([" ", "", "\n", "\n\n", "\n\n- ", "\n\n# ", "\n\n> "])),
)
def test_a_quicker_markdown_object_writes_the_same_html(
    extensions: list[str], pieces: list[str], joins: list[str]
) -> None:
    text = pieces[0]
    for at, piece in enumerate(pieces[1:]):
        text += (joins[at] if at < len(joins) else " ") + piece
    text += TAILS
    quicker, plain = converter(True, extensions), converter(False, extensions)
    assert quicker.convert(text) == plain.convert(text)


@pytest.mark.parametrize("extensions", [EXTENSIONS, USUAL], ids=["many", "usual"])
def test_one_quicker_object_converts_page_after_page_as_new_ones_do(
    extensions: list[str],
) -> None:
    quicker = converter(True, extensions)
    for text in [" ".join(PIECES) + TAILS, "Only words.", "\n\n".join(PIECES)]:
        quicker.reset()
        assert quicker.convert(text) == converter(False, extensions).convert(text)
    whole_texts_asked = quicker.treeprocessors["inline"]._any is not None  # type: ignore[attr-defined]
    assert whole_texts_asked == (extensions is USUAL)


def test_patterns_are_tried_only_where_they_can_match(monkeypatch: pytest.MonkeyPatch) -> None:
    tries: list[str] = []
    apply = InlineProcessor._InlineProcessor__applyPattern  # type: ignore[attr-defined]

    def counted(self: InlineProcessor, pattern: object, *args: object) -> object:
        tries.append(type(pattern).__name__)
        return apply(self, pattern, *args)

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__applyPattern", counted)
    text = "Words and more words, [a link](x.md) and **strong** ones.\n"

    usual = ["toc", "attr_list", "pymdownx.inlinehilite", "pymdownx.superfences"]
    plain = markdown.Markdown(extensions=usual).convert(text)
    every = len(tries)
    tries.clear()
    quicker = markdown.Markdown(extensions=usual)
    assert quicken(quicker)
    assert quicker.convert(text) == plain
    assert 0 < len(tries) < every // 3
    assert "AutolinkInlineProcessor" not in tries  # no `<` in the text

    text = "Only words, *and* more.\n\nNothing here."
    plain = markdown.Markdown(extensions=usual).convert(text)
    tries.clear()
    quicker.reset()
    assert quicker.convert(text) == plain
    assert tries == ["DelimiterProcessor"]  # the second paragraph needs no pattern at all


def test_only_python_markdowns_own_inline_processor_is_made_quicker() -> None:
    class Theirs(InlineProcessor):
        pass

    md = markdown.Markdown()
    md.treeprocessors.register(Theirs(md), "inline", 20)
    assert not quicken(md)
    assert type(md.treeprocessors["inline"]) is Theirs

    ours = markdown.Markdown()
    assert quicken(ours) and quicken(ours)  # once made quicker, it stays so
    assert type(ours.treeprocessors["inline"]) is QuickerInline

    bare = markdown.Markdown()
    bare.treeprocessors.deregister("inline")
    assert not quicken(bare)


def test_block_processors_search_only_blocks_their_expressions_can_match() -> None:
    md = converter(True, USUAL)
    guarded = [b for b in md.parser.blockprocessors if type(b) in GUARDED]
    assert len(guarded) == len(GUARDED)
    for block in guarded:
        assert isinstance(getattr(block, GUARDED[type(block)]), Guarded), type(block)
    quicken(md)  # again: nothing is guarded twice
    heading = next(b for b in guarded if type(b).__name__ == "HashHeaderProcessor")
    assert isinstance(heading.RE.expression, re.Pattern)  # type: ignore[attr-defined]


class Recorded:
    """An expression that records what it was asked."""

    def __init__(self, expression: re.Pattern[str]) -> None:
        self.expression = expression
        self.asked: list[tuple[str, str, int]] = []
        self.flags = expression.flags

    def __getattr__(self, name: str) -> object:
        def asked(text: str, pos: int = 0, endpos: int = 2**31) -> object:
            self.asked.append((name, text, pos))
            return getattr(self.expression, name)(text, pos, endpos)

        return asked


@settings(max_examples=200, deadline=None)
@given(text=TEXT, pos=st.integers(min_value=0, max_value=8))
def test_a_guarded_expression_answers_as_the_expression(text: str, pos: int) -> None:
    expression = re.compile(r"(?:^|\n)(#{1,6})(.*?)#*(?:\n|$)|a(?=b)")
    real = Recorded(expression)
    guarded = Guarded(real, quick(expression))  # type: ignore[arg-type]
    for name in ("search", "match"):
        found, expected = getattr(guarded, name)(text, pos), getattr(expression, name)(text, pos)
        assert (found and found.span()) == (expected and expected.span())
    assert [m.span() for m in guarded.finditer(text, pos)] == [
        m.span() for m in expression.finditer(text, pos)
    ]
    assert guarded.flags == expression.flags  # anything else is the expression's own
    if "#" not in text[pos:] and "a" not in text[pos:]:
        assert real.asked == []  # not asked at all
