"""Fetch one web page or feed, safely.

A URL given to sitreps may come from a feed written by someone else, so every fetch is treated as
untrusted: bounded in time and size (the size also after decompression, so a small gzip bomb
cannot fill memory), limited to text-like content types, and refused when any hop of a redirect
chain points into loopback, private, link-local or otherwise non-public address space (the usual
way to make a fetcher reach internal services), unless `allow_private_addresses` is set.

The resolver is injectable so that tests exercise the guard without sending a packet. httpx
resolves the host again when it connects, so a DNS server that answers differently the second
time (DNS rebinding) would get past a check of names alone: the address actually connected to is
checked too, before a byte is sent. A network-level egress policy is still the stronger fence.

httpx's timeouts bound each socket operation, not the fetch: a server that sends one byte a
second, of headers or of body, would hold a fetch for hours. A timer cuts the connection when the
time for the whole fetch (`fetch_timeout_s`, every redirect included) is up.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import FetchError
from ..settings import Settings

#: `socket.getaddrinfo`-like: (host, port) -> [(family, type, proto, canonname, sockaddr), ...]
Resolver = Callable[[str, int], Iterable[tuple[Any, ...]]]

MAX_REDIRECTS = 5
USER_AGENT = "sitreps/0.1 (news incident research; +https://pypi.org/project/sitreps/)"

#: Media types we can read: web pages, plain text, feeds, JSON lines.
ALLOWED_CONTENT_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "text/plain", "text/xml", "application/xml",
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/json",
    "application/x-ndjson", "application/jsonl", "application/feed+json",
})  # fmt: skip

_CHUNK_BYTES = 65536


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str  # as asked for
    final_url: str  # after redirects
    content_type: str  # media type without parameters ("" when the server gave none)
    body: bytes  # decompressed
    charset: str | None = None  # from the Content-Type header, if any


class _RefusedPeer(Exception):
    """The connection reached a non-public address (the name resolved differently this time)."""


class _ConnectionGuard:
    """Watches every connection a fetch opens (through httpcore's `trace` extension): refuses
    one to a non-public address, and shuts them all down when the deadline passes, which ends a
    read blocked on a slow server at once."""

    def __init__(self, deadline: float, allow_private: bool) -> None:
        self.expired = False
        self._allow_private = allow_private
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Self:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event != "connection.connect_tcp.complete":
            return
        stream = info["return_value"]
        sock = stream.get_extra_info("socket")
        if sock is None:
            return
        self._sockets.append(sock)
        address = _ip_literal(str(sock.getpeername()[0]))
        if not self._allow_private and (address is None or not is_public(address)):
            stream.close()
            raise _RefusedPeer(str(address))
        if self.expired:
            self._expire()

    def _expire(self) -> None:
        self.expired = True
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def fetch(
    url: str,
    settings: Settings,
    *,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver | None = None,
) -> FetchedPage:
    """GET a URL within the limits in `settings`; raises `FetchError` with one clear line."""
    resolve = resolver or socket.getaddrinfo
    deadline = time.monotonic() + settings.fetch_timeout_s
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    timed_out = f"timed out after {settings.fetch_timeout_s:g} s"
    with (
        httpx.Client(
            transport=transport,
            timeout=settings.fetch_timeout_s,
            follow_redirects=False,
            headers=headers,
            trust_env=False,
        ) as client,
        _ConnectionGuard(deadline, settings.allow_private_addresses) as guard,
    ):
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current, settings, resolve)
            try:
                with client.stream("GET", current, extensions={"trace": guard.trace}) as response:
                    if response.is_redirect:
                        current = _redirect_target(current, response)
                        continue
                    return _read_response(url, current, response, settings, deadline)
            except _RefusedPeer as exc:
                raise FetchError(
                    f"{current}: refused, connected to a non-public address ({exc}); "
                    "set allow_private_addresses to fetch it"
                ) from exc
            except httpx.TimeoutException as exc:
                raise FetchError(f"{current}: {timed_out}") from exc
            except httpx.HTTPError as exc:
                if guard.expired:
                    raise FetchError(f"{current}: {timed_out}") from exc
                raise FetchError(f"{current}: {type(exc).__name__}: {exc}") from exc
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def check_url(url: str, settings: Settings, resolver: Resolver) -> None:
    """Refuse URLs that are not http(s), or whose host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"{url}: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: no host in URL")
    if settings.allow_private_addresses:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"{url}: bad port") from exc
    for address in resolve_host(parts.hostname, port, resolver):
        if not is_public(address):
            raise FetchError(
                f"{url}: refused, {parts.hostname} is a non-public address ({address}); "
                "set allow_private_addresses to fetch it"
            )


