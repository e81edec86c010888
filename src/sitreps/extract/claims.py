"""Who claimed an attack, who was blamed, who denied it, and whom the article cites.

Claims are the analyst's most valuable and most abused field: blame is not a claim ("Iraqi
security services say a militia group is behind the attack"), and "no group has claimed
responsibility" is an explicit null. A known group is recognised through the actor table; an
unknown group that claims an attack is still caught by the claim pattern around it.

Arabic puts the verb first ("تبنت كتائب حزب الله الهجوم"), so there the claimant is the group
nearest the claim verb on either side; the phrases are data (`data/lexicons/ar/claims.toml`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from ..errors import DataError
from ..resources import data_path
from .actors import ActorMention, ActorTable
from .normalise import arabic_pattern

_CLAIM_VERB = re.compile(
    r"\b(?:claim(?:ed|s|ing)?\s+(?:the\s+)?responsibility|took\s+responsibility|taken\s+responsibility|"
    # "claimed the attack", "claimed the rocket attack", "claimed Sunday's drone strike"
    r"claimed\s+(?:the\s+|\w+['’]s\s+)?(?:(?!that\b|which\b|who\b)[\w-]+\s+){0,2}?(?:attack|operation|bombing|strike)s?|"
    r"claimed\s+it|"
    r"responsibility\s+(?:was|has\s+been)\s+claimed|claimed\s+by|admitted\s+responsibility|"
    # "has endorsed Tuesday's attack": تبنى (claimed) as translations render it
    r"(?:endorsed|adopted)\s+(?:\w+['’]s\s+|the\s+)?(?:attack|operation|bombing|strike)s?|"
    # "said on Friday it had targeted the U.S. base at Harir": a group's own statement of an attack
    r"said\s+(?:on\s+\w+\s+|in\s+a\s+statement\s+)?(?:that\s+)?it\s+(?:was\s+|had\s+|has\s+)?"
    r"(?:carried\s+out|launched|targeted|attacked|struck|fired|was\s+behind)|announced\s+responsibility)\b",
    re.IGNORECASE,
)
_NO_CLAIM = re.compile(
    r"\b(?:no\s+(?:group|one|party|faction|side|organi[sz]ation)\b[^.]{0,40}\bclaim|nobody\b[^.]{0,30}\bclaim|"
    r"(?:has|have|had|was|were)\s+not\s+(?:yet\s+|been\s+)*(?:claimed|been\s+claimed)|unclaimed|"
    r"none\s+(?:has|have)\s+claimed|no\s+claim)",
    re.IGNORECASE,
)
_DENY_VERB = re.compile(r"\b(?:denied|denies|deny|rejected\s+(?:reports|claims))\b", re.IGNORECASE)
_BLAME_VERB = re.compile(
    r"\b(?:blamed|blames|accused|accuses|is\s+behind|are\s+behind|were\s+behind|was\s+behind|responsible\s+for)\b",
    re.IGNORECASE,
)
# An unknown group named in a claim: capitalised words, optionally joined by al-/of/the.
_GROUP = re.compile(r"((?:[A-Z][\w'’-]+)(?:\s+(?:[A-Z][\w'’-]+|al-[\w'’-]+|of|the|for|in|al))*(?<!\s))")
# "Iran-linked", "US-led", and a possessive ("Iran's Revolutionary Guard"): a qualifier of the subject
_PROXY = re.compile(r"^(?:[-\s]?(?:linked|backed|aligned|allied|affiliated|supported|sponsored|based|led)\b|['’]s\s)", re.IGNORECASE)
_SOURCE = re.compile(
    r"(?:according\s+to\s+(?:the\s+)?|told\s+(?:the\s+)?|cited\s+by\s+(?:the\s+)?|quoted\s+by\s+(?:the\s+)?)"
    r"((?:[A-Z][\w'’.-]*)(?:[\s-](?:[A-Z][\w'’.-]*|al-\w+|of|news|agency))*)"
    r"|((?:[A-Z][\w'’.-]*)(?:\s(?:[A-Z][\w'’.-]*|News|Agency|TV))*)\s+(?:reported|said|reports|says|quoted|cited|announced|stated)",
)
_SUBJECT_GAP = 30  # characters between an unknown group's name and "claimed"
_CALENDAR = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December)", re.IGNORECASE,
)
# "a pro-Iran group", "a front for Kataib Hezbollah", "a group linked to Iran": the claimant is
# the group that is so described, not the one its description names
_PROXY_PREFIX = re.compile(
    r"(?:\b(?:pro|anti)-|\b(?:a |the )?(?:front|fronts|proxy|proxies|cover|façade|facade) (?:for|of)\s+"
    r"|\b(?:linked|close|tied|affiliated|allied|loyal|aligned) (?:to|with)\s+|\bbacked by\s+)$",
    re.IGNORECASE,
)
_CLAIM_OF_SOME = re.compile(r"\s+for\s+(?:some|many|several|most|a number|dozens|scores|all)\s+of\b", re.IGNORECASE)
_GENERIC_GROUP = re.compile(
    r"(?:(?:pro|anti)-\w+|\w+-(?:backed|linked|aligned)|shadowy|armed|militant|unknown|little-known|new|Shiite|Shia|Sunni|"
    r"Iraqi|Iranian|terror(?:ist)?|militia|militias|group|groups|faction|factions|organi[sz]ation|\s)+",
    re.IGNORECASE,
)
_NOT_SOURCES = {"It", "He", "She", "They", "The", "This", "That", "We", "I", "There", "Iraq", "But", "And", "In", "On"}


@dataclass(frozen=True, slots=True)
class Attribution:
    name: str  # canonical when the actor is known, else as written
    start: int
    end: int
    text: str


#: A claimant named by what it is, not by name: "The terrorist organization claimed responsibility".
_GENERIC_SUBJECT = re.compile(
    r"\b(?:the|this|that)\s+(?:\w+\s+){0,2}(?:organi[sz]ation|group|militia|faction|movement)\s+(?:has\s+|had\s+|later\s+)?$",
    re.IGNORECASE,
)


def claimed_by_antecedent(text: str) -> bool:
    """Does `text` say that a group named earlier claimed the attack ("The terrorist
    organization claimed responsibility for the attack")? The caller finds which group."""
    verb = _CLAIM_VERB.search(text)
    return bool(verb) and not _NO_CLAIM.search(text) and bool(_GENERIC_SUBJECT.search(text[: verb.start()]))


def find_claim(text: str, actors: ActorTable, offset: int = 0, language: str | None = "en") -> Attribution | None | bool:
    """The group that claimed responsibility in `text`: an Attribution, False when the text says
    nobody claimed, None when it says nothing about a claim."""
    if language == "ar":
        return _arabic_claim(text, actors, offset)
    if _NO_CLAIM.search(text):
        return False
    verb = _CLAIM_VERB.search(text)
    if not verb or _CLAIM_OF_SOME.match(text[verb.end() :]):
        return None
    # "Iran-linked", "US-led": an actor named as a qualifier is not the subject.
    mentions = [
        m for m in actors.find(text)
        if not _PROXY.match(text[m.end :]) and not _PROXY_PREFIX.search(text[: m.start]) and m.actor.kind != "authority"
    ]
    # The claimant is the subject of the claim: the first group before the verb (militias before
    # states, which claim rarely), else the one right after "claimed by".
    before = sorted((m for m in mentions if m.end <= verb.start()), key=lambda m: (m.actor.kind == "state", m.start))
    if before:
        chosen = before[0]
        return Attribution(chosen.actor.name, offset + chosen.start, offset + chosen.end, chosen.text)
    after = [m for m in mentions if m.start >= verb.end()]
    if after and text[verb.start() : verb.end()].lower().endswith("by"):
        chosen = after[0]
        return Attribution(chosen.actor.name, offset + chosen.start, offset + chosen.end, chosen.text)
    if _is_headline(text):
        return None  # In Title Case every word looks like a name.
    for g in reversed(list(_GROUP.finditer(text[: verb.start()]))):
        name = re.sub(r"^(?:The|A|An)\s+", "", g.group(1)).strip()
        if verb.start() - g.end(1) > _SUBJECT_GAP or _CALENDAR.fullmatch(name):
            continue  # an unknown group is the claim's subject, right before its verb
        known = actors.canonical(name) is not None  # filtered above as a qualifier or an authority
        qualifier = _PROXY_PREFIX.search(text[: g.start(1)]) or _PROXY.match(text[g.end(1) :])
        if known or qualifier:
            continue
        if len(name) > 3 and name.split()[0] not in _NOT_SOURCES and not _GENERIC_GROUP.fullmatch(name):
            start = offset + g.end(1) - len(name)
            return Attribution(name, start, start + len(name), name)
    return None


def _is_headline(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) > 0.8


def find_denial(text: str, actors: ActorTable, offset: int = 0, language: str | None = "en") -> Attribution | None:
    """Who denied that the attack took place ("The Iraqi military later denied that ...")."""
    if language == "ar":
        return _arabic_attribution(text, actors, offset, _arabic_rules().deny, state_reach=ARABIC_REACH)
    verb = _DENY_VERB.search(text)
    if not verb:
        return None
    # "Kataib Hezbollah, an Iran-backed militia, denied": the qualifier is not the denier
    before = [
        m for m in actors.find(text[: verb.start()])
        if not _PROXY.match(text[m.end :]) and not _PROXY_PREFIX.search(text[: m.start])
    ]
    if before:
        m = before[-1]
        return Attribution(m.actor.name, offset + m.start, offset + m.end, m.text)
    groups = list(_GROUP.finditer(text[: verb.start()]))
    if groups:
        g = groups[-1]
        name = g.group(1).strip()
        return Attribution(name, offset + g.start(1), offset + g.start(1) + len(name), name)
    return None


def find_blame(text: str, actors: ActorTable, offset: int = 0, language: str | None = "en") -> Attribution | None:
    """A known group blamed for the attack (not a claim)."""
    if language == "ar":
        return _arabic_attribution(text, actors, offset, _arabic_rules().blame, state_reach=-1, states_anyway=_BLAMED_STATES)
    verb = _BLAME_VERB.search(text)
    if not verb:
        return None
    mentions = [m for m in actors.find(text) if m.actor.kind not in {"state", "authority"} or m.actor.name == "Iran"]
    if not mentions:
        return None
    m = min(mentions, key=lambda m: abs(m.start - verb.end()))
    return Attribution(m.actor.name, offset + m.start, offset + m.end, m.text)


def find_sources(text: str, offset: int = 0, language: str | None = "en") -> list[Attribution]:
    """The outlets and officials the sentence cites ("Reuters reported", "according to AFP")."""
    if language == "ar":
        return _arabic_sources(text, offset)
    found: list[Attribution] = []
    for m in _SOURCE.finditer(text):
        group = 1 if m.group(1) else 2
        name = m.group(group).strip(" .")
        if not name or name.split()[0] in _NOT_SOURCES:
            continue
        found.append(Attribution(name, offset + m.start(group), offset + m.start(group) + len(name), name))
    return found


# --- Arabic -----------------------------------------------------------------------------------

#: How far (characters) from its verb a group may stand and still be its subject.
ARABIC_REACH = 80
#: States and authorities claim rarely and are named as targets and sources often ("رتل التحالف
#: الدولي", "خلية الإعلام الأمني"): one is the claimant only as the verb's own subject, right
#: beside it ("أعلن الحرس الثوري مسؤوليته").
STATE_REACH = 20
_OFFICIAL_KINDS = frozenset({"state", "authority"})
#: The only state blame is laid on as on a group (as in English).
_BLAMED_STATES = frozenset({"Iran"})


@dataclass(frozen=True, slots=True)
class _ArabicRules:
    claim: re.Pattern[str]
    own_attack: re.Pattern[str]  # a group's own announcement of an attack: a claim by a group only
    no_claim: re.Pattern[str]
    deny: re.Pattern[str]
    blame: re.Pattern[str]
    proxy: re.Pattern[str]  # ends the text before a state named as a group's backer
    unknown_group: re.Pattern[str]  # group 1: a quoted name after فصيل / جماعة ...
    source: re.Pattern[str]  # group 1: the cited outlet or official


@cache
def _arabic_rules() -> _ArabicRules:
    path = data_path("lexicons", "ar", "claims.toml")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))

        def table(key: str) -> re.Pattern[str]:
            return re.compile("|".join(arabic_pattern(p) for p in raw[key]["patterns"]))

        return _ArabicRules(
            table("claim"), table("own_attack"), table("no_claim"), table("deny"), table("blame"), table("proxy"),
            table("unknown_group"), table("source"),
        )
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError, re.error) as exc:
        raise DataError(f"{path}: {type(exc).__name__}: {exc}") from exc


