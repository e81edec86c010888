"""Fill every field of a Report from its incident's stretch of text, keeping the evidence.

Each field is a `Fact`: the value, the span(s) it was read from, and a confidence. A field the
text is silent on stays `None`; an explicit "no casualties" or "no group claimed" is a value (0,
or None with evidence and a high confidence) because the analyst needs to tell the two apart.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..geo.gazetteer import Gazetteer
from ..model import (
    Article,
    AttackType,
    DateValue,
    Fact,
    Place,
    Precision,
    Report,
    Role,
    Span,
    Target,
)
from ..resources import Resources
from .actors import ActorMention
from .casualties import Count, find_casualties
from .claims import claimed_by_antecedent, find_blame, find_claim, find_denial, find_sources
from .incidents import IncidentDraft, anchored_date, weekday_hint
from .lexicon import Lexicon
from .mentions import dateline_of, tells_other_attacks, without_dateline
from .sentences import Sentence
from .targets import TargetMention, find_owner, find_target

_ALL_INCIDENTS = re.compile(r"\b(?:both|all (?:the |three |two |four )?|the (?:two|three|four) |either|neither) ?(?:attacks|incidents|explosions|blasts|convoys|bombings)?\b", re.IGNORECASE)
_DAMAGE = re.compile(  # tried only at clause starts (the lookbehind): linear, not quadratic, in a long clause
    r"(?<![^.;,])[^.;,]*\b(?:damag\w*|destroy\w*|torch\w*|set (?:them |it )?on fire|burn\w*|engulfed in flames)\b[^.;]*", re.IGNORECASE
)
_FOLLOWING_SENTENCES = 3
_LEAD_PARAGRAPHS = 3  # a headline, a dateline and the first paragraph: where news is told  # how far after its last mention an incident's context reaches


def _span(article: Article, start: int, end: int) -> Span:
    return Span(article.id, start, end, article.text[start:end])


def build_reports(article: Article, sentences: list[Sentence], drafts: list[IncidentDraft], res: Resources) -> list[Report]:
    main = next((d for d in drafts if d.role is Role.MAIN), None)
    mains = [d for d in drafts if d.role is Role.MAIN]
    lead: Fact[Place] | None = None  # read only for a main incident its own words do not place
    reports: list[Report] = []
    told, sentence_of = _as_clauses(sentences, drafts)
    for index, draft in enumerate(drafts):
        place = _place(article, draft, res)
        if place.value is None and draft.role is Role.MAIN:
            lead = _lead_place(article, sentences, res) if lead is None else lead
            if lead.value is None:
                continue  # an attack the article never places is a mention, not an incident
            place = lead
        if draft.role is Role.BACKGROUND and place.value is None and (draft.date is None or draft.date.value is None):
            continue  # a recalled attack with neither date nor place is a vague mention
        context = _context(told, drafts, index, res.lexicon, sentence_of)
        report = Report(
            id=f"{article.id}:{index}",
            article_id=article.id,
            role=draft.role,
            attack_type=_attack_type(article, draft, res.lexicon),
            target=_target(article, draft, res.lexicon),
            target_owner=_owner(article, draft, res),
            date=_date(article, draft, main),
            place=place,
            claimed_by=_claim(article, draft, context, told, mains, res),
            denied_by=_first_fact(article, context, lambda s: find_denial(s.text, res.actors, s.start, article.language)),
            blamed_on=_first_fact(article, context, lambda s: find_blame(s.text, res.actors, s.start, article.language)),
            damage=_damage(article, draft, context),
            cited_sources=_sources(article, context),
            trigger=_span(article, draft.first.triggers[0].start, draft.first.triggers[0].end),
            confidence=0.9 if draft.first.specific else 0.6,
        )
        killed, injured = _casualties(article, draft, context, told, mains)
        report = _with(report, killed=killed, injured=injured, location_text=_location_text(report))
        if report.date.value is None:
            report = _with(report, weekday=weekday_hint(draft, main))
        reports.append(report)
    return _share_listed_types(reports, [d for d in drafts if _kept(d, reports)])


def _kept(draft: IncidentDraft, reports: list[Report]) -> bool:
    return any(r.trigger and r.trigger.start == draft.first.triggers[0].start for r in reports)


def _share_listed_types(reports: list[Report], drafts: list[IncidentDraft]) -> list[Report]:
    """Attacks listed in one sentence ("on June 22, 24 and 25") are of one kind: one whose own
    words name no method takes the method its list-mates' words name."""
    if len(reports) != len(drafts):
        return reports
    out = list(reports)
    for i, draft in enumerate(drafts):
        if out[i].attack_type.value is not AttackType.OTHER or _names_a_method(draft):
            continue
        mates = [out[j] for j, d in enumerate(drafts) if j != i and d.first is draft.first]
        named = [r.attack_type for r in mates if r.attack_type.value is not AttackType.OTHER]
        if named:
            out[i] = _with(out[i], attack_type=Fact(named[0].value, named[0].evidence, 0.5, "as the attacks listed with it"))
    return out


