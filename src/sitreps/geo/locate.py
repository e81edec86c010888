"""Where a stretch of text places something: the most specific place its words support.

The extractor finds mentions once per article (`Gazetteer.find`) and asks, for the sentence or
window that tells an incident, where it happened:

    mentions = gaz.find(article.text)
    where = locate(article.text, mentions, gaz, start=sentence_start, end=sentence_end)
    if where is not None:
        where.place          # model.Place: a base, a town, a district, a governorate, a country
        where.admin1         # the governorate to report (None: the text names none, e.g. a road
                             # across two governorates); where.admin1_alt lists the others
        where.precision      # PlaceLevel: how finely the words place it ("near Basra" -> admin1)
        where.span           # offsets of the words used (mention plus its phrase), for evidence
        where.confidence     # 0..1
        where.note           # which phrase decided: province, district, near, between, road, border

`read_places` gives every reading in the window, for callers that weigh them themselves.

How a mention is read depends on the words around it (`data/gazetteer/phrases.toml`):
* "Babil province", "the province of Dhi Qar", "محافظة ديالى" -> that governorate;
* "Makhmour district" -> the district when there is one;
* "near Basra", "south of Baghdad", "on the outskirts of Khanaqin" -> the town's governorate, at
  governorate precision (a base stays a base: "near the US embassy" is the embassy);
* "between Diwaniya and Samawah" -> the first place's governorate, the second's in admin1_alt;
* "the Kirkuk-Daquq road", "the Diwaniyah highway" -> a road: the governorate(s) of its ends;
* "near the border with Kuwait", "the Iraq-Kuwait border", "the Syrian border" -> the Iraqi
  governorate(s) along that border (`data/gazetteer/borders.tsv`);
* "the airport in Erbil" -> the town's airport, where the gazetteer has one;
* "the governor of Erbil" -> the governorate; "taken to Erbil hospitals" -> nothing (where the
  wounded went);
* a road that spans governorates ("the international road") takes the governorate another
  mention in the window names ("Babil international road"), else admin1 None.
`locate` then prefers Iraqi readings, the most specific precision, and readings the others agree
with; an ambiguous name takes the candidate in a governorate the window names.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..model import Place, PlaceLevel
from .fold import FoldedText, fold
from .gazetteer import IRAQ, Gazetteer
from .mentions import PlaceMention
from .phrases import PhraseContext, PhraseRules, phrase_rules

#: Sites that are areas, not points: a village on "the Qarachogh plain" is the more specific place.
_AREA_KINDS = frozenset({"mountain", "plain", "region"})
#: Characters read on each side of the window, for phrases that straddle its edge.
_MARGIN = 80
_LEVEL_CONFIDENCE = {
    PlaceLevel.SITE: 0.9,
    PlaceLevel.LOCALITY: 0.85,
    PlaceLevel.ADMIN2: 0.8,
    PlaceLevel.ADMIN1: 0.8,
    PlaceLevel.COUNTRY: 0.3,
}


@dataclass(frozen=True, slots=True)
class LocatedPlace:
    """One reading of where the words place something (see the module docstring)."""

    place: Place
    precision: PlaceLevel
    admin1: str | None
    admin1_alt: tuple[str, ...] = ()
    span: tuple[int, int] = (0, 0)
    confidence: float = 0.0
    note: str | None = None

    @property
    def country(self) -> str:
        return self.place.country

    def governorates(self) -> tuple[str, ...]:
        return ((self.admin1,) if self.admin1 else ()) + self.admin1_alt


def read_places(
    text: str, mentions: Sequence[PlaceMention], gaz: Gazetteer, start: int = 0, end: int | None = None
) -> list[LocatedPlace]:
    """Every reading of the mentions inside `text[start:end]`, in text order. `mentions` hold
    offsets into `text` (as `gaz.find(text)` returns them); only the words around the window are
    read, so calling this once per sentence of a long article stays cheap."""
    end = len(text) if end is None else end
    left, right = max(0, start - _MARGIN), min(len(text), end + _MARGIN)
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    if left == 0:  # the window starts the text (a sentence read whole): no offsets to shift
        return _read_window(text[:right], inside, gaz, start, end)
    inside = [replace(m, start=m.start - left, end=m.end - left) for m in inside]
    readings = _read_window(text[left:right], inside, gaz, start - left, end - left)
    return [replace(r, span=(r.span[0] + left, r.span[1] + left)) for r in readings]


def _read_window(
    text: str, inside: list[PlaceMention], gaz: Gazetteer, start: int, end: int
) -> list[LocatedPlace]:
    folded = fold(text)
    if not inside:
        return _adjective_borders(folded, gaz, start, end)
    rules = phrase_rules()
    contexts = [
        PhraseContext(folded, _folded_offset(folded, m.start), _folded_offset(folded, m.end)) for m in inside
    ]
    readings: list[LocatedPlace | None] = [
        _read_mention(m, c, gaz, rules) for m, c in zip(inside, contexts, strict=True)
    ]
    _read_pairs(inside, contexts, readings, gaz, rules)
    found = [r for r in readings if r is not None] + _adjective_borders(folded, gaz, start, end)
    found = _prefer_named_governorates(inside, found, gaz)
    return sorted(_pin_governorates(found), key=lambda r: r.span)


def locate(
    text: str, mentions: Sequence[PlaceMention], gaz: Gazetteer, start: int = 0, end: int | None = None
) -> LocatedPlace | None:
    """The one place `text[start:end]` most specifically supports, or None if it names none."""
    readings = read_places(text, mentions, gaz, start, end)
    iraqi = [r for r in readings if r.country == IRAQ]
    pool = iraqi or readings
    specific = [r for r in pool if r.precision is not PlaceLevel.COUNTRY] or pool
    if not specific:
        return None

    def agreement(r: LocatedPlace) -> int:
        return sum(1 for o in specific if o is not r and set(o.governorates()) & set(r.governorates()))

    best = min(specific, key=lambda r: (r.precision.rank, -agreement(r), -r.confidence, r.span))
    if agreement(best):
        best = replace(best, confidence=min(0.95, best.confidence + 0.05))
    return best


def _folded_offset(folded: FoldedText, original: int) -> int:
    return bisect_left(folded.origin, original)


def _span(folded: FoldedText, fstart: int, fend: int) -> tuple[int, int]:
    return (
        folded.original_span(fstart, fend)
        if fend > fstart
        else (folded.origin[fstart], folded.origin[fstart])
    )


def _read_mention(
    m: PlaceMention, c: PhraseContext, gaz: Gazetteer, rules: PhraseRules
) -> LocatedPlace | None:
    place = m.place
    candidates = (m.place, *m.candidates)
    confidence = _LEVEL_CONFIDENCE[place.level] - (0.2 if _ambiguous(candidates) else 0.0)
    if place.level is PlaceLevel.COUNTRY:
        return _border(place, c, gaz, rules) or LocatedPlace(
            place, PlaceLevel.COUNTRY, None, (), (m.start, m.end), _LEVEL_CONFIDENCE[PlaceLevel.COUNTRY]
        )
    if c.cue_before(rules.elsewhere_before, rules.near_fillers) is not None:
        return None  # "taken to Erbil hospitals": where the wounded went, not the attack
    cue = c.cue_before(rules.site_of_town_before)
    if cue is not None and place.level is PlaceLevel.LOCALITY:
        site = _site_of_town(place, rules.site_of_town_suffix, gaz)
        if site is not None:  # "the airport in Erbil": Erbil International Airport
            return _plain(site, gaz, _span(c.folded, cue, c.end), _LEVEL_CONFIDENCE[PlaceLevel.SITE], "site of the town")
    cue_end = c.cue_after(rules.governorate_after)
    cue_start = c.cue_before(rules.governorate_before)
    if cue_end is not None or cue_start is not None:
        gov = next(
            (p for p in candidates if p.level is PlaceLevel.ADMIN1 and p.admin1), None
        ) or gaz.governorate_of(place)
        if gov is not None:
            span = _span(
                c.folded, c.start if cue_start is None else cue_start, c.end if cue_end is None else cue_end
            )
            return LocatedPlace(
                gov, PlaceLevel.ADMIN1, gov.admin1, gaz.admin1_alt(gov), span, 0.85, "province"
            )
    cue_end = c.cue_after(rules.district_after)
    cue_start = c.cue_before(rules.district_before)
    if cue_end is not None or cue_start is not None:
        district = next((p for p in candidates if p.level is PlaceLevel.ADMIN2), place)
        span = _span(
            c.folded, c.start if cue_start is None else cue_start, c.end if cue_end is None else cue_end
        )
        return _plain(district, gaz, span, 0.8, "district")
    near = c.cue_before(rules.near_before, rules.near_fillers)
    if near is not None:
        span = (_span(c.folded, near, c.end)[0], m.end)
        gov = gaz.governorate_of(place)
        if place.level in (PlaceLevel.LOCALITY, PlaceLevel.ADMIN2) and gov is not None:
            return LocatedPlace(gov, PlaceLevel.ADMIN1, gov.admin1, gaz.admin1_alt(place), span, 0.6, "near")
        return _plain(place, gaz, span, confidence - 0.1, "near")
    road_end = c.cue_after(rules.road_after)
    if road_end is not None and place.kind != "road" and place.level is not PlaceLevel.SITE:
        gov = gaz.governorate_of(place)
        if gov is not None:
            return LocatedPlace(
                gov,
                PlaceLevel.ADMIN1,
                gov.admin1,
                gaz.admin1_alt(place),
                _span(c.folded, c.start, road_end),
                0.7,
                "road",
            )
    return _plain(place, gaz, (m.start, m.end), confidence, None)


def _site_of_town(town: Place, suffix: str, gaz: Gazetteer) -> Place | None:
    """The site the gazetteer names "<town> <suffix>" ("Erbil airport"), in the town's governorate."""
    name = f"{town.name} {suffix}"
    found = [m.place for m in gaz.find(name) if m.start == 0 and m.end == len(name)]
    return next((p for p in found if p.level is PlaceLevel.SITE and p.admin1 == town.admin1), None)


