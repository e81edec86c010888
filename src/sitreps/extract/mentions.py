"""Attack mentions: the sentences that say an attack happened, with what they carry.

A sentence is an attack mention when it holds a trigger word that names an attack and none of
the cues that say the attack did not happen (a threat, a drill, a defused device, a trial), is
an aggregate ("six rocket attacks in June") or was carried out by US forces. A generic word ("the
attack", "the blast") alone only refers back to an incident; it opens one only when the sentence
also gives a target, a place or a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import pairwise

from ..geo.gazetteer import Gazetteer, PlaceMention
from ..geo.locate import LocatedPlace, locate
from ..model import Precision
from ..regex_literals import GatedPattern
from .actors import ActorTable
from .calendar import Calendar
from .casualties import NUMBER_WORDS
from .clauses import clause_starts, other_governorate, place_sites, places_told_apart, tells_apart
from .dates import DateMention
from .lexicon import Lexicon, TriggerClass
from .sentences import Sentence
from .targets import TargetMention, find_target

_SAME_PLACE = re.compile(r"\b(?:the same|that same|this same) (?:region|area|road|highway|province|governorate|place|route|base|air ?base|airport|camp|field|compound|facility|site)\b", re.IGNORECASE)
_RELATIVE_TO = re.compile(
    r"\b(?:(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?|outskirts|near|close to|outside|from|towards?|"
    r"heading (?:to|for)|bound for|on the way to|border with)\s+(?:of\s+)?(?:the\s+)?(?:city of\s+|capital,?\s+)?$",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:cities of\s+|towns of\s+)?$", re.IGNORECASE)
_ANOTHER = re.compile(
    r"\b(?:another|(?:only )?one other|an earlier (?:incident|attack)|a previous (?:incident|attack)|(?:the|a) (?:second|third|fourth|other) (?:one|convoy|attack|blast|explosion|bomb|rocket|drone|missile|device|mortar|was|were|hit|targeted|struck))\b",
    re.IGNORECASE,
)
_SIMILAR = re.compile(r"\b(?:similar|other|more|further|separate)\s+(?:\w+\s+)?(?:attacks|bombings|blasts|explosions|strikes)\b", re.IGNORECASE)
_AND = re.compile(r"[^.;]{0,20}\b(?:and|or|as well as)\b[^.;]{0,20}", re.IGNORECASE)  # "X province and a base in Y"
_AND_DIRECTION = re.compile(
    r"\b(?:and|or|as well as)\s+(?:(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?\s+of|near|outside)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: ", one near Safwan and one south of Baghdad": each place one attack's
_AND_ONE = re.compile(r"(?:,|\b(?:and|while|whereas))\s+(?:the other|one)\b", re.IGNORECASE)
_ENUMERATION = re.compile(r"\b(?:another|a second|the second|a third|the other|one other)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Trigger:
    cls: TriggerClass
    start: int  # offsets into the article text
    end: int
    text: str


@dataclass(slots=True)
class AttackMention:
    sentence: Sentence
    triggers: list[Trigger]
    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    target: TargetMention | None = None
    background_cue: bool = False
    same_place: bool = False  # "in the same region", "the plant was attacked": the place told before
    summary: bool = False  # "targeted three convoys": counts incidents told one by one later
    another: bool = False  # "another convoy", "an earlier incident": explicitly a different attack
    separate: bool = False  # "Meanwhile, ...", "coincided with an explosion": another attack alongside
    launch_site: bool = False  # "The rockets were launched from ... Nineveh": its places are not the target's
    approximate: set[int] = field(default_factory=set)  # indexes of places named only as "south of X"
    enumerates: bool = False  # the language's enumeration cue: "في مدينتي السماوة واللطيفية"
    located: LocatedPlace | None = None  # where the sentence's words place the attack (geo.locate)
    said_on: set[int] = field(default_factory=set)  # starts of dates a source spoke on ("said on Tuesday")
    apart: set[int] = field(default_factory=set)  # indexes of places told apart from the one before ("and the other in")
    told_with: AttackMention | None = None  # the attack its sentence told just before it: another incident (`clauses`)

    @property
    def specific(self) -> bool:
        return any(t.cls.specific for t in self.triggers)

    @property
    def anchor(self) -> int:
        """Where the attack is named: the first specific trigger, else the first trigger."""
        return next((t.start for t in self.triggers if t.cls.specific), self.triggers[0].start)

    def day_dates(self) -> list[DateMention]:
        return [d for d in self.dates if d.value is not None]


def find_triggers(sentence: Sentence, lexicon: Lexicon) -> list[Trigger]:
    # One pass of every trigger word at once: most sentences name no attack, and in those that
    # do, no trigger class can match before the first trigger word, so each class starts there.
    first = lexicon.any_trigger.search(sentence.text)
    if first is None:
        return []
    found: list[Trigger] = []
    for index in lexicon.trigger_classes.which(sentence.text):
        cls = lexicon.triggers[index]
        for m in cls.pattern.finditer(sentence.text, first.start()):
            found.append(Trigger(cls, sentence.start + m.start(), sentence.start + m.end(), m.group(0)))
    found.sort(key=lambda t: (t.start, t.cls.priority))
    kept: list[Trigger] = []
    for t in found:  # overlapping words ("roadside bomb" and "bomb"): the first, most specific wins
        if kept and t.start < kept[-1].end:
            continue
        kept.append(t)
    return kept


def is_suppressed(sentence: Sentence, lexicon: Lexicon, triggers: list[Trigger], dated: bool = False) -> bool:
    """Does the sentence speak of an attack that did not happen, or of one by US forces? Or only of
    many ("the latest in a string of attacks")?"""
    if tells_no_attack(sentence, lexicon):
        return True
    told = _not_defended_against(sentence, lexicon, _untouched_by(_struck_by_us_forces(sentence, lexicon), sentence, triggers))
    return not told or only_aggregate(sentence, lexicon, told, dated)


def tells_no_attack(sentence: Sentence, lexicon: Lexicon) -> bool:
    """An attack that did not happen (a threat, a drill, a trial). Asked before the sentence's
    dates and places are read: it needs neither, and when it holds they would be read for nothing."""
    return bool(lexicon.cues["not_an_attack"].search(sentence.text))


def tells_other_attacks(text: str) -> bool:
    """Does the text speak of attacks other than the one told before ("another convoy was hit",
    "two similar attacks")?"""
    return bool(_SIMILAR.search(text) or _ANOTHER.search(text))


def _untouched_by(struck: list[tuple[int, int]], sentence: Sentence, triggers: list[Trigger]) -> list[Trigger]:
    """The triggers outside the clauses that tell a strike by US or coalition forces (`struck`):
    "The attack comes days after a drone strike on Erbil airport, and follows the killing of a
    commander in a US strike in Baghdad" still tells the Erbil attack. But in such a sentence
    only a trigger that names one attack: "in retaliation for rocket attacks on U.S. personnel"
    names the many that the strike answers, not one of them."""
    if not struck:
        return triggers
    return [
        t for t in triggers
        if not any(a <= t.start - sentence.start < b for a, b in struck)
        and not t.text.lower().endswith("s")
        and not _OF_MANY.match(sentence.text, t.end - sentence.start)
    ]  # fmt: skip


def _not_defended_against(sentence: Sentence, lexicon: Lexicon, triggers: list[Trigger]) -> list[Trigger]:
    """The triggers that are not what a defence is for: "air defenses were upgraded to counter
    drone attacks", "anti-drone systems" name no attack. Asked of each trigger, on the words right
    before it, so a sentence that tells an attack and the defence that met it ("Air defences
    intercepted a drone attack on the base") keeps its attack. The anti-/counter- prefix sets aside
    only a word that names a method: a "counter-attack" is an attack. The words that go on the
    phrase of a trigger set aside go with it: "to counter rocket and drone attacks"."""
    purpose, prefix = lexicon.cues["defence_purpose"], lexicon.cues["defence_prefix"]
    kept: list[Trigger] = []
    defended: Trigger | None = None
    for t in triggers:
        at = t.start - sentence.start
        since = max(0, at - _DEFENCE_REACH)
        if (
            (defended is not None and _SAME_PHRASE.fullmatch(sentence.text, defended.end - sentence.start, at))
            or purpose.search(sentence.text, since, at)
            or (t.cls.specific and prefix.search(sentence.text, since, at))
        ):
            defended = t
        else:
            kept.append(t)
    return kept


_DEFENCE_REACH = 100  # characters before a trigger where its defence may be named
#: What joins two words of one phrase: "drone attacks", "rockets, mortars and drones", "الصواريخ والطائرات"
_SAME_PHRASE = re.compile(r"-|[,،]?\s+(?:(?:and|or|أو)\s+)?|[,،]", re.IGNORECASE)


def _struck_by_us_forces(sentence: Sentence, lexicon: Lexicon) -> list[tuple[int, int]]:
    """The clauses (offsets in the sentence) that tell a strike by US or coalition forces."""
    by_us = lexicon.cues["by_us_forces"]
    if not by_us.search(sentence.text):
        return []
    return [span for span in _clauses(sentence) if by_us.search(sentence.text, *span)]


def _blanked(sentence: Sentence, spans: list[tuple[int, int]]) -> Sentence:
    """The sentence with these spans (offsets in it) blanked."""
    return replace(sentence, text=_blank_spans(sentence.text, spans)) if spans else sentence


def _blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with these spans blanked out: same length, so offsets hold."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _clauses(sentence: Sentence) -> list[tuple[int, int]]:
    return [m.span() for m in _CLAUSE.finditer(sentence.text)]


def only_aggregate(sentence: Sentence, lexicon: Lexicon, triggers: list[Trigger], dated: bool = False) -> bool:
    """Does the sentence speak only of many attacks? An aggregate counts only in its own clause:
    "Six rockets were fired Friday, the latest in a string of attacks" still tells one attack. A
    sentence that gives a day (`dated`: "only one other attack on November 18") is not one."""
    if dated:
        return bool(lexicon.cues["tally"].search(sentence.text))  # "attacked 23 times ... October 17 to 30"
    aggregate = lexicon.cues["aggregate"]
    clauses = _clauses(sentence)
    for trigger in triggers:
        at = trigger.start - sentence.start
        start, end = next(((a, b) for a, b in clauses if a <= at < b), (0, len(sentence.text)))
        many = _OF_MANY.match(sentence.text, trigger.end - sentence.start)  # "in drone and rocket attacks"
        if trigger.cls.specific and not many and not aggregate.search(sentence.text[start:end]):
            return False
    return bool(aggregate.search(sentence.text))


_CLAUSE = re.compile(r"[^,،;؛:—–()]+")  # Arabic comma and semicolon too
#: A weapon that names the kind of many attacks: "drone and rocket attacks", "rocket strikes".
_OF_MANY = re.compile(r"(?:\s+(?:and|or)\s+\w+)?\s+(?:attacks|strikes|bombings)\b", re.IGNORECASE)


def attack_mentions(
    sentences: list[Sentence],
    lexicon: Lexicon,
    gazetteer: Gazetteer,
    calendar: Calendar,
    actors: ActorTable | None = None,
) -> list[AttackMention]:
    mentions: list[AttackMention] = []
    previous: Sentence | None = None
    for sentence in sentences:
        reading = _reading(sentence, lexicon, calendar, actors)
        if reading is not None:
            before = mentions[-1] if mentions and _cut_before(previous, sentence, mentions[-1]) else None
            read = read_clauses(reading, lexicon, gazetteer, before)
            if read and before is None and mentions and _follows(previous, mentions[-1], read[0], lexicon):
                read[0].told_with = mentions[-1]
            mentions += read
        previous = sentence
    return mentions


@dataclass(slots=True)
class Reading:
    """A sentence (or one of its clauses) as it is read for attacks: `told` blanks the clauses of
    strikes by US forces, `text` also outlets, datelines and armed groups' names (same length,
    so offsets hold); its triggers and its dates."""

    sentence: Sentence
    told: Sentence
    text: str
    triggers: list[Trigger]
    dates: list[DateMention]

    def clause(self, start: int, end: int) -> Reading:
        """The clause `sentence.text[start:end]`, with what of the sentence's falls in it."""
        a, b = self.sentence.start + start, self.sentence.start + end
        sentence = Sentence(a, b, self.sentence.text[start:end], self.sentence.paragraph)
        return Reading(
            sentence, replace(sentence, text=self.told.text[start:end]), self.text[start:end],
            [t for t in self.triggers if a <= t.start < b], [d for d in self.dates if a <= d.start < b],
        )  # fmt: skip


