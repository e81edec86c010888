import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.extract.casualties import _patterns, find_casualties

COUNTED = [
        ("No casualties have yet been reported, and it is unknown whether any American soldiers were in the convoy.", 0, 0),
        ("Nevertheless, no human losses were reported.", 0, 0),
        ("The source said that the explosion did not result in any human or material losses.", 0, 0),
        ("The blast caused no material or human losses, and the convoy continued on its way.", 0, 0),
        ("The rocket fell in an empty lot without causing any human or material losses.", 0, 0),
        ("The explosion caused material losses to two trucks.", None, None),  # damage says nothing of people
        ("A third drone was shot down without causing damage or injuries.", None, 0),
        ("Rockets struck the base, causing minor injuries to two American service members.", None, 2),
        ("There was no damage or injuries, the official said.", None, 0),
        ("The drivers fled unharmed, the officer said, adding that the attackers escaped.", 0, 0),
        ("There were no immediate reports of casualties.", 0, 0),  # as "no reported casualties"
        ("Two soldiers were martyred and another was injured on Monday in an ISIS attack.", 2, 1),
        # counts that add up, asides between a count and its verb, a count that ends its clause
        # "about a dozen" is vague: null (tests/data/corpus/README.md, killed / injured)
        ("Two American troops and one British service member were killed and about a dozen others were wounded.", 3, None),
        ("A civilian contractor was killed and at least five others, including a US service member, were wounded.", 1, 5),
        ("The blast went off, killing two soldiers and wounding three.", 2, 3),
        ("Rockets struck the base, wounding three coalition soldiers and two Iraqi troops.", None, 5),
        ("A driver of the convoy carrying equipment was wounded during the attack.", None, 1),
        ("Two contractor staff were treated for minor injuries related to the blast.", None, 2),
        ("The police sources did not report any other damage or any injuries.", 0, 0),
        ("Two of the soldiers were killed and one of its drivers was hurt.", 2, 1),
        ("Both caused material damage but no casualties.", 0, 0),
        ("ISIS terrorists attacked a security point of the Iraqi army with sniper and medium weapons, killing a soldier and wounding another.", 1, 1),
        ("the attack coincided with an explosion targeting a vehicle, wounding at least four other soldiers.", None, 4),
        ("The attack reportedly injured one member of the Iraqi security forces, who were escorting the convoy.", None, 1),
        ("Bloody ISIS attack kills 11 Iraqi soldiers in Diyala", 11, None),
        ("12 Iraqi policemen killed in attack in Kirkuk", 12, None),
        ("Nine Iraqi officers killed in suspected IS attack", 9, None),
        ("An overnight ISIS attack on the village saw several homes attacked, and at least 13 killed.", 13, None),
        ("The explosion reportedly caused significant damage to a number of vehicles in the convoy.", None, None),
        # one person named with "the": "killing the driver"; two when another follows with "and"
        ("Gunmen opened fire on a truck carrying coalition equipment, killing the driver, a police source said.", 1, None),
        ("The blast hit the convoy's lead vehicle, wounding its driver.", None, 1),
        ("The bomb exploded under the truck, killing the driver and his assistant.", None, None),
        ("The rocket fell near the gate, wounding the soldiers on duty.", None, None),
        # people named by their trade: "a truck driver", "two tanker drivers", "a convoy guard"
        ("A truck driver was wounded when an explosive device detonated beside a convoy in Nasiriyah.", None, 1),
        ("Two tanker drivers were killed in the blast.", 2, None),
        ("The attack injured three convoy guards.", None, 3),
        # one person the attack left hurt or dead
        ("An attack on a truck transporting goods for the coalition left the driver wounded on Friday.", None, 1),
        ("The blast left its driver dead.", 1, None),
        ("The blast left the driver and his assistant wounded.", None, None),
        # "a dozen", "a number of", "a few" give no count (not one)
        ("The blast killed a dozen people near the checkpoint.", None, None),
        ("An explosive device targeted a convoy in Abu Ghraib, injuring a number of drivers.", None, None),
        ("The rockets wounded a few contractors at the base.", None, None),
]


@pytest.mark.parametrize("sentence, killed, injured", COUNTED)
def test_find_casualties_reads_numbers_and_zeros(sentence, killed, injured):
    k, i = find_casualties(sentence)
    assert (k.value if k else None, i.value if i else None) == (killed, injured)


@pytest.mark.parametrize(
    "sentence",
    [
        "It is not yet clear if there were any human casualties.",
        "five soldiers were killed and wounded in an ISIS attack on the outskirts of Khanaqin",
    ],
)
def test_find_casualties_keeps_vague_statements_unknown(sentence):
    k, i = find_casualties(sentence)
    assert (k.value if k else None, i.value if i else None) == (None, None)


def test_find_casualties_spans_point_into_text():
    text = "A roadside bomb went off. Two soldiers were killed."
    k, _ = find_casualties(text[26:], offset=26)
    assert k is not None and k.value == 2 and "killed" in text[k.start : k.end]


#: Words casualty sentences are made of, English and Arabic, for sentences no reporter wrote.
_VOCABULARY = [
    "two", "a", "another", "13", "at least", "soldiers", "Iraqi troops", "others", "of the", "were",
    "was", "killed", "killing", "wounded", "wounding", "dead", "death toll", "rose to", "treated for minor injuries",
    "hurt", "and", ",", ".", "including", "مقتل", "إصابة", "ثلاثة", "جنود", "جنديين", "قتلى", "جرحى", "و",
    "حصيلة القتلى", "إلى", "سقوط", "قتيل",
]


@settings(deadline=None)  # the first example compiles the Arabic patterns
@given(st.lists(st.sampled_from(_VOCABULARY), max_size=14).map(" ".join))
def test_every_count_holds_one_of_its_words(sentence: str) -> None:
    """`find_casualties` skips the count patterns of a sentence without any killed (injured)
    word: that is only right while every match of them holds one."""
    for language in ("en", "ar"):
        patterns = _patterns(language)
        for counts in (patterns.killed, patterns.injured):
            for pattern in counts.patterns:
                for match in pattern.finditer(sentence):
                    assert counts.words.search(match.group(0)), (language, pattern.pattern[:60], match.group(0))


@pytest.mark.parametrize("sentence", [row[0] for row in COUNTED])
def test_every_count_in_real_sentences_holds_one_of_its_words(sentence: str) -> None:
    patterns = _patterns("en")
    for counts in (patterns.killed, patterns.injured):
        for pattern in counts.patterns:
            for match in pattern.finditer(sentence):
                assert counts.words.search(match.group(0))
