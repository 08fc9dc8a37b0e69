"""Refuse URLs that would make the aggregator reach into private networks (SSRF)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


class Refused(Exception):
    """A URL the aggregator will not fetch, with the reason in plain words."""


async def check(url: str, allow_loopback: bool = False) -> None:
    """Raise Refused unless `url` is http(s) to a host whose every address is public (or
    loopback, when allowed). Every redirect target is checked the same way."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Refused(f"only http and https addresses are fetched, not {parts.scheme or 'none'}")
    host = parts.hostname
    if not host:
        raise Refused("the address has no host")
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host,
            parts.port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM,
        )
    except (OSError, UnicodeError) as error:
        raise Refused(f"the host {host} could not be found ({error})") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        why = _forbidden(address, allow_loopback)
        if why:
            raise Refused(f"{host} is {address}, {why}; it is not fetched")


def _forbidden(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, loopback: bool
) -> str | None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return None if loopback else "a loopback address (use --allow-loopback for local tests)"
    for test, words in (  # the most particular reason first: link-local is private too
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private address"),
    ):
        if test:
            return words
    return None
