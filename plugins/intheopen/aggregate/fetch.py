"""Fetch feeds with httpx: bounded in time, size and hops, politely and conditionally."""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import httpx

from intheopen import __version__
from intheopen.aggregate.guard import Refused, check

REDIRECTS = (301, 302, 303, 307, 308)
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


async def fetch_all(
    requests: Sequence[Request],
    limits: Limits,
    contact: str | None = None,
    progress: Callable[[], None] | None = None,
) -> list[Result]:
    """Fetch every request, a bounded number at a time; whatever is not done when the run's
    deadline passes ends as an error, and the run returns."""
    if not requests:
        return []
    timeout = httpx.Timeout(limits.read, connect=limits.connect)
    headers = {
        "User-Agent": user_agent(contact),
        "Accept-Encoding": "gzip, deflate",
        "Accept": "application/atom+xml, application/rss+xml, application/feed+json, "
        "application/json;q=0.9, application/xml;q=0.9, */*;q=0.5",
    }
    gate = asyncio.Semaphore(limits.concurrency)
    async with httpx.AsyncClient(
        timeout=timeout, headers=headers, follow_redirects=False, trust_env=False
    ) as client:

        async def one(request: Request) -> Result:
            async with gate:
                started = time.monotonic()
                try:
                    return await asyncio.wait_for(
                        _fetch(client, request, limits), limits.per_source
                    )
                except TimeoutError:
                    return Result(
                        request.url,
                        None,
                        error=f"took longer than {limits.per_source:g} seconds, so it was stopped",
                        seconds=time.monotonic() - started,
                    )

        tasks = [asyncio.ensure_future(one(r)) for r in requests]
        for task in tasks if progress else ():
            task.add_done_callback(lambda _: progress())  # type: ignore[misc]
        done, pending = await asyncio.wait(tasks, timeout=limits.per_run)
        for task in pending:
            task.cancel()
        return [
            task.result()
            if task in done
            else Result(request.url, None, error="the run's time ran out before it finished")
            for task, request in zip(tasks, requests, strict=True)
        ]


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
            await check(url, limits.allow_loopback)
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
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
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


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
