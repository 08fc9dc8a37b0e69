"""What is kept between builds never changes what a build gives: a warm build, and one after
an edit, are byte for byte the cold build of the same input."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from intheopen.speed.forked import can_fork
from sitebuild import build, copy_example, files_of, make_site, post_text

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1796083200"}  # 2026-12-01: the sitemap's dates
WEEKNOTE = "posts/2026/garden-waste-weeknote-43.md"
SHELVES = ("rendered", "pages", "feeds", "feedfiles", "search")  # index and packs of entries


def built(root: Path, *args: str) -> tuple[dict[str, bytes], str]:
    result = build(root, "--strict", *args, env=ENV)
    assert result.returncode == 0, result.stderr
    return files_of(root / "site"), result.stderr


def plain_copy(root: Path, where: Path) -> dict[str, bytes]:
    """`root`'s sources built elsewhere the plain way: no cache, no second process."""
    shutil.copytree(root, where, ignore=shutil.ignore_patterns(".cache", "site"))
    settings = where / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    assert "  - intheopen:\n" in text
    plain = "  - intheopen:\n      cache: false\n      parallel: false\n"
    settings.write_text(text.replace("  - intheopen:\n", plain, 1), encoding="utf-8")
    files = built(where)[0]
    assert not (where / ".cache").exists()
    return files


