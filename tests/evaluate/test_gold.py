from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.errors import DataError
from sitreps.evaluate import (
    PredictedEvent,
    corpus_files,
    load_corpus,
    load_gold,
    predictions_from_jsonl,
    write_predictions,
)
from sitreps.model import Precision, Role

from .events import predicted_event

CORPORA = Path(__file__).parents[1] / "data" / "corpus"
GOLD_KEYS = {
    "incident", "role", "date", "date_precision", "location", "admin1", "country", "lat", "lon",
    "attack_type", "target", "claimed_by", "killed", "injured",
}  # fmt: skip


def write_lines(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_seed_gold_reads_every_article_and_event() -> None:
    gold = load_gold(CORPORA / "seeds" / "gold.jsonl")
    assert len(gold) == 5
    events = [e for article in gold.values() for e in article]
    assert len(events) == 8
    assert {e.role for e in events} == {Role.MAIN, Role.BACKGROUND}
    assert [e.admin1_alt for e in events if e.admin1_alt] == [("Muthanna",)]
    assert all(e.notes for e in events)


def test_negatives_keep_articles_without_events_and_ignore_extra_keys() -> None:
    gold = load_gold(CORPORA / "negatives" / "gold.jsonl")
    assert len(gold) == 163
    assert all(events == [] for events in gold.values())


def test_dev_corpus_reads_every_record() -> None:
    records = load_corpus(CORPORA / "dev" / "corpus.jsonl")
    assert len(records) == 46
    assert records[0].id == "h016" and records[0].published == dt.date(2020, 9, 27)
    assert any(r.published is None for r in records)
    assert all(r.text for r in records)


@pytest.mark.parametrize(
    ("date", "precision", "expected_day", "expected_precision"),
    [
        ("2021", "year", dt.date(2021, 1, 1), Precision.YEAR),
        ("2021", None, dt.date(2021, 1, 1), Precision.YEAR),
        ("2021-03", "month", dt.date(2021, 3, 1), Precision.MONTH),
        ("2021-03-01", "month", dt.date(2021, 3, 1), Precision.MONTH),
        ("2021-01-01", "year", dt.date(2021, 1, 1), Precision.YEAR),
        ("2021-03-05", "week", dt.date(2021, 3, 5), Precision.WEEK),
        ("2021-03-05", None, dt.date(2021, 3, 5), Precision.DAY),
        ("2021-03", "day", dt.date(2021, 3, 1), Precision.MONTH),  # a month cannot be day-precise
        (None, None, None, None),
        (None, "day", None, None),
    ],
)
def test_dates_in_every_shape_of_the_format(
    tmp_path: Path,
    date: str | None,
    precision: str | None,
    expected_day: dt.date | None,
    expected_precision: Precision | None,
) -> None:
    event = {"incident": "I1", "role": "main", "date": date, "date_precision": precision}
    gold = load_gold(write_lines(tmp_path / "gold.jsonl", {"id": "a", "events": [event]}))
    assert (gold["a"][0].date, gold["a"][0].date_precision) == (expected_day, expected_precision)


def test_missing_keys_are_nulls(tmp_path: Path) -> None:
    gold = load_gold(write_lines(tmp_path / "gold.jsonl", {"id": 7, "events": [{"role": "background"}]}))
    event = gold["7"][0]
    assert event.role is Role.BACKGROUND
    assert (event.incident, event.date, event.admin1, event.killed, event.lat) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert event.admin1_alt == ()


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ('{"events": []}', "needs an 'id'"),
        ('{"id": "a", "events": [{"role": "lead"}]}', "role"),
        ('{"id": "a", "events": [{"role": "main", "date": "10 Dec 2020"}]}', "date"),
        ('{"id": "a", "events": [{"role": "main", "date": "2020-02-30"}]}', "date"),
        (
            '{"id": "a", "events": [{"role": "main", "date": "2020-12-10", "date_precision": "hour"}]}',
            "precision",
        ),
        ('{"id": "a", "events": [{"role": "main", "killed": "a dozen"}]}', "killed"),
        ('{"id": "a", "events": [{"role": "main", "injured": -1}]}', "injured"),
        ('{"id": "a", "events": [{"role": "main", "lat": "33.3"}]}', "lat"),
        ('{"id": "a", "events": {"role": "main"}}', "events"),
        ('{"id": "a", "events": [{"role": "main", "admin1_alt": [3]}]}', "admin1_alt"),
        ('{"id": "a", "events": []}\n{"id": "a", "events": []}', "twice"),
        ("{'id': 'a'}", "not JSON"),
        ('["a", []]', "JSON object"),
    ],
)
def test_bad_records_name_file_line_and_problem(tmp_path: Path, line: str, complaint: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=complaint) as error:
        load_gold(path)
    assert str(path) in str(error.value)


def test_counts_from_other_tools_are_accepted(tmp_path: Path) -> None:
    event = {"role": "main", "killed": 3.0, "injured": "4", "country": "iq"}
    predicted = predictions_from_jsonl(write_lines(tmp_path / "p.jsonl", {"id": "a", "events": [event]}))
    assert (predicted["a"][0].killed, predicted["a"][0].injured, predicted["a"][0].country) == (3, 4, "IQ")


def test_prediction_json_has_the_gold_keys_and_evidence() -> None:
    event = predicted_event(
        claimed_by="Qasem al-Jabbarin", evidence={"claimed_by": "claimed by Qasem al-Jabbarin"}
    )
    record = event.to_json()
    assert set(record) == GOLD_KEYS | {"evidence"}
    assert record["date"] == "2020-12-10" and record["date_precision"] == "day" and record["role"] == "main"
    assert set(predicted_event().to_json()) == GOLD_KEYS


def test_predictions_file_reads_back_what_was_written(tmp_path: Path) -> None:
    written = {
        "h021": [predicted_event(killed=0, injured=0), predicted_event(admin1="Baghdad", incident="P2")],
        "h022": [],
        "ar1": [
            predicted_event(claimed_by="سرية قاصم الجبارين", evidence={"claimed_by": "سرية قاصم الجبارين"})
        ],
    }
    path = tmp_path / "predictions.jsonl"
    write_predictions(written, path)
    assert predictions_from_jsonl(path) == written
    assert "سرية" in path.read_text(encoding="utf-8")  # readable, not \u-escaped


@given(
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    precision=st.sampled_from(list(Precision)),
    killed=st.none() | st.integers(min_value=0, max_value=10_000),
    lat=st.none() | st.floats(min_value=-90, max_value=90),
)
def test_any_event_survives_a_round_trip_through_the_format(
    tmp_path_factory: pytest.TempPathFactory,
    day: dt.date,
    precision: Precision,
    killed: int | None,
    lat: float | None,
) -> None:
    event = PredictedEvent(date=day, date_precision=precision, killed=killed, lat=lat, lon=lat)
    record = event.to_json()
    assert json.loads(json.dumps(record)) == record
    line = json.dumps({"id": "x", "events": [record]})
    path = tmp_path_factory.getbasetemp() / "round-trip.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    assert predictions_from_jsonl(path)["x"][0] == event


def test_corpus_folder_must_hold_both_files(tmp_path: Path) -> None:
    write_lines(tmp_path / "corpus.jsonl", {"id": "a", "text": "x"})
    with pytest.raises(DataError, match="gold.jsonl"):
        corpus_files(tmp_path)
    write_lines(tmp_path / "gold.jsonl", {"id": "a", "events": []})
    assert corpus_files(tmp_path) == (tmp_path / "corpus.jsonl", tmp_path / "gold.jsonl")
