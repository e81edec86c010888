import pytest

from sitreps.extract.actors import load_actors
from sitreps.extract.claims import find_claim, find_denial, find_sources


@pytest.fixture(scope="module")
def actors():
    return load_actors()


@pytest.mark.parametrize(
    "sentence, group",
    [
        ("Local news outlets reported that the Ashab al-Kahaf militia group had claimed responsibility for the attack.", "Ashab al-Kahf"),
        ("The Sabereen News, a Telegram channel close to Shiite armed groups in Iraq, said Saryat Qasim al-Jabbarin claimed responsibility for the Yusufiya attack.", "Saraya Qasim al-Jabbarin"),
        ('"Qasem al-Jabbarin," a group which has identified itself as part of the Iran-linked "Islamic Resistance" network in Iraq, claimed responsibility for both attacks.', "Saraya Qasim al-Jabbarin"),
        ("On February 9, ISIS took responsibility for a shooting attack targeting Iraqi Army forces in south Fallujah.", "Islamic State"),
        ("Abolfazl al-Abbas resistance group claimed responsibility for the attack on US convoy in Babil province.", "Abu al-Fadl al-Abbas Brigades"),
        # An unknown group is still caught by the claim pattern.
        ("The Brigades of Fury claimed responsibility for the attack.", "Brigades of Fury"),
        # A possessive names the claimant's state, not the claimant.
        ("Iran’s Islamic Revolutionary Guard Corps (IRGC) has claimed responsibility for the attack.",
         "Islamic Revolutionary Guard Corps"),
        # تبنى as translations render it
        ("The “Islamic resistance in Iraq” has endorsed Tuesday’s attack.", "Islamic Resistance in Iraq"),
        # A group's own statement that it attacked is its claim.
        (
            (
                "The Islamic Resistance in Iraq, an umbrella group of Iran-backed militias, said on Friday it had "
                "targeted the U.S. base at Harir with two drones."
            ),
            "Islamic Resistance in Iraq",
        ),
        # The attack claimed may carry its weapon or its day.
        ("A previously unknown group, Saraya Awliya al-Dam, claimed the rocket attack on the Erbil airport.",
         "Saraya Awliya al-Dam"),
        ("Kataib Hezbollah claimed Sunday's drone strike on the base.", "Kataib Hezbollah"),
        ("Ashab al-Kahf claimed two rocket attacks on Balad air base.", "Ashab al-Kahf"),
    ],
)
def test_find_claim_names_the_claimant(actors, sentence, group):
    claim = find_claim(sentence, actors)
    assert claim and claim.name == group
    assert sentence[claim.start : claim.end] == claim.text


@pytest.mark.parametrize(
    "sentence",
    [
        "No group has claimed responsibility for the attack.",
        "No group claimed responsibility for that operation, which came amid a string of similar strikes.",
        "No group has formally claimed responsibility for either attack.",
    ],
)
def test_find_claim_tells_explicit_no_claim(actors, sentence):
    assert find_claim(sentence, actors) is False


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials claimed that the attack was carried out by Islamic State.",
        "Kataib Hezbollah claimed that the attack was staged to blame the resistance.",
        "The attack claimed the lives of two soldiers.",
    ],
)
def test_claimed_in_another_sense_is_no_claim(actors, sentence):
    assert find_claim(sentence, actors) is None


def test_blame_is_not_a_claim(actors):
    sentence = "Iraqi security services say a Shiite militia group is behind the attack."
    assert find_claim(sentence, actors) is None


def test_find_denial_names_who_denied(actors):
    denial = find_denial("The Iraqi military later denied that any attack took place.", actors)
    assert denial and denial.name == "Iraqi military"


def test_a_group_described_as_iran_backed_is_the_one_that_denies(actors):
    denial = find_denial("Kataib Hezbollah, an Iran-backed militia, denied involvement in the attack.", actors)
    assert denial and denial.name == "Kataib Hezbollah"


def test_find_sources_reads_citations():
    names = [s.name for s in find_sources("The blast targeted a convoy late on Monday, Reuters reported, according to the Anadolu news agency.")]
    assert names == ["Reuters", "Anadolu news agency"]


def test_a_group_named_only_to_describe_the_claimant_is_not_the_claimant(actors):
    described = "A little-known group, which some observers believe is a front for Kataib Hezbollah, claimed the attack."
    assert find_claim(described, actors) is None  # an unnamed claimant is null
    named = "Saraya Awliya al-Dam, a group linked to Iran, claimed the attack."
    assert find_claim(named, actors).name == "Saraya Awliya al-Dam"