def test_warm_and_edited_builds_are_the_cold_build(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    root = copy_example(tmp_path / "site")
    cold, log = built(root, "--verbose")  # the cache knows whether a build was verbose
    assert cold == plain_copy(root, tmp_path / "plain")
    if can_fork():  # a child templated some pages, and indexed them for the search
        given = re.findall(r"search cache: (\d+) pages reused \((\d+) indexed by a child", log)
        assert int(given[0][0]) == int(given[0][1]) > 10

    warm, log = built(root, "--verbose")

    assert warm == cold
    ours = int(re.findall(r"Markdown cache: (\d+) pages reused, 0 converted", log)[0])
    assert ours > 40  # posts and listings; the council's own pages in docs/ are not cached
    assert f"intheopen: page cache: {ours} pages reused" in log
    searched = int(re.findall(r"search cache: (\d+) pages reused", log)[0])
    assert searched > ours  # every page in the search index, the council's own too
    post = root / WEEKNOTE
    text = post.read_text(encoding="utf-8")
    edited_text = text.replace("Garden waste team weeknote: week 43", "Garden waste: week 43")
    post.write_text(edited_text.replace("the tea.", "the biscuits."), encoding="utf-8")

    edited, log = built(root, "--verbose")

    assert edited == plain_copy(root, tmp_path / "fresh")
    assert edited != cold
    assert f"Markdown cache: {ours - 1} pages reused, 1 converted" in log
    assert 0 < int(re.findall(r"page cache: (\d+) pages reused", log)[0]) < ours
    assert 0 < int(re.findall(r"search cache: (\d+) pages reused", log)[0]) < searched
    changed = {path for path in cold if cold[path] != edited[path]}
    assert "weeknotes/2026-w43/garden-waste-weeknote-43/index.html" in changed
    assert "posts/index.html" in changed  # the listing shows the new title
    assert "feed.xml" in changed


def test_the_cache_folder_is_ignored_by_git_and_can_be_turned_off(tmp_path: Path) -> None:
    root = make_site(tmp_path / "on", {"a.md": post_text("A")})
    built(root)

    assert (root / ".cache" / "intheopen" / ".gitignore").read_text().splitlines()[-1] == "*"
    off = make_site(tmp_path / "off", {"a.md": post_text("A")}, extra="      cache: false\n")
    built(off)
    assert not (off / ".cache").exists()


def test_a_deleted_or_damaged_cache_only_costs_a_rebuild(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", {"a.md": post_text("A"), "b.md": post_text("B")})
    cold, _ = built(root)
    folder = root / ".cache" / "intheopen"
    kept = [folder / "blog.json"]
    for name in SHELVES:
        files = sorted((folder / name).iterdir())
        assert sorted(path.suffix for path in files) == [".json", ".pack"], name  # index, pack
        kept += files
    for path in kept:
        path.write_bytes(path.read_bytes()[:100])  # cut short, as a full disk would leave it

    damaged, _ = built(root)
    shutil.rmtree(root / ".cache")
    deleted, _ = built(root)

    assert damaged == cold
    assert deleted == cold


def test_warnings_come_back_on_warm_builds(tmp_path: Path) -> None:
    body = "See [the plan](missing-plan.md)."
    root = make_site(tmp_path / "site", {"a.md": post_text("A", body=body)})

    first = build(root, "--strict", env=ENV)
    second = build(root, "--strict", env=ENV)

    for result in (first, second):
        assert result.returncode == 1
        assert "missing-plan.md" in result.stderr


def test_a_change_to_authors_reaches_every_page_that_names_them(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", {"a.md": post_text("A"), "b.md": post_text("B")})
    before, _ = built(root)
    authors = root / "authors.yml"
    authors.write_text(authors.read_text("utf-8").replace("Sam Patel", "Sam Okafor"), "utf-8")

    after, _ = built(root)

    assert after == plain_copy(root, tmp_path / "fresh")
    changed = sorted(path for path in before if before[path] != after[path])
    assert "posts/2026/03/a/index.html" in changed
    assert "authors/sam-patel/index.html" in changed
    assert "Sam Okafor" in after["posts/2026/03/b/index.html"].decode()


def test_a_new_post_or_a_moved_link_target_reconverts_only_what_it_touches(
    tmp_path: Path,
) -> None:
    root = make_site(
        tmp_path / "site",
        {"a.md": post_text("A", body="Read [B](b.md)."), "b.md": post_text("B")}
        | {f"c{n}.md": post_text(f"C{n}") for n in range(5)},
    )
    built(root, "--verbose")
    (root / "posts" / "d.md").write_text(post_text("D"), encoding="utf-8")

    added, log = built(root, "--verbose")

    assert added == plain_copy(root, tmp_path / "added")
    assert re.search(r"Markdown cache: \d+ pages reused, [1-3] converted", log)
    b = root / "posts" / "b.md"
    b.write_text(post_text("B", slug="b-moved"), encoding="utf-8")

    moved, log = built(root, "--verbose")

    assert moved == plain_copy(root, tmp_path / "moved")
    assert re.search(r'href="[./]*/b-moved/"', moved["posts/2026/03/a/index.html"].decode())


def test_serve_reads_again_only_what_changed_and_reports_the_same(tmp_path: Path) -> None:
    from intheopen.content.collection import Blog, load_blog
    from intheopen.speed.reading import Memo

    root = make_site(
        tmp_path / "site",
        {
            "a.md": post_text("A", related="[nowhere]"),  # a warning from the whole-blog checks
            "b.md": post_text("B", principles="[open-data]"),  # an error of the file's own
            "c.md": post_text("C"),
        },
    )
    memo = Memo()

    def both() -> tuple[Blog, Blog]:
        args = (root / "posts", root / "authors.yml", root)
        return load_blog(*args, reading=memo), load_blog(*args)

    for _ in range(2):
        remembered, fresh = both()
        assert remembered == fresh
    (root / "posts" / "c.md").write_text(post_text("C, renamed"), encoding="utf-8")
    remembered, fresh = both()
    assert remembered == fresh
    assert [p.title for p in fresh.posts if p.source == "c.md"] == ["C, renamed"]
    assert len(fresh.problems) == 2


def test_serve_reads_every_post_once_then_only_the_saved_one(tmp_path: Path) -> None:
    from intheopen.content.collection import Blog, Job, Read, ReadAll, Reading, load_blog
    from intheopen.speed.reading import READ_AHEAD_AT_LEAST, Blogs

    posts = {f"p{n:03}.md": post_text(f"Post {n}", body=f"Post {n} body.") for n in range(70)}
    root = make_site(tmp_path / "site", posts)
    assert len(posts) >= READ_AHEAD_AT_LEAST  # the first load may use two processes
    args = (root / "posts", root / "authors.yml", root)
    read: list[str] = []

    def load(reading: Reading) -> Blog:
        def counted(jobs: list[Job], read_all: ReadAll, context: object) -> list[Read]:
            def reading_all(some: list[Job]) -> list[Read]:
                read.extend(source for _, _, source in some)
                return read_all(some)

            return reading(jobs, reading_all, context)

        return load_blog(*args, reading=counted)

    blogs = Blogs()
    first = blogs.get("first", load)
    assert first == load_blog(*args)
    assert blogs.get("first", load) is first  # nothing changed: nothing read
    read.clear()
    (root / "posts" / "p007.md").write_text(post_text("Seven", body="Saved."), encoding="utf-8")

    saved = blogs.get("saved", load)

    assert read == ["p007.md"]
    assert saved == load_blog(*args)
    assert [post.title for post in saved.posts if post.source == "p007.md"] == ["Seven"]


def test_a_warm_build_publishes_a_scheduled_post_at_its_time(tmp_path: Path) -> None:
    root = make_site(
        tmp_path / "site",
        {
            "a.md": post_text("A", date="2026-03-06"),
            "b.md": post_text("B", date="2026-03-10 14:30"),
        },
    )
    noon = {**ENV, "SOURCE_DATE_EPOCH": "1773144000"}  # 2026-03-10 12:00: B is scheduled
    assert build(root, "--strict", env=noon).returncode == 0
    assert not (root / "site" / "posts" / "2026" / "03" / "b").exists()
    assert (root / ".cache" / "intheopen" / "blog.json").is_file()

    later = {**ENV, "SOURCE_DATE_EPOCH": "1773154800"}  # 15:00 the same day: B is published
    assert build(root, "--strict", env=later).returncode == 0  # though no post changed
    warm = files_of(root / "site")
    assert "posts/2026/03/b/index.html" in warm
    plain = tmp_path / "plain"
    plain_copy(root, plain)
    assert build(plain, "--strict", env=later).returncode == 0
    assert warm == files_of(plain / "site")


def test_a_blog_read_by_two_processes_is_the_blog_read_by_one(tmp_path: Path) -> None:
    import pytest

    from intheopen.content.collection import load_blog
    from intheopen.speed.forked import can_fork
    from intheopen.speed.reading import READ_AHEAD_AT_LEAST, in_two_processes

    if not can_fork():
        pytest.skip("no second core, or threads running: the blog is read by one process")
    posts = {f"p{n:03}.md": post_text(f"Post {n}", body=f"Post {n} body.") for n in range(70)}
    posts["p010.md"] = post_text("Bad", principles="[open-data]")  # an error
    posts["p069.md"] = post_text("Late", related="[nowhere]")  # a warning, in the child's half
    posts["p068.md"] = post_text("Twin", slug="p000")  # the URL of p000: a whole-blog check
    root = make_site(tmp_path, posts)
    assert len(posts) >= READ_AHEAD_AT_LEAST
    args = (root / "posts", root / "authors.yml", root)

    together, alone = load_blog(*args, reading=in_two_processes), load_blog(*args)

    assert together == alone
    assert len(alone.posts) == 69 and len(alone.problems) >= 3


SNIPPETS = [
    "# One\n\nA [link][ref] and a footnote.[^1] The HTML spec.\n\n[ref]: https://example.org/\n"
    "[^1]: The note.\n\n*[HTML]: Hyper Text Markup Language\n\n## One {#same}\n",
    "# Two\n\nA [link][ref] with nothing behind it, and HTML with no abbreviation.[^1]\n\n"
    "## One\n\n## One {#same}\n",
    '=== "First"\n\n    Tab one.\n\n=== "Second"\n\n    Tab two.\n\n- [x] done\n- [ ] not\n',
    '=== "Again"\n\n    A tab in another page.\n\nTerm\n:   Its definition.\n\n'
    '!!! note "Note"\n    Text.\n\n??? tip\n    Hidden.\n\n```python\nprint(1)\n```\n\n'
    "`#!python x = 1` ==marked== ^^inserted^^ ~~gone~~ ++ctrl+alt+del++ (c) --> 1/2\n",
    '<div markdown="1" id="raw">\n**bold** inside\n</div>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
]


def test_one_markdown_object_for_every_page_converts_as_a_new_one_each_time() -> None:
    import markdown

    from intheopen.integrations.mkdocs.speed.rendering import RESETTABLE

    settings = {"toc": {"permalink": True}, "pymdownx.highlight": {"anchor_linenums": True}}
    extensions = sorted(RESETTABLE)
    shared = markdown.Markdown(extensions=extensions, extension_configs=settings)
    for text in SNIPPETS * 2:
        fresh = markdown.Markdown(extensions=extensions, extension_configs=settings)
        shared.reset()
        assert shared.convert(text) == fresh.convert(text)
        assert shared.toc_tokens == fresh.toc_tokens  # type: ignore[attr-defined]


def test_a_site_with_the_usual_extensions_converts_with_one_markdown_object(
    tmp_path: Path,
) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    root = copy_example(tmp_path)  # its extensions, and those MkDocs always adds
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)

    assert "fenced_code" in config.markdown_extensions
    assert config.plugins["intheopen"].build.speed.cache.shared is not None  # type: ignore[attr-defined]


def test_the_switches_turn_off_every_part_of_the_speed_layer(tmp_path: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    root = make_site(
        tmp_path / "site",
        {"a.md": post_text("A")},
        extra="      cache: false\n      parallel: false\n",
    )
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config)
    plugin = config.plugins["intheopen"]

    speed = plugin.build.speed  # type: ignore[attr-defined]
    assert speed.cache.shared is None and not speed.cache.usable  # MkDocs' own rendering
    assert speed.reuse is None and speed.feed_files.folder is None
    assert plugin.stores.kept == {}  # type: ignore[attr-defined]  # nothing kept between rebuilds
    assert plugin.stores.unchanged._last == {}  # type: ignore[attr-defined]  # no post's bytes
    assert not (root / ".cache").exists()


class Cycle:
    """Garbage only the cycle collector can free, once nothing else refers to it."""

    def __init__(self) -> None:
        self.me = self


def test_the_cycle_collector_held_during_a_rebuild_collects_first_and_comes_back() -> None:
    import gc
    import weakref

    from intheopen.speed.collecting import HeldCollector

    held = HeldCollector()
    left = Cycle()
    gone = weakref.ref(left)
    del left  # garbage only the collector can free
    held.hold()
    try:
        assert gone() is None  # collected before the rebuild
        assert not gc.isenabled()
        held.hold()  # a rebuild that failed before releasing, then the next one
        assert not gc.isenabled()
    finally:
        held.release()
    assert gc.isenabled()
    held.release()  # once more, as on_shutdown does after on_post_build
    assert gc.isenabled()


def test_a_command_ending_leaves_its_objects_to_the_exit_until_another_starts() -> None:
    import gc
    import weakref

    from intheopen.speed.collecting import HeldCollector, resume

    held = HeldCollector()
    left = Cycle()
    gone = weakref.ref(left)
    held.hold()
    try:
        held.leave_to_exit()  # on_shutdown, even in the middle of a rebuild that failed
        assert gc.isenabled() and gc.get_freeze_count() > 0
        del left
        gc.collect()
        assert gone() is not None  # set aside: the exit will not walk it
    finally:
        resume()  # the next command's on_startup
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert gone() is None  # the collector has it back
    resume()  # nothing left: nothing to do
    assert gc.isenabled()


EXIT_SCRIPT = """
import gc, sys, weakref
from mkdocs.__main__ import cli
from mkdocs.config import load_config

class Cycle:
    def __init__(self):
        self.me = self

left = Cycle()
gone = weakref.ref(left)
cli.main(args=["build", "--strict", "-q", "-d", "site"], standalone_mode=False)
print("frozen", gc.get_freeze_count() > 0)
del left
gc.collect()
print("left to the exit", gone() is not None)
config = load_config(config_file="mkdocs.yml", site_dir="site")
config.plugins.on_startup(command="build", dirty=False)  # a second command, same process
print("handed back", gc.get_freeze_count() == 0)
gc.collect()
print("collected", gone() is None)
"""


def test_mkdocs_build_leaves_what_it_holds_to_the_exit(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = make_site(tmp_path / "site", {"a.md": post_text("A")})
    result = subprocess.run(
        [sys.executable, "-c", EXIT_SCRIPT], cwd=root, capture_output=True, text=True, env=ENV
    )
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "index.html").exists()
    said = dict(line.rsplit(" ", 1) for line in result.stdout.splitlines())
    assert said == {
        "frozen": "True",
        "left to the exit": "True",
        "handed back": "True",
        "collected": "True",
    }


def test_the_cycle_collector_collects_after_a_rebuild_so_the_next_need_not() -> None:
    import gc
    import time
    import weakref

    from intheopen.speed.collecting import HeldCollector

    full: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    held = HeldCollector()
    gc.callbacks.append(count)
    try:
        held.hold()
        held.release()
        left = Cycle()
        gone = weakref.ref(left)
        del left
        held.later(0.01)  # as after a rebuild
        deadline = time.monotonic() + 10
        while gone() is not None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert gone() is None  # collected by the timer, with no rebuild running
        while not held._collected and time.monotonic() < deadline:
            time.sleep(0.01)  # the timer records that it ran
        before = len(full)
        held.hold()  # the next rebuild: nothing more to collect first
        assert len(full) == before and not gc.isenabled()
        held.release()
        held.later(60)
        held.hold()  # a rebuild before the timer ran: collects itself, and the timer is off
        assert len(full) == before + 1
        assert held._timer is None
    finally:
        gc.callbacks.remove(count)
        held.stop()
    assert gc.isenabled()


def test_what_is_made_from_a_page_is_kept_by_the_page_object_for_the_next_rebuild() -> None:
    from intheopen.speed.bypage import ByPage

    made: list[object] = []

    def make(page: object) -> str:
        made.append(page)
        return f"made from {page!r}"

    by_page = ByPage(make)
    first, second = ["a page"], ["a page"]  # equal, but not the same object
    assert by_page.next_build()(first) == by_page(first) == "made from ['a page']"
    assert made == [first]
    by_page.next_build()(second)
    assert made == [first, second]  # equal is not enough: made again
    by_page.next_build()(first)
    assert made == [first, second, first]  # not asked for in the last build: forgotten
    by_page.next_build()(first)
    assert made == [first, second, first]


def test_feed_item_digests_are_kept_by_post_and_text_while_the_context_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dataclasses
    from collections.abc import Mapping

    from conftest import ROOT
    from intheopen.content.collection import load_blog
    from intheopen.content.model import Post
    from intheopen.speed import feedfiles
    from intheopen.speed.feedfiles import ItemDigests

    post = load_blog(ROOT / "posts", ROOT / "authors.yml", ROOT).posts[0]
    made: list[str] = []

    def make(_: object) -> str:
        made.append("made")
        return f"digest {len(made)}"

    kept = ItemDigests()
    text, other = "<p>The text.</p>", "<p>Another text.</p>"
    assert kept.start("context").get(post, text, make) == "digest 1"
    assert kept.start("context").get(post, text, make) == "digest 1"  # kept
    assert kept.start("context").get(post, other, make) == "digest 2"  # its text changed
    assert kept.start("another context").get(post, other, make) == "digest 3"
    copy = dataclasses.replace(post)
    assert kept.start("another context").get(copy, other, make) == "digest 4"  # a new post

    checked: list[str] = []
    real = feedfiles.has_invalid_text

    def counted(post: Post, html: str, names: Mapping[str, str]) -> bool:
        checked.append(html)
        return real(post, html, names)

    monkeypatch.setattr(feedfiles, "has_invalid_text", counted)
    names, bad = {"a": "A"}, "<p>A form feed \x0c in the text.</p>"
    assert kept.start("another context").invalid(post, bad, names) is True
    assert kept.start("another context").invalid(post, bad, names) is True  # kept
    assert kept.start("another context").invalid(post, text, names) is False
    assert kept.start("a third context").invalid(post, text, names) is False
    assert checked == [bad, text, text]


def counted_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files read with `Path.read_bytes` from now on, in order."""
    reads: list[str] = []
    real = Path.read_bytes

    def counted(path: Path) -> bytes:
        reads.append(path.name)
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    return reads


def test_serve_reads_again_only_files_whose_times_say_they_may_have_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intheopen.speed import reading

    reads = counted_reads(monkeypatch)
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("old text", encoding="utf-8")
    new.write_text("new text", encoding="utf-8")
    unchanged = reading.Unchanged()

    monkeypatch.setattr(reading, "RACY_NS", 0)  # as if the files were written long ago
    assert unchanged.read(old) == b"old text"
    assert unchanged.read(old) == b"old text"
    assert reads == ["old.md"]  # the second time from memory
    before = old.stat()
    old.write_text("OLD TEXT", encoding="utf-8")  # same size, its old times put back
    os.utime(old, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert unchanged.read(old) == b"OLD TEXT"  # its change time gave it away
    replaced = tmp_path / "replaced.md"
    replaced.write_text("Old text", encoding="utf-8")
    os.replace(replaced, old)
    assert unchanged.read(old) == b"Old text"  # another file under the name
    assert reads == ["old.md"] * 3

    monkeypatch.setattr(reading, "RACY_NS", 2_000_000_000)  # git's rule: too close to call
    reads.clear()
    assert unchanged.read(new) == unchanged.read(new) == b"new text"
    assert reads == ["new.md", "new.md"]  # changed within two seconds of the read: read again
    with pytest.raises(OSError):
        unchanged.read(tmp_path / "gone.md")


def test_serve_templates_mkdocs_sitemap_again_only_when_a_page_it_lists_changed() -> None:
    from types import SimpleNamespace

    import jinja2
    import mkdocs

    from intheopen.integrations.mkdocs.speed.sitemap import KeptSitemap

    own = jinja2.FileSystemLoader(str(Path(mkdocs.__file__).parent / "templates"))
    template = jinja2.Environment(loader=own, autoescape=True).get_template("sitemap.xml")

    def page(url: str, day: str) -> SimpleNamespace:
        found = {"is_link": False, "abs_url": "/" + url, "canonical_url": "https://a.gov.uk/" + url}
        return SimpleNamespace(page=SimpleNamespace(**found, update_date=day))

    pages = [page("a/", "2026-12-01"), page("b/", "2026-12-02")]
    kept = KeptSitemap()
    first = kept.template(template, "sitemap.xml").render({"pages": pages})
    again = kept.template(template, "sitemap.xml").render({"pages": list(pages)})
    assert again == first == template.render({"pages": pages})
    assert kept.made == 1
    pages[1].page.update_date = "2026-12-03"
    dated = kept.template(template, "sitemap.xml").render({"pages": pages})
    assert dated == template.render({"pages": pages}) != first
    pages[0].page.canonical_url = "https://a.gov.uk/moved/"
    moved = kept.template(template, "sitemap.xml").render({"pages": pages})
    assert moved == template.render({"pages": pages}) and "moved" in moved
    assert kept.made == 3

    other = jinja2.Environment(loader=jinja2.DictLoader({"sitemap.xml": "{{ config }}"}))
    theirs = other.get_template("sitemap.xml")
    assert kept.template(theirs, "sitemap.xml") is theirs  # another sitemap: as it is
    assert kept.template(template, "404.html") is template


def test_posts_are_read_from_the_bytes_their_key_was_made_from(tmp_path: Path) -> None:
    from intheopen.content.collection import load_blog

    root = make_site(tmp_path, {"one.md": post_text("Held")})
    posts, authors, post = root / "posts", root / "authors.yml", root / "posts/one.md"
    held = {post: post.read_bytes()}
    post.write_text(post_text("On disk"), encoding="utf-8")

    assert [p.title for p in load_blog(posts, authors, root, held=held).posts] == ["Held"]
    assert [p.title for p in load_blog(posts, authors, root).posts] == ["On disk"]
    huge = load_blog(posts, authors, root, held={post: b"x" * (3 * 1024 * 1024)})
    assert huge.posts == () and "the file is 3.0 MB" in huge.problems[0].message


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_build_reads_each_post_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    posts = {f"p{i}.md": post_text(f"Post {i}") for i in range(3)}
    root = make_site(tmp_path, posts, extra="      parallel: false\n")  # all read here
    reads = counted_reads(monkeypatch)
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command=command, dirty=False)  # type: ignore[arg-type]
    mkdocs_build(config)

    assert sorted(name for name in reads if name.endswith(".md")) == sorted(posts)


def test_a_cold_build_gives_the_converting_child_only_posts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from intheopen.integrations.mkdocs import plugin as plugin_module

    if not can_fork():
        pytest.skip("no second core, or threads running: no child converts pages")
    posts = {f"p{i:02}.md": post_text(f"Post {i}", body=f"Body {i}.") for i in range(40)}
    root = make_site(tmp_path, posts)
    given: list[str] = []
    real = plugin_module.convert_ahead

    def recorded(pages: list[Any], config: Any, files: Any) -> Any:
        given.extend(page.file.src_uri for page in pages)
        return real(pages, config, files)

    monkeypatch.setattr(plugin_module, "convert_ahead", recorded)
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)

    assert sorted(given) == sorted(f"posts/{name}" for name in posts)  # not the listings
    assert (root / "site" / "posts" / "page" / "2" / "index.html").exists()  # there are some
