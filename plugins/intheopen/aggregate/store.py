"""The aggregator's store: SQLite, one transaction a run, nothing ever deleted by a fetch.

Every SQL statement of the aggregator is here. What is read back goes through the same
cleaning as what came in (`clean`), so a store written by an older version, or edited by
hand, cannot put a control character or a javascript: link into a build.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from intheopen.aggregate import clean
from intheopen.aggregate.fetch import Request, Result
from intheopen.aggregate.parse import Entry, Reading

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
    """
    ALTER TABLE fetches ADD COLUMN notes TEXT;
    """,
    """
    CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
]


class StoreError(Exception):
    """One feed's items could not be stored (its part of the run is undone)."""


@dataclass(frozen=True)
class Row:
    """One stored item as the site reads it: cleaned, dates in UTC."""

    source_id: str
    guid: str
    url: str | None
    title: str
    summary: str
    content: str
    published: datetime
    updated: datetime | None
    authors: tuple[str, ...]
    principles: tuple[str, ...]
    type: str | None


@dataclass(frozen=True)
class Health:
    """A source's last fetch, its last good one, and whether it is retired."""

    last_at: str | None
    status: int | None
    error: str | None
    notes: str | None
    last_good: str | None
    retired: bool


class Store:
    """Sources, their feeds, every fetch, and every item ever seen, keyed by source and GUID
    (so two councils' GUIDs never collide)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self._migrate()
        self._changed = False  # whether this run stored an item that is new or different

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
        self._changed = False
        try:
            yield
            if self._changed:  # a new version of what the listings are made from
                self.db.execute(
                    "INSERT INTO state (key, value) VALUES ('items_version', '1') "
                    "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
                )
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def items_version(self) -> str:
        """Which version of the stored items this is: it changes whenever a run stores an
        item that is new or different, and only then."""
        row = self.db.execute("SELECT value FROM state WHERE key = 'items_version'").fetchone()
        return str(row[0]) if row else "0"

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
        self, source_id: str, url: str, result: Result, reading: Reading, now: datetime
    ) -> None:
        """A fetch and what it brought, all or nothing. A failure stores only the failure.
        Raises StoreError when this feed's items cannot be stored (nothing of it is)."""
        self.db.execute("SAVEPOINT feed")
        try:
            self._record(source_id, url, result, reading, now)
        except (
            sqlite3.DataError,
            sqlite3.IntegrityError,
            sqlite3.InterfaceError,
            sqlite3.ProgrammingError,
        ) as error:
            self.db.execute("ROLLBACK TO feed")
            self.db.execute("RELEASE feed")
            raise StoreError(str(error)) from None
        except BaseException:
            self.db.execute("ROLLBACK TO feed")
            self.db.execute("RELEASE feed")
            raise
        self.db.execute("RELEASE feed")

    def record_failure(self, url: str, result: Result, problem: str, now: datetime) -> None:
        """Only that a fetch happened and failed."""
        self._fetch(url, result, clean.one_line(problem, 1000), None, now)

    def _fetch(
        self, url: str, result: Result, error: str | None, notes: str | None, now: datetime
    ) -> None:
        self.db.execute(
            "INSERT INTO fetches (feed_url, at, status, bytes, seconds, error, notes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                url,
                now.isoformat(),
                result.status,
                result.bytes,
                round(result.seconds, 3),
                error,
                notes,
            ),
        )

    def _record(
        self, source_id: str, url: str, result: Result, reading: Reading, now: datetime
    ) -> None:
        error = result.error or reading.error
        notes = "; ".join(reading.notes) or None
        self._fetch(
            url,
            result,
            clean.one_line(error, 1000) or None,
            clean.one_line(notes, 2000) or None,
            now,
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
        for entry in reading.entries:
            self._item(source_id, entry, now)

    def _item(self, source_id: str, entry: Entry, now: datetime) -> None:
        row = self.db.execute(
            "SELECT first_seen FROM items WHERE source_id = ? AND guid = ?", (source_id, entry.guid)
        ).fetchone()
        first_seen = row[0] if row else _utc(now)
        published = _utc(entry.published) if entry.published else first_seen
        published = min(published, first_seen)  # a date in the future is when we first saw it
        stored = self.db.execute(
            "INSERT INTO items (source_id, guid, url, title, summary, content, published, "
            "updated, first_seen, authors, tags, principles, type, lang) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (source_id, guid) DO UPDATE SET url = excluded.url, "
            "title = excluded.title, summary = excluded.summary, content = excluded.content, "
            "published = CASE WHEN excluded.published < items.published "
            "THEN excluded.published ELSE items.published END, "
            "updated = excluded.updated, authors = excluded.authors, tags = excluded.tags, "
            "principles = excluded.principles, type = excluded.type, lang = excluded.lang "
            "WHERE items.url IS NOT excluded.url OR items.title IS NOT excluded.title "
            "OR items.summary IS NOT excluded.summary OR items.content IS NOT excluded.content "
            "OR excluded.published < items.published OR items.updated IS NOT excluded.updated "
            "OR items.authors IS NOT excluded.authors OR items.tags IS NOT excluded.tags "
            "OR items.principles IS NOT excluded.principles OR items.type IS NOT excluded.type "
            "OR items.lang IS NOT excluded.lang",
            (
                source_id,
                entry.guid,
                entry.url,
                entry.title,
                entry.summary,
                entry.content,
                published,
                _utc(entry.updated) if entry.updated else None,
                first_seen,
                json.dumps(entry.authors),
                json.dumps(entry.tags),
                json.dumps(entry.principles),
                entry.type,
                entry.lang,
            ),
        )
        self._changed = self._changed or stored.rowcount > 0

    def latest_fetch(self) -> datetime | None:
        """When the last run fetched (the site's "now", so its pages do not depend on the
        clock of the machine that builds them)."""
        found = self.db.execute("SELECT max(at) FROM fetches").fetchone()[0]
        return _when(found)

    def items(self) -> Iterator[Row]:
        """Every stored item, newest first, cleaned as if it had just come in."""
        rows = self.db.execute(
            "SELECT source_id, guid, url, title, summary, content, published, updated, "
            "authors, principles, type, first_seen FROM items "
            "ORDER BY published DESC, source_id, guid"
        )
        for row in rows:
            published = _when(row[6]) or _when(row[11])
            if published is None:
                continue
            yield Row(
                source_id=str(row[0]),
                guid=clean.xml_text(row[1], 4000),
                url=clean.web_address(row[2]),
                title=clean.one_line(row[3], clean.TITLE) or "Untitled",
                summary=clean.xml_text(row[4], clean.CONTENT),
                content=clean.xml_text(row[5], clean.CONTENT),
                published=published,
                updated=_when(row[7]),
                authors=tuple(clean.one_line(a, clean.NAME) for a in _list(row[8]) if a),
                principles=tuple(_list(row[9])),
                type=row[10] if isinstance(row[10], str) else None,
            )

    def health(self, source_id: str) -> Health:
        last = self.db.execute(
            "SELECT f.at, f.status, f.error, f.notes FROM fetches f "
            "JOIN feeds d ON d.url = f.feed_url WHERE d.source_id = ? ORDER BY f.id DESC LIMIT 1",
            (source_id,),
        ).fetchone()
        good = self.db.execute(
            "SELECT max(f.at) FROM fetches f JOIN feeds d ON d.url = f.feed_url "
            "WHERE d.source_id = ? AND f.error IS NULL",
            (source_id,),
        ).fetchone()[0]
        retired = self.db.execute(
            "SELECT retired_at FROM sources WHERE id = ?", (source_id,)
        ).fetchone()
        last = last or (None, None, None, None)
        return Health(
            last_at=last[0],
            status=last[1] if isinstance(last[1], int) else None,
            error=clean.one_line(last[2], 1000) or None,
            notes=clean.one_line(last[3], 2000) or None,
            last_good=good,
            retired=bool(retired and retired[0]),
        )

    def count(self, source_id: str | None = None) -> int:
        if source_id is None:
            return int(self.db.execute("SELECT count(*) FROM items").fetchone()[0])
        return int(
            self.db.execute(
                "SELECT count(*) FROM items WHERE source_id = ?", (source_id,)
            ).fetchone()[0]
        )


def _utc(moment: datetime) -> str:
    """A moment as UTC text that sorts as time does."""
    return moment.astimezone(UTC).isoformat()


def _when(text: object) -> datetime | None:
    """A stored moment, in UTC; None for anything that is not one."""
    if not isinstance(text, str):
        return None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        return None
    return (found if found.tzinfo else found.replace(tzinfo=UTC)).astimezone(UTC)


def _list(text: object) -> list[str]:
    """A stored JSON list of strings; anything else gives none."""
    try:
        found = json.loads(text) if isinstance(text, str) else None
    except (ValueError, RecursionError):
        return []
    return [v for v in found if isinstance(v, str)] if isinstance(found, list) else []