def _reading(sentence: Sentence, lexicon: Lexicon, calendar: Calendar, actors: ActorTable | None) -> Reading | None:
    """The sentence read for attacks, or None when it names none that happened."""
    triggers = find_triggers(sentence, lexicon)
    if not triggers or tells_no_attack(sentence, lexicon):
        return None
    struck = _struck_by_us_forces(sentence, lexicon)
    triggers = _not_defended_against(sentence, lexicon, _untouched_by(struck, sentence, triggers))
    if not triggers:
        return None
    # A clause that tells a US strike says nothing of this attack ("..., in response to an
    # Israeli airstrike in Syria a week ago"): its words are read as blanks.
    told = _blanked(sentence, struck)
    # "Baghdad Today said": an outlet places and dates nothing; nor does a dateline's stamp
    # ("BAGHDAD, Aug 11 (Reuters) -"), the day of the report, not of the attack; nor does an
    # armed group's name ("the Islamic Resistance in Iraq claimed the attack" on a base in Syria).
    text = without_dateline(_blank(lexicon.cues["outlet_name"], told.text))
    if actors is not None:
        text = _without_group_names(text, actors)
    return Reading(sentence, told, text, triggers, calendar.dates_in(text, sentence.start))


def read_mention(reading: Reading, lexicon: Lexicon, gazetteer: Gazetteer) -> AttackMention | None:
    """The attack mention a sentence (or clause) makes, or None when it tells only many attacks
    or names a generic attack with nothing to place it."""
    sentence, triggers, dates = reading.sentence, reading.triggers, reading.dates
    singular = not any(t.text.lower().endswith("s") and not t.cls.specific for t in triggers)
    dated = singular and any(d.kind == "absolute" and d.value and d.value.precision is Precision.DAY for d in dates)
    aggregate = only_aggregate(reading.told, lexicon, triggers, dated)
    if aggregate and not _COUNTED_ATTACKS.search(reading.told.text):
        return None  # many attacks, and no count that its places could make up
    mention = AttackMention(sentence, triggers)
    mention.dates = dates
    mention.said_on = {d.start for d in dates if _dates_the_telling(reading.told, d, triggers, lexicon)}
    found = gazetteer.find(reading.text)
    mention.places = [_shift_place(p, sentence.start) for p in found]
    located = locate(reading.text, found, gazetteer)
    mention.located = (
        replace(located, span=(located.span[0] + sentence.start, located.span[1] + sentence.start))
        if located else None
    )
    text = reading.told.text
    mention.target = find_target(text, mention.anchor - sentence.start, lexicon, sentence.start)
    mention.background_cue = bool(lexicon.cues["background"].search(text))
    mention.same_place = bool(_SAME_PLACE.search(text)) or (not found and bool(lexicon.cues["same_site"].search(text)))
    mention.another = bool(_ANOTHER.search(text))
    mention.separate = bool(lexicon.cues["separate_incident"].search(text))
    mention.launch_site = bool(lexicon.cues["launch_site"].search(text))
    mention.summary = bool(lexicon.cues["summary"].search(text))
    mention.approximate = _approximate_places(reading.told, mention.places, lexicon)
    mention.apart = places_told_apart(sentence.text, mention.places, sentence.start, lexicon)
    mention.enumerates = bool(lexicon.cues["enumeration"].search(text))
    if aggregate and not _one_attack_per_place(mention, text):
        return None
    has_anchor = bool(mention.dates or mention.places or mention.target)
    only_plural = all(not t.cls.specific and t.text.lower().endswith("s") for t in triggers)
    listing = enumerates_places(mention) or len(enumerated_days(mention)) > 1
    if mention.specific or (has_anchor and (not only_plural or listing)):
        return mention
    return None