def _with(report: Report, **changes: object) -> Report:
    return replace(report, **changes)  # type: ignore[arg-type]


def _names_a_method(draft: IncidentDraft) -> bool:
    """Do the incident's own words name how it was done (a grenade, whose type is `other`)?"""
    return any(t.cls.specific for m in draft.mentions for t in m.triggers)


def _as_clauses(sentences: list[Sentence], drafts: list[IncidentDraft]) -> tuple[list[Sentence], dict[int, int]]:
    """The sentences, a sentence that tells two attacks (`mentions.read_clauses`) as the clauses
    its mentions were read from, and the start of each clause's sentence by the clause's start."""
    if not any(m.told_with is not None for d in drafts for m in d.mentions):
        return sentences, {}  # no second clause (nearly every article): no clause of one either
    whole = {(s.start, s.end) for s in sentences}
    clauses = {(m.sentence.start, m.sentence.end): m.sentence for d in drafts for m in d.mentions}
    parts = sorted((c for span, c in clauses.items() if span not in whole), key=lambda c: c.start)
    if not parts:
        return sentences, {}
    out: list[Sentence] = []
    sentence_of: dict[int, int] = {}
    for s in sentences:
        inside = [c for c in parts if s.start <= c.start and c.end <= s.end]
        sentence_of.update((c.start, s.start) for c in inside)
        out += inside or [s]
    return out, sentence_of


def _context(
    sentences: list[Sentence], drafts: list[IncidentDraft], index: int, lexicon: Lexicon,
    sentence_of: dict[int, int] | None = None,
) -> list[Sentence]:
    """The incident's own sentences and the few that follow, up to the next incident. Of a
    sentence that tells two attacks (`sentence_of` maps its clauses to it), the incident's own
    clause: what follows the sentence ("There were no casualties") is said of both."""
    told_in = sentence_of or {}
    draft = drafts[index]
    start = draft.first.sentence.start
    told_at = told_in.get(start, start)
    # a sentence the incident has a clause of is its own, whatever the other clause opens
    own_told = {told_in[m.sentence.start] for m in draft.mentions if m.sentence.start in told_in}
    later = [
        at for d in drafts
        if (at := told_in.get(d.first.sentence.start, d.first.sentence.start)) > told_at and at not in own_told
    ]
    stop = min(later) if later else None
    last = max(m.sentence.start for m in draft.mentions)
    own = {m.sentence.start for m in draft.mentions}
    out: list[Sentence] = []
    after = 0
    for s in sentences:
        if s.start < start or (stop is not None and s.start >= stop) or (s.start in told_in and s.start not in own):
            continue
        if s.start > last:
            # A sentence that refers to "the attack" again keeps the incident's context open.
            after = 0 if lexicon.any_trigger.search(s.text) else after + 1
            if after > _FOLLOWING_SENTENCES:
                break
        out.append(s)
    return out


