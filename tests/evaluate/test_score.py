"""`score()` and `evaluate()` on hand-made corpora whose figures are worked out by hand, and the
scorer against itself on the real annotated corpora."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitreps.errors import DataError
from sitreps.evaluate import (
    FIELDS,
    GoldEvent,
    PredictedEvent,
    corpus_files,
    evaluate,
    gold_to_predicted,
    load_gold,
    normalise_group_name,
    predictions_from_jsonl,
    score,
    to_json,
)
from sitreps.model import Role

from .events import exact, gold_event, predicted_event

CORPORA = Path(__file__).parents[1] / "data" / "corpus"


def test_a_perfect_run_scores_one_everywhere() -> None:
    gold = {"a": [gold_event(lat=31.3, lon=45.3)], "b": [gold_event(incident="I2", role=Role.BACKGROUND)]}
    predicted = {"a": [predicted_event(lat=31.31, lon=45.29)], "b": [predicted_event(role=Role.BACKGROUND)]}
    report = to_json(score(gold, predicted, exact))
    assert report["articles"] == 2
    assert report["detection"]["all"] == {
        "tp": 2,
        "fp": 0,
        "fn": 0,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }
    assert set(report["fields"].values()) == {1.0}
    assert report["fields_n"] == dict.fromkeys(FIELDS, 1)  # main pairs only
    assert report["dedup"]["f1"] == 1.0
    assert report["predicted_events"] == 2


def test_a_missed_event_costs_recall_and_a_spurious_one_precision() -> None:
    gold = {
        "a": [gold_event(incident="I1"), gold_event(incident="I2", admin1="Baghdad")],
        "b": [gold_event(incident="I3", admin1="Basra")],
        "c": [],
    }
    predicted = {"a": [predicted_event()], "b": [predicted_event(admin1="Basra")], "c": [predicted_event()]}
    main = to_json(score(gold, predicted, exact))["detection"]["main"]
    assert (main["tp"], main["fp"], main["fn"]) == (2, 1, 1)
    assert (main["precision"], main["recall"]) == (pytest.approx(2 / 3), pytest.approx(2 / 3))


def test_a_role_mismatch_is_a_miss_and_a_false_alarm() -> None:
    gold = {"a": [gold_event()]}
    detection = to_json(score(gold, {"a": [predicted_event(role=Role.BACKGROUND)]}, exact))["detection"]
    assert (detection["main"]["fn"], detection["background"]["fp"]) == (1, 1)
    assert detection["all"] == {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_events_outside_iraq_are_set_aside_but_counted() -> None:
    gold = {"a": [gold_event()]}
    predicted = {"a": [predicted_event(), predicted_event(country="SY", admin1=None, location="Deir ez-Zor")]}
    scores = score(gold, predicted, exact)
    assert to_json(scores)["detection"]["main"] == {
        "tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0,
    }  # fmt: skip
    assert (scores.outside_iraq, scores.predicted_events) == (1, 2)


def test_a_contradiction_blocks_the_pair() -> None:
    """Right place and type, but a week off: two incidents, not one told twice."""
    gold = {"a": [gold_event()]}
    report = to_json(score(gold, {"a": [predicted_event(date=dt.date(2020, 12, 3))]}, exact))
    assert report["detection"]["main"]["tp"] == 0
    assert report["fields"]["date"] is None and report["fields_n"]["date"] == 0


def test_fields_are_shared_over_matched_main_events_only() -> None:
    gold = {
        "a": [gold_event(killed=0, injured=0, claimed_by="Qasem al-Jabbarin")],
        "b": [gold_event(incident="I1", killed=None, lat=31.3, lon=45.3)],
        "c": [gold_event(incident="I9", role=Role.BACKGROUND, killed=3)],
    }
    predicted = {
        "a": [predicted_event(killed=None, injured=0, claimed_by="Qasem al-Jabarin")],  # null is not 0
        "b": [predicted_event(killed=0, lat=31.6, lon=45.3)],  # 33 km north
        "c": [predicted_event(role=Role.BACKGROUND, killed=0)],  # background: not in the shares
    }
    report = to_json(score(gold, predicted, normalise_group_name))
    assert report["fields"]["killed"] == 0.0 and report["fields_n"]["killed"] == 2
    assert report["fields"]["injured"] == 1.0
    assert report["fields"]["claimed_by"] == 1.0
    assert report["fields"]["location"] == 0.0 and report["fields_n"]["location"] == 1


def test_dedup_spans_articles() -> None:
    """Three articles tell incident I1 and one tells I2; the run links two of the I1 reports and
    leaves the third alone. B-cubed precision 1; recall (2/3 + 2/3 + 1/3 + 1) / 4 = 2/3."""
    gold = {aid: [gold_event(incident="I1")] for aid in ("a", "b", "c")} | {"d": [gold_event(incident="I2")]}
    predicted = {
        "a": [predicted_event(incident="P1")],
        "b": [predicted_event(incident="P1")],
        "c": [predicted_event(incident="P2")],
        "d": [predicted_event(incident="P3")],
    }
    dedup = to_json(score(gold, predicted, exact))["dedup"]
    assert dedup["precision"] == 1.0
    assert dedup["recall"] == pytest.approx(2 / 3)
    assert dedup["f1"] == pytest.approx(0.8)
    assert (dedup["predicted_incidents"], dedup["gold_incidents"]) == (3, 2)


def test_unlinked_predictions_are_singletons() -> None:
    gold = {"a": [gold_event()], "b": [gold_event()]}
    predicted = {"a": [predicted_event(incident=None)], "b": [predicted_event(incident=None)]}
    dedup = to_json(score(gold, predicted, exact))["dedup"]
    assert (dedup["precision"], dedup["recall"], dedup["predicted_incidents"]) == (1.0, 0.5, 2)


def test_an_empty_corpus_scores_null() -> None:
    report = to_json(score({}, {}, exact))
    assert report["articles"] == 0 and report["predicted_events"] == 0
    assert all(value is None for value in report["fields"].values())
    assert all(
        role[k] is None for role in report["detection"].values() for k in ("precision", "recall", "f1")
    )
    assert report["dedup"] == {
        "precision": None,
        "recall": None,
        "f1": None,
        "predicted_incidents": 0,
        "gold_incidents": 0,
    }


def test_predictions_for_unknown_articles_are_an_error() -> None:
    with pytest.raises(DataError, match="not in the gold: 3f2a9c"):
        score({"a": []}, {"3f2a9c": [predicted_event()]}, exact)


def gold_as_predictions(gold: dict[str, list[GoldEvent]]) -> dict[str, list[PredictedEvent]]:
    return {aid: [gold_to_predicted(e) for e in events] for aid, events in gold.items()}


def test_the_dev_gold_scores_one_against_itself() -> None:
    gold = load_gold(CORPORA / "dev" / "gold.jsonl")
    report = to_json(score(gold, gold_as_predictions(gold), normalise_group_name))
    for role in ("main", "background", "all"):
        assert report["detection"][role]["f1"] == 1.0
    assert report["detection"]["all"]["tp"] == report["predicted_events"] == 79
    assert set(report["fields"].values()) == {1.0}
    assert report["fields_n"]["date"] == 54 and 0 < report["fields_n"]["location"] < 54
    assert (report["dedup"]["f1"], report["dedup"]["predicted_incidents"]) == (
        1.0,
        report["dedup"]["gold_incidents"],
    )


def test_the_negatives_gold_against_itself_predicts_nothing() -> None:
    corpus, gold_path = corpus_files(CORPORA / "negatives")
    gold = load_gold(gold_path)
    report = to_json(evaluate(corpus, gold_path, lambda _: gold_as_predictions(gold), exact))
    assert report["articles"] == 163 and report["predicted_events"] == 0
    assert report["detection"]["all"]["fp"] == 0 and report["detection"]["all"]["precision"] is None


def test_evaluate_writes_predictions_that_score_the_same_offline(tmp_path: Path) -> None:
    corpus, gold_path = corpus_files(CORPORA / "seeds")
    gold = load_gold(gold_path)
    first = next(iter(gold))

    def predict(path: Path) -> dict[str, list[PredictedEvent]]:
        assert path == corpus
        return {first: [gold_to_predicted(e) for e in gold[first]] + [predicted_event(incident="P9")]}

    out = tmp_path / "predictions.jsonl"
    live = to_json(evaluate(corpus, gold_path, predict, normalise_group_name, predictions_out=out))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == list(gold)  # one line per article, events or not
    offline = to_json(score(gold, predictions_from_jsonl(out), normalise_group_name))
    assert offline == live
    assert live["predicted_events"] == len(gold[first]) + 1


def test_corpus_and_gold_must_list_the_same_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"id": "a", "text": "Rockets hit Baghdad airport."}\n', encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "b", "events": []}\n', encoding="utf-8")
    with pytest.raises(DataError, match="different articles"):
        evaluate(corpus, gold, lambda _: {}, exact)