def _plain(
    place: Place, gaz: Gazetteer, span: tuple[int, int], confidence: float, note: str | None
) -> LocatedPlace:
    precision = PlaceLevel.ADMIN2 if place.kind in _AREA_KINDS else place.level
    return LocatedPlace(place, precision, place.admin1, gaz.admin1_alt(place), span, confidence, note)


def _ambiguous(candidates: Sequence[Place]) -> bool:
    """Do the readings of one name fall in different Iraqi governorates?"""
    return len({p.admin1 for p in candidates if p.country == IRAQ and p.admin1}) > 1


def _border(country: Place, c: PhraseContext, gaz: Gazetteer, rules: PhraseRules) -> LocatedPlace | None:
    """The Iraqi side of a neighbour's border: "border with Kuwait", "the Iraq-Kuwait border"."""
    before = c.cue_before(rules.border_before)
    after = c.cue_after(rules.border_after)
    if before is None and after is None:
        return None
    span = _span(c.folded, c.start if before is None else before, c.end if after is None else after)
    return _border_reading(country.country, span, gaz)


def _border_reading(neighbour: str, span: tuple[int, int], gaz: Gazetteer) -> LocatedPlace | None:
    if neighbour not in gaz.borders:
        return None
    governorates, single = gaz.borders[neighbour].governorates, gaz.borders[neighbour].single
    place = gaz.governorate(governorates[0]) if single else gaz.country(IRAQ)
    if place is None:
        return None
    if single:
        return LocatedPlace(place, PlaceLevel.ADMIN1, governorates[0], governorates[1:], span, 0.6, "border")
    return LocatedPlace(place, PlaceLevel.ADMIN1, None, governorates, span, 0.4, "border")