def _attack_type(article: Article, draft: IncidentDraft, lexicon: Lexicon) -> Fact[AttackType]:
    triggers = [t for m in draft.mentions for t in m.triggers]
    best = min(triggers, key=lambda t: (not t.cls.specific, t.cls.priority, t.start))
    # A specific `other` names a method outside the types (a hand grenade): nothing to infer.
    if best.cls.type is not AttackType.OTHER or best.cls.specific:
        return Fact(best.cls.type, (_span(article, best.start, best.end),), 0.9 if best.cls.specific else 0.6)
    if draft.sibling is not None:  # "another convoy was hit": the kind of attack it follows
        inherited = _attack_type(article, draft.sibling, lexicon)
        if inherited.value is not AttackType.OTHER:
            return Fact(inherited.value, inherited.evidence, 0.5, "as the attack it is told with")
    for m in draft.mentions:
        ground = lexicon.cues["ground_attack"].search(m.sentence.text)
        if ground:
            start = m.sentence.start + ground.start()
            span = _span(article, start, m.sentence.start + ground.end())
            return Fact(AttackType.ARMED_ASSAULT, (span,), 0.5, "fighters attacking a post or village")
    return Fact(AttackType.OTHER, (_span(article, best.start, best.end),), 0.5)


def _target(article: Article, draft: IncidentDraft, lexicon: Lexicon) -> Fact[Target]:
    """The first target named, unless it is `other` and a later mention that names its weapon
    names a convoy, base, embassy or airport ("an attack on the village ... rockets hit the
    base"); a generality ("militias have also targeted a Turkish base") does not. An incident
    that took one of a sentence's places takes the target nearest that place ("rockets were fired
    at the Green Zone, which houses the U.S. embassy, and at the Balad air base")."""
    if draft.place_split is not None:
        sentence, place = draft.first.sentence, draft.first.places[draft.place_split]
        start, end = place.start - sentence.start, place.end - sentence.start
        # "the Balad air base" names its own target; else the target word nearest the place
        near = find_target(sentence.text[start:end], 0, lexicon, place.start) or find_target(
            sentence.text, start, lexicon, sentence.start
        )
        if near is not None and near.type is not Target.OTHER:
            return _target_fact(article, near)
    named = [m.target for m in draft.mentions if m.target]
    first = named[0] if named else None
    better = (
        t for m in draft.mentions
        if m.target and m.target.type is not Target.OTHER and (m.specific or first is None or m.target is first)
        for t in (m.target,)
    )
    best = next(better, first)
    if best is None and draft.sibling is not None:
        return _target(article, draft.sibling, lexicon)
    if best is None:
        return Fact(Target.OTHER, (), 0.3)
    return _target_fact(article, best)


def _target_fact(article: Article, found: TargetMention) -> Fact[Target]:
    """A target word as evidence: the nearer the attack word, the surer."""
    return Fact(found.type, (_span(article, found.start, found.end),), 0.8 if found.distance < 80 else 0.5)


def _owner(article: Article, draft: IncidentDraft, res: Resources) -> Fact[str]:
    s = draft.first.sentence
    found = find_owner(s.text, draft.first.anchor - s.start, res.lexicon, s.start)
    if not found:
        return Fact()
    name, start, end, _ = found
    return Fact(name, (_span(article, start, end),), 0.6)


def _date(article: Article, draft: IncidentDraft, main: IncidentDraft | None) -> Fact[DateValue]:
    mention = anchored_date(draft, main)
    if mention is not None and mention.value is not None:
        return Fact(mention.value, (_span(article, mention.start, mention.end),), mention.confidence, mention.note)
    if draft.role is Role.MAIN and article.published:
        if draft.first.sentence.paragraph <= _LEAD_PARAGRAPHS:
            # Breaking news names no day because the day is the report's own ("Rockets hit
            # Baghdad airport"): the publication day, with a low confidence that says so.
            return Fact(DateValue(article.published, Precision.DAY), (), 0.5, "no day in the text: the report's own day")
        return Fact(DateValue(article.published, Precision.WEEK), (), 0.4, "no day in the text: publication week")
    note = "no publication date to resolve against" if not article.published else "the text gives no date"
    return Fact(None, (), 0.3, note)


