"""From attack mentions to incidents, and which of them is the article's own news.

A coder reads an article as a few incidents, each named once and then referred to ("the blast",
"the attack"). Mentions join the incident they agree with; a mention opens a new incident when
its day or its governorate differs from every incident so far, or when it says "another" about a
different day or place. The first incident the article tells is its news (`main`); later ones are
`background` when the text marks them as earlier ("another convoy bombing in late July", "a day
after another convoy was attacked") or dates them before the news, and `main` otherwise (two
convoys hit the same day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..geo.gazetteer import Gazetteer
from ..model import DateValue, Place, PlaceLevel, Precision, Role
from .clauses import place_sites
from .dates import DateKind, DateMention, resolve_anchored
from .mentions import AttackMention, enumerated_days, enumerates_places
from .unplaced import counts_back, listed_days, told_apart, unplaced
from .unplaced import earlier as earlier_unplaced


@dataclass(slots=True)
class IncidentDraft:
    mentions: list[AttackMention] = field(default_factory=list)
    role: Role = Role.MAIN
    date: DateMention | None = None
    admin1: str | None = None
    place_split: int | None = None  # index of the place this draft took from an enumerating mention
    sibling: IncidentDraft | None = None  # the incident it was told with ("another", "the second")

    @property
    def first(self) -> AttackMention:
        return self.mentions[0]


def _admin1s(mention: AttackMention, reference: bool = False) -> set[str]:
    """Governorates the mention places the attack in ("south of Baghdad" only approximates one).
    With `reference`, those of the places it names only as reference points instead ("a base near
    Irbil airport"): not enough to place an attack, but enough to tell "a third drone" from the first."""
    return {
        p.place.admin1 for i, p in enumerate(mention.places)
        if p.place.admin1 and p.place.country == "IQ" and (i in mention.approximate) == reference
    }


def _finest(dates: list[DateMention]) -> int:
    return min(d.value.precision.rank if d.value else 9 for d in dates)


def _day(mention: AttackMention) -> DateMention | None:
    """The date nearest the attack word, preferring day-precise ones. In a page with no date, a
    day that cannot be placed still tells days apart ("On Friday, two rockets ...", "On Jan. 5",
    `extract.unplaced`)."""
    dated = [d for d in mention.day_dates() if d.kind != "anchored"]
    if not dated:
        dated = [d for d in mention.dates if unplaced(d) is not None]
    if not dated:
        return None
    # The attack's day, not the day a source spoke, where the sentence gives one as precise
    attack_days = [d for d in dated if d.start not in mention.said_on]
    if attack_days and _finest(attack_days) <= _finest(dated):
        dated = attack_days
    anchor = mention.anchor
    return min(dated, key=lambda d: (d.value.precision.rank if d.value else 9, abs(d.start - anchor)))


#: How far an anchored phrase may stand before the attack word it dates ("a day after a rocket attack").
_ANCHOR_REACH = 30


def _counted_back(mention: AttackMention) -> DateMention | None:
    """"Dana Gas on June 23 said operations continue, a day after a rocket attack": the attack
    is a day before the day the sentence's statement was made, not that day."""
    dated = [d for d in mention.day_dates() if d.kind != "anchored"]
    for anchored in mention.dates:
        if anchored.kind != "anchored" or not anchored.offset_days:
            continue
        # Only when the attack counted from is this mention's own: in "A bomb exploded in Samawah
        # on Saturday night, a day after a similar attack in Nasiriyah" the bomb is Saturday's.
        if not 0 <= mention.anchor - anchored.end <= _ANCHOR_REACH:
            continue
        said = [d for d in dated if d.value and d.value.precision is Precision.DAY and d.end <= anchored.start]
        if said:
            day = said[-1].value.day - timedelta(days=abs(anchored.offset_days))  # type: ignore[union-attr]
            return replace(anchored, kind=DateKind.ABSOLUTE, value=DateValue(day, Precision.DAY),
                           note=f"{abs(anchored.offset_days)} day(s) before {said[-1].text}")
    return None


def _counted_on(mention: AttackMention, told: IncidentDraft | None) -> DateMention | None:
    """"Rockets hit the base on Sunday. Two days later, a drone targeted the same base": a day
    counted from the incident told just before, when the count opens the telling ("two days
    later, ...", "a day earlier, ..."). Not "a day after" something, which may date either one."""
    if told is None or told.date is None or told.date.value is None or told.date.value.precision is not Precision.DAY:
        return None
    for d in mention.dates:
        if d.kind == "anchored" and d.offset_days and _ADVERBIAL_COUNT.search(d.text) and d.end <= mention.anchor:
            value = resolve_anchored(d, told.date.value.day)
            if value is not None:
                return replace(d, kind=DateKind.ABSOLUTE, value=value, note=f"counted from {told.date.text}")
    return None


#: A count that ends in an adverb dates what follows it ("two days later, a drone ..."); one that
#: ends in a preposition ("a day after a drone struck") dates the event it names.
_ADVERBIAL_COUNT = re.compile(r"\b(?:later|earlier|afterwards)$", re.IGNORECASE)

_NEWS_WINDOW_DAYS = 7  # a report's own news happened within the week before publication
_SAME_PLACE_KM = 40.0  # further apart than this, two named places are two incidents


def _conflicts(
    draft: IncidentDraft, day: DateMention | None, admin1s: set[str], mention: AttackMention | None = None
) -> bool:
    if day and draft.date and day.value and draft.date.value:
        a, b = day.value, draft.date.value
        if a.precision is Precision.DAY and b.precision is Precision.DAY and a.day != b.day:
            return True
        if a.precision is Precision.MONTH and b.precision is Precision.DAY and (a.day.year, a.day.month) != (b.day.year, b.day.month):
            return True
        if b.precision is Precision.MONTH and a.precision is Precision.DAY and (a.day.year, a.day.month) != (b.day.year, b.day.month):
            return True
    if told_apart(day, draft.date) or _apart_in_the_day(day, draft.date):
        return True
    if admin1s and draft.admin1 and draft.admin1 not in admin1s:
        return True
    return _far_apart(draft, mention)


#: Parts of the day (`dates.toml`) by half: the day's and the night's. An attack "on Saturday
#: morning" and one "on Saturday evening" are two; "late on Monday" and "Monday night" are one.
_DAYTIME, _NIGHTTIME = frozenset({"dawn", "early", "morning", "afternoon"}), frozenset({"evening", "night", "late"})


def _apart_in_the_day(a: DateMention | None, b: DateMention | None) -> bool:
    """Two mentions of one day in different halves of it (morning and evening)."""
    if a is None or b is None or a.value is None or b.value is None or a.value != b.value:
        return False
    if not {a.part, b.part} <= _DAYTIME | _NIGHTTIME:
        return False  # a part unknown (or none given): nothing to tell them apart by
    return (a.part in _DAYTIME) != (b.part in _DAYTIME)


def weekday_hint(draft: IncidentDraft, main: IncidentDraft | None) -> int | None:
    """The weekday an undated draft's text gives its day, kept so that a dated report of the same
    attack can date it (link/): "on Friday"; one of several days a sentence lists; "yesterday"
    beside news of "today, Saturday" (a Friday). None when the incident is also counted back
    from the report's own day ("on Friday ... yesterday evening"): the weekday may then be the
    day of the report, and a wrong weekday would keep the report from its incident."""
    undated = [d for m in draft.mentions for d in m.dates if d.value is None]
    own = draft.date if draft.date is not None and draft.date.value is None and draft.date.weekday is not None else None
    if own is not None and sum(d.value is None and d.weekday is not None for d in draft.first.dates) > 1:
        return own.weekday  # one of a listed run of days: that day's weekday, whatever else is said
    named = own or next((d for d in undated if d.weekday is not None), None)
    if named is None:
        ours = unplaced(draft.date)
        theirs = unplaced(main.date) if main is not None and main is not draft else None
        if ours is None:
            return None
        return ours.weekday_beside(theirs) if theirs is not None else ours.weekday
    if named.kind is DateKind.WEEKDAY and any(
        d.kind is DateKind.RELATIVE and d.weekday is None and counts_back(d) for d in undated
    ):
        return None  # "yesterday Friday" (أمس الجمعة) names its own weekday and stays
    return named.weekday


def _recalled_into_news(
    draft: IncidentDraft, day: DateMention | None, drafts: list[IncidentDraft], published: date | None
) -> bool:
    """The article's lead names no day: it is news of the publication week, so a day or month
    well before that week belongs to an earlier attack."""
    if draft is not drafts[0] or draft.date is not None or published is None or day is None or day.value is None:
        return False
    value = day.value
    last_day = value.day if value.precision is Precision.DAY else _period_end(value)
    return (published - last_day).days > _NEWS_WINDOW_DAYS


def _period_end(value: DateValue) -> date:
    if value.precision is Precision.MONTH:
        following = value.day.replace(day=28) + timedelta(days=4)
        return following - timedelta(days=following.day)
    if value.precision is Precision.YEAR:
        return value.day.replace(month=12, day=31)
    return value.day + timedelta(days=6)


def _points(mention: AttackMention) -> list[Place]:
    """Towns and sites the mention names, not the city a governorate is named after ("in
    Sulaymaniyah", "in Basra" name the governorate as often as the city)."""
    return [
        p.place for i, p in enumerate(mention.places)
        if i not in mention.approximate and p.place.lat is not None and p.place.level.rank <= PlaceLevel.LOCALITY.rank
        and not any(c.level is PlaceLevel.ADMIN1 for c in p.candidates)
    ]


def _far_apart(draft: IncidentDraft, mention: AttackMention | None) -> bool:
    """Two towns or sites of one governorate far apart (Miqdadiyah and Qara Tapa) are two attacks."""
    if mention is None:
        return False
    # Each place once: a town named in every mention must not cost mentions² distances.
    theirs = list({p.id: p for p in _points(mention)}.values())
    ours = list({p.id: p for m in draft.mentions for p in _points(m)}.values())
    if not theirs or not ours:
        return False
    return min(Gazetteer.distance_km(a, b) or 0.0 for a in theirs for b in ours) > _SAME_PLACE_KM


def group_incidents(mentions: list[AttackMention], published: date | None = None) -> list[IncidentDraft]:
    """`published` lets a dateless lead keep its own day: "The field was also attacked in June",
    weeks before publication, is another attack, not the lead's date."""
    drafts: list[IncidentDraft] = []
    for mention in mentions:
        if enumerates_places(mention):
            _split_by_place(mention, drafts)
            continue
        if len(days := enumerated_days(mention) or listed_days(mention)) > 1:
            _split_by_day(mention, days, drafts)
            continue
        # "said on June 23 ..., a day after a rocket attack" dates the attack; it recalls nothing
        counted = _counted_back(mention)
        current = drafts[-1] if drafts else None
        day = counted or _day(mention) or _counted_on(mention, current)
        recalls = mention.background_cue and counted is None
        admin1s = _admin1s(mention)
        if mention.same_place and current:
            admin1s = {current.admin1} if current.admin1 else set()
        elif mention.launch_site and current:
            admin1s = set()  # where the rockets came from, not where they fell
        # "..., while another targeted a convoy near Samawah": the clause before it is another attack
        partner = _holding(drafts, mention.told_with)
        fits = [
            d for d in reversed(drafts)
            if not _conflicts(d, day, admin1s, None if mention.launch_site else mention)
            and not _recalled_into_news(d, day, drafts, published)
            and not (partner and _holds(d, mention.told_with))
        ]
        # "Meanwhile, militants raided Safsaf village": another attack, where or what it names.
        alongside = current is not None and mention.separate and mention.specific and bool(
            mention.places or mention.target
        )
        # "Hours later, a third drone targeted troops at a base near Irbil airport": another
        # attack, near somewhere outside the governorate of the one before.
        near = _admin1s(mention, reference=True) if mention.another and not admin1s else set()
        elsewhere = current is not None and current.admin1 is not None and bool(near) and current.admin1 not in near
        opens_new = (
            not drafts
            or not fits
            or alongside
            or elsewhere
            or (recalls and (mention.specific or mention.target is not None)
                and current is not None
                and (mention.another or _differs(current, day, admin1s) or _other_weapon(current, mention)))
        )
        may_open = (
            mention.specific
            or alongside
            or not drafts
            or (recalls and mention.target is not None)
            or (mention.another and bool(day or admin1s))  # "The second was struck ... in Latifiya"
            or elsewhere
            or partner is not None
            # "ISIS militants attacked a Federal Police detachment on the Kirkuk-Daquq road": a
            # target and a place or day that fit no incident so far make a new one.
            or (not fits and mention.target is not None and bool(day or admin1s))
        )
        if opens_new and may_open:
            draft = IncidentDraft([mention], sibling=partner or (current if mention.another or alongside else None))
            if draft.sibling is not None and day is None and not recalls:
                draft.date = draft.sibling.date  # "The second was struck later on": the same day
            if partner is not None:
                _share_with(partner, draft, day, admin1s)
            drafts.append(draft)
        elif fits:
            draft = fits[0]
            _tell_again(draft, mention, _placed_in(mention, draft.admin1) if draft.place_split is not None else None)
        else:
            continue  # "today's attack" in a quote that disagrees with every incident: not a new one
        if draft.date is None and day is not None:
            draft.date = day
        if draft.admin1 is None and len(admin1s) == 1:
            draft.admin1 = next(iter(admin1s))
    drafts = _without_summaries(drafts)
    _assign_roles(drafts, published)
    return drafts


def _holds(draft: IncidentDraft, mention: AttackMention | None) -> bool:
    return mention is not None and any(m is mention for m in draft.mentions)


def _holding(drafts: list[IncidentDraft], mention: AttackMention | None) -> IncidentDraft | None:
    """The latest draft that holds `mention`, if any."""
    return next((d for d in reversed(drafts) if _holds(d, mention)), None) if mention is not None else None


def _share_with(partner: IncidentDraft, draft: IncidentDraft, day: DateMention | None, admin1s: set[str]) -> None:
    """Two attacks of one sentence share what only one of them names: "Rockets hit Ain al-Asad and
    a drone attacked Erbil airport on Tuesday" dates both; "..., while another struck a convoy
    nearby" is in the governorate of the first."""
    if partner.date is None and day is not None:
        partner.date = day
    if not admin1s and draft.admin1 is None:
        draft.admin1 = partner.admin1


def _without_summaries(drafts: list[IncidentDraft]) -> list[IncidentDraft]:
    """"Three convoys were targeted" followed by each convoy: the count is not a fourth incident.
    A sentence that counts and places each ("two more devices hit convoys, one near Nasiriyah and
    another north of Samawah") tells its incidents: the drafts it split into are not summaries."""
    told = [d for d in drafts if d.place_split is not None or not all(m.summary for m in d.mentions)]
    if len(told) >= 2 and len(told) < len(drafts):
        kept = [d for d in drafts if d in told or d.admin1 is not None]
        counted = [d for d in drafts if d not in kept and d.date is not None]
        for draft in kept:
            if draft.date is None and counted:
                draft.date = counted[0].date  # "Two roadside bombs exploded late on Monday": their day
        return kept
    return drafts


def _other_weapon(draft: IncidentDraft, mention: AttackMention) -> bool:
    """Does a recalled attack name another weapon than the incident told so far ("The drone
    attack came two months after a rocket attack on the same base")?"""
    told = {t.cls.type for m in draft.mentions for t in m.triggers if t.cls.specific}
    recalled = {t.cls.type for t in mention.triggers if t.cls.specific}
    return bool(told and recalled and not told & recalled)


def _differs(draft: IncidentDraft, day: DateMention | None, admin1s: set[str]) -> bool:
    """Does a mention that says "another" point at something other than this draft?"""
    if day and draft.date and day.value and draft.date.value and day.value != draft.date.value:
        return True
    if told_apart(day, draft.date):
        return True
    if admin1s and draft.admin1 not in admin1s:
        return True
    return day is None and not admin1s


def _split_by_place(mention: AttackMention, drafts: list[IncidentDraft]) -> None:
    """One incident per place of an attack the mention lists (`mentions.place_sites`: each
    governorate, and each town the text tells apart). A governorate that an earlier sentence
    of places already gave an incident is that incident told again, maybe more closely: "Two IEDs
    targeted convoys in Babylon and Al-Diwaniyah" then "the first exploded near the Al-Hamza
    district in Al-Diwaniyah, while the second targeted a convoy between Al-Hillah and Al-Mahawil"."""
    day = _day(mention)
    for index in place_sites(mention, range(len(mention.places))):
        admin1 = mention.places[index].place.admin1
        told = next(
            (d for d in drafts
             if d.place_split is not None and d.admin1 == admin1 and not _conflicts(d, day, {admin1}, mention)
             and not _holds(d, mention) and not _holds(d, mention.told_with)),
            None,
        )
        if told is not None:
            _tell_again(told, mention, index)
            continue
        sibling = drafts[-1] if drafts else None
        draft = IncidentDraft([mention], admin1=admin1, place_split=index, date=day, sibling=sibling)
        drafts.append(draft)


def _placed_in(mention: AttackMention, admin1: str | None) -> int | None:
    """The index of the first place the mention puts an attack at in `admin1`, if any."""
    return next(
        (i for i, p in enumerate(mention.places) if p.place.admin1 == admin1 and i not in mention.approximate), None
    )


def _tell_again(draft: IncidentDraft, mention: AttackMention, index: int | None) -> None:
    """Add a mention that places a split draft's incident again (its place `index`, if any); the
    draft's place becomes the more specific of the two, its first mention the one that names it:
    "Two IEDs targeted convoys in Babylon and Al-Diwaniyah ... while the second targeted a convoy
    between Al-Hillah and Al-Mahawil"."""
    before = draft.first.places[draft.place_split].place if draft.place_split is not None else None
    if index is not None and before is not None and mention.places[index].place.level.rank < before.level.rank:
        draft.mentions.insert(0, mention)
        draft.place_split = index
        draft.date = draft.date or _day(mention)
    else:
        draft.mentions.append(mention)


def _split_by_day(mention: AttackMention, days: list[DateMention], drafts: list[IncidentDraft]) -> None:
    """One incident per listed day: a day an earlier draft already tells joins it."""
    admin1s = _admin1s(mention)
    for day in days:
        same = [
            d for d in drafts
            if d.date and (d.date.value == day.value if day.value else unplaced(d.date) and not told_apart(d.date, day))
        ]
        if same:
            same[0].mentions.append(mention)
            continue
        sibling = drafts[-1] if drafts else None
        admin1 = next(iter(admin1s)) if len(admin1s) == 1 else (sibling.admin1 if sibling else None)
        drafts.append(IncidentDraft([mention], date=day, admin1=admin1, sibling=sibling))


#: An attack dated to days that all lie this long before publication is not the article's news.
NEWS_DAYS = timedelta(days=31)


def _assign_roles(drafts: list[IncidentDraft], published: date | None = None) -> None:
    """The first incident told is the news; a later one is background when the text marks it as
    earlier or dates it before the news. An incident dated wholly more than a month before the
    article is background wherever it is told ("In January 2020, Iran fired ballistic missiles at
    Ain al-Asad" in an analysis of 2023): a piece may tell no news at all."""
    if not drafts:
        return
    _assign_relative_roles(drafts)
    if published is not None:
        for draft in drafts:
            when = draft.date.value if draft.date else None
            if when is not None and when.days()[1] < published - NEWS_DAYS:
                draft.role = Role.BACKGROUND


def _assign_relative_roles(drafts: list[IncidentDraft]) -> None:
    main = drafts[0]
    main_day = main.date.value if main.date and main.date.value else None
    for draft in drafts[1:]:
        if draft.first is main.first:  # one sentence naming several places: all the news
            draft.role = Role.MAIN
            continue
        day = draft.date.value if draft.date and draft.date.value else None
        # Undated page: another weekday than the news's is a day of the week before it.
        earlier = bool(day and main_day and day.day < main_day.day) or earlier_unplaced(draft.date, main.date)
        same_day = bool(day and main_day and day == main_day)
        draft.role = Role.BACKGROUND if earlier or (draft.first.background_cue and not same_day) else Role.MAIN


def anchored_date(draft: IncidentDraft, main: IncidentDraft | None) -> DateMention | None:
    """"A day after another convoy was attacked": a date counted from the main incident's."""
    if draft.date and draft.date.kind != "anchored":
        return draft.date
    if draft is main or main is None or main.date is None or main.date.value is None:
        return draft.date
    for mention in draft.mentions:
        for d in mention.dates:
            if d.kind == "anchored" and d.offset_days:
                # The recalled incident is the earlier one, whichever way the sentence runs.
                day = main.date.value.day - timedelta(days=abs(d.offset_days))
                return replace(d, value=DateValue(day, main.date.value.precision), confidence=0.7)
    return draft.date
