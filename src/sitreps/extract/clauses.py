"""Two attacks told in one sentence, one clause each.

Wire copy often packs two incidents in a sentence: "A roadside bomb struck a convoy in Diwaniyah,
while another targeted a convoy near Samawah", "Rockets hit Ain al-Asad air base and a drone
attacked Erbil airport", "استهدفت عبوة ناسفة رتلا في الناصرية، فيما استهدفت عبوة أخرى رتلا في
الشطرة". The second clause opens with a connective and a subject of its own: "another" of the
first (`another_clause`: "while another", "and a second convoy was hit", عبوة أخرى) or a weapon
(`new_attack_clause`: "and a drone attacked", واستهدفت طائرة مسيرة). Read as one mention, such a
sentence gave one incident with the places and methods of both (or, where the places lay in two
governorates, two with the same method and trigger); read clause by clause, each incident has its
own place, target, method and evidence (`mentions.read_clauses`).

A clause split off must tell an attack apart from the one before, so that the many ways one
attack is told stay one: it names a place or a target of its own (not "and the blast damaged a
truck", "and another exploded nearby", "and a drone attacked the base" told just before), and a
new subject of the same method and governorate is the same attack told on ("Six rockets were
fired at the Green Zone, and two rockets landed near the US embassy"). One attack with two places ("on
the road between Diwaniyah and Samawah", "in Baghdad's Abu Ghraib district") has no such clause.

Where the verb is left out ("Two convoys were hit, one in Nasiriyah and the other in Shatra",
"الأولى في الناصرية والثانية في الشطرة"), one mention lists the places and is split by place
(`incidents._split_by_place`): one attack per governorate, and per town that the words before it
tell apart (`told_apart`), not per place named.

Two sentences in a row are asked the same question (`mentions._follows`): "Rockets hit Baghdad
airport on Tuesday. A drone attacked the US embassy." tells two attacks as the one sentence does;
"The blast damaged a truck" tells the first again. A governorate of its own is left to
`incidents`, which weighs it as it weighs any two sentences (a launch site, a city's distance).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

from .lexicon import Lexicon

if TYPE_CHECKING:  # mentions reads its sentences through this module
    from ..geo.gazetteer import PlaceMention
    from .mentions import AttackMention, Reading

#: The cues that open a clause, and whether its subject is "another" of the attack before it.
_CLAUSE_CUES = (("another_clause", True), ("new_attack_clause", False))
#: Characters a clause's opening may run past its attack word ("another roadside bomb had been
#: planted and exploded" is longer than any: four words and a verb).
_OPENING_AFTER_TRIGGER = 100


def clause_starts(reading: Reading, lexicon: Lexicon, goes_on: bool = False) -> list[tuple[int, bool]]:
    """Where a clause that may tell another attack begins (offsets in the sentence, in order), and
    whether its subject is "another": a clause cue holding a trigger (one that names a method, for
    a new subject) after a trigger of the sentence. With `goes_on` (the sentence goes on the one
    before it after a comma), also one that opens the sentence (offset 0)."""
    triggers = reading.triggers
    if len(triggers) < 2 and not goes_on:
        return []  # no trigger before a clause, or none in it
    offset, text = reading.sentence.start, reading.told.text
    first = 0 if goes_on else triggers[0].end - offset
    starts: dict[int, bool] = {}
    for name, another in _CLAUSE_CUES:
        # A clause begins after the first trigger and holds one it may hold (one that names a
        # method, for a new subject): only there is it looked for; what follows that trigger in a
        # clause's opening is a few words and a verb.
        inside = [t for t in triggers[0 if goes_on else 1 :] if another or t.cls.specific]
        if not inside:
            continue
        last = inside[-1].start - offset
        end = min(len(text), inside[-1].end - offset + _OPENING_AFTER_TRIGGER)
        for m in lexicon.cues[name].finditer(text, first, end):
            if m.start() > last:
                break
            if 0 < m.start() < triggers[0].end - offset:
                continue
            if any(m.start() <= t.start - offset < m.end() for t in inside):
                starts.setdefault(m.start(), another)
    return sorted(starts.items())


def tells_apart(first: AttackMention, second: AttackMention, another: bool, lexicon: Lexicon) -> bool:
    """Does the clause `second`, told after `first`, tell another attack? Both must say where or
    at what ("Rockets and a drone hit the base" is one attack), the second something of its own:
    a place the first does not name, or a target that is not the one told before ("the base").
    A governorate the first does not name is another attack's. Within the first's governorate,
    "another" is when it hits a second of the first's kind of target ("while another hit a convoy
    nearby"; "Rockets hit the Green Zone, and another rocket hit the airport" is one volley), a
    new subject when it names another method ("Rockets hit Baghdad airport and a drone attacked
    the US embassy")."""
    if not (first.places or first.target):
        return False
    named = {p.place.id for p in first.places}
    own_place = any(p.place.id not in named for p in second.places)
    target = None if _refers_back(second, lexicon) else second.target
    if not (own_place or target is not None):
        return False
    if other_governorate(first, second):
        return True
    if another:
        return target is not None and (first.target is None or target.type is first.target.type)
    return _other_method(first, second)


def _refers_back(mention: AttackMention, lexicon: Lexicon) -> bool:
    """Is the mention's target the site told before, by its kind ("the base", "المطار")?"""
    target, sentence = mention.target, mention.sentence
    if target is None:
        return False
    at, end = target.start - sentence.start, target.end - sentence.start
    return any(m.start() < end and at < m.end() for m in lexicon.cues["same_site"].finditer(sentence.text))


def _other_method(first: AttackMention, second: AttackMention) -> bool:
    """Do the two clauses name different methods ("Rockets hit ... and a drone attacked ...")?"""
    ours = {t.cls.type for t in first.triggers if t.cls.specific}
    theirs = {t.cls.type for t in second.triggers if t.cls.specific}
    return bool(ours and theirs and not ours & theirs)


def other_governorate(first: AttackMention, second: AttackMention) -> bool:
    """Does the second clause place its attack in a governorate the first does not name?"""
    ours = {p.place.admin1 for p in first.places if p.place.admin1}
    theirs = {p.place.admin1 for p in second.places if p.place.admin1}
    return bool(ours and theirs and not theirs <= ours)


def places_told_apart(text: str, places: list[PlaceMention], offset: int, lexicon: Lexicon) -> set[int]:
    """Indexes of the places that the words since the place before tell apart from it, one
    attack each (`told_apart`): "one in Nasiriyah and the other in Shatra", "الأولى في الناصرية
    والثانية في الشطرة"."""
    cue = lexicon.cues["told_apart"]
    if len(places) < 2 or not cue.may_match(text):
        return set()  # most sentences: asked once of the sentence, not of each pair of places
    return {
        i
        for i, (a, b) in enumerate(pairwise(places), 1)
        if cue.pattern.search(text, a.end - offset, b.start - offset)
    }


def place_sites(mention: AttackMention, indexes: Iterable[int]) -> list[int]:
    """Of these places (indexes), those where the attacks a listing tells happened, one each: the
    first named in each governorate, and a place of a governorate already named that the text
    tells apart from the place before ("one in Nasiriyah and the other in Shatra"). A place
    within one named ("near Samawah in Muthanna province", "Baghdad's Abu Ghraib district") is
    the same attack's."""
    named: dict[str, set[str]] = {}
    sites: list[int] = []
    for i in indexes:
        place = mention.places[i].place
        if not place.admin1:
            continue
        ids = named.get(place.admin1)
        if ids is None or (i in mention.apart and place.id not in ids):
            named.setdefault(place.admin1, set()).add(place.id)
            sites.append(i)
    return sites