def read_clauses(reading: Reading, lexicon: Lexicon, gazetteer: Gazetteer, before: AttackMention | None) -> list[AttackMention]:
    """The mentions a sentence makes: one, or one per clause where it tells two attacks ("A
    roadside bomb struck a convoy in Diwaniyah, while another targeted a convoy near Samawah"),
    each read as a sentence of its own and holding the clause told before it (`told_with`).
    `before` is the mention of the sentence this one goes on after a comma, if any ("…، فيما
    استهدفت عبوة أخرى رتلا في الشطرة" opens a sentence of its own)."""
    starts = clause_starts(reading, lexicon, before is not None)
    if not starts:
        mention = read_mention(reading, lexicon, gazetteer)
        return [mention] if mention is not None else []
    out: list[AttackMention] = []
    head, last = 0, None
    for cut, another in starts:
        if cut <= head:
            continue
        left = read_mention(reading.clause(head, cut), lexicon, gazetteer)
        right = read_mention(reading.clause(cut, len(reading.sentence.text)), lexicon, gazetteer)
        if left is not None and right is not None and tells_apart(left, right, another, lexicon):
            left.told_with = out[-1] if out else None
            out.append(left)
            head, last = cut, right
    if last is not None:
        last.told_with = out[-1]
        out.append(last)
    else:
        whole = read_mention(reading, lexicon, gazetteer)
        out = [whole] if whole is not None else []
    cut, another = starts[0]
    if out and before is not None and cut == 0 and tells_apart(before, out[0], another, lexicon):
        out[0].told_with = before
    return out


