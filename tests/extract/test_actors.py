import pytest

from sitreps.extract.actors import load_actors, normalise_name


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("Qasem al-Jabbarin", "Saraya Qasim al-Jabbarin"),
        ("Qasim Al-Jabarin", "Saraya Qasim al-Jabbarin"),
        ("سرية قاصم الجبارين", "Saraya Qasim al-Jabbarin"),
        ("Ashab al-Kahaf", "Ashab al-Kahf"),
        ("Kata'ib Hezbollah", "Kataib Hezbollah"),
        ("Daesh", "Islamic State"),
        ("Iran's Islamic Revolutionary Guard Corps (IRGC)", "Islamic Revolutionary Guard Corps"),
        ("Islamic resistance in Iraq", "Islamic Resistance in Iraq"),
    ],
)
def test_canonical_resolves_spellings(written, canonical):
    assert load_actors().canonical(written) == canonical


def test_canonical_of_unknown_group_is_none():
    assert load_actors().canonical("Brigades of Fury") is None


def test_short_capital_aliases_match_only_as_written():
    table = load_actors()
    assert [m.actor.name for m in table.find("IS fighters attacked; this is what it is")] == ["Islamic State"]


def test_normalise_name_ignores_case_hyphens_and_articles():
    assert normalise_name("The Ashab Al-Kahf") == normalise_name("ashab al kahf")