def _adjective_borders(folded: FoldedText, gaz: Gazetteer, start: int, end: int) -> list[LocatedPlace]:
    """A neighbour's border named by its adjective: "the Kuwaiti border", "Iraqi-Syrian border"."""
    if not any(word in folded.text for word in _BORDER_WORDS):
        return []  # most windows name no border: spare them a pattern per adjective
    found = []
    for neighbour, side in gaz.borders.items():
        for adjective in side.adjectives:
            for hit in _adjective_border(adjective).finditer(folded.text):
                span = folded.original_span(hit.start(), hit.end())
                reading = _border_reading(neighbour, span, gaz)
                if reading is not None and start <= span[0] and span[1] <= end:
                    found.append(reading)
    return found


#: The words that follow a neighbour's adjective to name its border (folded).
_BORDER_WORDS = ("border", "frontier")


@lru_cache(maxsize=64)  # one per adjective in borders.tsv
def _adjective_border(adjective: str) -> re.Pattern[str]:
    """"kuwaiti border", "syrian frontiers": the adjective's border phrase (on folded text)."""
    return re.compile(rf"(?<!\w){re.escape(adjective)} (?:{'|'.join(_BORDER_WORDS)})s?(?!\w)")


def _read_pairs(
    inside: list[PlaceMention],
    contexts: list[PhraseContext],
    readings: list[LocatedPlace | None],
    gaz: Gazetteer,
    rules: PhraseRules,
) -> None:
    """Readings that take two mentions: "between X and Y", "the X-Y road", "X in <country>"."""
    text = contexts[0].folded.text if contexts else ""
    for i in range(len(inside) - 1):
        a, b = inside[i], inside[i + 1]
        ca, cb = contexts[i], contexts[i + 1]
        gap = text[ca.end : cb.start].strip(" ")
        if gap in rules.between_joiners and ca.cue_before(rules.between_before) is not None:
            span = _span(ca.folded, ca.cue_before(rules.between_before) or ca.start, cb.end)
            readings[i] = _two_places(a.place, b.place, gaz, span, "between", 0.6)
            readings[i + 1] = None
        elif (
            gap == ""
            and cb.cue_after(rules.road_after) is not None
            and "road" not in (a.place.kind, b.place.kind)
        ):
            span = _span(ca.folded, ca.start, cb.cue_after(rules.road_after) or cb.end)
            readings[i] = _two_places(a.place, b.place, gaz, span, "road", 0.6)
            readings[i + 1] = None
        elif (
            gap in ("in", ",", "in the", "at")
            and b.place.level is PlaceLevel.COUNTRY
            and (b.place.country != a.place.country and b.place.country != IRAQ)
        ):
            readings[i] = None  # "the US Embassy in Kuwait": not the embassy the alias assumes