def _follows(previous: Sentence | None, told: AttackMention, mention: AttackMention, lexicon: Lexicon) -> bool:
    """Does the sentence of `mention` tell another attack than `told`, the last attack of the
    sentence right before it? The question `clauses.tells_apart` asks of two clauses of one
    sentence: "Rockets hit Baghdad airport on Tuesday. A drone attacked the US embassy." (another
    method at a target of its own), "A roadside bomb hit a convoy in Nasiriyah. Another roadside
    bomb hit a convoy in Shatra." ("another" at a second convoy, in a town of its own); not "The
    blast damaged a truck", "The drone was shot down", "One of them landed near the runway"."""
    if previous is None or mention.told_with is not None or mention.background_cue:
        return False
    if not previous.start <= told.sentence.start <= told.sentence.end <= previous.end:
        return False  # an attack told sentences before: no longer the one this sentence goes on from
    if other_governorate(told, mention):
        return False  # weighed as any two sentences are (`incidents`): a launch site, a city's distance
    another = bool(_ANOTHER_OPENS.match(mention.sentence.text)) and _own_town(told, mention)
    return tells_apart(told, mention, another, lexicon)


#: A sentence whose subject is "another" of the attack before: "Another roadside bomb hit ...",
#: "A second convoy was struck ..." (not "Another rocket attack ..., once again" at the same plant,
#: which names no town of its own: `_own_town`).
_ANOTHER_OPENS = re.compile(r"\s*(?:yet\s+)?(?:another|a\s+(?:second|third|fourth))\b", re.IGNORECASE)


