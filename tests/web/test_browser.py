"""The dashboard in a real browser: Debian's chromium, headless, driven by Playwright, against
`sitreps serve` running as a subprocess on loopback over the sample database.

The server is given an unreachable tile server, so the map must fall back to its offline
outlines; every request the page makes must stay on loopback. An article whose text, title and
outlet carry `<script>` and `<img onerror>` payloads is posted through the token-gated API, and
must show as text. Screenshots land in a temporary folder, and in $SITREPS_SCREENSHOTS if set.

Chromium missing is a failure, not a skip: `.ci/install-system` installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from .conftest import ARABIC_TEXT, build_sample_db

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TOKEN = "browser-test-token"
VIEWPORT = {"width": 1400, "height": 900}
XSS_ARTICLE = {
    "id": "web-xss-1",
    "outlet": "Example <b>News</b>",
    "published": "2021-03-11",
    "title": "Convoy hit <img src=x onerror=alert(1)>",
    "text": (
        "Roadside bomb hits coalition supply convoy south of Baghdad <script>window.__pwned = 1</script>\n"
        "BAGHDAD (Example News) - A roadside bomb struck a convoy carrying logistical supplies for the "
        "US-led coalition on the Yusufiya road south of Baghdad on Tuesday, an Iraqi security source said. "
        '<img src=x onerror="window.__pwned = 2"> No casualties were reported.\n'
        "A group calling itself Saraya Qasim al-Jabbarin claimed the attack in a statement on Telegram "
        "<script>alert(document.cookie)</script>.\n"
    ),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str
    tiles_origin: str
    xss_article_id: str

    def api(self, path: str, **params: Any) -> dict[str, Any]:
        response = httpx.get(f"{self.url}{path}", params=params, timeout=10)
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("serve")
    db = build_sample_db(folder / "sample.db")
    port, dead_port = free_port(), free_port()
    tiles_origin = f"http://127.0.0.1:{dead_port}"
    log = (folder / "serve.log").open("w")
    command = [sys.executable, "-m", "sitreps", "serve", "--db", str(db), "--port", str(port)]
    command += ["--tiles", f"{tiles_origin}/{{z}}/{{x}}/{{y}}.png"]
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "SITREPS_API_TOKEN": TOKEN}
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, folder / "serve.log")
        refused = httpx.post(f"{url}/api/articles", json=[XSS_ARTICLE], timeout=10)
        assert refused.status_code == 401
        posted = httpx.post(
            f"{url}/api/articles",
            json=[XSS_ARTICLE],
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=60,
        )
        assert posted.status_code == 200, posted.text
        assert posted.json()["ingested"] == 1
        yield Server(url, tiles_origin, posted.json()["article_ids"][0])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"sitreps serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail(f"sitreps serve did not answer within 30 s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/install-system)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def screenshot(page: Any, folder: Path, name: str) -> Path:
    path = folder / name
    page.screenshot(path=str(path))
    extra = os.environ.get("SITREPS_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(extra) / name)
    print(f"screenshot: {path}")
    return path


@dataclass
class Watched:
    """A page, and everything it did that it should not have."""

    page: Any
    problems: list[str] = field(default_factory=list)


@pytest.fixture
def dashboard(browser: Any, server: Server) -> Iterator[Watched]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(10_000)
    watched = Watched(page)
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )

    def on_console(message: Any) -> None:
        from_tiles = message.location.get("url", "").startswith(server.tiles_origin)
        if message.type == "error" and not from_tiles:
            watched.problems.append(f"console: {message.text}")

    def on_request(request: Any) -> None:
        if urlsplit(request.url).hostname != "127.0.0.1":
            watched.problems.append(f"request left loopback: {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.problems.append(f"page error: {error}"))
    page.on("dialog", lambda dialog: (watched.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("request", on_request)
    yield watched
    violations = page.evaluate("window.__csp")
    context.close()
    assert violations == [], violations


def load(watched: Watched, server: Server, fragment: str = "") -> Any:
    """Open the dashboard and wait until it has drawn: map, outlines, list and timeline, which
    load separately. (Waits use selectors: Playwright's
    `wait_for_function` evaluates strings, which the page's CSP rightly refuses.)"""
    page = watched.page
    page.goto(f"{server.url}/{fragment}")
    page.wait_for_selector("#map[data-markers]", state="attached")
    page.locator(".leaflet-outlines-pane path").nth(18 + 20 - 1).wait_for(state="attached")  # outlines drawn
    page.wait_for_selector("#incident-rows tr", state="attached")
    page.wait_for_selector("#timeline[data-weeks]", state="attached")  # a drag before this brushes nothing
    return page


def markers_drawn(page: Any, expected: int) -> int:
    """Markers on screen, counting each cluster as the markers it holds, once the clusters have
    settled (they animate for a moment after the map moves): `expected`, or what is drawn."""
    count = -1
    for _ in range(40):
        count = int(
            page.evaluate(
                """() => document.querySelectorAll('path.incident-marker').length +
                   [...document.querySelectorAll('.marker-cluster span')].reduce((n, s) => n + Number(s.textContent), 0)"""
            )
        )
        if count == expected:
            break
        page.wait_for_timeout(50)
    return count


def test_the_map_shows_one_marker_per_placed_incident(
    dashboard: Watched, server: Server, screenshots: Path
) -> None:
    page = load(dashboard, server)
    everything = server.api("/api/incidents", limit=500)["items"]
    placed = [i for i in everything if i["lat"] is not None or i["admin1"] is not None]
    assert len(placed) >= 8 and len(everything) - len(placed) == 1  # one sample incident has no place
    assert int(page.get_attribute("#map", "data-markers")) == len(placed)
    assert markers_drawn(page, len(placed)) == len(placed)
    assert page.get_attribute("#map", "data-tiles") == "offline"
    assert f"{len(everything)} incidents match" in page.text_content("#summary")
    assert page.locator("#incident-rows tr").count() == len(everything)
    screenshot(page, screenshots, "dashboard.png")
    assert dashboard.problems == []


def test_brushing_the_timeline_filters_the_map(dashboard: Watched, server: Server, screenshots: Path) -> None:
    page = load(dashboard, server)
    box = page.locator("#timeline").bounding_box()
    middle = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 40, middle)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, middle, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.55, middle, steps=5)
    page.mouse.up()
    page.wait_for_selector("#timeline[data-brushed]", state="attached")
    state = dict(part.split("=") for part in page.evaluate("location.hash.slice(1)").split("&"))
    expected = server.api("/api/points", date_from=state["date_from"], date_to=state["date_to"])
    everything = server.api("/api/points")
    assert 0 < expected["mapped"] < everything["mapped"]
    page.wait_for_selector(f"#map[data-markers='{expected['mapped']}']", state="attached")
    assert markers_drawn(page, expected["mapped"]) == expected["mapped"]
    assert page.locator("#incident-rows tr").count() == expected["total"]
    assert page.get_attribute("#timeline", "data-brushed") == f"{state['date_from']}/{state['date_to']}"
    assert page.input_value("input[name=date_from]") == state["date_from"]
    screenshot(page, screenshots, "brushed.png")
    page.click("#clear-brush")
    page.wait_for_selector(f"#map[data-markers='{everything['mapped']}']", state="attached")
    assert dashboard.problems == []


