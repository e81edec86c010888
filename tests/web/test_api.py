"""The REST API over the sample database: every endpoint, every filter, paging and sorting,
and bad parameters, which must get a 400 in the one error shape with a message naming them."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient

from sitreps.model import AttackType, Status, Target
from sitreps.store.filters import Total
from sitreps.store.queries import SORTS, TALLY_KEYS
from sitreps.web import api
from sitreps.web.schemas import PointsOut, Sort, TallyKey

from .conftest import ARABIC_TEXT


def get_ok(client: TestClient, url: str, **params: Any) -> dict[str, Any]:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is True
    return body


def assert_error(response: Any, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status
    for word in words:
        assert word in body["error"]


@pytest.fixture(scope="module")
def everything(client: TestClient) -> list[dict[str, Any]]:
    return get_ok(client, "/api/incidents", limit=500)["items"]


@pytest.fixture(scope="module")
def details(client: TestClient, everything: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: get_ok(client, f"/api/incidents/{item['id']}")["incident"] for item in everything}


def first_day(text: str | None) -> date | None:
    """The stored day of a date as the API writes it ("2020-07" is stored as 2020-07-01)."""
    if text is None:
        return None
    return date.fromisoformat(
        text if len(text) == 10 else f"{text}-01" if len(text) == 7 else f"{text}-01-01"
    )


def mentions(detail: dict[str, Any], needle: str) -> bool:
    """The `text` filter's definition: governorate, claimants, or any report's place or article."""
    needle = needle.casefold()
    fields = [detail["admin1"] or "", "; ".join(detail["claimed_by"])]
    for report in detail["reports"]:
        fields += [report["location_text"] or "", report["article"]["title"] or "", report["article"]["text"]]
    return any(needle in field.casefold() for field in fields)


# -- incidents --------------------------------------------------------------------------------


def test_the_sample_database_has_incidents_of_several_kinds(everything: list[dict[str, Any]]) -> None:
    assert len(everything) >= 8
    assert len({item["attack_type"] for item in everything}) >= 3
    assert len({item["status"] for item in everything}) >= 3


FILTERS = [
    (
        "date_from",
        "2021-01-01",
        lambda i, d: first_day(i["date"]) is not None and first_day(i["date"]) >= date(2021, 1, 1),
    ),
    (
        "date_to",
        "2020-12-31",
        lambda i, d: first_day(i["date"]) is not None and first_day(i["date"]) <= date(2020, 12, 31),
    ),
    ("admin1", "basra", lambda i, d: i["admin1"] == "Basra"),
    ("admin1", "Al-Qadisiyah", lambda i, d: i["admin1"] == "Al-Qadisiyah"),
    ("attack_type", "ied", lambda i, d: i["attack_type"] == "ied"),
    ("attack_type", "armed_assault", lambda i, d: i["attack_type"] == "armed_assault"),
    ("target", "convoy", lambda i, d: i["target"] == "convoy"),
    ("target", "other", lambda i, d: i["target"] == "other"),
    ("status", "claimed", lambda i, d: i["status"] == "claimed"),
    ("status", "disputed", lambda i, d: i["status"] == "disputed"),
    ("group", "Saraya Qasim al-Jabbarin", lambda i, d: "Saraya Qasim al-Jabbarin" in i["claimed_by"]),
    ("group", "Qassem al-Jabbarin", lambda i, d: "Saraya Qasim al-Jabbarin" in i["claimed_by"]),  # an alias
    ("group", "Islamic State", lambda i, d: "Islamic State" in i["claimed_by"]),
    ("text", "Yusufiya", lambda i, d: mentions(d, "Yusufiya")),
    ("text", "kuwait", lambda i, d: mentions(d, "kuwait")),
    ("text", "الديوانية", lambda i, d: mentions(d, "الديوانية")),
]


@pytest.mark.parametrize(("name", "value", "holds"), FILTERS, ids=[f"{n}={v}" for n, v, _ in FILTERS])
def test_each_filter_selects_exactly_the_incidents_it_describes(
    client: TestClient,
    everything: list[dict[str, Any]],
    details: dict[str, dict[str, Any]],
    name: str,
    value: str,
    holds: Any,
) -> None:
    expected = {item["id"] for item in everything if holds(item, details[item["id"]])}
    page = get_ok(client, "/api/incidents", **{name: value, "limit": 500})
    assert expected, "the sample must hold incidents this filter selects"
    assert {item["id"] for item in page["items"]} == expected
    assert page["total"] == len(expected)


def test_filters_combine_with_and(client: TestClient, everything: list[dict[str, Any]]) -> None:
    expected = {i["id"] for i in everything if i["attack_type"] == "ied" and i["admin1"] == "Basra"}
    page = get_ok(client, "/api/incidents", attack_type="ied", admin1="Basra")
    assert {item["id"] for item in page["items"]} == expected and expected


def test_blank_filters_mean_any(client: TestClient, everything: list[dict[str, Any]]) -> None:
    page = get_ok(client, "/api/incidents", admin1="", group=" ", text="", limit=500)
    assert page["total"] == len(everything)


def test_pages_cover_the_list_once(client: TestClient, everything: list[dict[str, Any]]) -> None:
    pages = [
        get_ok(client, "/api/incidents", limit=3, offset=offset) for offset in range(0, len(everything), 3)
    ]
    assert [item["id"] for page in pages for item in page["items"]] == [item["id"] for item in everything]
    assert {page["total"] for page in pages} == {len(everything)}
    assert get_ok(client, "/api/incidents", offset=len(everything))["items"] == []


# -- totals: exact, except a text search past the cap --------------------------------------


def test_totals_are_exact_below_the_cap(client: TestClient, everything: list[dict[str, Any]]) -> None:
    assert get_ok(client, "/api/incidents")["total_exact"] is True
    searched = get_ok(client, "/api/incidents", text="convoy", limit=500)
    assert searched["total_exact"] is True and searched["total"] == len(searched["items"]) >= 2


@pytest.fixture
def cap_of_two(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(api, "TOTAL_CAP", 2)
    return 2


def test_a_text_search_past_the_cap_has_a_lower_bound(
    client: TestClient, everything: list[dict[str, Any]], cap_of_two: int
) -> None:
    matches = [i["id"] for i in get_ok(client, "/api/incidents", text="convoy", limit=500)["items"]]
    assert len(matches) > cap_of_two + 2
    first = get_ok(client, "/api/incidents", text="convoy", limit=1)
    assert (first["total"], first["total_exact"]) == (cap_of_two, False)
    later = get_ok(client, "/api/incidents", text="convoy", limit=1, offset=cap_of_two + 1)
    assert (later["total"], later["total_exact"]) == (cap_of_two + 2, False)  # what the page has seen
    last = get_ok(client, "/api/incidents", text="convoy", limit=2, offset=len(matches) - 1)
    assert (last["total"], last["total_exact"]) == (len(matches), True)  # a short page is the last
    unsearched = get_ok(client, "/api/incidents", limit=1)
    assert (unsearched["total"], unsearched["total_exact"]) == (len(everything), True)


@pytest.mark.parametrize(
    ("counted", "offset", "shown", "limit", "expected"),
    [
        (Total(7, True), 0, 5, 5, Total(7, True)),  # exact stays exact
        (Total(100, False), 0, 50, 50, Total(100, False)),
        (Total(100, False), 200, 50, 50, Total(250, False)),  # a full page past the cap
        (Total(100, False), 200, 10, 50, Total(210, True)),  # a short page: the last one
        (Total(100, False), 900, 0, 50, Total(100, False)),  # past the end: still a lower bound
    ],
)
def test_a_page_sharpens_a_capped_total(
    counted: Total, offset: int, shown: int, limit: int, expected: Total
) -> None:
    assert api.page_total(counted, offset, shown, limit) == expected


def test_the_documented_choices_are_the_query_layers() -> None:
    assert get_args(Sort) == SORTS and get_args(TallyKey) == TALLY_KEYS


@pytest.mark.parametrize("sort", SORTS)
def test_each_sort_orders_the_list(client: TestClient, sort: str) -> None:
    items = get_ok(client, "/api/incidents", sort=sort, limit=500)["items"]
    key = {
        "date": lambda i: first_day(i["date"]),
        "killed": lambda i: i["killed"]["best"],
        "sources": lambda i: len(set(i["sources"])),
    }[sort.lstrip("-")]
    known = [key(item) for item in items if key(item) is not None]
    assert known == sorted(known, reverse=sort.startswith("-"))
    assert all(key(item) is None for item in items[len(known) :])  # unknown values last


def test_an_incident_has_its_reports_sources_and_evidence(
    client: TestClient, details: dict[str, dict[str, Any]]
) -> None:
    for detail in details.values():
        assert detail["reports"], detail["id"]
        assert set(detail["merged"]) == {"attack_type", "target", "date", "place"}
        assert detail["sources"] == list(dict.fromkeys(r["article"]["name"] for r in detail["reports"]))
        for report in detail["reports"]:
            text = report["article"]["text"]
            assert report["evidence"], report["id"]
            for span in report["evidence"]:
                assert text[span["start"] : span["end"]] == span["text"]


def test_disagreements_name_the_reports_that_differ(
    client: TestClient, details: dict[str, dict[str, Any]]
) -> None:
    for detail in details.values():
        report_ids = {r["id"] for r in detail["reports"]}
        for disagreement in detail["disagreements"]:
            assert {v["report_id"] for v in disagreement["values"]} <= report_ids


def test_an_incident_is_found_by_a_unique_start_of_its_id(
    client: TestClient, everything: list[dict[str, Any]]
) -> None:
    full = everything[0]["id"]
    assert get_ok(client, f"/api/incidents/{full[:10]}")["incident"]["id"] == full


def test_the_arabic_source_keeps_its_language(client: TestClient, details: dict[str, dict[str, Any]]) -> None:
    arabic = [r for d in details.values() for r in d["reports"] if r["article"]["language"] == "ar"]
    assert [r["article"]["text"] for r in arabic] == [ARABIC_TEXT]


def test_an_unknown_incident_is_a_404(client: TestClient) -> None:
    assert_error(client.get("/api/incidents/inc-does-not-exist"), 404, "no incident")


# -- counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize("by", TALLY_KEYS)
def test_tallies_count_the_list(client: TestClient, everything: list[dict[str, Any]], by: str) -> None:
    body = get_ok(client, f"/api/tallies/{by}")
    counts = {c["key"]: c["count"] for c in body["counts"]}
    if by == "group":
        expected = Counter(g for i in everything for g in (i["claimed_by"] or [None]))
        assert counts == dict(expected)
    elif by in ("admin1", "attack_type", "target", "status"):
        assert counts == dict(Counter(i[by] for i in everything))
    else:
        assert sum(counts.values()) == len(everything)


def test_tallies_take_the_filters(client: TestClient, everything: list[dict[str, Any]]) -> None:
    body = get_ok(client, "/api/tallies/admin1", attack_type="ied")
    assert {c["key"]: c["count"] for c in body["counts"]} == dict(
        Counter(i["admin1"] for i in everything if i["attack_type"] == "ied")
    )


def test_points_are_the_placeable_incidents(client: TestClient, everything: list[dict[str, Any]]) -> None:
    body = get_ok(client, "/api/points")
    placeable = {i["id"] for i in everything if i["lat"] is not None or i["admin1"] is not None}
    assert body["total"] == len(everything)
    assert body["mapped"] == len(placeable) == len(body["points"]) and body["groups"] == []
    assert {p["id"] for p in body["points"]} == placeable
    by_id = {i["id"]: i for i in everything}
    for point in body["points"]:
        assert point["approximate"] == (by_id[point["id"]]["lat"] is None)
        assert 29 <= point["lat"] <= 38 and 38 <= point["lon"] <= 49  # all in Iraq
    assert [p["date"] for p in body["points"]] == sorted((p["date"] for p in body["points"]), reverse=True)


@pytest.mark.parametrize("limit", [2000, 2])
def test_points_have_the_documented_shape(client: TestClient, limit: int) -> None:
    body = get_ok(client, "/api/points", limit=limit)
    assert PointsOut.model_validate(body).model_dump(mode="json", exclude_unset=True) == body


def test_beyond_the_limit_incidents_are_counted_per_spot_and_type(
    client: TestClient, everything: list[dict[str, Any]]
) -> None:
    one_by_one = get_ok(client, "/api/points")["points"]
    body = get_ok(client, "/api/points", limit=2)
    assert body["points"] == [] and body["mapped"] == len(one_by_one) > 2
    expected = Counter((p["lat"], p["lon"], p["approximate"], p["attack_type"]) for p in one_by_one)
    assert {
        (g["lat"], g["lon"], g["approximate"], g["attack_type"]): g["count"] for g in body["groups"]
    } == expected
    assert len(body["groups"]) < len(one_by_one)  # some incidents share a spot and a type


def test_points_take_the_filters(client: TestClient, everything: list[dict[str, Any]]) -> None:
    body = get_ok(client, "/api/points", admin1="Basra")
    assert {p["id"] for p in body["points"]} == {i["id"] for i in everything if i["admin1"] == "Basra"}


def test_the_timeline_counts_every_incident_once(
    client: TestClient, everything: list[dict[str, Any]]
) -> None:
    body = get_ok(client, "/api/timeline")
    weekly = sum(sum(w["counts"].values()) for w in body["weeks"])
    coarser = sum(sum(p["counts"].values()) for p in body["coarser"])
    assert weekly + coarser + body["undated"] == len(everything)
    assert [w["start"] for w in body["weeks"]] == sorted(w["start"] for w in body["weeks"])
    assert all(date.fromisoformat(w["start"]).isoweekday() == 1 for w in body["weeks"])
    month_only = [i for i in everything if i["date_precision"] == "month"]
    assert len(body["coarser"]) == len({i["date"] for i in month_only})


# -- articles ---------------------------------------------------------------------------------


def test_articles_are_listed_and_paged(client: TestClient) -> None:
    body = get_ok(client, "/api/articles", limit=500)
    assert body["total"] == len(body["items"]) == 6  # five samples and the Arabic article
    first_two = get_ok(client, "/api/articles", limit=2)["items"]
    assert first_two == body["items"][:2]
    assert [item["published"] for item in body["items"]] == sorted(
        item["published"] for item in body["items"]
    )
    for item in body["items"]:  # the list and the article agree
        assert get_ok(client, f"/api/articles/{item['id']}")["article"] == item


def test_an_article_has_its_text_and_reports(client: TestClient) -> None:
    body = get_ok(client, "/api/articles/web-arabic-1")
    assert body["text"] == ARABIC_TEXT
    assert body["article"]["language"] == "ar"
    assert body["report_ids"] == [f"{body['article']['id']}:0"]


def test_an_unknown_article_is_a_404(client: TestClient) -> None:
    assert_error(client.get("/api/articles/no-such-article"), 404, "no article")


# -- bad requests -----------------------------------------------------------------------------

BAD = [
    ("/api/incidents?limit=0", "limit"),
    ("/api/incidents?limit=501", "limit"),
    ("/api/incidents?limit=ten", "limit"),
    ("/api/incidents?offset=-1", "offset"),
    ("/api/incidents?sort=sideways", "sort"),
    ("/api/incidents?date_from=2021-13-01", "date_from"),
    ("/api/incidents?date_to=yesterday", "date_to"),
    ("/api/incidents?date_from=2021-02-01&date_to=2021-01-01", "date_from"),
    ("/api/incidents?attack_type=bombing", "attack_type"),
    ("/api/incidents?target=hospital", "target"),
    ("/api/incidents?status=rumoured", "status"),
    ("/api/incidents?text=" + "x" * 201, "text"),
    ("/api/tallies/day", "by"),
    ("/api/tallies/admin1?status=rumoured", "status"),
    ("/api/points?limit=0", "limit"),
    ("/api/points?limit=20001", "limit"),
    ("/api/timeline?date_to=2021-02-30", "date_to"),
    ("/api/articles?limit=-5", "limit"),
]


@pytest.mark.parametrize(("url", "parameter"), BAD, ids=[url for url, _ in BAD])
def test_a_bad_parameter_is_a_400_that_names_it(client: TestClient, url: str, parameter: str) -> None:
    assert_error(client.get(url), 400, parameter)


def test_enum_errors_list_the_choices(client: TestClient) -> None:
    for parameter, kind in (("attack_type", AttackType), ("target", Target), ("status", Status)):
        message = client.get(f"/api/incidents?{parameter}=nonsense").json()["error"]
        assert all(f"'{member.value}'" in message for member in kind)


def test_unknown_paths_and_methods_get_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/nothing-here"), 404, "/api/nothing-here")
    assert_error(client.delete("/api/incidents"), 405, "DELETE")


def test_a_database_that_vanished_is_a_503(sample_db: Any, tmp_path: Any) -> None:
    from sitreps.web import WebSettings

    from .conftest import client_for

    db = tmp_path / "gone.db"
    db.write_bytes(sample_db.read_bytes())
    with client_for(db, WebSettings(tiles_url="")) as gone:
        state = gone.app.state.sitreps
        with state.store.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE incident_reports")
        assert_error(gone.get("/api/incidents"), 503, "database")


# -- the OpenAPI document ---------------------------------------------------------------------


def test_the_openapi_document_lists_every_endpoint(client: TestClient) -> None:
    document = get_json(client, "/api/openapi.json")
    paths = document["paths"]
    assert set(paths) == {
        "/api/incidents",
        "/api/incidents/{incident_id}",
        "/api/tallies/{by}",
        "/api/points",
        "/api/timeline",
        "/api/articles",
        "/api/articles/{key}",
    }
    assert set(paths["/api/articles"]) == {"get", "post"}
    parameters = {p["name"] for p in paths["/api/incidents"]["get"]["parameters"]}
    assert parameters == {
        "date_from",
        "date_to",
        "admin1",
        "attack_type",
        "target",
        "group",
        "status",
        "text",
        "limit",
        "offset",
        "sort",
    }


def test_the_openapi_document_says_when_a_total_is_a_lower_bound(client: TestClient) -> None:
    page = get_json(client, "/api/openapi.json")["components"]["schemas"]["IncidentPage"]
    assert {"total", "total_exact"} <= set(page["required"])
    assert page["properties"]["total_exact"]["type"] == "boolean"
    assert "lower bound" in page["properties"]["total"]["description"]


def test_the_openapi_document_describes_our_errors(client: TestClient) -> None:
    document = get_json(client, "/api/openapi.json")
    for operations in document["paths"].values():
        for operation in operations.values():
            assert "422" not in operation["responses"]
            if operation.get("parameters") or "requestBody" in operation:
                error = operation["responses"]["400"]["content"]["application/json"]["schema"]
                assert error == {"$ref": "#/components/schemas/Error"}
    assert "HTTPValidationError" not in document["components"]["schemas"]


def get_json(client: TestClient, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    return response.json()
