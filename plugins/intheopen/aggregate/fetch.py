"""Fetch feeds with httpx: bounded in time, size and hops, politely and conditionally."""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TypeVar
from urllib.parse import urljoin

import httpx

from intheopen import __version__
from intheopen.aggregate.guard import (
    PinnedTransport,
    Refused,
    Resolver,
    check_scheme,
    system_resolver,
)

T = TypeVar("T")
REDIRECTS = (301, 302, 303, 307, 308)
LONGEST_WAIT = 7 * 24 * 3600.0
PERMANENT = (301, 308)


@dataclass(frozen=True)
class Limits:
    connect: float = 5.0
    read: float = 10.0
    per_source: float = 30.0
    per_run: float = 300.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    concurrency: int = 16
    allow_loopback: bool = False
    # Reading one feed (in a child process): at most this long, and this much memory.
    parse_seconds: float = 20.0
    parse_memory: int = 384 * 1024 * 1024
    readers: int = 2

    def parse_time(self, size: int) -> float:
        """Seconds to read a feed of `size` bytes: 3 and 1.5 a MB, up to `parse_seconds`.
        A real 10 MB feed reads in about a second; one built to be slow to read is stopped
        sooner the smaller it is, so a few cannot keep every reader busy for the run."""
        return min(self.parse_seconds, 3.0 + 1.5 * size / 1024 / 1024)


@dataclass(frozen=True)
class Request:
    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Result:
    """What became of one request. `body` is None for 304s and failures."""

    url: str
    status: int | None
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None
    error: str | None = None
    retry_after: float | None = None
    bytes: int = 0
    seconds: float = 0.0

    @property
    def gone(self) -> bool:
        return self.status == 410


class _TooBig(Exception):
    pass


def user_agent(contact: str | None) -> str:
    return f"InTheOpen/{__version__} (+{contact or 'https://github.com/'}) feed aggregator"


class Fetcher:
    """One HTTP client for a run, every connection pinned to an address the guard checked."""

    def __init__(
        self,
        limits: Limits,
        contact: str | None = None,
        resolve: Resolver = system_resolver,
    ) -> None:
        self.limits = limits
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(limits.read, connect=limits.connect),
            headers={
                "User-Agent": user_agent(contact),
                "Accept-Encoding": "gzip, deflate",
                "Accept": "application/atom+xml, application/rss+xml, application/feed+json, "
                "application/json;q=0.9, application/xml;q=0.9, */*;q=0.5",
            },
            follow_redirects=False,
            trust_env=False,
            transport=PinnedTransport(limits.allow_loopback, resolve, limits.concurrency),
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()

    async def get(self, request: Request) -> Result:
        """Fetch one feed within the per-source time; every failure becomes a Result."""
        started = time.monotonic()
        try:
            return await asyncio.wait_for(
                _fetch(self.client, request, self.limits), self.limits.per_source
            )
        except TimeoutError:
            why = f"took longer than {self.limits.per_source:g} seconds, so it was stopped"
        except Exception as error:  # one feed's failure, whatever it is
            why = f"could not be fetched ({type(error).__name__}: {error})"
        return Result(request.url, None, error=why, seconds=time.monotonic() - started)


async def within(
    tasks: Sequence[Awaitable[T]],
    seconds: float,
    late: Callable[[int], T],
    failed: Callable[[int, BaseException], T] | None = None,
) -> list[T]:
    """Run every task until `seconds` have passed; what is not done by then is cancelled
    and stands as `late(index)`, and one that raised stands as `failed(index, error)` (or
    raises, without `failed`)."""
    if not tasks:
        return []
    running = [asyncio.ensure_future(t) for t in tasks]
    done, pending = await asyncio.wait(running, timeout=seconds)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending)
    found: list[T] = []
    for index, task in enumerate(running):
        if task not in done or task.cancelled():
            found.append(late(index))
            continue
        error = task.exception()
        if error is not None and failed is not None:
            found.append(failed(index, error))
        else:
            found.append(task.result())
    return found


LATE = "the run's time ran out before it finished"


