"""Reports into incidents: which reports tell the same attack, decided the same way every time.

Three properties matter more than anything clever:

* **Order independence.** The incidents are a function of the *set* of reports: pairs are
  judged by `same_incident` (symmetric), and clusters grow by the strongest agreements first,
  ties broken by report ids — never by arrival order. Incident ids come from their earliest
  report (`merge.incident_id`).
* **No chains through contradictions.** Two clusters join only when no report of one
  contradicts any report of the other (`LinkDecision.conflict`): two reports of one article,
  governorates that differ, dates apart. So a report dated 23 June cannot glue the 22 June
  and 24 June attacks on one gas field into one, and an article that tells two convoys hit in
  two governorates keeps them apart whatever other outlets say.
* **Locality.** Only reports whose dates can overlap are ever compared (blocking by date
  interval and governorate), so linking a day's news touches a few days of reports, not the
  million in the database. The decisions inside a connected group of candidate links (a
  *component*) depend on nothing outside it, which is what makes incremental linking
  (`link_new_reports`) give exactly the incidents a from-scratch `relink` gives. Its cost is
  the size of the components new reports touch: usually one incident and its neighbours, but
  a base hit every other day for months is one long component, re-read by each batch that adds
  to it. Vague dates must not make such chains: a report dated only to a week or a month keeps
  just its strongest link to more finely dated reports (`_coarse_kept`), and two mentions of
  different months never link (`compare`), so a component spans days or weeks, not a year.
  (The same `gaz` must be passed every time, or earlier and later decisions would differ.)
* **Wire copies once.** Reports of different articles with the same facts that `same_incident`
  links are one incident whatever else happens (`TwinClasses`): linking judges and clusters
  one of them, so a story that 200 outlets copy costs one report, not 20,000 pairs.
* **Undated reports last.** A report with no date has no interval to block on and no pair to
  link; once the dated reports are linked, it joins the one dated incident it fits, if exactly
  one fits (`undated`). In the store, a batch also judges again the undated reports its
  changes may move (`reattach`), so incremental linking still gives what `relink` gives.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import astuple, dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..model import Incident, Precision, Report
from ..store.queries import reports_in_window
from .compare import (
    DAY_SLACK,
    LinkDecision,
    PlaceContainment,
    date_interval,
    facts_apart_from_date,
    linkable_date,
    same_incident,
)
from .merge import merge_incident, report_order_key
from .reattach import settle_undated
from .undated import join_undated

if TYPE_CHECKING:
    from ..store.store import ReportKey, Store


#: Verdicts on candidate pairs, by (smaller id, larger id); reused across the steps of one run.
Decisions = dict[tuple[str, str], LinkDecision]


def link_reports(
    reports: Sequence[Report], gaz: PlaceContainment | None = None, known: Decisions | None = None
) -> list[Incident]:
    """The incidents these reports tell, by date then id; pure and order-independent. Dated
    reports are linked first; then each undated one joins the one dated incident it fits, if
    exactly one fits (`undated`). `known` may hold verdicts already reached on some pairs."""
    unique = {r.id: r for r in reports}
    dated = [r for r in unique.values() if r.date.value is not None]
    undated = sorted((r for r in unique.values() if r.date.value is None), key=lambda r: r.id)
    incidents = join_undated(link_dated(dated, gaz, known), unique, undated, gaz)
    return sorted(incidents, key=_incident_order_key)


def link_dated(
    reports: Sequence[Report], gaz: PlaceContainment | None = None, known: Decisions | None = None
) -> list[Incident]:
    """The incidents the reports tell by linking pairs; an undated report stays alone here."""
    unique = sorted({r.id: r for r in reports}.values(), key=report_order_key)
    return _incidents_of(unique, judge(unique, gaz, known))


def _incidents_of(reports: Sequence[Report], decisions: Decisions) -> list[Incident]:
    """The incidents of these reports, given the verdicts on every candidate pair among their
    twins' heads (`judge`; verdicts on other pairs, of reports that no link joins to these,
    are ignored), by date then id."""
    by_id = {r.id: r for r in reports}
    twins = twin_classes(reports, decisions)
    heads = [r.id for r in twins.heads]
    links = _head_links(decisions, twins)
    groups = components(heads, links)
    group_of = {i: n for n, group in enumerate(groups) for i in group}
    links_by_group: dict[int, list[tuple[tuple[str, str], LinkDecision]]] = defaultdict(list)
    for pair in links:
        links_by_group[group_of[pair[0]]].append((pair, decisions[pair]))
    incidents = [
        merge_incident([by_id[i] for i in sorted(i for head in cluster for i in twins.members[head])])
        for n, group in enumerate(groups)
        for cluster in _cluster_component(group, links_by_group[n], decisions)
    ]
    return sorted(incidents, key=_incident_order_key)


@dataclass(frozen=True, slots=True)
class TwinClasses:
    """Reports that only one incident can hold, each class linked as one report (its head).

    Wire copies and rewrites repeat one story's facts word for word, and a busy day's copies
    made millions of candidate pairs whose verdicts were all the same. Reports of different
    articles with the same facts (`facts_apart_from_date` and the date) get the same verdict
    against every other report; when `same_incident` links them to one another, they belong to
    one incident, so linking judges, joins and clusters the head alone and the incident takes
    the whole class. Reports of one article never form a class: an article that tells two
    attacks alike still told two."""

    heads: list[Report]  # one per class, the least id; in the order of the reports given
    members: dict[str, list[str]]  # head id -> the class's ids, sorted (the head first)


def twin_classes(reports: Sequence[Report], decisions: Decisions) -> TwinClasses:
    """The reports' twin classes, by the verdicts `judge` recorded for them."""
    return _classes_of(reports, _alike(reports), decisions)


