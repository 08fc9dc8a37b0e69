"""The aggregator's sources file, YAML or OPML, checked with exact messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from intheopen.aggregate.sources import Source, load_sources

GOOD = """\
title: South Region council blogs
site_url: https://blogs.sector.example/
contact: https://sector.example/aggregator
keywords:
  safe-sharing: [open data, data sharing]
sources:
  - name: Anytown Borough Council
    id: E07999999
    site: https://digital.anytown.example/
    feeds: [https://digital.anytown.example/feed.xml]
  - name: Otherton District Council
    feeds: https://otherton.example/feed.atom
    principles: [open-culture]
"""


def load(tmp_path: Path, name: str, text: str) -> tuple[Any, list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    sources, problems = load_sources(path, name)
    return sources, [str(p) for p in problems]


def test_a_yaml_sources_file(tmp_path: Path) -> None:
    sources, problems = load(tmp_path, "sources.yml", GOOD)

    assert problems == []
    assert sources.title == "South Region council blogs"
    assert sources.keywords == {"open data": "safe-sharing", "data sharing": "safe-sharing"}
    assert sources.sources == (
        Source(
            "e07999999",
            "Anytown Borough Council",
            ("https://digital.anytown.example/feed.xml",),
            "https://digital.anytown.example/",
            "E07999999",
        ),
        Source(
            "otherton-district-council",
            "Otherton District Council",
            ("https://otherton.example/feed.atom",),
            principles=("open-culture",),
        ),
    )


def test_every_problem_in_a_sources_file(tmp_path: Path) -> None:
    text = """\
site_url: https://blogs.sector.example/
contact: sector.example
sources:
  - name: Anytown
    feeds: [ftp://anytown.example/feed]
  - id: x
    feeds: [https://x.example/feed]
    principles: [open data]
  - name: Anytown
    feeds: [https://anytown.example/feed]
    colour: blue
"""
    sources, problems = load(tmp_path, "sources.yml", text)

    assert sources is None
    assert problems == [
        "sources.yml:2: contact: 'sector.example' is not a web address; expected one starting "
        "https://",
        "sources.yml:5: sources[1].feeds[1]: 'ftp://anytown.example/feed' is not a web "
        "address; expected one starting https://",
        "sources.yml:6: sources[2].name: required but is missing",
        "sources.yml:8: sources[2].principles[1]: 'open data' is not a Local Digital "
        "Declaration principle; expected one of user-needs, fix-our-plumbing, safe-sharing, "
        "digital-leadership, open-culture",
        "sources.yml:11: warning: sources[3].colour: unknown field 'colour', ignored",
    ]


def test_two_sources_with_one_id(tmp_path: Path) -> None:
    text = (
        "site_url: https://blogs.sector.example/\n"
        "sources:\n  - name: Anytown\n    feeds: [https://a.example/f]\n"
        "  - name: anytown\n    feeds: [https://b.example/f]\n"
    )
    sources, problems = load(tmp_path, "sources.yml", text)

    assert sources is None
    assert problems == [
        "sources.yml:5: sources[2].id: 'anytown' is also the id of another source; give each "
        "source its own id"
    ]


def test_an_opml_sources_file(tmp_path: Path) -> None:
    text = """<?xml version="1.0"?>
<opml version="2.0"><head><title>Councils</title>
<ownerId>https://blogs.sector.example/</ownerId></head><body>
  <outline text="Region"><outline text="Anytown" type="rss"
    xmlUrl="https://digital.anytown.example/feed.xml" htmlUrl="https://digital.anytown.example/"/>
  <outline text="Bad" xmlUrl="javascript:alert(1)"/></outline>
</body></opml>"""
    sources, problems = load(tmp_path, "councils.opml", text)

    assert sources is None
    assert problems == ["councils.opml:6: xmlUrl: 'javascript:alert(1)' is not a web address"]

    good, problems = load(
        tmp_path,
        "good.opml",
        text.replace('<outline text="Bad" xmlUrl="javascript:alert(1)"/>', ""),
    )
    assert problems == []
    assert good.sources[0].feeds == ("https://digital.anytown.example/feed.xml",)


def test_an_opml_file_with_entities_reads_no_files(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<opml version="2.0"><head><title>&x;</title><ownerId>https://b.example/</ownerId></head><body>'
        '<outline text="A" xmlUrl="https://a.example/feed"/></body></opml>'
    )
    sources, problems = load(tmp_path, "x.opml", text)

    assert problems == []
    assert "root:" not in sources.title
