"""What the scorer sees of a report: its own fields, and for a report with no date of its own the
date of the incident it joined (the date the system gives that event)."""

from __future__ import annotations

import datetime as dt

from sitreps.evaluate.predict import events_by_record, report_to_event
from sitreps.link.cluster import link_reports
from sitreps.model import AttackType, DateValue, Fact, Place, PlaceLevel, Precision, Report, Role, Target

CONSULATE = Place(
    "site:us-consulate-erbil", "US consulate", PlaceLevel.SITE, "IQ", "Erbil", "Erbil", 36.19, 44.01
)


def rockets_on_the_consulate(report_id: str, day: dt.date | None, claimed: str | None = None) -> Report:
    return Report(
        id=report_id,
        article_id=report_id.partition(":")[0],
        role=Role.MAIN,
        attack_type=Fact(AttackType.ROCKET),
        target=Fact(Target.EMBASSY),
        date=Fact(DateValue(day, Precision.DAY)) if day else Fact(),
        place=Fact(CONSULATE),
        claimed_by=Fact(claimed) if claimed else Fact(),
    )


# K009, Erbil, 13 March 2022: BBC dates it; the Epoch Times page (d018) gives no date at all.
DATED = rockets_on_the_consulate("d016:0", dt.date(2022, 3, 13))
UNDATED = rockets_on_the_consulate("d018:0", None, claimed="Iran")


def test_an_undated_report_takes_its_incident_s_date() -> None:
    (incident,) = link_reports([DATED, UNDATED])
    event = report_to_event(UNDATED, incident)
    assert (event.date, event.date_precision) == (dt.date(2022, 3, 13), Precision.DAY)
    assert event.incident == incident.id and event.claimed_by == "Iran"
    assert "date" not in event.evidence  # the date is the incident's, not words of this page


def test_a_dated_report_keeps_its_own_date() -> None:
    """A day-apart report joins the incident but keeps the day its own text gives."""
    day_after = rockets_on_the_consulate("d017:0", dt.date(2022, 3, 14))
    incident = next(i for i in link_reports([DATED, day_after]) if "d017:0" in i.report_ids)
    assert "d016:0" in incident.report_ids
    assert incident.date.value == DateValue(dt.date(2022, 3, 13), Precision.DAY)
    assert report_to_event(day_after, incident).date == dt.date(2022, 3, 14)


def test_a_report_alone_with_no_date_stays_undated() -> None:
    (incident,) = link_reports([UNDATED])
    assert report_to_event(UNDATED, incident).date is None
    assert report_to_event(UNDATED, None).incident is None


def test_events_by_record_date_undated_reports_by_their_incident() -> None:
    incidents = link_reports([DATED, UNDATED])
    events = events_by_record([("bbc-1", [DATED]), ("epoch-1", [UNDATED]), (None, [])], incidents)
    assert set(events) == {"bbc-1", "epoch-1"}
    assert events["epoch-1"][0].date == events["bbc-1"][0].date == dt.date(2022, 3, 13)
    assert events["epoch-1"][0].incident == events["bbc-1"][0].incident