def _classes_of(reports: Sequence[Report], groups: list[list[Report]], decisions: Decisions) -> TwinClasses:
    members: dict[str, list[str]] = {}
    for alike in groups:
        decision = decisions.get((alike[0].id, alike[1].id))
        if decision is not None and decision.same and not decision.conflict:
            members[alike[0].id] = [r.id for r in alike]
    twin_ids = {i for ids in members.values() for i in ids}
    members.update((r.id, [r.id]) for r in reports if r.id not in twin_ids)
    return TwinClasses([r for r in reports if r.id in members], members)


def _alike(reports: Sequence[Report]) -> list[list[Report]]:
    """Groups of two or more dated reports with the same facts, each of another article, sorted
    by id: the candidates for twin classes. A group with two reports of one article is none."""
    groups: dict[_Facts, list[Report]] = defaultdict(list)
    for r in reports:
        if linkable_date(r) is not None:
            groups[_facts(r)].append(r)
    return [
        sorted(group, key=lambda r: r.id)
        for group in groups.values()
        if len(group) > 1 and len({r.article_id for r in group}) == len(group)
    ]


def judge(
    reports: Sequence[Report], gaz: PlaceContainment | None = None, known: Decisions | None = None
) -> Decisions:
    """`same_incident` on the pair that makes each twin class (`TwinClasses`) and on every
    candidate pair of the classes' heads and the other reports (and on no other pair), reusing
    the verdicts in `known`. A verdict is kept without its reasons, which only a person reads
    (`same_incident` gives them), and pairs with the same verdict share one object: the reports
    of a few busy days make hundreds of thousands of pairs, and the reasons were most of the
    memory linking them took."""
    known = {} if known is None else known
    shared: dict[tuple[float, bool, bool], LinkDecision] = {}
    decisions: Decisions = {}

    def verdict(a: Report, b: Report) -> LinkDecision:
        told = same_incident(a, b, gaz)
        key = (told.score, told.same, told.conflict)
        decision = shared.get(key)
        if decision is None:
            decision = shared[key] = LinkDecision(told.score, told.same, (), told.conflict)
        return decision

    groups = _alike(reports)
    for alike in groups:  # the verdict that makes a twin class, once per class
        key = (alike[0].id, alike[1].id)
        decisions[key] = known.get(key) or verdict(alike[0], alike[1])
    heads = _classes_of(reports, groups, decisions).heads
    # Wire copies and rewrites repeat the same facts: two pairs with the same facts on each side
    # (and the same answer to "one article?") get the same verdict, computed once.
    # The facts are numbered once per report, so that a pair's cache key is three small values,
    # not two tuples of model values hashed and compared again for each of millions of pairs.
    # Facts that one report alone has are numbered None: a pair with such a side cannot recur,
    # and a busy store's distinct reports would fill the cache with as many keys as pairs.
    by_facts: dict[tuple[bool, int, int], LinkDecision] = {}
    numbered: dict[_Facts, int] = {}
    number_of = {r.id: numbered.setdefault(_facts(r), len(numbered)) for r in heads}
    sharing = Counter(number_of.values())
    facts = {i: n if sharing[n] > 1 else None for i, n in number_of.items()}
    for a, b in candidate_pairs(heads):
        key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        decision = known.get(key)
        if decision is None:
            fa, fb = facts[a.id], facts[b.id]
            if fa is None or fb is None:
                decision = verdict(a, b)
            else:
                pair = (a.article_id == b.article_id, min(fa, fb), max(fa, fb))
                decision = by_facts.get(pair)
                if decision is None:
                    decision = by_facts[pair] = verdict(a, b)
        decisions[key] = decision
    return decisions


