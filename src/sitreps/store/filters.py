"""Which incidents: the filter every list, count, tally, map and export shares.

"How many attacks on convoys in the seven weeks before 10 February 2021, and which?" is a
filter (`IncidentFilter`) plus a window (`count_window`). A filter becomes one SQL condition
(`incident_condition`) over the store's flat incident columns with bound parameters, so text a
user typed is never spliced into SQL, and SQLite and PostgreSQL run the same code; only the
text search is asked differently on each (`store/search.py`), with the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from ..errors import SitrepsError
from ..link.compare import canonical_group
from ..model import AttackType, Incident, Status, Target
from .copied import incident_columns
from .reading import reading
from .schema import CHUNK, incidents
from .search import copied_text_condition, count_mentioning, mentions, text_condition
from .serialize import incident_from_json
from .store import Store

#: Sort orders a caller may ask for; every order ends with the incident id so pages are stable.
SORTS: tuple[str, ...] = ("date", "-date", "killed", "-killed", "sources", "-sources")

#: A page of a text search first walks the incidents in the page's order, reading each one's
#: text, and stops after the page: cheap when most incidents match. It reads at most this many
#: before giving up for the index's list of every match, which is cheaper for a rare needle.
WALK_ROWS = 1_000
#: Incidents read before judging how common the needle is along the walk.
FIRST_STEP = 200


class QueryError(SitrepsError):
    """A filter, sort or tally that cannot be asked (an unknown attack type, sort or key)."""


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """Which incidents: every field that is set must hold (AND); None means any.

    `group` matches a claimant by any alias the actor table knows; `text` matches, without
    case, the governorate, the claimants, or the place text, title or body of any article that
    reports the incident."""

    date_from: date | None = None
    date_to: date | None = None
    admin1: str | None = None
    attack_type: AttackType | str | None = None
    target: Target | str | None = None
    group: str | None = None
    status: Status | str | None = None
    text: str | None = None


def find_incidents(
    store: Store,
    filt: IncidentFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
    sort: str = "date",
) -> list[Incident]:
    """The incidents the filter selects, in the order asked (`SORTS`), one page at a time.

    The page is chosen on ids first and only its rows are read whole: sorting by a column
    many incidents share (the toll, the number of sources) then never carries every tied
    incident's JSON through the sort (100,000 incidents by toll: 68 ms -> 4 ms on SQLite).
    A page of a text search that most incidents match is found by a walk (`_walked_page`)."""
    order = incident_order(sort)
    with reading(store) as conn:
        walked = _walked_page(conn, store, filt, limit, offset, order)
        if walked is not None:
            return _incidents_by_id(conn, walked)
        page = (
            sa.select(incidents.c.id)
            .where(incident_condition(store, filt))
            .order_by(*order)
            .limit(limit)
            .offset(offset)
            .subquery("page")
        )
        query = sa.select(incidents.c.data).join(page, page.c.id == incidents.c.id).order_by(*order)
        return [incident_from_json(data) for data in conn.scalars(query)]


def _walked_page(
    conn: sa.Connection,
    store: Store,
    filt: IncidentFilter | None,
    limit: int | None,
    offset: int,
    order: list[sa.ColumnElement[object]],
) -> list[str] | None:
    """The ids of a page of a text search, found by walking the incidents the other filters
    select in the page's order and asking each whether it mentions the needle (`mentions`),
    a few hundred at a time; None when the walk is the wrong plan.

    The index answers a search by listing every match before the page can be cut from it:
    for a needle in 95,000 of 100,000 incidents that list is the whole cost (~90 ms). Walking
    reads ~1.05 incidents per row of the page instead. The walk measures the needle's density
    along its own path, where it counts (a needle common overall may be rare among the
    incidents of one governorate), and gives up as soon as finishing would read more than
    `WALK_ROWS` incidents: a rare needle costs the walk one step of `FIRST_STEP` rows."""
    if filt is None or not filt.text or limit is None or offset + limit > WALK_ROWS:
        return None
    wanted = offset + limit
    others = incident_condition(store, replace(filt, text=None))
    walk = sa.select(incidents.c.id).where(others).order_by(*order).limit(WALK_ROWS)
    check = mentions(filt.text)
    found: list[str] = []
    read = 0
    step = FIRST_STEP
    with closing(conn.execute(walk)) as candidates:  # read as the walk goes, not all at once
        while len(found) < wanted:
            batch = [row.id for row in candidates.fetchmany(min(step, CHUNK))]
            if not batch:
                return found[offset:wanted] if read < WALK_ROWS else None  # walked them all, or ran out
            hits = set(conn.scalars(sa.select(incidents.c.id).where(incidents.c.id.in_(batch), check)))
            found += [incident_id for incident_id in batch if incident_id in hits]
            read += len(batch)
            if not found:
                return None  # rare here: the index lists its few matches faster than a longer walk
            still_to_read = (wanted - len(found)) * read // len(found)  # at the density seen so far
            if read + still_to_read > WALK_ROWS:
                return None
            step = still_to_read + still_to_read // 4 + 1
    return found[offset:wanted]


def _incidents_by_id(conn: sa.Connection, ids: Sequence[str]) -> list[Incident]:
    """The incidents of these ids, whole, in the order of the ids."""
    by_id: dict[str, Incident] = {}
    for data in conn.scalars(sa.select(incidents.c.data).where(incidents.c.id.in_(ids))):
        incident = incident_from_json(data)
        by_id[incident.id] = incident
    return [by_id[incident_id] for incident_id in ids]


def count_incidents(store: Store, filt: IncidentFilter | None = None) -> int:
    """How many incidents the filter selects (for a page's "of N"). A text search and nothing
    else is counted from the search index alone."""
    if _text_only(filt):
        query = count_mentioning(filt.text, store.engine.dialect.name)
    else:
        counted = counted_incidents(store, filt)
        query = sa.select(sa.func.count()).select_from(counted.rows).where(counted.where)
    with reading(store) as conn:
        return conn.scalar(query) or 0


@dataclass(frozen=True, slots=True)
class Total:
    """How many incidents a filter selects, or, when `exact` is False, a lower bound."""

    count: int
    exact: bool


def total_incidents(store: Store, filt: IncidentFilter | None, cap: int) -> Total:
    """The total a page shows: exact, except that a text search stops counting past `cap`
    ("10,000+"), as GitHub's and datasette's counts do. An exact count of a needle in 95,000
    incidents must list every match (~90 ms); knowing there are more than 10,000 takes ~10 ms.
    Without a text filter the covering indexes count exactly and fast, so it stays exact."""
    if filt is None or not filt.text:
        return Total(count_incidents(store, filt), exact=True)
    if _text_only(filt):
        query = count_mentioning(filt.text, store.engine.dialect.name, at_most=cap)
    else:
        selected = sa.select(incidents.c.id).where(incident_condition(store, filt)).limit(cap + 1)
        query = sa.select(sa.func.count()).select_from(selected.subquery())
    with reading(store) as conn:
        counted = conn.scalar(query) or 0
    return Total(min(counted, cap), exact=counted <= cap)


def _text_only(filt: IncidentFilter | None) -> bool:
    return filt is not None and bool(filt.text) and replace(filt, text=None) == IncidentFilter()


def count_window(
    store: Store, end: date, weeks: int, filt: IncidentFilter | None = None
) -> tuple[int, list[Incident]]:
    """Incidents in the `weeks` × 7 days up to and including `end` ("in the seven weeks before
    10 February"), within the filter's own dates if it has any; their number and the incidents."""
    found = find_incidents(store, in_window(filt, end, weeks))
    return len(found), found


def window_dates(end: date, weeks: int) -> tuple[date, date]:
    """The first and last day of the `weeks` × 7 days that end on `end`."""
    if weeks < 1:
        raise QueryError(f"a window needs at least one week, not {weeks}")
    return end - timedelta(days=7 * weeks - 1), end


def in_window(filt: IncidentFilter | None, end: date, weeks: int) -> IncidentFilter:
    """The filter narrowed to the window (a tally over "the seven weeks before" uses it too)."""
    base = filt or IncidentFilter()
    start, end = window_dates(end, weeks)
    return replace(
        base,
        date_from=max(start, base.date_from) if base.date_from else start,
        date_to=min(end, base.date_to) if base.date_to else end,
    )


def incident_condition(store: Store, filt: IncidentFilter | None) -> sa.ColumnElement[bool]:
    """The filter as a condition on `incidents`, as this store's database asks it best."""
    if filt is None:
        return sa.true()
    parts = _column_conditions(incidents, filt)
    if filt.text:
        parts.append(text_condition(filt.text, store.engine.dialect.name))
    return sa.and_(sa.true(), *parts)


@dataclass(frozen=True, slots=True)
class Counted:
    """The rows a count of the incidents a filter selects reads, and the condition on them."""

    rows: sa.TableClause  # `incidents`, or a copy of its flat columns (same names)
    where: sa.ColumnElement[bool]


def counted_incidents(store: Store, filt: IncidentFilter | None) -> Counted:
    """Where to count what the filter selects (per week, place, type...): `incidents`, except
    for a text search the SQLite index answers, which is counted on the copy of the incidents'
    flat columns (`copied.py`) at the rowids of its matches. Scanning a covering index and
    checking every row against the matches costs the same whether a needle is in a hundred
    incidents or in all of them; the copy is read only where the matches are."""
    matching = copied_text_condition(filt.text, store.engine.dialect.name) if filt and filt.text else None
    if filt is None or matching is None:
        return Counted(incidents, incident_condition(store, filt))
    return Counted(incident_columns, sa.and_(matching, *_column_conditions(incident_columns, filt)))


def grouped_count(store: Store, filt: IncidentFilter | None, *names: str) -> sa.Select[Any]:
    """The query of the filter's incidents counted per value of these flat columns, rows of
    (*values, n), read where `counted_incidents` says: the tallies, the timeline and the map ask it."""
    counted = counted_incidents(store, filt)
    keys = [counted.rows.c[name] for name in names]
    return sa.select(*keys, sa.func.count()).select_from(counted.rows).where(counted.where).group_by(*keys)


def _column_conditions(rows: sa.TableClause, filt: IncidentFilter) -> list[sa.ColumnElement[bool]]:
    """Every part of the filter but its text, on the columns of `rows`."""
    c = rows.c
    parts: list[sa.ColumnElement[bool]] = []
    if filt.date_from:
        parts.append(c.date >= filt.date_from)
    if filt.date_to:
        parts.append(c.date <= filt.date_to)
    if filt.admin1:
        parts.append(sa.func.lower(c.admin1) == filt.admin1.casefold())
    if filt.attack_type:
        parts.append(c.attack_type == _enum_value(AttackType, filt.attack_type, "attack type"))
    if filt.target:
        parts.append(c.target == _enum_value(Target, filt.target, "target"))
    if filt.status:
        parts.append(c.status == _enum_value(Status, filt.status, "status"))
    if filt.group:
        parts.append(_one_of_joined(c.claimed_by, canonical_group(filt.group)))
    return parts


def incident_order(sort: str) -> list[sa.ColumnElement[object]]:
    """ORDER BY terms for a sort of `SORTS`: missing values last, then by id."""
    if sort not in SORTS:
        raise QueryError(f"cannot sort by {sort!r}; choose one of {', '.join(SORTS)}")
    column = {"date": incidents.c.date, "killed": incidents.c.killed_best, "sources": incidents.c.n_sources}[
        sort.lstrip("-")
    ]
    direction = column.desc() if sort.startswith("-") else column.asc()
    return [sa.nulls_last(direction), incidents.c.id]


def _enum_value(kind: type[AttackType | Target | Status], value: object, what: str) -> str:
    try:
        return kind(str(value).strip().lower()).value
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise QueryError(f"unknown {what} {value!r}; choose one of {choices}") from None


def _one_of_joined(column: sa.ColumnElement[str | None], name: str) -> sa.ColumnElement[bool]:
    """`name` is one of the "; "-joined names in the column (not merely inside a longer one)."""
    joined = "; " + sa.func.lower(column) + "; "
    return joined.contains(f"; {name.casefold()}; ", autoescape=True)
