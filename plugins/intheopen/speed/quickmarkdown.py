"""Python-Markdown's patterns and block tests tried only where a match is possible.

Python-Markdown's `InlineProcessor` tries each inline pattern (code, escapes, links,
images, autolinks, line breaks, raw HTML, entities, emphasis: fourteen with Material's
usual extensions) on each piece of text of a page in turn: a method call that searches the
text with the pattern's expression. Nearly every try fails (at 1,000 posts, 2,135 of
377,421 matched), and several of the expressions begin with a look-behind, which makes the
search step through the text a character at a time: a third of Python-Markdown's time on
our posts. Its block parser likewise asks each block processor whether a block is its own,
and several of them search the whole block with an expression that begins with a line
start: headings, block quotes, Setext headings, rules, admonitions, details.

`QuickerInline` first asks a quicker question of the text for each pattern: does it hold
the plain text every match starts with, or else any of the characters one of which it must
hold from where a match starts (`clue`, read from the pattern's parsed expression)? Where
the answer is no, the pattern cannot match, and Python-Markdown would have gone on to the
next pattern with nothing else done, so the HTML is the same. The questions of all the
patterns are asked at once first: 96 % of the texts of our posts need no pattern at all.
A pattern starting with plain text is asked with its own expression, which the
regular-expression engine already looks for quickly. Anything the reading cannot be sure
of (case folding, classes such as `\\s`, a pattern of the older kind or with its own
`getCompiledRegExp`) is tried as Python-Markdown tries it. Those block processors
(`GUARDED`: these classes exactly, not subclasses) are given their expression `Guarded`:
its `search`, `match` and `finditer` ask the same question of the block first. Proved
against Python-Markdown itself in tests/test_quickmarkdown.py.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from itertools import takewhile
from re import _parser  # type: ignore[attr-defined]  # how `re` reads an expression
from typing import Any

from markdown import Markdown, blockprocessors, inlinepatterns, util
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.treeprocessors import InlineProcessor

try:
    from pymdownx.details import DetailsProcessor  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover (Material brings pymdownx)
    DetailsProcessor = None

# What `InlineProcessor` calls its own methods (Python-Markdown 3.x)
_HANDLE, _APPLY = "_InlineProcessor__handleInline", "_InlineProcessor__applyPattern"
_RANGE_LIMIT = 64  # a wider range of characters in a class tells too little to be worth it

_REPEATS = tuple(
    getattr(_parser, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_parser, name)
)
_ATOMIC = getattr(_parser, "ATOMIC_GROUP", object())

# Block processors that search each block with an expression that starts at a line start,
# and the attribute holding it: each is given a `Guarded` one (Python-Markdown 3, pymdownx)
GUARDED: dict[type, str] = {
    blockprocessors.HashHeaderProcessor: "RE",
    blockprocessors.BlockQuoteProcessor: "RE",
    blockprocessors.SetextHeaderProcessor: "RE",
    blockprocessors.HRProcessor: "SEARCH_RE",
    AdmonitionProcessor: "RE",
}
if DetailsProcessor is not None:
    GUARDED[DetailsProcessor] = "START"
_WHITESPACE = frozenset(" \t\n\r\f\v")

_quick: dict[re.Pattern[str], tuple[re.Pattern[str], Clue]] = {}


def quicken(md: Markdown) -> bool:
    """Make `md`'s inline processor a `QuickerInline`, if it is Python-Markdown's own, and
    give its block processors of `GUARDED` (exactly those classes) `Guarded` expressions;
    whether the inline processor now is one."""
    for block in md.parser.blockprocessors:
        name = GUARDED.get(type(block))
        expression = getattr(block, name, None) if name is not None else None
        if name is not None and isinstance(expression, re.Pattern):
            question = quick(expression)
            if question is not expression:
                setattr(block, name, Guarded(expression, question))
    try:
        processor = md.treeprocessors["inline"]
    except KeyError:
        return False
    if type(processor) is InlineProcessor and possible():
        processor.__class__ = QuickerInline
    return isinstance(processor, QuickerInline)


class Guarded:
    """A compiled expression that asks `question` first in `search`, `match` and
    `finditer` (found nothing, it cannot match), taking what `re.Pattern`'s do; anything
    else is the expression's own."""

    def __init__(self, expression: re.Pattern[str], question: re.Pattern[str]) -> None:
        self.expression = expression
        self.question = question

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        if self.question.search(string, pos, endpos) is None:
            return None
        return self.expression.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        if self.question.search(string, pos, endpos) is None:
            return None
        return self.expression.match(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[Any]:
        if self.question.search(string, pos, endpos) is None:
            return iter(())
        return self.expression.finditer(string, pos, endpos)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.expression, name)


def possible() -> bool:
    return all(hasattr(InlineProcessor, name) for name in (_HANDLE, _APPLY))


