"""Properties of the whole extractor on arbitrary text: it never raises, every evidence span
points at its own words in the clean text, and the same article gives the same reports."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.extract import extract_reports
from sitreps.model import Article, Report, content_id, span_is_valid
from sitreps.resources import load_resources

# Real attack vocabulary mixed with noise, so the extractor's deeper paths are reached.
WORDS = st.sampled_from([
    "A roadside bomb", "targeted", "a convoy", "of the US-led coalition", "in Dhi Qar", "on Monday",
    "late on Sunday", "near Basra", "between Diwaniya and Samawah", "No casualties were reported.",
    "killing two soldiers", "Kataib Hezbollah claimed responsibility.", "another convoy", "in late July",
    "rockets hit", "Baghdad airport", "the attack", ".", "\n", "Ain al-Asad", "said", "February 30",
    "عبوة ناسفة", "استهدفت رتلا", "\u200f", "ERBIL, Kurdistan Region –",
])
TEXT = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=40).map(" ".join))


def _spans(report: Report):
    for name in ("attack_type", "target", "target_owner", "date", "place", "claimed_by", "blamed_on",
                 "denied_by", "killed", "injured", "damage"):
        yield from getattr(report, name).evidence
    for fact in report.cited_sources:
        yield from fact.evidence
    if report.trigger:
        yield report.trigger


@settings(max_examples=150, deadline=None)
@given(text=TEXT, published=st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))))
def test_extractor_never_raises_and_spans_point_into_the_text(text, published):
    article = Article(id=content_id(text), source="hypothesis", raw_text=text, text=text, published=published)
    reports = extract_reports(article, load_resources())
    for report in reports:
        for span in _spans(report):
            assert span_is_valid(span, article), span
    assert extract_reports(article, load_resources()) == reports