def _two_places(
    a: Place, b: Place, gaz: Gazetteer, span: tuple[int, int], note: str, confidence: float
) -> LocatedPlace | None:
    ga, gb = gaz.governorate_of(a), gaz.governorate_of(b)
    first = ga or gb
    if first is None:
        return None
    other = tuple(g.admin1 for g in (gb,) if g is not None and g.admin1 and g.admin1 != first.admin1)
    return LocatedPlace(
        first, PlaceLevel.ADMIN1, first.admin1, other, span, confidence if other else 0.75, note
    )


def _prefer_named_governorates(
    inside: list[PlaceMention], readings: list[LocatedPlace], gaz: Gazetteer
) -> list[LocatedPlace]:
    """An ambiguous name takes the reading in a governorate the window names explicitly."""
    named = {r.admin1 for r in readings if r.note == "province" or r.place.level is PlaceLevel.ADMIN1}
    named.discard(None)
    out = []
    for r in readings:
        mention = next((m for m in inside if (m.start, m.end) == r.span), None)
        if mention is not None and r.admin1 not in named:
            better = next((p for p in mention.candidates if p.admin1 in named), None)
            if better is not None:
                r = _plain(better, gaz, r.span, r.confidence, "named governorate")
        out.append(r)
    return out


def _pin_governorates(readings: list[LocatedPlace]) -> list[LocatedPlace]:
    """A place in several governorates takes the one the text names: a road across them takes
    any other reading's ("Babil international road", "the international road in Diwaniyah"); a
    disputed district takes an explicit governorate ("Shekhan district of Duhok governorate")."""
    explicit = [o.admin1 for o in readings if o.note == "province" or o.place.level is PlaceLevel.ADMIN1]
    out = []
    for r in readings:
        if r.admin1_alt:
            road = r.admin1 is None and r.place.kind == "road"
            named = [o.admin1 for o in readings if o is not r] if road else explicit
            pinned = next((g for g in named if g in r.admin1_alt), None)
            if pinned is not None:
                rest = tuple(g for g in (r.admin1, *r.admin1_alt) if g and g != pinned)
                r = replace(
                    r,
                    admin1=pinned,
                    admin1_alt=rest,
                    note=r.note or "named governorate",
                    confidence=r.confidence - (0.1 if road else 0.0),
                )
        out.append(r)
    return out
