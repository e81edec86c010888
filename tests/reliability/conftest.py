"""What the reliability tests share: a web server on 127.0.0.1 whose answers a test scripts, a
corpus of real articles large enough for an ingest to take a few seconds, and empty databases of
either backend.

The server is real (a socket, HTTP/1.1, streamed bodies), so fetches go through httpx's own
transport exactly as they do in use; it listens on loopback only, and no test sends a packet
anywhere else.
"""

from __future__ import annotations

import json
import os
import random
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sitreps.model import Report, Span
from sitreps.store.store import database_url

CORPORA = Path(__file__).parents[1] / "data" / "corpus"


@dataclass
class Route:
    """One scripted answer: status, headers and a body (bytes, or chunks sent one by one)."""

    body: bytes | Callable[[], Iterator[bytes]] = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})


class LocalServer:
    """An HTTP server on 127.0.0.1 that answers from `routes` and remembers every path asked."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requested: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.requested.append(self.path)
                route = server.routes.get(self.path, Route(b"not found", 404, {"Content-Type": "text/plain"}))
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if isinstance(route.body, bytes):
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                    return
                self.send_header("Connection", "close")  # no length: the body ends when we close
                self.end_headers()
                try:
                    for chunk in route.body():
                        self.wfile.write(chunk)
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as it should past its limits
                self.close_connection = True

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def evidence_spans(report: Report) -> list[Span]:
    """Every span a report quotes: each field's evidence, the cited sources', the trigger."""
    fields = ("attack_type", "target", "target_owner", "date", "place", "claimed_by", "blamed_on",
              "blamed_by", "denied_by", "killed", "injured", "damage")  # fmt: skip
    spans = [span for name in fields for span in getattr(report, name).evidence]
    spans += [span for fact in report.cited_sources for span in fact.evidence]
    return spans + ([report.trigger] if report.trigger else [])


# -- a corpus of real articles -------------------------------------------------------------------


def corpus_records() -> list[dict[str, Any]]:
    """Every annotated article we have (attack reports and negatives), as JSONL records."""
    records = []
    for corpus in ("seeds", "dev", "negatives"):
        with (CORPORA / corpus / "corpus.jsonl").open(encoding="utf-8") as stream:
            records.extend(json.loads(line) for line in stream if line.strip())
    return records


def write_perturbed_corpus(path: Path, copies: int, seed: int = 3) -> int:
    """`copies` rounds of the corpus, each copy a new article (as an aggregator reposts a story:
    a new id and a reference line at the end), with its facts unchanged. Returns the count."""
    rng = random.Random(seed)
    records = corpus_records()
    with path.open("w", encoding="utf-8") as stream:
        for copy in range(copies):
            for record in records:
                text = f"{record['text'].rstrip()}\n\nRef. {copy:04d}-{rng.randrange(10**6):06d}"
                stream.write(json.dumps({**record, "id": f"{record['id']}~{copy}", "text": text}) + "\n")
    return copies * len(records)


# -- databases: SQLite, and PostgreSQL when a server is given ----------------------------------------

#: Tests that take `backend` run on SQLite and, marked `postgres`, on the server named by
#: SITREPS_TEST_PG_URL (the convention of tests/store/conftest.py; `.ci/services` starts one).
BACKENDS = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgres))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@contextmanager
def scratch_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database, gone afterwards: a SQLite file in `folder`, or a schema of its
    own on the PostgreSQL server (skipped without one, failed on CI where one must be running)."""
    if backend == "sqlite":
        yield str(folder / "test.db")
        return
    url = os.environ.get("SITREPS_TEST_PG_URL")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("SITREPS_TEST_PG_URL is not set on CI: .ci/services should have started PostgreSQL")
        pytest.skip("no PostgreSQL: `source .ci/services` (or set SITREPS_TEST_PG_URL) to run it")
    server = sa.make_url(database_url(url))
    schema = f"sitreps_reliability_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, poolclass=sa.NullPool)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield server.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
