"""The linker's questions to the store: stored reports in a date window, the incidents of some
reports, and, for undated reports, the incidents and undated reports near some places.

They live beside the store rather than in `link/` so that every SQL statement beyond plain reads
is under `store/`. Each reads a bounded number of statements (ids go in `schema.chunks`), and
each condition that can be is asked of a flat, indexed column before any report's JSON is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa

from ..link.compare import date_interval
from ..link.probe import Probe, Whereabouts
from ..model import AttackType, Precision, Report
from .reading import reading
from .schema import chunks, incident_reports, report_text, reports
from .serialize import report_from_text
from .store import Store
from .writing import report_ids_of


def reports_in_window(store: Store, date_from: date, date_to: date) -> list[Report]:
    """Stored reports whose date, at its precision, may fall on a day in [date_from, date_to]
    (a month-precise report dated 2021-02 is in a window of 10–12 February). The SQL bounds are
    wide enough for every precision and use the date index; the exact test follows in Python."""
    r = reports.c
    near = sa.and_(r.date >= date_from - timedelta(days=31), r.date <= date_to + timedelta(days=6))
    same_year = sa.and_(
        r.date_precision == Precision.YEAR.value,
        r.date >= date(date_from.year, 1, 1),
        r.date <= date(date_to.year, 12, 31),
    )
    query = sa.select(report_text).where(sa.or_(near, same_year)).order_by(r.date, r.id)
    with reading(store) as conn:
        found = [report_from_text(data) for data in conn.scalars(query)]
    return [
        rep
        for rep in found
        if rep.date.value and _overlaps(date_interval(rep.date.value), date_from, date_to)
    ]


def _overlaps(interval: tuple[date, date], date_from: date, date_to: date) -> bool:
    return interval[0] <= date_to and date_from <= interval[1]


def incident_members(store: Store, report_ids: Sequence[str]) -> dict[str, frozenset[str]]:
    """The incidents that hold any of these reports, each with all its report ids: what a
    re-link must replace, and what lets it skip incidents whose members did not change."""
    holding: set[str] = set()
    with reading(store) as conn:
        for chunk in chunks(report_ids):
            query = sa.select(incident_reports.c.incident_id).where(incident_reports.c.report_id.in_(chunk))
            holding.update(conn.scalars(query))
        members = report_ids_of(conn, sorted(holding))
    return {i: frozenset(m) for i, m in members.items()}


_TERMS_PER_QUERY = 200  # places OR-ed in one statement: well under SQLite's expression depth


def linked_undated_whereabouts(store: Store, governorates: Sequence[str | None]) -> list[Whereabouts]:
    """Where each undated report already in an incident lies, in these governorates (None: a
    place with no governorate): cheap to read for every one (the date index finds the undated),
    so that only those a probe points at are read whole (`reports_by_id`)."""
    r = reports.c
    place_id = r.data[("place", "value", "id")].as_string()
    named = [g for g in governorates if g is not None]
    somewhere = sa.or_(r.admin1.in_(named), *([r.admin1.is_(None)] if None in governorates else []))
    query = (
        sa.select(
            r.id, r.admin1, r.attack_type, r.lat, r.lon, place_id, r.claimed_by.is_not(None),
            r.target, r.killed, r.data["weekday"].as_integer(),
        )
        .where(r.date.is_(None), r.country.is_not(None), somewhere)
        .where(r.id.in_(sa.select(incident_reports.c.report_id)))
        .order_by(r.id)
    )
    with reading(store) as conn:
        return [Whereabouts(*row) for row in conn.execute(query)]


def reports_by_id(store: Store, report_ids: Sequence[str]) -> list[Report]:
    """The stored reports with these ids, by id."""
    found: list[Report] = []
    ordered = sorted(set(report_ids))
    with reading(store) as conn:
        for chunk in chunks(ordered):
            query = sa.select(report_text).where(reports.c.id.in_(chunk))
            found.extend(report_from_text(data) for data in conn.scalars(query.order_by(reports.c.id)))
    return found


def incidents_dated_near(store: Store, probes: Sequence[Probe]) -> dict[str, list[Report]]:
    """Incidents holding a report dated finer than the year where a probe points
    (`link.probe`), each with all its reports: the incidents an undated report the probes were
    made around may join."""
    r, i_r = reports.c, incident_reports.c
    dated = sa.and_(r.date.is_not(None), r.date_precision != Precision.YEAR.value)
    holding = sa.select(i_r.incident_id).join(reports, r.id == i_r.report_id).where(dated)
    found: dict[str, list[Report]] = {}
    with reading(store) as conn:
        ids = sorted({i for near in _near(probes) for i in conn.scalars(holding.where(near))})
        for chunk in chunks(ids):
            query = (
                sa.select(i_r.incident_id, report_text)
                .join(reports, r.id == i_r.report_id)
                .where(i_r.incident_id.in_(chunk))
                .order_by(i_r.incident_id, r.id)
            )
            for incident_id, data in conn.execute(query):
                found.setdefault(incident_id, []).append(report_from_text(data))
    return found


def undated_reports_of_articles(store: Store, article_ids: Sequence[str]) -> list[Report]:
    """Every undated report of these articles: an article's undated reports are judged together."""
    found: list[Report] = []
    with reading(store) as conn:
        for chunk in chunks(article_ids):
            query = sa.select(report_text).where(reports.c.date.is_(None), reports.c.article_id.in_(chunk))
            found.extend(report_from_text(data) for data in conn.scalars(query.order_by(reports.c.id)))
    return found


def _near(probes: Sequence[Probe]) -> list[sa.ColumnElement[bool]]:
    """The probes as conditions on dated reports (`Probe.points_at` with `dated`), one per
    statement: each statement is a scan, so as few as the expression limit allows (a batch's
    probes usually make one). Each place is checked after the cheap flat columns (governorate,
    type) of its probe; the place id is read from the report's JSON, which no flat column holds."""
    r = reports.c
    place_id = r.data[("place", "value", "id")].as_string()
    terms: list[sa.ColumnElement[bool]] = []
    for probe in probes:
        here = sa.or_(r.admin1 == probe.governorate, r.admin1.is_(None))
        ids = list(probe.place_ids)
        places = [place_id.in_(chunk) for chunk in chunks(ids)]
        places += [
            sa.and_(r.lat.between(lat_lo, lat_hi), r.lon.between(lon_lo, lon_hi))
            for lat_lo, lat_hi, lon_lo, lon_hi in probe.areas
        ]
        places += [r.claimed_by.is_not(None)] if probe.claims else []
        places += [sa.and_(r.date_precision == Precision.DAY.value, r.target.in_(probe.day_targets))] if probe.day_targets else []
        places += [r.killed.in_(probe.tolls)] if probe.tolls else []
        terms += [sa.and_(here, _of_types(probe.attack_types), place) for place in places]
    return [
        sa.or_(*terms[start : start + _TERMS_PER_QUERY]) for start in range(0, len(terms), _TERMS_PER_QUERY)
    ]


def _of_types(attack_types: Sequence[str] | None) -> sa.ColumnElement[bool]:
    """Of these attack types (None: any); a report that gives none counts as `other`."""
    if attack_types is None:
        return sa.true()
    of_type = reports.c.attack_type.in_(list(attack_types))
    if AttackType.OTHER.value in attack_types:
        return sa.or_(of_type, reports.c.attack_type.is_(None))
    return of_type
