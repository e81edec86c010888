"""Fetching URLs and feeds from strangers: what tests/ingest/test_fetch.py does not already cover.

Over real sockets, on loopback only: a redirect from a public-looking host to loopback in every
spelling an attacker uses (a name, an IPv6 or IPv4-mapped literal, decimal and hex forms of
127.0.0.1, credentials before the host, the cloud metadata address, other schemes); a name that
passes the check and then connects to loopback anyway (DNS rebinding); servers that send one
byte at a time, in the headers or in the body; and feeds and URL lists whose links point inside.

Packets: the first hop of a redirect is answered by a scripted transport without any network;
every other request goes through httpx's real transport only if its host is loopback, and the
test fails, rather than sends, if a request for any other host gets that far.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sitreps.errors import FetchError
from sitreps.ingest.fetch import fetch
from sitreps.ingest.readers import read
from sitreps.model import Article, Failure
from sitreps.settings import Settings

from .conftest import LocalServer, Route

PUBLIC_ADDRESS = "93.184.216.34"  # only ever handed to the stub resolver; nothing connects to it
LOOPBACK_HOSTS = {"127.0.0.1", "::1", "[::1]", "localhost"}
PAGE = b"<html><body><p>Rockets hit the base on Tuesday, officials said.</p></body></html>"


def resolver(names: dict[str, str]) -> Any:
    """getaddrinfo for a table of names; numeric hosts ("2130706433", "0x7f.1") are parsed as the
    system parses them, without asking any DNS server; other names fail like a DNS miss."""

    def resolve(host: str, port: int) -> list[tuple[Any, ...]]:
        if host in names:
            family = socket.AF_INET6 if ":" in names[host] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (names[host], port))]
        try:
            return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
        except socket.gaierror as exc:
            raise socket.gaierror(f"unknown host {host}") from exc

    return resolve


class LoopbackOnly(httpx.BaseTransport):
    """`news.example` answers from a script; loopback hosts get the real network; anything else
    fails the test before a packet is sent."""

    def __init__(self, scripted: dict[str, httpx.Response]) -> None:
        self.scripted = scripted
        self.real = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "news.example":
            return self.scripted[request.url.path]
        if request.url.host not in LOOPBACK_HOSTS:
            raise AssertionError(f"a request for {request.url} would have left loopback")
        return self.real.handle_request(request)

    def close(self) -> None:
        self.real.close()


@pytest.fixture
def inside(local_server: LocalServer) -> Iterator[LocalServer]:
    """A server playing an internal service: its one page must never be fetched."""
    local_server.routes["/internal"] = Route(b"internal secrets", headers={"Content-Type": "text/plain"})
    yield local_server
    assert local_server.requested == []


REDIRECT_TARGETS = [
    "http://127.0.0.1:{port}/internal",
    "http://localhost:{port}/internal",
    "http://[::1]:{port}/internal",
    "http://[::ffff:127.0.0.1]:{port}/internal",
    "http://2130706433:{port}/internal",  # 127.0.0.1 as one decimal number
    "http://0x7f.1:{port}/internal",  # and in hexadecimal, shortened
    "http://127.1:{port}/internal",
    "http://news.example@127.0.0.1:{port}/internal",  # the host is after the @
    "http://169.254.169.254/latest/meta-data/",  # cloud instance credentials
    "http://[fe80::1%25eth0]/",  # link-local with a zone
]


@pytest.mark.parametrize("target", REDIRECT_TARGETS)
def test_a_redirect_from_a_public_host_into_loopback_is_refused(inside: LocalServer, target: str) -> None:
    location = target.format(port=inside.url("").rsplit(":", 1)[1])
    transport = LoopbackOnly({"/story": httpx.Response(302, headers={"location": location})})
    names = {"news.example": PUBLIC_ADDRESS, "localhost": "127.0.0.1"}
    with pytest.raises(FetchError, match="non-public address"):
        fetch("https://news.example/story", Settings(), transport=transport, resolver=resolver(names))


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://news.example/x", "gopher://127.0.0.1:70/"])
def test_a_redirect_to_another_scheme_is_refused(target: str) -> None:
    transport = LoopbackOnly({"/story": httpx.Response(301, headers={"location": target})})
    with pytest.raises(FetchError, match="only http and https"):
        fetch(
            "https://news.example/story",
            Settings(),
            transport=transport,
            resolver=resolver({"news.example": PUBLIC_ADDRESS}),
        )


def test_a_name_that_passed_the_check_but_connects_to_loopback_is_refused(inside: LocalServer) -> None:
    """DNS rebinding: the check is told "public", the connection finds 127.0.0.1 (from
    /etc/hosts, no DNS server involved). The address connected to is what counts."""
    port = inside.url("").rsplit(":", 1)[1]
    with pytest.raises(FetchError, match=r"connected to a non-public address \(127\.0\.0\.1\)"):
        fetch(
            f"http://localhost:{port}/internal", Settings(), resolver=resolver({"localhost": PUBLIC_ADDRESS})
        )


def test_a_name_with_one_private_address_among_public_ones_is_refused() -> None:
    def two_answers(host: str, port: int) -> list[tuple[Any, ...]]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in (PUBLIC_ADDRESS, "10.0.0.1")
        ]

    transport = LoopbackOnly({})
    with pytest.raises(FetchError, match=r"non-public address \(10\.0\.0\.1\)"):
        fetch("http://news.example/story", Settings(), transport=transport, resolver=two_answers)


def drip(first: bytes) -> Route:
    """A body of no stated length: `first`, then one byte every 50 ms, for ever."""

    def chunks() -> Iterator[bytes]:
        yield first
        while True:
            time.sleep(0.05)
            yield b"x"

    return Route(chunks, headers={"Content-Type": "text/plain"})


@pytest.mark.parametrize("first", [b"", b"x" * 1000], ids=["from the start", "after a first kilobyte"])
def test_a_body_sent_a_byte_at_a_time_is_cut_at_the_deadline(local_server: LocalServer, first: bytes) -> None:
    """Every byte comes well within the read timeout; only the whole-fetch deadline stops it."""
    local_server.routes["/slow"] = drip(first)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 0.5 s"):
        fetch(local_server.url("/slow"), Settings(fetch_timeout_s=0.5, allow_private_addresses=True))
    assert time.monotonic() - started < 3


@pytest.fixture
def header_dripper() -> Iterator[str]:
    """A raw socket server that answers a status line and then one header line every 50 ms."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    stop = threading.Event()

    def serve() -> None:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            conn.recv(65536)
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
                while not stop.wait(0.05):
                    conn.sendall(b"X-Padding: a\r\n")
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    finally:
        stop.set()
        server.close()
        thread.join(timeout=5)


