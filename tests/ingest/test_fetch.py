"""fetch(): limits, content types, redirects and the private-address guard.

No test sends a packet beyond 127.0.0.1: host names go through a stub resolver, responses come
from httpx.MockTransport, and the timeout test talks to a local socket that never answers.
"""

from __future__ import annotations

import gzip
import socket
import time
import tracemalloc
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sitreps.errors import FetchError
from sitreps.ingest.fetch import MAX_REDIRECTS, fetch
from sitreps.settings import Settings

PAGE = b"<html><body><p>Rockets hit the base on Tuesday, officials said.</p></body></html>"
PUBLIC_ADDRESS = "93.184.216.34"  # only ever handed to the stub resolver; nothing connects to it


def stub_resolver(table: dict[str, str]) -> Any:
    """getaddrinfo for a fixed table of names; unknown names fail like a DNS miss."""

    def resolve(host: str, port: int) -> list[tuple[Any, ...]]:
        if host not in table:
            raise socket.gaierror(f"unknown host {host}")
        family = socket.AF_INET6 if ":" in table[host] else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (table[host], port))]

    return resolve


def serve(handler: Any) -> httpx.MockTransport:
    return httpx.MockTransport(handler)


def html_page(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=PAGE, headers={"content-type": "text/html; charset=utf-8"})


PUBLIC = stub_resolver({"news.example": PUBLIC_ADDRESS, "cdn.example": "151.101.1.1"})


def test_a_public_page_is_fetched_with_its_content_type_and_charset() -> None:
    page = fetch("https://news.example/story", Settings(), transport=serve(html_page), resolver=PUBLIC)
    assert (page.body, page.content_type, page.charset) == (PAGE, "text/html", "utf-8")
    assert page.final_url == "https://news.example/story"


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("intranet.example", "10.1.2.3"),
        ("router.example", "192.168.1.1"),
        ("docker.example", "172.17.0.2"),
        ("loop.example", "127.0.0.1"),
        ("metadata.example", "169.254.169.254"),
        ("cgnat.example", "100.64.0.1"),
        ("multicast.example", "224.0.0.251"),
        ("zero.example", "0.0.0.0"),
        ("v6loop.example", "::1"),
        ("v6ula.example", "fd00::1"),
        ("v6link.example", "fe80::1"),
        ("mapped.example", "::ffff:10.0.0.1"),
    ],
)
def test_names_that_resolve_to_non_public_addresses_are_refused(host: str, address: str) -> None:
    def must_not_be_called(request: httpx.Request) -> httpx.Response:
        raise AssertionError("a refused URL must not be requested")

    with pytest.raises(FetchError, match="non-public address"):
        fetch(
            f"http://{host}/",
            Settings(),
            transport=serve(must_not_be_called),
            resolver=stub_resolver({host: address}),
        )


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080/", "http://[::1]/", "http://10.0.0.7/admin", "http://0.0.0.0/"]
)
def test_ip_literals_are_checked_without_resolving(url: str) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        fetch(url, Settings(), transport=serve(html_page), resolver=stub_resolver({}))


def test_private_addresses_are_allowed_when_the_setting_says_so() -> None:
    page = fetch(
        "http://intranet.example/",
        Settings(allow_private_addresses=True),
        transport=serve(html_page),
        resolver=stub_resolver({"intranet.example": "10.1.2.3"}),
    )
    assert page.body == PAGE


def test_a_name_that_does_not_resolve_is_a_clear_error() -> None:
    with pytest.raises(FetchError, match="cannot resolve host nowhere.example"):
        fetch("http://nowhere.example/", Settings(), transport=serve(html_page), resolver=PUBLIC)


@pytest.mark.parametrize("url", ["ftp://news.example/file.txt", "file:///etc/passwd", "http:///no-host"])
def test_only_http_urls_with_a_host_are_fetched(url: str) -> None:
    with pytest.raises(FetchError):
        fetch(url, Settings(), transport=serve(html_page), resolver=PUBLIC)


def test_redirects_are_followed_and_every_hop_is_checked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "news.example":
            return httpx.Response(301, headers={"location": "https://cdn.example/story"})
        return html_page(request)

    page = fetch("http://news.example/s", Settings(), transport=serve(handler), resolver=PUBLIC)
    assert page.final_url == "https://cdn.example/story" and page.url == "http://news.example/s"


