"""`serve --dirty` (what `intheopen serve` runs): after each save only the pages that changed
are built again, and the site folder is byte for byte what a fresh build of the same input
gives: pages, listings, feeds and the search index, with removed pages gone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sitebuild import copy_example, files_of

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1796083200", "NO_MKDOCS_2_WARNING": "1"}
# One process for a whole `serve`, as MkDocs runs it: plugins start once, then each line on
# stdin asks for a rebuild with a fresh configuration and the same plugin objects.
SERVE = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

started = False
for line in sys.stdin:
    config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
    if not started:
        config.plugins.on_startup(command="serve", dirty=True)
        started = True
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
    print("built", flush=True)
config.plugins.on_shutdown()
"""
UNRELATED = "posts/2026/06/missed-collections-app-outage/index.html"
SEARCH_UPDATE = "posts/2026/new-website-search-update.md"


class Serving:
    def __init__(self, root: Path) -> None:
        self.site = root / "site"
        command = [sys.executable, "-c", SERVE, str(root / "mkdocs.yml"), str(self.site)]
        self.process = subprocess.Popen(
            command,
            cwd=root,
            env=ENV,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def rebuild(self) -> dict[str, bytes]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("build\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if answer != "built\n":
            self.process.kill()
            _, errors = self.process.communicate()
            raise AssertionError(f"the rebuild failed:\n{errors}")
        return files_of(self.site)

    def stop(self) -> str:
        _, errors = self.process.communicate(timeout=60)
        return errors


def fresh(root: Path, where: Path) -> dict[str, bytes]:
    """`root`'s sources served from scratch in a new process: every page built."""
    shutil.copytree(root, where, ignore=shutil.ignore_patterns(".cache", "site"))
    serving = Serving(where)
    try:
        return serving.rebuild()
    finally:
        serving.stop()


def test_a_dirty_rebuild_is_a_fresh_build_of_the_same_input(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    root = copy_example(tmp_path / "site")
    settings = root / "mkdocs.yml"  # titles in the navigation from the pages themselves
    text = settings.read_text(encoding="utf-8")
    for titled in ("  - About: about.md\n", "  - Blog: posts/index.md\n"):
        assert titled in text
        text = text.replace(titled, "  - " + titled.split(": ")[1])
    settings.write_text(text, encoding="utf-8")
    serving = Serving(root)
    try:
        first = serving.rebuild()
        assert first == fresh(root, tmp_path / "fresh-0")
        unrelated = (root / "site" / UNRELATED).stat().st_mtime_ns

        post = root / SEARCH_UPDATE
        text = post.read_text(encoding="utf-8")
        post.write_text(
            text.replace("the new site search is live", "site search, rebuilt").replace(
                "## What has changed", "## What changed\n\nA new paragraph.\n\n## Details"
            ),
            encoding="utf-8",
        )
        edited = serving.rebuild()
        assert edited == fresh(root, tmp_path / "fresh-1")
        assert (root / "site" / UNRELATED).stat().st_mtime_ns == unrelated  # not built again
        changed = {path for path in first if first[path] != edited.get(path)}
        assert "posts/2026/11/new-website-search-update/index.html" in changed
        assert "search/search_index.json" in changed
        assert "feed.xml" in changed
        assert UNRELATED not in changed

        text = post.read_text(encoding="utf-8")  # a title shows on other posts' pages
        title = next(line for line in text.splitlines() if line.startswith("title:"))
        post.write_text(text.replace(title, "title: Search, retitled"), encoding="utf-8")
        retitled = serving.rebuild()
        assert retitled == fresh(root, tmp_path / "fresh-title")
        assert b"Search, retitled" in retitled["posts/index.html"]

        post.rename(post.with_name("search-is-live.md"))  # a new URL; the old page goes
        (root / "posts/2026/october-roundup.md").unlink()
        moved = serving.rebuild()
        assert moved == fresh(root, tmp_path / "fresh-2")
        assert "posts/2026/11/new-website-search-update/index.html" not in moved
        assert "posts/2026/11/search-is-live/index.html" in moved

        about = root / "docs" / "about.md"  # a page in the navigation: every page shows it
        about.write_text(
            about.read_text(encoding="utf-8").replace("# About this blog", "# About us"),
            encoding="utf-8",
        )
        renamed = serving.rebuild()
        assert renamed == fresh(root, tmp_path / "fresh-3")
        assert b"About us" in renamed[UNRELATED]

        before = (root / "site" / UNRELATED).stat().st_mtime_ns
        again = serving.rebuild()  # nothing changed: nothing of ours is built again
        assert again == renamed
        assert (root / "site" / UNRELATED).stat().st_mtime_ns == before
    finally:
        errors = serving.stop()
    assert "A 'dirty' build is being performed" not in errors


def test_serve_compiles_each_template_once_and_again_when_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = copy_example(tmp_path)
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: Any, name: str | None = None, *a: Any) -> Any:
        compiled.append(str(name))
        return compile_template(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    plugins = None

    def rebuild() -> None:
        nonlocal plugins
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
        if plugins is None:
            config.plugins.on_startup(command="serve", dirty=True)
            plugins = config.plugins
        config.plugins = plugins  # serve keeps its plugins from one rebuild to the next
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    rebuild()
    first = len(compiled)
    rebuild()
    again = len(compiled) - first  # compiled by the second rebuild
    override = root / "overrides" / "main.html"
    edit = "{% block extrahead %}{{ super() }}<!-- edited override -->{% endblock %}\n"
    override.write_text(override.read_text(encoding="utf-8") + edit, encoding="utf-8")
    before = len(compiled)
    rebuild()

    # (Material's language partials come through environments of its own, not the build's)
    assert first > 10 and again < first / 5
    assert not {"main.html", "base.html", "intheopen/post.html"} & set(compiled[first:before])
    assert "main.html" in compiled[before:]  # the edited template, compiled again
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "<!-- edited override -->" in home


def test_a_small_site_is_looked_at_more_often_than_a_large_one(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    from intheopen.integrations.mkdocs.speed.polling import Rebuilding, quicker_polling

    intervals = []
    for pages in (50, 1_800, 20_000):
        server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=tmp_path)
        server.watch(str(tmp_path))
        server.watch(str(tmp_path))  # watched twice: unwatching once must leave it watched
        quicker_polling(server, pages, Rebuilding())
        intervals.append(server.observer.timeout)
        assert server.build_delay < 0.1  # MkDocs' own wait for more changes, shortened
        assert server._watched_paths == {str(tmp_path): 2}
        assert [emitter.watch.path for emitter in server.observer.emitters] == [str(tmp_path)]
        server.server_close()

    assert intervals == [0.1, 0.18, 0.5]


def test_the_poller_does_not_look_while_a_rebuild_runs(tmp_path: Path) -> None:
    import time

    from watchdog.events import FileSystemEvent, FileSystemEventHandler

    from intheopen.integrations.mkdocs.speed.polling import QuietPollingObserver, Rebuilding

    seen: list[str] = []

    class Seen(FileSystemEventHandler):
        def on_modified(self, event: FileSystemEvent) -> None:
            if not event.is_directory:
                seen.append(str(event.src_path))

    post = tmp_path / "post.md"
    post.write_text("One.", encoding="utf-8")
    rebuilding = Rebuilding()
    observer = QuietPollingObserver(rebuilding, 0.05)
    observer.schedule(Seen(), str(tmp_path), recursive=True)
    observer.start()
    try:
        time.sleep(0.3)
        rebuilding.start()
        time.sleep(0.2)  # a look already under way ends
        post.write_text("One, and a sentence more.", encoding="utf-8")
        time.sleep(0.5)  # ten looks' time
        assert seen == []
        rebuilding.end()
        waited = time.monotonic()
        while not seen and time.monotonic() - waited < 10:
            time.sleep(0.05)
        assert seen == [str(post)]  # found by the first look after the rebuild
    finally:
        observer.stop()
        observer.join()


def test_a_file_event_wakes_the_poller_for_a_look_at_once(tmp_path: Path) -> None:
    import time

    from watchdog.events import FileSystemEvent, FileSystemEventHandler

    from intheopen.integrations.mkdocs.speed.polling import QuietPollingObserver, Rebuilding

    seen: list[str] = []

    class Seen(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if not event.is_directory and event.event_type != "opened":
                seen.append(f"{event.event_type} {event.src_path}")

    post = tmp_path / "post.md"
    post.write_text("One.", encoding="utf-8")
    observer = QuietPollingObserver(Rebuilding(), 60)  # a look a minute, unless woken
    if observer.native is None:
        pytest.skip("this system reports no file events to watchdog")
    observer.schedule(Seen(), str(tmp_path), recursive=True)
    observer.start()
    try:
        time.sleep(0.5)  # the first look (at the start) is done
        post.write_text("One, and a sentence more.", encoding="utf-8")
        saved = time.monotonic()
        while not seen and time.monotonic() - saved < 10:
            time.sleep(0.02)
        assert seen == [f"modified {post}"]  # found by the poller, once, long before a minute
        time.sleep(0.5)
        assert seen == [f"modified {post}"]
    finally:
        observer.stop()
        observer.join()


def test_the_search_index_is_material_s_own_text_from_each_page_s_json_kept() -> None:
    from material.plugins.search.plugin import SearchIndex

    from intheopen.integrations.mkdocs.speed.dirty import index_text

    settings = {
        "lang": ["en", "cy"],
        "separator": r"[\s\-]+",
        "pipeline": ["stemmer"],
        "fields": {"title": {"boost": 1000.0}},
    }
    first = [
        {"location": "a/", "title": "Caffi ŵ", "text": "<p>x — y &amp; 😀</p>", "tags": ["bins"]},
        {"location": "a/#s", "title": 'S "q"', "text": "1.5\n\t", "boost": 2.5},
    ]
    second = [{"location": "b/", "title": "B", "text": ""}]

    def material(entries: list[dict[str, Any]]) -> str:
        index = SearchIndex(**settings)
        index.entries = list(entries)
        return str(index.generate_search_index(None))

    def ours(
        pages: list[tuple[str, list[dict[str, Any]]]], kept: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        index = SearchIndex(**settings)
        index.entries = [entry for _, entries in pages for entry in entries]
        made: dict[str, Any] = {}
        return index_text(index.generate_search_index, index, None, pages, kept, made), made

    text, made = ours([("a/", first), ("b/", second)], {})
    assert text == material(first + second)

    changed = [{"location": "b/", "title": "B again", "text": "new"}]
    text, again = ours([("a/", first), ("b/", changed)], made)
    assert text == material(first + changed)
    assert again["a/"] is made["a/"]  # a's JSON kept, not made again
    assert again["b/"] is not made["b/"]

    index = SearchIndex(**settings)
    index.entries = [*first, *second, {"location": "c/", "title": "C", "text": "added"}]
    text = index_text(index.generate_search_index, index, None, [("a/", first)], made, {})
    assert text == material(index.entries)  # not what it was told: Material's own