async def fetch_all(
    requests: Sequence[Request],
    limits: Limits,
    contact: str | None = None,
    progress: Callable[[], None] | None = None,
    resolve: Resolver = system_resolver,
) -> list[Result]:
    """Fetch every request, a bounded number at a time; whatever is not done when the run's
    deadline passes ends as an error, and the run returns."""
    gate = asyncio.Semaphore(limits.concurrency)
    async with Fetcher(limits, contact, resolve) as fetcher:

        async def one(request: Request) -> Result:
            async with gate:
                result = await fetcher.get(request)
            if progress:
                progress()
            return result

        return await within(
            [one(r) for r in requests],
            limits.per_run,
            lambda index: Result(requests[index].url, None, error=LATE),
            lambda index, error: Result(requests[index].url, None, error=_failed(error)),
        )


async def _fetch(client: httpx.AsyncClient, request: Request, limits: Limits) -> Result:
    started = time.monotonic()
    url, moved_to, permanent = request.url, None, True
    headers = {}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    try:
        for _ in range(limits.max_redirects + 1):
            check_scheme(url)
            async with client.stream("GET", url, headers=headers) as response:
                if response.status_code in REDIRECTS and "location" in response.headers:
                    permanent = permanent and response.status_code in PERMANENT
                    url = urljoin(url, response.headers["location"])
                    moved_to = url if permanent else moved_to
                    continue
                body = None
                if response.status_code == 200:
                    body = await _read(response, limits.max_bytes)
                return Result(
                    request.url,
                    response.status_code,
                    body,
                    etag=_header(response, "etag"),
                    last_modified=_header(response, "last-modified"),
                    moved_to=moved_to,
                    error=_status_error(response.status_code),
                    retry_after=_retry_after(response)
                    if response.status_code in (429, 503)
                    else None,
                    bytes=len(body or b""),
                    seconds=time.monotonic() - started,
                )
        return Result(
            request.url,
            None,
            error=f"more than {limits.max_redirects} redirects",
            seconds=time.monotonic() - started,
        )
    except Refused as error:
        return Result(request.url, None, error=str(error), seconds=time.monotonic() - started)
    except _TooBig:
        return Result(
            request.url,
            None,
            seconds=time.monotonic() - started,
            error=f"larger than {limits.max_bytes // 1024 // 1024} MB, so it was stopped",
        )
    except httpx.TimeoutException:
        return Result(
            request.url,
            None,
            error="the server took too long to answer",
            seconds=time.monotonic() - started,
        )
    except (httpx.HTTPError, zlib.error, OSError) as error:
        return Result(
            request.url,
            None,
            error=f"could not be fetched ({type(error).__name__}: {error})",
            seconds=time.monotonic() - started,
        )


async def _read(response: httpx.Response, limit: int) -> bytes:
    """The body, decompressed here (not by httpx) so a small gzip bomb cannot grow past
    `limit` in memory: both the bytes received and the bytes they expand to are counted."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    inflate = zlib.decompressobj(wbits=47) if encoding in ("gzip", "x-gzip", "deflate") else None
    received, out = 0, bytearray()
    async for chunk in response.aiter_raw():
        received += len(chunk)
        if received > limit:
            raise _TooBig
        if inflate is None:
            out += chunk
        else:
            data = chunk
            while data:
                out += inflate.decompress(data, limit + 1 - len(out))
                if len(out) > limit:
                    raise _TooBig
                data = inflate.unconsumed_tail
        if len(out) > limit:
            raise _TooBig
    return bytes(out)


def _failed(error: BaseException) -> str:
    return f"could not be fetched ({type(error).__name__}: {error})"


def _status_error(status: int) -> str | None:
    if status in (200, 304):
        return None
    if status == 410:
        return "the feed is gone (410): the source is retired"
    if status == 404:
        return "the feed was not found (404)"
    if status in (429, 503):
        return f"the server asked us to wait ({status})"
    return f"the server answered {status}"


def _header(response: httpx.Response, name: str) -> str | None:
    """A validator to send back next time, or None if it is not plain short text."""
    value = response.headers.get(name)
    return value if value and len(value) <= 500 and value.isprintable() else None


def _retry_after(response: httpx.Response) -> float | None:
    """How long the server asked us to wait, in seconds, never more than a week."""
    value = response.headers.get("retry-after", "").strip()
    if value.isascii() and value.isdigit():
        return min(float(value[:12]), LONGEST_WAIT)
    try:
        when = parsedate_to_datetime(value)
        return min(max(0.0, when.timestamp() - time.time()), LONGEST_WAIT)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
