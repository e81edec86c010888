"""The page and the server's settings: security headers, no inline script or style, every
asset served from the package (no CDN), the offline outlines, and the token kept secret."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitreps.errors import ConfigError
from sitreps.model import AttackType, Status, Target
from sitreps.web import WebSettings, load_web_settings
from sitreps.web.app import OSM_TILES, WEB_DIR, content_security_policy
from sitreps.web.pages import governorates


class Assets(HTMLParser):
    """What a page loads, and anything inline the CSP would have to allow."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self.inline_styles = 0
        self.options: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            if attributes.get("src"):
                self.urls.append(attributes["src"] or "")
            else:
                self.inline_scripts += 1
        if tag == "style" or "style" in attributes or any(name.startswith("on") for name in attributes):
            self.inline_styles += 1
        if tag == "link" and attributes.get("href"):
            self.urls.append(attributes["href"] or "")
        if tag == "option" and attributes.get("value"):
            self.options.append(attributes["value"] or "")


@pytest.fixture(scope="module")
def page(client: TestClient) -> tuple[str, Assets]:
    response = client.get("/")
    assert response.status_code == 200
    parser = Assets()
    parser.feed(response.text)
    return response.text, parser


def test_the_page_has_no_inline_script_style_or_handlers(page: tuple[str, Assets]) -> None:
    _, assets = page
    assert assets.inline_scripts == 0 and assets.inline_styles == 0


def test_everything_the_page_loads_is_served_by_us(client: TestClient, page: tuple[str, Assets]) -> None:
    _, assets = page
    assert assets.urls and all(url.startswith("/static/") for url in assets.urls)
    for url in assets.urls:
        assert client.get(url).status_code == 200, url


def test_every_module_the_scripts_import_is_served(client: TestClient) -> None:
    scripts = sorted((WEB_DIR / "static" / "js").glob("*.js"))
    for script in scripts:
        for module in re.findall(r'from "\./([\w.]+)"', script.read_text(encoding="utf-8")):
            assert client.get(f"/static/js/{module}").status_code == 200, (script.name, module)
            assert (WEB_DIR / "static" / "js" / module).is_file()


def test_the_scripts_never_parse_text_as_html() -> None:
    for script in (WEB_DIR / "static" / "js").glob("*.js"):
        code = "\n".join(
            line
            for line in script.read_text(encoding="utf-8").splitlines()
            if not line.strip().startswith("//")
        )
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", code), (
            script.name
        )


def test_the_filters_offer_every_choice(page: tuple[str, Assets]) -> None:
    _, assets = page
    for kind in (AttackType, Target, Status):
        assert {member.value for member in kind} <= set(assets.options)
    assert set(governorates()) <= set(assets.options)
    assert len(governorates()) == 19


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for url in ("/", "/api/incidents", "/api/nothing", "/static/dashboard.css"):
        headers = client.get(url).headers
        policy = headers["content-security-policy"]
        assert (
            "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
        )
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_only_the_tile_server_may_add_images() -> None:
    online = content_security_policy(WebSettings())
    assert "img-src 'self' https://tile.openstreetmap.org;" in online
    offline = content_security_policy(WebSettings(tiles_url=""))
    assert "img-src 'self';" in offline


def test_the_offline_outlines_name_every_governorate_as_incidents_do() -> None:
    geo = WEB_DIR / "static" / "geo"
    outlines = json.loads((geo / "iraq-governorates.geojson").read_text(encoding="utf-8"))
    names = {feature["properties"]["name"] for feature in outlines["features"]}
    assert names == set(governorates()) - {"Halabja"}  # the source predates Halabja (2014)
    neighbours = json.loads((geo / "neighbours.geojson").read_text(encoding="utf-8"))
    iso3 = {feature["properties"]["iso3"] for feature in neighbours["features"]}
    assert {"SYR", "TUR", "IRN", "KWT", "SAU", "JOR"} <= iso3 and "IRQ" not in iso3


def test_the_vendored_libraries_keep_their_licences() -> None:
    vendor = WEB_DIR / "static" / "vendor"
    assert "Volodymyr Agafonkin" in (vendor / "leaflet-1.9.4" / "LICENSE").read_text(encoding="utf-8")
    assert "MIT" in (vendor / "leaflet.markercluster-1.5.3" / "MIT-LICENCE.txt").read_text(encoding="utf-8")
    assert "1.9.4" in (vendor / "leaflet-1.9.4" / "leaflet.js").read_text(encoding="utf-8")[:200]


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREPS_API_TOKEN", " abc ")
    monkeypatch.setenv("SITREPS_TILES_URL", "")
    web = load_web_settings()
    assert web.api_token == "abc" and web.tiles_url == ""
    assert "abc" not in repr(web)
    assert load_web_settings(tiles_url="https://tiles.example.org/{z}/{x}/{y}.png").tiles_url.startswith(
        "https://"
    )


def test_no_token_means_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREPS_API_TOKEN", "")
    monkeypatch.delenv("SITREPS_TILES_URL", raising=False)
    web = load_web_settings()
    assert web.api_token is None and web.tiles_url == OSM_TILES


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "tiles/{z}/{x}/{y}.png", "ftp://tiles.example.org/{z}"]
)
def test_a_tile_server_must_be_http(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("SITREPS_TILES_URL", url)
    with pytest.raises(ConfigError, match="http"):
        load_web_settings()


def test_the_package_data_globs_ship_the_web_files() -> None:
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"web/templates/**/*"' in pyproject and '"web/static/**/*"' in pyproject
