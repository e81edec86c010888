"""Attack mentions: which words of a sentence name an attack, and which sentences say none did."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.extract.lexicon import Lexicon, load_lexicon
from sitreps.extract.mentions import Trigger, find_triggers, is_suppressed
from sitreps.extract.sentences import Sentence, split_sentences

ENGLISH = load_lexicon("en")


def every_trigger(sentence: Sentence, lexicon: Lexicon) -> list[Trigger]:
    """The definition `find_triggers` must keep to: every class scanned over the whole sentence,
    and of overlapping words the first, most specific."""
    found = [
        Trigger(cls, sentence.start + m.start(), sentence.start + m.end(), m.group(0))
        for cls in lexicon.triggers
        for m in cls.pattern.finditer(sentence.text)
    ]
    kept: list[Trigger] = []
    for t in sorted(found, key=lambda t: (t.start, t.cls.priority)):
        if not kept or t.start >= kept[-1].end:
            kept.append(t)
    return kept


@pytest.mark.parametrize(
    "sentence, words",
    [
        ("A roadside bomb hit a convoy carrying logistical equipment in Diwaniyah.", ["roadside bomb"]),
        ("Three Katyusha rockets landed near the US embassy, a security source said.", ["Katyusha", "rockets"]),
        ("The convoy was attacked by an explosive device on the highway.", ["attacked", "explosive device"]),
        ("Gunmen opened fire on the trucks and set them on fire.", ["Gunmen", "opened fire", "set them on fire"]),
        ("The Iraqi parliament met on Sunday to discuss the budget.", []),
        # a grenade thrown, lobbed, hurled, or one that went off, is an attack
        ("Unknown assailants threw a hand grenade at an army checkpoint in Basra.", ["threw a hand grenade"]),
        ("A grenade attack targeted a police patrol in Kirkuk on Monday.", ["grenade attack", "targeted"]),
        ("Two hand grenades were hurled at the house of a judge in Maysan.", ["hand grenades were hurled"]),
        ("Militants attacked the checkpoint with hand grenades at dawn.", ["attacked the checkpoint with hand grenades"]),
        # grenades seized, and stun grenades fired at protesters, are not
        ("Security forces seized rifles and hand grenades during a search of a farm in Diyala.", []),
        ("Police fired stun grenades and tear gas at protesters in Nasiriyah.", []),
        ("Stun grenades were thrown at protesters in Tahrir Square.", []),
        # "hit" after "another" and before what it hit is another attack; a bare "hit" is not
        ("A roadside bomb struck a convoy in Diwaniyah, while another hit a convoy near Samawah.",
         ["roadside bomb", "struck", "another hit"]),
        ("The first blast hit a convoy at Safwan, while the second hit one near Nasiriyah.", ["blast", "the second hit"]),
        ("The singer released another hit single, and the tour hit a record.", []),
    ],
)
def test_find_triggers_names_the_attack_words(sentence: str, words: list[str]) -> None:
    s = split_sentences(sentence)[0]
    assert [t.text for t in find_triggers(s, ENGLISH)] == words


_WORDS = [
    "a", "the", "convoy", "was", "hit", "by", "roadside", "bomb", "bombs", "rocket", "rockets", "drone",
    "attack", "blast", "explosive", "device", "suicide", "bomber", "gunmen", "opened", "fire", "set", "on",
    "near", ",", "Baghdad", "threw", "grenade", "hand", "stun", "عبوة", "ناسفة", "صاروخ", "استهدف", "رتل", "هجوم", "بطائرة", "مسيرة", "في",
]


@settings(deadline=None)  # the first example compiles the Arabic lexicon
@given(st.lists(st.sampled_from(_WORDS), max_size=16).map(" ".join), st.sampled_from(["en", "ar"]))
def test_find_triggers_keeps_to_its_definition(text: str, language: str) -> None:
    """Sentences without a trigger word are passed over in one pass, and the others scanned from
    their first trigger word: neither may change which triggers are found."""
    lexicon = load_lexicon(language)
    sentence = Sentence(7, 7 + len(text), text, 0)
    assert find_triggers(sentence, lexicon) == every_trigger(sentence, lexicon)


@pytest.mark.parametrize(
    "sentence, suppressed",
    [
        ("Militias threatened to attack US forces if they did not leave.", True),
        ("A US drone strike killed two commanders near the airport.", True),
        ("Six rockets were fired Friday, the latest in a string of attacks on the base.", False),
        ("A roadside bomb hit a convoy in Babil province.", False),
        # an attack that air defenses met is still an attack; the defenses alone are none
        ("Three rockets were launched at the U.S. embassy late Sunday; one was intercepted by the C-RAM.", False),
        ("In recent weeks, the US deployed an air defense system in the Green Zone against rocket attacks.", True),
        ("The C-RAM system is meant to confront rockets, mortars and artillery.", True),
        # what a defence is for is no attack; a defence that met one leaves the attack
        ("The coalition said air defenses at Ain al-Asad were upgraded to counter drone attacks.", True),
        ("Washington has sent new systems to counter drone attacks to its bases in Iraq and Syria.", True),
        ("The embassy added new barriers to protect against rocket attacks by militias.", True),
        ("The Pentagon is sending more equipment to Erbil to defend against drone attacks.", True),
        ("The coalition has installed anti-drone systems at Harir base.", True),
        ("Patriot batteries were sent to protect US troops from possible missile and drone attacks.", True),
        ("Air defences intercepted a drone attack on Ain al-Asad air base on Monday.", False),
        ("Air defenses moved to counter a drone attack on the base late on Monday.", False),
        ("Militias launched a drone at Harir base on Monday, but its anti-drone system shot it down.", False),
        ("ISIS fighters launched a counter-attack on army positions near Makhmour.", False),
        ("Militants fired an anti-tank missile at an army vehicle near Kirkuk.", False),
    ],
)
def test_is_suppressed_sets_apart_attacks_that_did_not_happen(sentence: str, suppressed: bool) -> None:
    s = split_sentences(sentence)[0]
    assert is_suppressed(s, ENGLISH, find_triggers(s, ENGLISH)) is suppressed