def test_headers_sent_a_line_at_a_time_are_cut_at_the_deadline(header_dripper: str) -> None:
    """Each header line comes well within the read timeout, so only the whole-fetch deadline
    stops this; without it the fetch would wait for 16 KB of headers: over half an hour."""
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 0.5 s"):
        fetch(header_dripper, Settings(fetch_timeout_s=0.5, allow_private_addresses=True))
    assert time.monotonic() - started < 3


def test_linked_pages_inside_the_network_are_not_fetched_and_the_entry_stays(
    tmp_path: Path, inside: LocalServer
) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Convoy hit</title>'
        f"<link>{inside.url('/internal')}</link><description>A roadside bomb struck a convoy near Basra."
        "</description></item></channel></rss>",
        encoding="utf-8",
    )
    [entry] = read([str(feed)], Settings(), fetch_linked_pages=True)
    assert isinstance(entry, Article) and "A roadside bomb struck a convoy near Basra." in entry.raw_text
    assert "non-public address" in dict(entry.meta)["linked_page_error"]


def test_a_list_of_internal_urls_gives_one_failure_each_and_no_request(
    tmp_path: Path, inside: LocalServer
) -> None:
    port = inside.url("").rsplit(":", 1)[1]
    urls = [inside.url("/internal"), f"http://2130706433:{port}/internal", "http://169.254.169.254/latest/"]
    listing = tmp_path / "links.urls"
    listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
    items = list(read([str(listing)], Settings()))
    assert [item.source for item in items] == urls
    assert all(isinstance(item, Failure) and "non-public address" in item.reason for item in items)