class QuickerInline(InlineProcessor):
    """Python-Markdown's `InlineProcessor`, asking first whether any pattern can match a
    text at all, then `quick(pattern)` before each try."""

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        asked = [(pattern, _asked(pattern)) for pattern in self.inlinePatterns]
        self._tries = [(pattern, found and found[0]) for pattern, found in asked]
        self._any = _Any.of([found and found[1] for _, found in asked])
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """As Python-Markdown's, without the tries where the questions find nothing."""
        if isinstance(data, util.AtomicString):
            return data
        if self._any is not None and not self._any.found(data):
            return data  # (most texts: no pattern could match anywhere in them)
        apply = getattr(self, _APPLY)
        tries = self._tries
        start = 0
        while patternIndex < len(tries):
            pattern, question = tries[patternIndex]
            if question is not None and question.search(data, start) is None:
                patternIndex, start = patternIndex + 1, 0  # as a try that failed leaves them
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


Clue = frozenset[str] | str | None


class _Any:
    """Whether a text holds anything any of the patterns needs (`clue`)."""

    def __init__(self, chars: frozenset[str], texts: list[str]) -> None:
        self.chars = _class_of(chars) if chars else None
        self.texts = texts

    @classmethod
    def of(cls, clues: list[Clue]) -> _Any | None:
        """For patterns whose clues are `clues`; None where one has none (it is tried)."""
        if any(found is None for found in clues):
            return None
        sets = [found for found in clues if isinstance(found, frozenset)]
        return cls(frozenset().union(*sets), [found for found in clues if isinstance(found, str)])

    def found(self, data: str) -> bool:
        if self.chars is not None and self.chars.search(data) is not None:
            return True
        return any(text in data for text in self.texts)


def _asked(pattern: Any) -> tuple[re.Pattern[str], Clue] | None:
    """What to search a text with before trying `pattern` on it (found nothing, the
    pattern cannot match), and its clue. None: try it."""
    if not isinstance(pattern, inlinepatterns.InlineProcessor):
        return None  # the older kind matches a whole line its own way
    if type(pattern).getCompiledRegExp is not inlinepatterns.Pattern.getCompiledRegExp:
        return None
    expression: Any = pattern.getCompiledRegExp()  # another engine's (`regex`) is tried
    if not isinstance(expression, re.Pattern):
        return None
    found = _quick.get(expression)
    if found is None:
        found = _quick[expression] = (quick(expression), clue(expression))
    return found


def quick(expression: re.Pattern[str]) -> re.Pattern[str]:
    """An expression that finds something wherever `expression` would match: a class of
    the characters of its `clue`, or `expression` itself (where it starts with plain text,
    which the regular-expression engine already looks for quickly)."""
    found = clue(expression)
    return _class_of(found) if isinstance(found, frozenset) else expression


def clue(expression: re.Pattern[str]) -> Clue:
    """What a text holds, from where a match of `expression` starts, wherever it matches:
    the plain text every match starts with, or else characters one of which it holds
    (read from every item of its sequence); None: not known."""
    parsed = _parsed(expression)
    if not parsed:
        return None
    prefix = "".join(chr(value) for op, value in takewhile(_plain, parsed))
    return prefix or _any_of(parsed)


def _plain(item: tuple[Any, Any]) -> bool:
    return item[0] is _parser.LITERAL


def _class_of(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(char) for char in sorted(chars)) + "]")


def _parsed(expression: re.Pattern[str]) -> list[tuple[Any, Any]] | None:
    """The expression as `re` reads it; None where characters may match other than as
    written (case folded), or where it cannot be read here."""
    if expression.flags & (re.IGNORECASE | re.LOCALE) or not isinstance(expression.pattern, str):
        return None
    try:
        return list(_parser.parse(expression.pattern, expression.flags))
    except Exception:  # a reading we cannot follow: ask the expression
        return None


def _any_of(sequence: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """For a sequence, each of whose items must match: the fewest characters any item
    needs, spaces and line breaks counted last (a text nearly always holds them)."""
    best: frozenset[str] | None = None
    for op, value in sequence:
        found = _item(op, value)
        if found is not None and (best is None or _rarer(found, best)):
            best = found
    return best


def _rarer(found: frozenset[str], best: frozenset[str]) -> bool:
    return (bool(found & _WHITESPACE), len(found)) < (bool(best & _WHITESPACE), len(best))


def _item(op: Any, value: Any) -> frozenset[str] | None:
    if op is _parser.LITERAL:
        return frozenset(chr(value))
    if op is _parser.IN:
        return _class(value)
    if op is _parser.SUBPATTERN:
        _, added, _, inner = value
        return None if added & re.IGNORECASE else _any_of(list(inner))
    if op in _REPEATS:
        least, _, inner = value
        return _any_of(list(inner)) if least >= 1 else None
    if op is _parser.BRANCH:
        each = [_any_of(list(branch)) for branch in value[1]]
        if any(found is None for found in each):
            return None
        return frozenset().union(*each)  # type: ignore[arg-type]
    if op is _ATOMIC:
        return _any_of(list(value))
    if op is _parser.ASSERT and value[0] == 1:  # a look-ahead: in the text after the start
        return _any_of(list(value[1]))
    return None  # look-behinds, negative look-arounds, anchors, any character…


def _class(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, value in items:
        if op is _parser.LITERAL:
            chars.add(chr(value))
        elif op is _parser.RANGE and value[1] - value[0] < _RANGE_LIMIT:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:  # a negated class, a category such as \s
            return None
    return frozenset(chars) or None