def test_a_redirect_into_a_private_network_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"location": "http://intranet.example/secrets"})
        raise AssertionError("the private hop must not be requested")

    resolver = stub_resolver({"news.example": PUBLIC_ADDRESS, "intranet.example": "10.0.0.5"})
    with pytest.raises(FetchError, match="intranet.example is a non-public address"):
        fetch("http://news.example/", Settings(), transport=serve(handler), resolver=resolver)


def test_redirect_chains_are_bounded() -> None:
    requests: list[str] = []

    def loop(request: httpx.Request) -> httpx.Response:
        requests.append(str(request.url))
        return httpx.Response(302, headers={"location": f"/hop{len(requests)}"})

    with pytest.raises(FetchError, match=f"more than {MAX_REDIRECTS} redirects"):
        fetch("https://news.example/", Settings(), transport=serve(loop), resolver=PUBLIC)
    assert len(requests) == MAX_REDIRECTS + 1


@pytest.mark.parametrize(
    ("content_type", "accepted"),
    [
        ("text/html; charset=utf-8", True),
        ("application/rss+xml", True),
        ("application/atom+xml", True),
        ("text/plain", True),
        ("application/json", True),
        ("image/jpeg", False),
        ("application/pdf", False),
        ("application/zip", False),
    ],
)
def test_only_text_like_content_types_are_read(content_type: str, accepted: bool) -> None:
    transport = serve(
        lambda request: httpx.Response(200, content=b"data", headers={"content-type": content_type})
    )
    if accepted:
        assert (
            fetch("https://news.example/", Settings(), transport=transport, resolver=PUBLIC).body == b"data"
        )
    else:
        with pytest.raises(FetchError, match="unsupported content type"):
            fetch("https://news.example/", Settings(), transport=transport, resolver=PUBLIC)


def test_http_errors_are_reported_with_their_status() -> None:
    transport = serve(lambda request: httpx.Response(404))
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch("https://news.example/gone", Settings(), transport=transport, resolver=PUBLIC)


def test_a_body_over_the_size_cap_is_stopped() -> None:
    def endless(request: httpx.Request) -> httpx.Response:
        def chunks() -> Iterator[bytes]:
            for _ in range(1000):  # 64 MB if nobody stops reading
                yield b"x" * 65536

        return httpx.Response(200, content=chunks(), headers={"content-type": "text/plain"})

    with pytest.raises(FetchError, match="too large"):
        fetch(
            "https://news.example/",
            Settings(fetch_max_bytes=100_000),
            transport=serve(endless),
            resolver=PUBLIC,
        )


def test_a_declared_length_over_the_cap_is_refused_before_reading() -> None:
    transport = serve(
        lambda request: httpx.Response(200, content=b"x" * 2000, headers={"content-type": "text/html"})
    )
    with pytest.raises(FetchError, match="too large"):
        fetch("https://news.example/", Settings(fetch_max_bytes=1000), transport=transport, resolver=PUBLIC)


def test_a_gzip_bomb_is_stopped_at_the_cap_after_decompression() -> None:
    bomb = gzip.compress(b"\0" * 50_000_000)  # ~50 KB on the wire, 50 MB unpacked
    assert len(bomb) < 100_000
    headers = {"content-type": "text/html", "content-encoding": "gzip"}
    transport = serve(lambda request: httpx.Response(200, content=iter([bomb]), headers=headers))
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="too large"):
            fetch(
                "https://news.example/",
                Settings(fetch_max_bytes=1_000_000),
                transport=transport,
                resolver=PUBLIC,
            )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000  # never unpacked whole


def test_gzip_pages_are_decompressed() -> None:
    headers = {"content-type": "text/html", "content-encoding": "gzip"}
    transport = serve(
        lambda request: httpx.Response(200, content=iter([gzip.compress(PAGE)]), headers=headers)
    )
    assert fetch("https://news.example/", Settings(), transport=transport, resolver=PUBLIC).body == PAGE


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A local TCP server that accepts connections (via the backlog) and never answers."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/story"
    finally:
        server.close()


def test_a_server_that_never_answers_times_out(silent_server: str) -> None:
    settings = Settings(fetch_timeout_s=0.3, allow_private_addresses=True)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 0.3 s"):
        fetch(silent_server, settings)
    assert time.monotonic() - started < 5
