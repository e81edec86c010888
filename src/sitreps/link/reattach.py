"""Undated reports in the store: which ones a batch must judge again, and the incidents that moves.

An undated report joins the one dated incident that fits it (`link.undated`), so where it
belongs depends on every dated incident, of any date, that it could fit. A batch of new reports
changes that in two ways, and `settle_undated` judges again exactly the undated reports either
way can move:

* **New dated reports** re-make the incidents of their components (`cluster`). An undated report
  already linked may now have a second fitting incident (it must leave), its first (it may
  join), or lose the one it joined. So every linked undated report that fits an incident the
  batch removed or created is judged again (those the removed incidents held fit them).
* **New undated reports** are judged against the stored dated incidents they may fit.

Judged with them are the other undated reports of their articles, since two reports of one
article never share an incident. The store then holds what `relink` gives: the undated
reports no batch touched fit the same incidents as before, and all others were judged on the
store as it now is. Undated reports that no incident holds yet are left to the batches of
undated reports that `cluster.link_new_reports` runs after the dated ones, so that a `relink`
judges each of them once, against all the dated incidents.

Both searches read whole only the reports where a fitting one must be (`probe.Probe`: the same
site or town, a point within reach, a claimant in the governorate), so a batch reads the few
reports near its own places, not every incident of a governorate over the years. To find the
linked undated reports, the places of those of the governorates concerned are read (the date
index finds undated reports; they are few); dated reports are selected by the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Incident, Report
from ..store.queries import (
    incident_members,
    incidents_dated_near,
    linked_undated_whereabouts,
    reports_by_id,
    reports_of_incidents,
    undated_reports_of_articles,
)
from .compare import PlaceContainment
from .merge import merge_incident
from .probe import Probe
from .undated import ANY_TIME, CandidateIndex, Told, attach_undated, compose, fit

if TYPE_CHECKING:
    from ..store.store import Store


@dataclass(frozen=True, slots=True)
class Settled:
    """A batch's outcome: the incidents as they must now be, and the stored members of every
    incident that may have changed (what to compare them with, and what to replace)."""

    incidents: list[Incident]
    before: dict[str, frozenset[str]]


def settle_undated(
    store: Store,
    affected: Sequence[Report],
    fresh: Sequence[Incident],
    new_undated: Sequence[Report],
    gaz: PlaceContainment | None = None,
) -> Settled:
    """The batch's incidents with undated reports judged again where they may move.

    `affected` are the dated reports of the components the batch re-linked, `fresh` the dated
    incidents they now form (`cluster.link_dated`), `new_undated` the batch's undated reports."""
    dated_by_id = {r.id: r for r in affected}
    before = incident_members(store, list(dated_by_id))
    fresh_told = [Told(i, tuple(dated_by_id[r] for r in i.report_ids)) for i in fresh]
    gone_told = [  # the replaced incidents as their dated reports made them
        Told(merge_incident(made_of), made_of)
        for ids in before.values()
        if (made_of := tuple(dated_by_id[i] for i in sorted(ids) if i in dated_by_id))
    ]
    # The undated reports the replaced incidents held fit them, so they are among `moved`.
    moved = _fitting_changed(store, [*fresh_told, *gone_told], gaz)
    judged = _with_article_mates(store, [*new_undated, *moved])
    judged_ids = {r.id for r in judged}

    stored = _stored_candidates(store, judged)
    holding = incident_members(store, sorted(judged_ids))  # where the judged reports are now
    stored.update(reports_of_incidents(store, sorted(set(holding) - set(stored))))
    # Incidents the batch re-made are replaced by `fresh`; the others are re-merged as needed.
    stored = {i: members for i, members in stored.items() if not any(r.id in dated_by_id for r in members)}
    before |= holding | {i: frozenset(r.id for r in members) for i, members in stored.items()}

    told = list(fresh_told)
    staying: dict[str, list[Report]] = {}
    for incident_id, members in sorted(stored.items()):
        dated = tuple(r for r in members if r.date.value is not None)
        if dated:  # (else an undated report alone, among the judged)
            told.append(Told(merge_incident(dated), dated))
            staying[incident_id] = [r for r in members if r.date.value is None and r.id not in judged_ids]
    joined = attach_undated(judged, CandidateIndex(told), gaz)
    return Settled(compose(told, judged, joined, staying), before)


def _fitting_changed(store: Store, changed: Sequence[Told], gaz: PlaceContainment | None) -> list[Report]:
    """Linked undated reports that fit an incident the batch removed or created: the only
    linked ones whose set of fitting incidents the batch can change. Where each lies is read
    for all of the governorates concerned; only those near a changed incident are read whole."""
    probes = Probe.around_incidents(changed)
    if not probes:
        return []
    governorates = sorted({p.governorate for p in probes}, key=lambda g: g or "")
    near = [
        seen.report_id
        for seen in linked_undated_whereabouts(store, governorates)
        if any(p.points_at(seen, dated=False) for p in probes)
    ]
    index = CandidateIndex(changed)
    return [r for r in reports_by_id(store, near) if any(fit(r, t, gaz, ANY_TIME) for t in index.candidates(r))]


def _with_article_mates(store: Store, reports: Sequence[Report]) -> list[Report]:
    """The reports and every other undated report of their articles, once each, by id."""
    by_id = {r.id: r for r in reports}
    for mate in undated_reports_of_articles(store, sorted({r.article_id for r in reports})):
        by_id.setdefault(mate.id, mate)
    return [by_id[i] for i in sorted(by_id)]


def _stored_candidates(store: Store, judged: Sequence[Report]) -> dict[str, list[Report]]:
    """Every stored incident with a dated report where one that a judged report fits must be
    (`Probe`), with all its reports: the judged reports' candidates are among them."""
    return incidents_dated_near(store, Probe.around_reports(judged))