def _own_town(told: AttackMention, mention: AttackMention) -> bool:
    """Does the mention place its attack in a place the one told before does not name, in the
    country it names (a foreign capital is a reference, not where the attack was)?"""
    named = {p.place.id for p in told.places}
    countries = {p.place.country for p in told.places if p.place.country}
    return any(
        p.place.id not in named
        and p.place.admin1
        and (not countries or p.place.country in countries)
        and i not in mention.approximate
        for i, p in enumerate(mention.places)
    )


def _cut_before(previous: Sentence | None, sentence: Sentence, mention: AttackMention) -> bool:
    """Does `sentence` go on the one before it, cut from it only at a comma before a connective
    ("…في الناصرية، فيما استهدفت عبوة أخرى …", `sentences._END`), whose attack `mention` is?"""
    return (
        previous is not None
        and previous.paragraph == sentence.paragraph
        and previous.text.endswith((",", "،"))
        and mention.sentence.end == previous.end
    )


_DATELINE = re.compile(
    # "BAGHDAD, Jan 5 (Reuters) -", "ERBIL, KRG, Iraq (North Press) –", "BAGHDAD:": a capitalised place line
    r"^(?:[A-Z][A-Z .'-]{2,}(?:,[^–—(\n-]{0,40})?(?:\s*\([^)]*\))?\s*[–—:-]"
    # "Erbil, Kurdistan Region, Iraq (GOV.KRD) -": title case only with the agency in brackets
    r"|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}(?:,\s*[A-Z][\w .'-]{0,30}?){0,3}\s*\([^)\n]{2,30}\)\s*[–—-])"
)