def _place(article: Article, draft: IncidentDraft, res: Resources) -> Fact[Place]:
    """The most specific place the incident's sentences support (geo.locate reads "X province",
    "south of Baghdad", "between A and B", roads and borders), in the incident's governorate."""
    if draft.place_split is not None:
        mention = draft.first.places[draft.place_split]
        return Fact(mention.place, (_span(article, mention.start, mention.end),), 0.8)
    readings = [m.located for m in draft.mentions if m.located is not None]
    if draft.admin1:
        readings = [r for r in readings if draft.admin1 in r.governorates() or r.admin1 is None] or readings
    if not readings:
        # "in the same region": the governorate of the incident it follows.
        governorate = res.gazetteer.governorate(draft.admin1) if draft.admin1 else None
        return Fact(governorate, (), 0.5, "the same region as the incident before") if governorate else Fact()
    iraqi = [r for r in readings if r.country == "IQ"] or readings
    best = min(iraqi, key=lambda r: (r.precision.rank, -r.confidence))
    place = best.place
    admin1 = best.admin1 or (draft.admin1 if place.country == "IQ" else None)
    if admin1 != place.admin1:
        place = replace(place, admin1=admin1)  # "the Diwaniyah–Basra highway" in "Basra province"
    return Fact(place, (_span(article, *best.span),), best.confidence, best.note)


def _lead_place(article: Article, sentences: list[Sentence], res: Resources) -> Fact[Place]:
    """Where the article as a whole is: the most specific place its first sentences name (a
    headline "...in southern Iraq", a lead "in Iraq's Dhi Qar province"). Datelines such as
    "ERBIL, Kurdistan Region –" name where the reporter was, so they do not count."""
    for s in sentences[:3]:
        found = res.gazetteer.find(without_dateline(s.text))
        if found:
            best = min(found, key=lambda p: (p.place.country != "IQ", p.place.level.rank))
            start = s.start + best.start
            return Fact(best.place, (_span(article, start, s.start + best.end),), 0.5, "from the article's lead")
    return _dateline_country(article, sentences, res)


def _dateline_country(article: Article, sentences: list[Sentence], res: Resources) -> Fact[Place]:
    """Iraq, when an Iraqi dateline is all that places the news: "BAGHDAD (Reuters) - A roadside
    bomb struck a convoy ..." is an attack in Iraq, though not necessarily in Baghdad (a bureau
    covers the whole country), so the incident is kept, placed to the country only. A dateline
    abroad ("WASHINGTON (AP) -") says nothing of where an attack in the news was."""
    dateline = dateline_of(sentences[0].text) if sentences else None
    if dateline is None:
        return Fact()
    start, end = sentences[0].start + dateline[0], sentences[0].start + dateline[1]
    iraqi = next((m for m in res.gazetteer.find(article.text[start:end]) if m.place.country == "IQ"), None)
    country = res.gazetteer.country("IQ") if iraqi is not None else None
    if iraqi is None or country is None:
        return Fact()
    evidence = _span(article, start + iraqi.start, start + iraqi.end)
    return Fact(country, (evidence,), 0.3, "the dateline's country: the article places it no closer")


def _location_text(report: Report) -> str | None:
    return report.place.evidence[0].text if report.place.evidence else None


def _claim(
    article: Article, draft: IncidentDraft, context: list[Sentence], sentences: list[Sentence],
    mains: list[IncidentDraft], res: Resources,
) -> Fact[str]:
    pool = list(context)
    if draft.role is Role.MAIN:  # "claimed responsibility for both attacks" anywhere in the article
        pool += [s for s in sentences if s not in context and _ALL_INCIDENTS.search(s.text) and len(mains) > 1]
    for s in pool:
        if _about_elsewhere(s, draft, res):
            continue  # "claimed the attack on the convoy in Babil province" is not about Anbar's
        claim = find_claim(s.text, res.actors, s.start, article.language)
        if claim is False:
            return Fact(None, (_span(article, s.start, s.end),), 0.9, "no group claimed")
        if claim:
            return Fact(claim.name, (_span(article, claim.start, claim.end),), 0.8)
        named = _group_named_before(article, sentences, s, res) if claimed_by_antecedent(s.text) else None
        if named is not None and article.language != "ar":
            span = _span(article, named.start, named.end)
            return Fact(named.actor.name, (span, _span(article, s.start, s.end)), 0.6, "the group named before")
    return Fact()


