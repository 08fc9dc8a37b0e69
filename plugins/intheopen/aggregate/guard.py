"""Keep the aggregator out of private networks (SSRF): the address checked is the address
connected to.

Names are resolved once, inside the connection itself: every address the name has must be
globally routable, and the connection is made to one of those same addresses. A name that
answers a public address to a check and 127.0.0.1 to the connection (DNS rebinding) cannot
get between the two, and every redirect hop opens its connection the same way.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import typing
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

import httpcore
import httpx

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]

# Ranges that Python's `is_global` calls global (in some versions) but that reach, or can be
# made to reach, machines that are not: addresses embedding an IPv4 one (6to4, NAT64,
# IPv4-compatible), shared address space (carrier-grade NAT, where cloud metadata services
# live), and the protocol-assignment blocks.
_NOT_PUBLIC = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "100.64.0.0/10",
        "192.0.0.0/24",
        "198.18.0.0/15",
        "240.0.0.0/4",
        "::/96",
        "64:ff9b::/96",
        "64:ff9b:1::/48",
        "2001::/23",
        "2002::/16",
        "fc00::/7",
        "fe80::/10",
    )
)


class Refused(Exception):
    """A URL the aggregator will not fetch, with the reason in plain words."""


def check_scheme(url: str) -> None:
    """Raise Refused unless `url` is an http(s) address with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Refused(f"only http and https addresses are fetched, not {parts.scheme or 'none'}")
    if not parts.hostname:
        raise Refused("the address has no host")


def forbidden(address: Address, allow_loopback: bool) -> str | None:
    """Why an address must not be fetched from, or None when it is globally routable."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return None if allow_loopback else "a loopback address (use --allow-loopback for tests)"
    for test, words in (  # the most particular reason first: link-local is private too
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_private, "a private address"),
        (address.is_reserved, "a reserved address"),
    ):
        if test:
            return words
    if not address.is_global or any(
        address in n for n in _NOT_PUBLIC if n.version == address.version
    ):
        return "not a public internet address"
    return None


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system's resolver gives for `host`."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]).split("%")[0] for info in infos]


async def public_addresses(
    host: str, port: int, allow_loopback: bool, resolve: Resolver = system_resolver
) -> list[str]:
    """The addresses to connect to for `host`, all checked; Refused if any is not public."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        found = [host.strip("[]")]  # an address needs no resolver
    except ValueError:
        found = None
    try:
        found = found or await resolve(host.strip("[]"), port)
    except (OSError, UnicodeError) as error:
        raise Refused(f"the host {host} could not be found ({error})") from None
    if not found:
        raise Refused(f"the host {host} could not be found")
    for text in found:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise Refused(f"the host {host} gave {text!r}, which is not an address") from None
        why = forbidden(address, allow_loopback)
        if why:
            shown = host.strip("[]")
            subject = shown if shown == text else f"{shown} ({address})"
            raise Refused(f"{subject} is {why}; it is not fetched")
    return found


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, resolving and checking each host itself and connecting
    to the address it checked (TLS still verifies, and SNI still names, the host)."""

    def __init__(self, allow_loopback: bool, resolve: Resolver) -> None:
        self.inner = httpcore.AnyIOBackend()
        self.allow_loopback = allow_loopback
        self.resolve = resolve

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await public_addresses(host, port, self.allow_loopback, self.resolve)
        last: Exception | None = None
        for address in addresses:
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        assert last is not None
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise Refused("unix sockets are not fetched from")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, with its connection pool given the pinned backend."""

    def __init__(
        self, allow_loopback: bool, resolve: Resolver = system_resolver, connections: int = 16
    ) -> None:
        super().__init__(trust_env=False)
        # httpx has no public way to pass a network backend; its pool is httpcore's, which has.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=connections,
            network_backend=PinnedBackend(allow_loopback, resolve),
        )