def _blank(pattern: GatedPattern, text: str) -> str:
    """`text` with what `pattern` matches blanked out (same length, so offsets hold)."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _without_group_names(text: str, actors: ActorTable) -> str:
    """`text` with armed groups' names blanked (same length): a group is not where it struck.
    States and authorities stay ("Basra police said"), as their names often are the place."""
    groups = [(m.start, m.end) for m in actors.find(text) if m.actor.kind not in ("state", "authority")]
    return _blank_spans(text, groups)


def dateline_of(text: str) -> tuple[int, int] | None:
    """Where a dateline opens `text` ("BAGHDAD (Reuters) -"), as offsets, or None."""
    found = _DATELINE.search(text)
    return found.span() if found else None


def without_dateline(text: str) -> str:
    """"ERBIL, Kurdistan Region –" says where the reporter was, not where the attack was: blank it
    out (same length, so offsets hold) before looking for places."""
    return _blank(_DATELINE, text)


def _approximate_places(sentence: Sentence, places: list[PlaceMention], lexicon: Lexicon) -> set[int]:
    """Places named only as a reference point ("south of Baghdad", "from Basra"). In "between
    Diwaniya and Samawah" the first place stands for the incident and the second is its alternative."""
    approximate: set[int] = set()
    for i, place in enumerate(places):
        before = sentence.text[max(0, place.start - sentence.start - 40) : place.start - sentence.start]
        if _BETWEEN.search(before) or lexicon.cues["between"].search(before):
            approximate.add(i + 1)
        elif (_RELATIVE_TO.search(before) or lexicon.cues["relative_to"].search(before)) and not (
            i and _AND_DIRECTION.search(before)  # "in Samawah and south of Baghdad": two places
        ):
            approximate.add(i)
    return approximate