def _group_named_before(article: Article, sentences: list[Sentence], claim: Sentence, res: Resources) -> ActorMention | None:
    """The last armed group the article names before a claim by "the group", in the three
    sentences before it or its own: whom "the terrorist organization" refers to."""
    at = next((i for i, s in enumerate(sentences) if s.start == claim.start), None)
    if at is None:
        return None
    for s in reversed(sentences[max(0, at - 3) : at + 1]):
        groups = [
            m for m in res.actors.find(s.text)
            if m.actor.kind not in {"state", "authority"} and (s is not claim or m.start < claim.end - claim.start)
        ]
        if groups:
            last = groups[-1]
            return ActorMention(s.start + last.start, s.start + last.end, last.text, last.actor)
    return None


def _about_elsewhere(sentence: Sentence, draft: IncidentDraft, res: Resources) -> bool:
    if draft.admin1 is None:
        return False
    named = _governorates_named(sentence.text, res)
    return bool(named) and draft.admin1 not in named


def _governorates_named(text: str, res: Resources) -> frozenset[str]:
    return _governorates_in(text, res.gazetteer)


@lru_cache(maxsize=4096)
def _governorates_in(text: str, gazetteer: Gazetteer) -> frozenset[str]:
    """Governorates a sentence names: an article asks about the same few sentences for every
    incident it tells."""
    return frozenset(p.place.admin1 for p in gazetteer.find(text) if p.place.admin1 and p.place.country == "IQ")


def _first_fact(article: Article, context: list[Sentence], find: object) -> Fact[str]:
    for s in context:
        found = find(s)  # type: ignore[operator]
        if found:
            return Fact(found.name, (_span(article, found.start, found.end),), 0.7)
    return Fact()


def _casualties(
    article: Article, draft: IncidentDraft, context: list[Sentence], sentences: list[Sentence],
    mains: list[IncidentDraft],
) -> tuple[Fact[int], Fact[int]]:
    # A later sentence that tells other attacks ("Last week, two similar attacks ... caused no
    # casualties") counts their dead, not this attack's.
    own = {m.sentence.start for m in draft.mentions}
    pool = [s for s in context if s.start in own or not tells_other_attacks(s.text)]
    if draft.role is Role.MAIN and len(mains) > 1:
        pool += [s for s in sentences if s not in context and _ALL_INCIDENTS.search(s.text)]
    killed: Count | None = None
    injured: Count | None = None
    for s in pool:
        k, i = find_casualties(s.text, s.start, article.language)
        killed = killed or k
        injured = injured or i
        if killed and injured:
            break
    return _count_fact(article, killed), _count_fact(article, injured)


def _count_fact(article: Article, count: Count | None) -> Fact[int]:
    if count is None:
        return Fact()
    if count.value is None:
        return Fact(None, (_span(article, count.start, count.end),), 0.7, "the text is vague")
    return Fact(count.value, (_span(article, count.start, count.end),), 0.8)


def _damage(article: Article, draft: IncidentDraft, context: list[Sentence]) -> Fact[str]:
    for s in context:
        m = _DAMAGE.search(s.text)
        if m:
            start, end = s.start + m.start(), s.start + m.end()
            while start < end and article.text[start].isspace():
                start += 1
            return Fact(article.text[start:end], (_span(article, start, end),), 0.6)
    return Fact()


def _sources(article: Article, context: list[Sentence]) -> tuple[Fact[str], ...]:
    seen: dict[str, Fact[str]] = {}
    for s in context:
        for found in find_sources(s.text, s.start, article.language):
            seen.setdefault(found.name, Fact(found.name, (_span(article, found.start, found.end),), 0.6))
    return tuple(seen.values())