def resolve_host(
    host: str, port: int, resolver: Resolver
) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Every address a host name stands for (an IP literal stands for itself)."""
    literal = _ip_literal(host)
    if literal is not None:
        return [literal]
    try:
        infos = list(resolver(host, port))
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host}: {exc}") from exc
    addresses = [_ip_literal(str(info[4][0])) for info in infos]
    found = [address for address in addresses if address is not None]
    if not found:
        raise FetchError(f"cannot resolve host {host}: no address")
    return found


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable unicast: not loopback, private, link-local, multicast, reserved, ..."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_loopback or address.is_link_local
    )


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _redirect_target(current: str, response: httpx.Response) -> str:
    location = response.headers.get("location")
    if not location:
        raise FetchError(f"{current}: redirect without a Location")
    return urljoin(current, location)


def _read_response(
    url: str, final_url: str, response: httpx.Response, settings: Settings, deadline: float
) -> FetchedPage:
    if response.status_code >= 400:
        raise FetchError(f"{final_url}: HTTP {response.status_code} {response.reason_phrase}".rstrip())
    content_type, charset = _content_type(response)
    if content_type and content_type not in ALLOWED_CONTENT_TYPES:
        raise FetchError(f"{final_url}: unsupported content type {content_type}")
    limit = settings.fetch_max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{final_url}: too large ({int(declared):,} bytes; the limit is {limit:,})")
    if response.is_stream_consumed:  # a body already in memory (and decoded): transports in tests
        chunks: Iterator[bytes] = iter([response.content])
    else:
        encoding = response.headers.get("content-encoding", "")
        chunks = _decompressed(response.iter_raw(_CHUNK_BYTES), encoding, limit, where=final_url)
    body = bytearray()
    for chunk in chunks:
        body += chunk
        if len(body) > limit:
            raise FetchError(f"{final_url}: too large (more than {limit:,} bytes)")
        if time.monotonic() > deadline:
            raise FetchError(f"{final_url}: timed out after {settings.fetch_timeout_s:g} s")
    if time.monotonic() > deadline:  # the guard cut a body that ends when the connection does
        raise FetchError(f"{final_url}: timed out after {settings.fetch_timeout_s:g} s")
    return FetchedPage(
        url=url, final_url=final_url, content_type=content_type, body=bytes(body), charset=charset
    )


def _content_type(response: httpx.Response) -> tuple[str, str | None]:
    header = response.headers.get("content-type", "")
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def _decompressed(raw: Iterator[bytes], encoding: str, limit: int, *, where: str) -> Iterator[bytes]:
    """Decompress as the bytes arrive, never producing more than `limit` + 1 bytes in total."""
    encoding = encoding.strip().lower()
    if encoding in {"", "identity"}:
        yield from raw
        return
    if encoding not in {"gzip", "x-gzip", "deflate"}:
        raise FetchError(f"{where}: unsupported content encoding {encoding}")
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
    produced = 0
    try:
        for chunk in raw:
            data = chunk
            while data:
                out = decompressor.decompress(data, limit + 1 - produced)
                produced += len(out)
                yield out
                if produced > limit:
                    return
                data = decompressor.unconsumed_tail
    except zlib.error as exc:
        raise FetchError(f"{where}: bad {encoding} data: {exc}") from exc
