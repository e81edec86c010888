"""`POST /api/articles`: off without a server token; with one, it demands it, then runs the
pipeline (analyse, store, link) on the posted records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sitreps.web import WebSettings
from sitreps.web.ingest import MAX_ARTICLES_PER_POST

from .conftest import client_for
from .test_api import assert_error

TOKEN = "s3cret-token-for-tests"
ROCKETS = {
    "id": "web-rockets-1",
    "outlet": "Reuters",
    "published": "2021-06-08",
    "title": "Rockets hit Ain al-Asad air base in Iraq",
    "text": (
        "BAGHDAD (Reuters) - Three rockets struck Ain al-Asad air base, which hosts US and other "
        "international forces in western Iraq's Anbar province, on Monday, the Iraqi military said. "
        "No casualties were reported."
    ),
}


@pytest.fixture
def gated(writable_db: Path) -> TestClient:
    with client_for(writable_db, WebSettings(api_token=TOKEN, tiles_url="")) as opened:
        yield opened


def post(client: TestClient, body: Any, token: str | None = TOKEN) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/api/articles", json=body, headers=headers)


def test_ingest_is_off_without_a_server_token(client: TestClient) -> None:
    assert_error(post(client, [ROCKETS]), 403, "SITREPS_API_TOKEN")


@pytest.mark.parametrize("token", [None, "wrong", TOKEN + "x", TOKEN[:-1]])
def test_ingest_demands_the_token(gated: TestClient, token: str | None) -> None:
    response = post(gated, [ROCKETS], token=token)
    assert_error(response, 401, "Bearer")
    assert response.headers["www-authenticate"] == "Bearer"


def test_the_token_is_checked_before_the_body(gated: TestClient) -> None:
    assert_error(post(gated, {"not": "a list"}, token="wrong"), 401)


def test_a_posted_article_is_analysed_stored_and_linked(gated: TestClient) -> None:
    before = gated.get("/api/incidents").json()["total"]
    response = post(gated, [ROCKETS])
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["ingested"], body["duplicate"], body["failed"]) == (1, 0, 0)
    assert body["reports"] >= 1 and body["incidents"] == before + 1
    found = gated.get("/api/incidents", params={"text": "Ain al-Asad"}).json()["items"]
    assert [item["attack_type"] for item in found] == ["rocket"]
    assert found[0]["admin1"] == "Anbar" and found[0]["sources"] == ["Reuters"]
    stored = gated.get(f"/api/articles/{body['article_ids'][0]}").json()
    assert stored["article"]["external_id"] == "web-rockets-1"


def test_posting_the_same_article_again_changes_nothing(gated: TestClient) -> None:
    first = post(gated, [ROCKETS]).json()
    again = post(gated, [ROCKETS]).json()
    assert (again["ingested"], again["duplicate"]) == (0, 1)
    assert again["incidents"] == first["incidents"]


def test_a_blank_article_is_a_recorded_failure_not_an_error(gated: TestClient) -> None:
    body = post(gated, [{"text": "   "}, ROCKETS]).json()
    assert (body["failed"], body["ingested"]) == (1, 1)
    assert "blank" in body["failures"][0]["reason"]


BAD_BODIES = [
    ([], "body"),
    ({"text": "one record, not a list"}, "body"),
    ([{"title": "no text"}], "text"),
    ([{"text": "x", "published": "last week"}], "published"),
    ([{"text": "x", "colour": "red"}], "colour"),
    ([{"text": "x"}] * (MAX_ARTICLES_PER_POST + 1), "body"),
]


@pytest.mark.parametrize(
    ("body", "named"), BAD_BODIES, ids=["empty", "object", "no-text", "bad-date", "unknown-field", "too-many"]
)
def test_a_bad_body_is_a_400_that_names_the_field(gated: TestClient, body: Any, named: str) -> None:
    assert_error(post(gated, body), 400, named)