def evidence_offsets(page: Any) -> list[set[int]]:
    """For each article shown, the code-point offsets its <mark>s cover."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#panel-body .article-text')].map((text) => {
             const covered = []; let at = 0;
             for (const node of text.childNodes) {
               const length = Array.from(node.textContent).length;
               if (node.nodeName === 'MARK') for (let i = at; i < at + length; i++) covered.push(i);
               at += length;
             }
             return covered;
           })"""
    )


def test_an_opened_incident_shows_its_sources_and_highlights_its_evidence(
    dashboard: Watched, server: Server, screenshots: Path
) -> None:
    page = load(dashboard, server)
    found = server.api("/api/incidents", group="Saraya Qasim al-Jabbarin", date_to="2021-02-28")["items"]
    assert len(found) == 1
    incident = server.api(f"/api/incidents/{found[0]['id']}")["incident"]
    page.click(f"#incident-rows button[data-id='{incident['id']}']")
    page.wait_for_selector(f"#panel-body[data-incident='{incident['id']}']")
    assert page.is_visible("#panel") and not page.is_visible("#list-area")
    expected = set()
    for report in incident["reports"]:
        for span in report["evidence"]:
            expected |= set(range(span["start"], span["end"]))
    assert expected and [set(covered) for covered in evidence_offsets(page)] == [expected]
    panel = page.text_content("#panel-body")
    for report in incident["reports"]:
        assert report["article"]["name"] in panel and report["article"]["published"] in panel
    assert "Saraya Qasim al-Jabbarin" in panel and "claimed" in panel
    screenshot(page, screenshots, "incident.png")

    permalink = page.get_attribute("#permalink", "href")
    assert permalink == page.url and f"incident={incident['id']}" in permalink
    page.reload()
    page.wait_for_selector(f"#panel-body[data-incident='{incident['id']}']")
    assert [set(covered) for covered in evidence_offsets(page)] == [expected]
    assert dashboard.problems == []