def _dates_the_telling(sentence: Sentence, date: DateMention, triggers: list[Trigger], lexicon: Lexicon) -> bool:
    """Is the date the day a source spoke ("officials said on Thursday", "أفاد مصدر أمني،
    الثلاثاء،")? Only when no attack word stands between the speaking and the date."""
    at = date.start - sentence.start
    spoke = lexicon.cues["said_on"].search(sentence.text, max(0, at - 60), at)
    return spoke is not None and not any(spoke.start() <= t.start - sentence.start < at for t in triggers)


def enumerates_places(mention: AttackMention) -> bool:
    """"A convoy in Diwaniyah, another in Anbar and another in Babil", "similar attacks were
    reported in the provinces of Dhi-Qar and Babil": one incident per place."""
    if len(mention.places) < 2 or len(place_sites(mention, _attack_place_indexes(mention))) < 2:
        return False
    plural = any(t.text.lower().endswith("s") for t in mention.triggers)
    text = mention.sentence.text
    return (
        mention.enumerates
        or bool(_ENUMERATION.search(text))
        or (plural and (bool(_SIMILAR.search(text)) or _joined_by_and(mention)))
    )


def _one_attack_per_place(mention: AttackMention, text: str) -> bool:
    """A count of attacks that the sentence then places one by one is a list, not an aggregate:
    "two similar attacks targeted convoys in Dhi Qar and Diwaniyah" tells two attacks, where
    "dozens of attacks in Baghdad and Anbar" tells none."""
    counted = _COUNTED_ATTACKS.search(text)
    if not counted or not enumerates_places(mention):
        return False
    return NUMBER_WORDS.get(counted.group(1).lower()) == len(place_sites(mention, _attack_place_indexes(mention)))


_COUNTED_ATTACKS = re.compile(
    r"\b(two|three|four|five|six)\s+(?:\w+\s+){0,2}?(?:attacks|strikes|bombings|explosions|blasts)\b", re.IGNORECASE
)


def _attack_places(mention: AttackMention) -> list[PlaceMention]:
    return [mention.places[i] for i in _attack_place_indexes(mention)]


def _attack_place_indexes(mention: AttackMention) -> list[int]:
    """The places the mention's attacks happened at: not those named only as a reference point,
    except where another attack is told between it and the place before ("The first blast hit a
    convoy at Safwan, while the second hit one near Nasiriyah": near, but that attack's place)."""
    kept = []
    for i, place in enumerate(mention.places):
        if i in mention.approximate:
            before = mention.places[i - 1].end if i else mention.sentence.start
            between = mention.sentence.text[before - mention.sentence.start : place.start - mention.sentence.start]
            if not (_ENUMERATION.search(between) or _AND_ONE.search(between)):
                continue
        kept.append(i)
    return kept


def _joined_by_and(mention: AttackMention) -> bool:
    """"On December 10 ... the explosions that targeted convoys in Samawah and south of Baghdad",
    "The missiles hit Ain al-Asad air base in Anbar and a base in Erbil": places in a list, on a
    day or by a weapon (without either, "attacks in Kirkuk, Diyala and Saladin" is a generality)."""
    dated = any(d.value and d.value.precision is Precision.DAY for d in mention.day_dates())
    if not dated and not mention.specific:
        return False
    places = _attack_places(mention)
    offset = mention.sentence.start
    return any(
        _AND.fullmatch(mention.sentence.text[a.end - offset : b.start - offset])
        for a, b in pairwise(places)
    )


def enumerated_days(mention: AttackMention) -> list[DateMention]:
    """"The attacks took place on June 22, 24 and 25": the days of one listing, one per attack."""
    groups: dict[tuple[int, int], list[DateMention]] = {}
    for d in mention.dates:
        if d.group is not None and d.value is not None and d.value.precision is Precision.DAY:
            groups.setdefault(d.group, []).append(d)
    return max(groups.values(), key=len) if groups else []


def _shift_place(p: PlaceMention, offset: int) -> PlaceMention:
    return replace(p, start=p.start + offset, end=p.end + offset)
