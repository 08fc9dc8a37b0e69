"""The aggregator's store: SQLite, one transaction a run, nothing ever deleted by a fetch."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from intheopen.aggregate.fetch import Request, Result
from intheopen.aggregate.parse import Entry

MIGRATIONS = [
    """
    CREATE TABLE sources (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, identifier TEXT, site TEXT,
        retired_at TEXT, wait_until TEXT);
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY, source_id TEXT NOT NULL REFERENCES sources(id),
        etag TEXT, last_modified TEXT, moved_to TEXT);
    CREATE TABLE fetches (
        id INTEGER PRIMARY KEY, feed_url TEXT NOT NULL, at TEXT NOT NULL, status INTEGER,
        bytes INTEGER NOT NULL, seconds REAL NOT NULL, error TEXT);
    CREATE INDEX fetches_by_feed ON fetches (feed_url, at);
    CREATE TABLE items (
        source_id TEXT NOT NULL REFERENCES sources(id), guid TEXT NOT NULL, url TEXT,
        title TEXT NOT NULL, summary TEXT NOT NULL, content TEXT NOT NULL,
        published TEXT NOT NULL, updated TEXT, first_seen TEXT NOT NULL,
        authors TEXT NOT NULL, tags TEXT NOT NULL, principles TEXT NOT NULL,
        type TEXT, lang TEXT,
        PRIMARY KEY (source_id, guid));
    CREATE INDEX items_by_date ON items (published);
    """,
]


class Store:
    """Sources, their feeds, every fetch, and every item ever seen, keyed by source and GUID
    (so two councils' GUIDs never collide)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self._migrate()

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            # One script, one transaction: a migration is applied whole or not at all.
            self.db.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")

    @contextlib.contextmanager
    def run(self) -> Iterator[None]:
        """One transaction: all of it is stored, or (if the run is interrupted) none of it."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def add_source(
        self, source_id: str, name: str, identifier: str | None, site: str | None, feeds: list[str]
    ) -> None:
        self.db.execute(
            "INSERT INTO sources (id, name, identifier, site) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
            "identifier = excluded.identifier, site = excluded.site",
            (source_id, name, identifier, site),
        )
        for url in feeds:
            self.db.execute(
                "INSERT OR IGNORE INTO feeds (url, source_id) VALUES (?, ?)", (url, source_id)
            )

    def request(self, url: str) -> Request:
        """What to ask for: the feed's new address if it moved for good, conditionally."""
        row = self.db.execute(
            "SELECT etag, last_modified, moved_to FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return Request(url)
        return Request(row[2] or url, row[0], row[1])

    def due(self, source_id: str, now: datetime) -> bool:
        """Whether a source may be fetched: not retired, not asked to wait."""
        row = self.db.execute(
            "SELECT retired_at, wait_until FROM sources WHERE id = ?", (source_id,)
        ).fetchone()
        return row is not None and row[0] is None and (row[1] is None or row[1] <= now.isoformat())

    def record(
        self, source_id: str, url: str, result: Result, entries: list[Entry], now: datetime
    ) -> None:
        """A fetch and what it brought. A failure stores only the failure."""
        self.db.execute(
            "INSERT INTO fetches (feed_url, at, status, bytes, seconds, error) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                url,
                now.isoformat(),
                result.status,
                result.bytes,
                round(result.seconds, 3),
                result.error,
            ),
        )
        if result.status == 200:
            self.db.execute(
                "UPDATE feeds SET etag = ?, last_modified = ? WHERE url = ?",
                (result.etag, result.last_modified, url),
            )
        if result.moved_to:
            self.db.execute("UPDATE feeds SET moved_to = ? WHERE url = ?", (result.moved_to, url))
        if result.gone:
            self.db.execute(
                "UPDATE sources SET retired_at = ? WHERE id = ?", (now.isoformat(), source_id)
            )
        if result.retry_after:
            wait = (now + timedelta(seconds=result.retry_after)).isoformat()
            self.db.execute("UPDATE sources SET wait_until = ? WHERE id = ?", (wait, source_id))
        for entry in entries:
            self._item(source_id, entry, now)

    def _item(self, source_id: str, entry: Entry, now: datetime) -> None:
        row = self.db.execute(
            "SELECT first_seen FROM items WHERE source_id = ? AND guid = ?", (source_id, entry.guid)
        ).fetchone()
        first_seen = row[0] if row else now.isoformat()
        published = entry.published.isoformat() if entry.published else first_seen
        published = min(published, first_seen)  # a date in the future is when we first saw it
        self.db.execute(
            "INSERT INTO items (source_id, guid, url, title, summary, content, published, "
            "updated, first_seen, authors, tags, principles, type, lang) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (source_id, guid) DO UPDATE SET url = excluded.url, "
            "title = excluded.title, summary = excluded.summary, content = excluded.content, "
            "updated = excluded.updated, authors = excluded.authors, tags = excluded.tags, "
            "principles = excluded.principles, type = excluded.type, lang = excluded.lang",
            (
                source_id,
                entry.guid,
                entry.url,
                entry.title,
                entry.summary,
                entry.content,
                published,
                entry.updated.isoformat() if entry.updated else None,
                first_seen,
                json.dumps(entry.authors),
                json.dumps(entry.tags),
                json.dumps(entry.principles),
                entry.type,
                entry.lang,
            ),
        )

    def count(self, source_id: str | None = None) -> int:
        if source_id is None:
            return int(self.db.execute("SELECT count(*) FROM items").fetchone()[0])
        return int(
            self.db.execute(
                "SELECT count(*) FROM items WHERE source_id = ?", (source_id,)
            ).fetchone()[0]
        )