def test_markup_in_an_article_is_shown_as_text(dashboard: Watched, server: Server, screenshots: Path) -> None:
    found = server.api("/api/incidents", text="__pwned")["items"]
    assert len(found) == 1
    page = load(dashboard, server, f"#incident={found[0]['id']}")
    page.wait_for_selector(f"#panel-body[data-incident='{found[0]['id']}']")
    panel = page.text_content("#panel-body")
    assert "<script>window.__pwned = 1</script>" in panel
    assert '<img src=x onerror="window.__pwned = 2">' in panel
    assert "Convoy hit <img src=x onerror=alert(1)>" in panel
    assert "Example <b>News</b>" in panel
    assert page.locator("#panel-body script, #panel-body img, #panel-body b").count() == 0
    assert page.evaluate("window.__pwned") is None
    rows = page.text_content("#incident-rows")
    assert "<" not in rows or page.locator("#incident-rows img, #incident-rows script").count() == 0
    screenshot(page, screenshots, "markup-as-text.png")
    assert dashboard.problems == []


def test_an_arabic_article_reads_right_to_left(dashboard: Watched, server: Server, screenshots: Path) -> None:
    found = server.api("/api/incidents", text="الديوانية")["items"]
    assert len(found) == 1
    page = load(dashboard, server, f"#incident={found[0]['id']}")
    page.wait_for_selector(f"#panel-body[data-incident='{found[0]['id']}']")
    text = page.locator("#panel-body .article-text")
    assert text.get_attribute("dir") == "rtl" and text.get_attribute("lang") == "ar"
    assert text.text_content() == ARABIC_TEXT
    assert page.locator("#panel-body .article-text mark.evidence").count() >= 4
    screenshot(page, screenshots, "arabic.png")
    assert dashboard.problems == []


def test_governorates_are_shaded_by_count_on_request(
    dashboard: Watched, server: Server, screenshots: Path
) -> None:
    page = load(dashboard, server)
    assert page.get_attribute("#map", "data-shaded") in (None, "no")
    page.check("input[name=shade]")
    page.wait_for_selector("#map[data-shaded=yes]")
    assert "shade=1" in page.url
    fills = page.evaluate(
        "[...document.querySelectorAll('.leaflet-outlines-pane path.leaflet-interactive')].map(p => p.getAttribute('fill'))"
    )
    counts = {c["key"]: c["count"] for c in server.api("/api/tallies/admin1")["counts"] if c["key"]}
    assert len(fills) == 18 and len(set(fills)) == min(len(set(counts.values())) + 1, 6)
    assert "Incidents per governorate" in page.text_content("#legend")
    screenshot(page, screenshots, "shaded.png")
    assert dashboard.problems == []


def test_a_capped_total_reads_as_a_lower_bound_and_pages_on(dashboard: Watched, server: Server) -> None:
    """A text search past the count cap: the API says `total_exact: false`. The sample is too
    small to reach the cap, so the list's answers are stretched to a full page of 10,000+
    here, as a common word's would be on a large database, then end on the next page."""
    seen: list[dict[str, Any]] = []

    def stretched(route: Any) -> None:
        body = route.fetch().json()
        seen.append(body)
        items = seen[0]["items"]
        if body["offset"] == 0:
            body.update(total=10_000, total_exact=False, items=(items * body["limit"])[: body["limit"]])
        else:  # the last page: short, so the API knows the total again
            body.update(total=body["offset"] + 3, total_exact=True, items=items[:3])
        route.fulfill(json=body)

    dashboard.page.route(re.compile(r"/api/incidents\?"), stretched)
    page = load(dashboard, server, "#text=convoy")
    page.wait_for_selector("#page-info:has-text('10,000+')")
    assert page.text_content("#page-info") == "1–50 of 10,000+"
    assert page.is_enabled("#next") and page.is_disabled("#prev")
    page.click("#next")
    page.wait_for_selector("#page-info:has-text('51–53 of 53')")
    assert page.is_disabled("#next") and page.is_enabled("#prev")
    assert seen[-1]["offset"] == 50
    assert dashboard.problems == []