#: What `same_incident` reads of a report, besides its article: the key of its verdict cache.
_Facts = tuple[object, ...]


def _facts(report: Report) -> _Facts:
    return (report.date.value, *facts_apart_from_date(report))


def components(ids: Sequence[str], links: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Connected groups of report ids (union-find); each group sorted, groups by first id."""
    parent = {i: i for i in ids}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        groups[root(i)].append(i)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def _cluster_component(
    component: Sequence[str],
    links: Sequence[tuple[tuple[str, str], LinkDecision]],
    decisions: dict[tuple[str, str], LinkDecision],
) -> list[list[str]]:
    """Greedy agglomeration: take links strongest first (ties by ids) and join two clusters
    unless some pair across them conflicts. Deterministic for a given set of reports."""
    if len(component) == 1:
        return [list(component)]
    ranked = sorted((-d.score, a, b) for (a, b), d in links)
    cluster_of = {i: i for i in component}
    members: dict[str, list[str]] = {i: [i] for i in component}
    for _, a, b in ranked:
        ca, cb = cluster_of[a], cluster_of[b]
        if ca == cb or _any_conflict(members[ca], members[cb], decisions):
            continue
        keep, gone = min(ca, cb), max(ca, cb)
        for i in members[gone]:
            cluster_of[i] = keep
        members[keep] = sorted(members[keep] + members.pop(gone))
    return sorted(members.values(), key=lambda m: m[0])


def _any_conflict(
    left: Sequence[str], right: Sequence[str], decisions: dict[tuple[str, str], LinkDecision]
) -> bool:
    """A pair that was never a candidate conflicts too: blocking drops only pairs whose dates or
    governorates already contradict each other."""
    for a in left:
        for b in right:
            decision = decisions.get((a, b) if a < b else (b, a))
            if decision is None or decision.conflict:
                return True
    return False


def candidate_pairs(reports: Sequence[Report]) -> Iterator[tuple[Report, Report]]:
    """Every pair that could be one incident, and no other: dates that overlap (with a day of
    slack) and governorates that are not both known and different. Undated and year-precise
    reports have none (see `compare._compare_dates`). Each pair comes once."""
    buckets = _buckets(reports)
    keys = sorted(buckets, key=lambda k: (k[0] or "", k[1].rank))
    for i, left_key in enumerate(keys):
        for right_key in keys[i:]:
            if left_key[0] and right_key[0] and left_key[0] != right_key[0]:
                continue
            yield from _overlapping(buckets[left_key], buckets[right_key], same_bucket=left_key == right_key)


_Bucket = tuple[list[date], list[tuple[date, date, Report]]]  # sorted starts, and the entries


def _buckets(reports: Sequence[Report]) -> dict[tuple[str | None, Precision], _Bucket]:
    """Reports grouped by (governorate or None, date precision), sorted by interval start: a
    precision's intervals have a bounded length, so a window search finds all overlaps."""
    entries: dict[tuple[str | None, Precision], list[tuple[date, date, Report]]] = defaultdict(list)
    for r in reports:
        if (when := linkable_date(r)) is None:
            continue
        start, end = date_interval(when)
        admin1 = r.place.value.admin1 if r.place.value else None
        entries[(admin1, when.precision)].append((start, end, r))
    buckets: dict[tuple[str | None, Precision], _Bucket] = {}
    for key, items in entries.items():
        items.sort(key=lambda e: (e[0], e[2].id))
        buckets[key] = ([e[0] for e in items], items)
    return buckets


def _overlapping(left: _Bucket, right: _Bucket, same_bucket: bool) -> Iterator[tuple[Report, Report]]:
    right_starts, right_items = right
    longest = max((end - start for start, end, _ in right_items), default=timedelta(0))
    for start, end, report in left[1]:
        lo = bisect_left(right_starts, start - longest - DAY_SLACK)
        hi = bisect_right(right_starts, end + DAY_SLACK)
        for other_start, other_end, other in right_items[lo:hi]:
            if same_bucket and other.id <= report.id:
                continue
            if other_end + DAY_SLACK >= start and other_start <= end + DAY_SLACK:
                yield report, other


def window_of(reports: Sequence[Report]) -> tuple[date, date] | None:
    """The days any of these reports may stand for, widened by the day of slack that linking
    allows: every report that could link to one of them overlaps this window."""
    intervals = [date_interval(when) for r in reports if (when := linkable_date(r)) is not None]
    if not intervals:
        return None
    return min(s for s, _ in intervals) - DAY_SLACK, max(e for _, e in intervals) + DAY_SLACK


def component_of(
    seeds: Sequence[Report],
    pool: Sequence[Report],
    gaz: PlaceContainment | None = None,
    known: Decisions | None = None,
) -> tuple[list[Report], Decisions]:
    """The seeds and every report of `pool` reachable from them through candidate links that
    `same_incident` accepts: the only reports whose incidents the seeds can change. With them,
    the verdicts on the candidate pairs of the pool (`judge`), which include all that linking
    the reached reports needs."""
    by_id = {r.id: r for r in [*pool, *seeds]}
    decisions = judge(sorted(by_id.values(), key=report_order_key), gaz, known)
    twins = twin_classes(list(by_id.values()), decisions)
    head_of = {i: head for head, ids in twins.members.items() for i in ids}
    seed_heads = {head_of[r.id] for r in seeds}
    reached = [
        i
        for group in components([r.id for r in twins.heads], _head_links(decisions, twins))
        if seed_heads.intersection(group)
        for head in group
        for i in twins.members[head]
    ]
    return [by_id[i] for i in sorted(reached)], decisions


def _head_links(decisions: Decisions, twins: TwinClasses) -> list[tuple[str, str]]:
    """The pairs of heads that `same_incident` links, except that a report dated more coarsely
    than the other end (a week or a month against a day) keeps only its strongest such link
    (`_coarse_kept`). Links between reports of one precision are all kept."""
    rank = {r.id: when.precision.rank for r in twins.heads if (when := linkable_date(r)) is not None}
    links = [pair for pair, d in decisions.items() if d.same and pair[0] in rank and pair[1] in rank]
    kept = _coarse_kept(links, decisions, rank)
    return [pair for pair in links if rank[pair[0]] == rank[pair[1]] or pair in kept]


def _coarse_kept(
    links: Sequence[tuple[str, str]], decisions: Decisions, rank: dict[str, int]
) -> set[tuple[str, str]]:
    """For each report with links to more finely dated ones, the strongest of those links (ties
    to the least id). A mention dated "in March" tells one attack; linked to every March report
    it matches, it joined incidents that nothing else joins, and chained a year of a busy
    store's reports into one component, which each batch of incremental linking then re-read
    whole. A component now ends where finely dated reports stop linking."""
    best: dict[str, tuple[float, str, tuple[str, str]]] = {}
    for a, b in links:
        if rank[a] == rank[b]:
            continue
        coarse, fine = (a, b) if rank[a] > rank[b] else (b, a)
        candidate = (-decisions[(a, b)].score, fine, (a, b))
        if coarse not in best or candidate < best[coarse]:
            best[coarse] = candidate
    return {pair for _, _, pair in best.values()}


def _incident_order_key(incident: Incident) -> tuple[date, str]:
    return (incident.date.value.day if incident.date.value else date.max), incident.id


# -- against the store ----------------------------------------------------------------------

#: Most new reports linked in one store transaction (bounds memory and transaction size). Each
#: batch re-links and re-saves the components it touches, so a busy stretch cut into fewer
#: batches is re-linked fewer times: relinking 26,023 distinct synthetic reports took 137 s at
#: 2,000 and 83 s at 5,000, the 50,000-article mix 5.2-5.4 s and 4.3-4.7 s, with the same
#: incidents and the same peak memory (599 and 605 MB; ~200 MB on the mix).
MAX_BATCH = 5000
#: Unlinked reports read from the store at a time.
PAGE_SIZE = 500
#: New reports whose dates are further apart than this are linked in separate batches, so a
#: batch fetches a few days of stored reports, not the whole span between them.
BATCH_GAP = timedelta(days=7)
#: What a fetch window first grows by, past where a component reaches beyond it; doubled each
#: time it grows again.
FETCH_STEP = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class LinkSummary:
    """What a linking run did to the store."""

    reports_linked: int = 0  # reports that had no incident before
    incidents_created: int = 0
    incidents_updated: int = 0  # re-merged under the same id (a report joined, or the merge changed)
    incidents_removed: int = 0  # absorbed into another incident, or renamed after a new earliest report

    def __add__(self, other: LinkSummary) -> LinkSummary:
        return LinkSummary(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


def link_new_reports(store: Store, gaz: PlaceContainment | None = None) -> LinkSummary:
    """Put every report the store has not linked into an incident, re-merging the incidents it
    touches. The store ends up exactly as `relink` would leave it, provided it was so before.

    The unlinked reports are read page by page in date order and linked in date-ordered runs
    (`_batches`), so memory stays flat however large the backlog: a run holds one batch and
    the stored reports its components reach. Dated reports go first; then the undated and
    year-precise ones, each judged once against all the dated incidents."""
    unlinked = store.count_unlinked_reports()
    summary = LinkSummary()
    for linkable in (True, False):
        for batch in _batches(_unlinked_in_order(store, linkable)):
            summary += _link_batch(store, batch, gaz)
    # Counted by the store: a report that an earlier batch linked before its page was read is
    # in no batch, yet it had no incident before this run.
    return replace(summary, reports_linked=unlinked - store.count_unlinked_reports())


def relink(store: Store, gaz: PlaceContainment | None = None) -> LinkSummary:
    """Forget every incident and link all reports again (after the rules or the data change).
    Runs batch by batch: if it stops halfway, `link_new_reports` finishes the job."""
    store.clear_incidents()
    return link_new_reports(store, gaz)


def _link_batch(store: Store, new: Sequence[Report], gaz: PlaceContainment | None) -> LinkSummary:
    """Re-link the new reports' components, judge again the undated reports that may move
    (`reattach`), and write only incidents whose reports changed (an incident is a function of
    its reports, so the same members mean the same incident)."""
    dated = [r for r in new if r.date.value is not None]
    affected, decisions = _affected_reports(store, dated, gaz) if dated else ([], {})
    fresh = _incidents_of(affected, decisions)
    undated = [r for r in new if r.date.value is None]
    settled = settle_undated(store, affected, fresh, undated, gaz)
    incidents, before = settled.incidents, settled.before
    changed = [i for i in incidents if before.get(i.id) != frozenset(i.report_ids)]
    kept = {i.id for i in incidents} - {i.id for i in changed}
    replaced = set(before) - kept
    store.save_incidents(changed, replaced_ids=replaced)
    saved = {i.id for i in changed}
    return LinkSummary(len(new), len(saved - replaced), len(saved & replaced), len(replaced - saved))


def _affected_reports(
    store: Store, new: Sequence[Report], gaz: PlaceContainment | None
) -> tuple[list[Report], Decisions]:
    """The new reports' whole components in the store, and the verdicts on their candidate
    pairs: fetch the stored reports whose dates overlap the new reports' window, compute the
    components, and widen until they stay inside what was fetched (a chain of day-apart reports
    can reach beyond the first window). Each pair is judged once, however often the window
    grows; the pairs are listed once per fetch."""
    needed = window_of(new)
    if needed is None:  # known only to the year: no candidate pair, each report alone
        return sorted(new, key=lambda r: r.id), {}
    decisions: Decisions = {}
    pool: dict[str, Report] = {}
    fetched: tuple[date, date] | None = None
    wanted, step = needed, FETCH_STEP
    while True:
        for part in _unfetched(wanted, fetched):
            pool.update((r.id, r) for r in reports_in_window(store, *part))
        fetched = wanted
        members, decisions = component_of(new, list(pool.values()), gaz, known=decisions)
        needed = window_of(members) or needed
        if fetched[0] <= needed[0] and needed[1] <= fetched[1]:
            return members, decisions
        wanted, step = _widened(needed, fetched, step), step * 2


def _widened(needed: tuple[date, date], fetched: tuple[date, date], step: timedelta) -> tuple[date, date]:
    """What to fetch next: where the window needed outgrew the last fetch, `step` more (doubled
    at each growth, so that a long chain takes a few doublings rather than a step per link).
    Not in proportion to what was fetched: a batch spans weeks, and every report fetched has
    its pairs judged, while a component reaches a few days past the batch."""
    low = min(fetched[0], needed[0] - step) if needed[0] < fetched[0] else fetched[0]
    high = max(fetched[1], needed[1] + step) if needed[1] > fetched[1] else fetched[1]
    return low, high


def _unfetched(wanted: tuple[date, date], fetched: tuple[date, date] | None) -> list[tuple[date, date]]:
    """The stretches of `wanted` outside `fetched` (a window only ever grows at its ends)."""
    if fetched is None:
        return [wanted]
    day = timedelta(days=1)
    parts = [(wanted[0], fetched[0] - day)] if wanted[0] < fetched[0] else []
    return parts + ([(fetched[1] + day, wanted[1])] if wanted[1] > fetched[1] else [])


def _unlinked_in_order(store: Store, linkable: bool) -> Iterator[Report]:
    """The store's unlinked reports (dated finer than the year, or the others) in canonical
    order (`report_order_key`), read `PAGE_SIZE` at a time. A page is read after the batches
    before it are written: a report that an earlier batch linked meanwhile is not read at all."""
    after: ReportKey | None = None
    while page := store.unlinked_reports_page(linkable=linkable, after=after, limit=PAGE_SIZE):
        yield from page
        last = page[-1]
        after = (last.date.value.day if last.date.value else None, last.article_id, last.id)


def _batches(reports: Iterable[Report]) -> Iterator[list[Report]]:
    """Runs of new reports in canonical order; linking batch after batch gives the same incidents
    as linking all at once, so the split only bounds how much one step reads. Dated reports
    are cut where their dates are further apart than `BATCH_GAP`, so that a batch
    fetches a few days of stored reports. The others (undated, year-precise) link to no pair;
    they are cut by size only."""
    batch: list[Report] = []
    batch_end = date.min
    for report in reports:
        when = linkable_date(report)  # None only among the others: never apart
        start, end = date_interval(when) if when is not None else (batch_end, batch_end)
        if batch and (len(batch) >= MAX_BATCH or start > batch_end + BATCH_GAP):
            yield batch
            batch, batch_end = [], date.min
        batch.append(report)
        batch_end = max(batch_end, end)
    if batch:
        yield batch