def _arabic_claim(text: str, actors: ActorTable, offset: int) -> Attribution | None | bool:
    rules = _arabic_rules()
    if rules.no_claim.search(text):
        return False
    verb = rules.claim.search(text)
    if not verb:
        # "أعلنت المقاومة الإسلامية في العراق استهداف قاعدة حرير": no official body claims
        return _arabic_attribution(text, actors, offset, rules.own_attack, state_reach=-1)
    known = _arabic_attribution(text, actors, offset, rules.claim, state_reach=STATE_REACH)
    if known is not None:
        return known
    named = [g for g in rules.unknown_group.finditer(text) if _distance(g.span(), verb.span()) <= ARABIC_REACH]
    if not named:
        return None
    g = min(named, key=lambda g: _distance(g.span(), verb.span()))
    name = g.group(1).strip()
    start = offset + g.start(1) + g.group(1).index(name)
    return Attribution(name, start, start + len(name), name)


def _arabic_attribution(
    text: str, actors: ActorTable, offset: int, verb_pattern: re.Pattern[str], state_reach: int,
    states_anyway: frozenset[str] = frozenset(),
) -> Attribution | None:
    """The known actor nearest the verb, on either side, groups before states. A state or an
    authority counts within `state_reach` characters of the verb (or anywhere, when named in
    `states_anyway`), and never when named as a group's backer ("المدعومة من إيران")."""
    verb = verb_pattern.search(text)
    if not verb:
        return None
    rules = _arabic_rules()

    def distance(m: ActorMention) -> int:
        return _distance((m.start, m.end), verb.span())

    candidates = [
        m for m in actors.find(text)
        if distance(m) <= ARABIC_REACH and not rules.proxy.search(text[: m.start])
        and (m.actor.kind not in _OFFICIAL_KINDS or distance(m) <= state_reach or m.actor.name in states_anyway)
    ]
    if not candidates:
        return None
    return _attribution(min(candidates, key=lambda m: (m.actor.kind in _OFFICIAL_KINDS, distance(m))), offset)


def _attribution(m: ActorMention, offset: int) -> Attribution:
    return Attribution(m.actor.name, offset + m.start, offset + m.end, m.text)


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, b[0] - a[1], a[0] - b[1])


def _arabic_sources(text: str, offset: int) -> list[Attribution]:
    found: list[Attribution] = []
    for m in _arabic_rules().source.finditer(text):
        group = next(i for i in range(1, (m.re.groups or 0) + 1) if m.group(i))
        name = m.group(group).strip()
        found.append(Attribution(name, offset + m.start(group), offset + m.start(group) + len(name), name))
    return found
