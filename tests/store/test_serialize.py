from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import articles, incidents, reports

from sitreps.model import (
    Analysis,
    Article,
    AttackType,
    DateValue,
    Fact,
    Incident,
    PlaceLevel,
    Precision,
    Report,
)
from sitreps.store.serialize import (
    analysis_from_json,
    analysis_to_json,
    article_from_json,
    article_to_json,
    from_json,
    incident_from_json,
    incident_to_json,
    json_text,
    report_from_json,
    report_from_text,
    report_to_json,
    to_json,
)


def through_json_text(data: object) -> object:
    """What the database hands back: the data after a trip through JSON text."""
    return json.loads(json.dumps(data))


@settings(max_examples=60, deadline=None)
@given(reports)
def test_report_round_trip_is_exact(report: Report) -> None:
    assert report_from_json(through_json_text(report_to_json(report))) == report


@settings(max_examples=60, deadline=None)
@given(incidents)
def test_incident_round_trip_is_exact(incident: Incident) -> None:
    assert incident_from_json(through_json_text(incident_to_json(incident))) == incident


@settings(max_examples=60, deadline=None)
@given(st.one_of(reports, incidents, articles))
def test_a_json_column_holds_what_to_json_gives(value: Report | Incident | Article) -> None:
    """The store hands model values to `json_text`; the text must be `to_json`'s data."""
    assert json.loads(json_text(value)) == through_json_text(to_json(value))
    assert type(value) is not Report or report_from_text(json_text(value)) == value


@settings(max_examples=60, deadline=None)
@given(articles)
def test_article_round_trip_is_exact(article: Article) -> None:
    assert article_from_json(through_json_text(article_to_json(article))) == article


def test_real_analysis_round_trip_keeps_evidence_and_types(seed_analysis: Analysis) -> None:
    restored = analysis_from_json(through_json_text(analysis_to_json(seed_analysis)))
    assert restored == seed_analysis
    main = restored.reports[0]
    assert main.attack_type.value is AttackType.IED
    assert main.date.value == DateValue(date(2020, 8, 10), Precision.DAY)
    assert main.place.value is not None and main.place.value.level is PlaceLevel.SITE
    assert main.claimed_by.evidence[0].text == "Ashab al-Kahaf militia group"
    assert main.killed.note == "'no casualties' is zero"


def test_a_report_read_from_its_stored_text_is_built_once(seed_analysis: Analysis) -> None:
    report = seed_analysis.reports[0]
    text = json.dumps(report_to_json(report), ensure_ascii=False)
    first = report_from_text(text)
    assert first == report
    assert report_from_text(text) is first  # read again: the same value, not built anew
    changed = json.dumps(report_to_json(replace(report, location_text="elsewhere")), ensure_ascii=False)
    assert report_from_text(changed).location_text == "elsewhere"  # the text is the key, not the id


def test_real_incident_round_trip(seed_incident: Incident) -> None:
    assert incident_from_json(through_json_text(incident_to_json(seed_incident))) == seed_incident


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (AttackType.DRONE, "drone"),
        (date(2021, 3, 4), "2021-03-04"),
        (DateValue(date(2020, 7, 1), Precision.MONTH), {"day": "2020-07-01", "precision": "month"}),
        ((("feed", "rss"),), [["feed", "rss"]]),
        (Fact(), {"value": None, "evidence": [], "confidence": 0.0, "note": None}),
    ],
)
def test_json_form_uses_the_gold_format_strings(value: object, expected: object) -> None:
    assert to_json(value) == expected


def test_json_written_before_a_field_existed_still_loads() -> None:
    """Stored JSON outlives the code: a key missing from old data takes the field's default."""
    old = {"value": "rocket", "evidence": [], "confidence": 0.5}  # no "note" yet
    assert from_json(Fact[AttackType], old) == Fact(AttackType.ROCKET, (), 0.5)


def test_unknown_values_are_refused() -> None:
    with pytest.raises(TypeError):
        to_json(object())
    with pytest.raises(ValueError):
        from_json(AttackType, "catapult")
