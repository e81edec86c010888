"""Hypothesis strategies for the model's values, shared by the tests of everything that writes
them out and reads them back (the store's JSON, the workers' messages)."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from sitreps.model import (
    Analysis,
    Article,
    AttackType,
    DateValue,
    Disagreement,
    Fact,
    Incident,
    Merged,
    Place,
    PlaceLevel,
    Precision,
    Range,
    Report,
    Role,
    Span,
    Status,
    Target,
)

# Text as news carries it: any script, no lone surrogates (which no database stores either).
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
maybe_texts = st.none() | texts
ids = st.text("0123456789abcdef", min_size=20, max_size=20)
days = st.dates(date(1990, 1, 1), date(2035, 12, 31))
finite = st.floats(allow_nan=False, allow_infinity=False)
unit = st.floats(0.0, 1.0)
counts = st.none() | st.integers(0, 10_000)

spans = st.builds(Span, ids, st.integers(0, 10**6), st.integers(0, 10**6), texts)
date_values = st.builds(DateValue, days, st.sampled_from(Precision))
places = st.builds(
    Place,
    id=texts,
    name=texts,
    level=st.sampled_from(PlaceLevel),
    country=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
    admin1=maybe_texts,
    admin2=maybe_texts,
    lat=st.none() | finite,
    lon=st.none() | finite,
    kind=maybe_texts,
    source=maybe_texts,
)


def facts(values: st.SearchStrategy) -> st.SearchStrategy[Fact]:
    return st.builds(Fact, st.none() | values, st.lists(spans, max_size=3).map(tuple), unit, maybe_texts)


reports = st.builds(
    Report,
    id=texts,
    article_id=ids,
    role=st.sampled_from(Role),
    attack_type=facts(st.sampled_from(AttackType)),
    target=facts(st.sampled_from(Target)),
    target_owner=facts(texts),
    date=facts(date_values),
    place=facts(places),
    location_text=maybe_texts,
    claimed_by=facts(texts),
    blamed_on=facts(texts),
    blamed_by=facts(texts),
    denied_by=facts(texts),
    killed=facts(st.integers(0, 10_000)),
    injured=facts(st.integers(0, 10_000)),
    damage=facts(texts),
    cited_sources=st.lists(facts(texts), max_size=3).map(tuple),
    trigger=st.none() | spans,
    confidence=unit,
)


def merged(values: st.SearchStrategy) -> st.SearchStrategy[Merged]:
    return st.builds(Merged, st.none() | values, st.lists(texts, max_size=3).map(tuple), texts)


incidents = st.builds(
    Incident,
    id=texts,
    report_ids=st.lists(texts, max_size=4).map(tuple),
    attack_type=merged(st.sampled_from(AttackType)),
    target=merged(st.sampled_from(Target)),
    date=merged(date_values),
    place=merged(places),
    claimed_by=st.lists(texts, max_size=2).map(tuple),
    denied_by=st.lists(texts, max_size=2).map(tuple),
    killed=st.builds(Range, counts, counts, counts),
    injured=st.builds(Range, counts, counts, counts),
    status=st.sampled_from(Status),
    disagreements=st.lists(
        st.builds(Disagreement, texts, st.lists(st.tuples(texts, texts), max_size=3).map(tuple)), max_size=2
    ).map(tuple),
)

articles = st.builds(
    Article,
    id=ids,
    source=texts,
    raw_text=texts,
    text=texts,
    url=maybe_texts,
    outlet=maybe_texts,
    title=maybe_texts,
    published=st.none() | days,
    language=st.none() | st.sampled_from(["en", "ar", "fr"]),
    external_id=maybe_texts,
    segments=st.lists(st.tuples(*[st.integers(0, 10**6)] * 3), max_size=4).map(tuple),
    meta=st.lists(st.tuples(texts, texts), max_size=3).map(tuple),
)

analyses = st.builds(Analysis, articles, st.lists(reports, max_size=3).map(tuple), st.booleans())
