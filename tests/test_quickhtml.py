"""Plain HTML read quicker for the search: the same handler calls as `html.parser`, or none."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import material.plugins.search.plugin as material_search
import mkdocs.contrib.search.search_index as mkdocs_search
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intheopen.integrations.mkdocs.speed.search import _parsers, _quicker, _swapped
from intheopen.speed.quickhtml import fed


class Recorder(HTMLParser):
    """Every call `html.parser` makes to its handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[Any, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.calls.append(("start", tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.calls.append(("startend", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.calls.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.calls.append(("data", data))

    def handle_comment(self, data: str) -> None:
        self.calls.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.calls.append(("decl", decl))

    def handle_pi(self, data: str) -> None:
        self.calls.append(("pi", data))

    def unknown_decl(self, data: str) -> None:
        self.calls.append(("unknown", data))


def by_html_parser(html: str) -> list[tuple[Any, ...]]:
    parser = Recorder()
    parser.feed(html)
    parser.close()
    return parser.calls


PAGE = """<h1 id="bins">Bins &amp; <em>recycling</em><a class="headerlink" href="#bins" \
title="Permanent link">&para;</a></h1>
<p>Fish &amp; chips &lt; 5 &#8212; caf&eacute; &#x1F600; AT&T &copy</p>
<!-- more -->
<div class="language-python highlight"><pre><span></span><code><span class="n">x</span> \
<span class="o">=</span> <span class="s2">&quot;&lt;b&gt;&quot;</span>
</code></pre></div>
<ul>
<li>One <code>a &lt; b</code></li>
<li><a href="../other/?a=1&amp;b=2" title="Other">Other</a></li>
</ul>
<p><img alt="A chart" src="chart.png" /><br><br/><input checked disabled type="checkbox"></p>
<table>
<thead><tr><th style="text-align: left;">Done</th></tr></thead>
<tbody><tr><td>Yes</td></tr></tbody>
</table>
<details class="note" open="open"><summary>More</summary>
<p>Inside <SPAN Class="X">caps</SPAN>.</p></details>
<h2 id="end" data-search-exclude>End</h2>
<!----><!-- a-b -->"""

# What Python-Markdown and Pygments write: any run of these is plain
PLAIN = [
    "\x00",
    "-->",
    "</h2>",
    '<a href="x?a=1&amp;b=2">',
    '"',
    "&#x3C;",
    "text",
    " ",
    "\n",
    "&amp;",
    "&lt;b&gt;",
    "&#60;",
    "&#x1F600;",
    "&eacute",
    "AT&T",
    "&",
    "&#",
    ">",
    "<p>",
    "</p>",
    "<P>",
    '<a href="x?a=1&amp;b=2&#38;c=&quot;">',
    '<a href="">',
    '<A HREF="X" Title="&lt;">',
    "<input checked>",
    "<br/>",
    "<br />",
    '<img src="a.png"/>',
    '<img src="a.png" />',
    "</a>",
    '<h2 id="x" data-search-exclude>',
    "</H2>",
    "<!-- c -->",
    "<!---->",
    "<!-- a-b- -->",
    "<x:y>",
    "<my-tag>",
    "</my-tag>",
    "\r",
]
# What is not (or not always)
OTHER = [
    "<",
    "< ",
    "<3",
    "</P >",
    "< /p>",
    "<a href='x'>",
    "<a href=x>",
    '<a  href="x">',
    '<a href = "x">',
    '<a title="a>b">',
    "<script>",
    "</script>",
    "<style>",
    "<title>",
    "<textarea>",
    "<!-->",
    "<!--->",
    "<!-- a--b -->",
    "<!-- a -- >",
    "<!DOCTYPE html>",
    "<![CDATA[x]]>",
    "<?php x ?>",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PLAIN + OTHER), max_size=14).map("".join))
def test_plain_html_is_read_as_html_parser_reads_it(html: str) -> None:
    parser = Recorder()
    if fed(parser, html):
        parser.close()
        assert parser.calls == by_html_parser(html)
    else:
        assert parser.calls == []


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PLAIN), max_size=20).map("".join))
def test_plain_pieces_together_are_plain_and_read_the_same(html: str) -> None:
    parser = Recorder()
    assert fed(parser, html)
    parser.close()
    assert parser.calls == by_html_parser(html)


def test_what_markdown_writes_is_plain_and_read_the_same() -> None:
    parser = Recorder()
    assert fed(parser, PAGE)
    parser.close()
    assert parser.calls == by_html_parser(PAGE)
    assert ("startend", "img", [("alt", "A chart"), ("src", "chart.png")]) in parser.calls
    assert ("start", "input", [("checked", None), ("disabled", None), ("type", "checkbox")]) in (
        parser.calls
    )
    assert ("comment", " more ") in parser.calls


@pytest.mark.parametrize(
    "html",
    [
        "<p>a < b</p>",
        "<script>x = '<p>'</script>",
        "<a href='x'>single</a>",
        '<a  href="x">two spaces</a>',
        "<!DOCTYPE html><p>x</p>",
        "<p>x</p><!-- a--b -->",
        "<p>x</p><textarea>y</textarea>",
    ],
)
def test_anything_else_is_left_to_html_parser(html: str) -> None:
    parser = Recorder()
    assert not fed(parser, html)
    assert parser.calls == []
    parser.feed("<p class")  # a parser holding part of a tag is not fresh
    assert not fed(parser, '="x">y</p>') and parser.calls == []


def sections(parser_class: type[Any], html: str) -> list[tuple[Any, ...]]:
    parser = parser_class()
    parser.feed(html[:100])  # fed in two parts, as a parser may be
    parser.feed(html[100:])
    parser.close()
    # html.parser counts lines as it goes; the quicker reading does not (its one difference)
    read_quicker = parser.getpos() == (1, 0)
    assert read_quicker == (parser_class is not material_search.Parser)
    return [(s.el.tag, s.id, s.title, s.text, s.depth, s.is_excluded()) for s in parser.data]


def test_the_quicker_search_parsers_give_the_same_sections() -> None:
    quicker = _quicker(material_search.Parser)
    assert quicker is _quicker(material_search.Parser)  # one subclass, made once
    assert issubclass(quicker, material_search.Parser) and quicker is not material_search.Parser
    found = sections(quicker, PAGE)
    assert found == sections(material_search.Parser, PAGE)
    assert [section[1] for section in found] == [None, "end"] and found[1][5]

    theirs = mkdocs_search.ContentParser()
    ours = _quicker(mkdocs_search.ContentParser)()
    for parser in (theirs, ours):
        parser.feed(PAGE)
        parser.close()
    assert [(s.id, s.title, s.text) for s in ours.data] == [
        (s.id, s.title, s.text) for s in theirs.data
    ]
    assert len(ours.data) == 2


def test_the_parser_classes_are_swapped_only_meanwhile() -> None:
    index = material_search.SearchIndex(lang=["en"], separator="", pipeline=[], fields={})
    swaps = _parsers(index)
    assert [(name, original) for _, name, original, _ in swaps] == [
        ("Parser", material_search.Parser)
    ]
    with pytest.raises(RuntimeError), _swapped(swaps):
        assert material_search.Parser is _quicker(swaps[0][2])
        raise RuntimeError
    assert material_search.Parser is swaps[0][2]
    assert [name for _, name, _, _ in _parsers(mkdocs_search.SearchIndex())] == ["ContentParser"]
