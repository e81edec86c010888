from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sitreps.evaluate.aliases as alias_module
import sitreps.resources
from sitreps.errors import DataError
from sitreps.evaluate import aliases_from, default_aliases, normalise_group_name


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Qasem al-Jabbarin", "Qasem Al Jabbarin"),
        ("Qasem al-Jabbarin", "Qasem al-Jabarin"),  # doubled consonants come and go
        ("Islamic State", "the Islamic State"),
        ("Ashab al-Kahf", "Ashab Al-Kahf"),
        ("Iran's Islamic Revolutionary Guard Corps (IRGC)", "Iran's Islamic Revolutionary Guard Corps"),
        ("Islamic resistance in Iraq", "Islamic Resistance in Iraq"),
        ("Kata'ib Hezbollah", "Kataib Hezbollah"),
        ("Qāsim al-Jabbārīn", "Qasim al-Jabbarin"),  # scholarly transliteration
        ("سرية قاصم الجبارين", "سريّة قاصم الجبارين"),  # with a shadda
        ("سرية قاصم الجبارين", "سرية قاصم جبارين"),  # the article is joined in Arabic
    ],
)
def test_spellings_of_one_name_normalise_alike(one: str, other: str) -> None:
    assert normalise_group_name(one) == normalise_group_name(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Islamic State", "Islamic Resistance in Iraq"),
        ("Ahrar Sinjar", "Ashab al-Kahf"),
        ("Saraya Qasim al-Jabbarin", "Qasim al-Jabbarin"),  # that alias is the actor table's job
    ],
)
def test_different_names_stay_different(one: str, other: str) -> None:
    assert normalise_group_name(one) != normalise_group_name(other)


@given(st.text())
def test_normalising_any_text_is_safe_and_idempotent(name: str) -> None:
    key = normalise_group_name(name)
    assert normalise_group_name(key) == key


def test_a_table_resolves_names_the_spelling_rules_cannot() -> None:
    table = {"qasim al-jabarin": "Saraya Qasim al-Jabbarin", "سرية قاصم الجبارين": "Saraya Qasim al-Jabbarin"}
    resolve = aliases_from(lambda name: table.get(name.casefold()))
    assert resolve("Qasim Al-Jabarin") == resolve("سرية قاصم الجبارين") == resolve("Saraya Qasim al-Jabbarin")
    assert resolve("Ahrar Sinjar") == normalise_group_name("Ahrar Sinjar")  # unknown: fallback


def test_default_falls_back_to_spelling_rules_without_the_actor_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unavailable() -> None:
        raise DataError("actors.tsv: missing")

    monkeypatch.setattr(sitreps.resources, "load_resources", unavailable)
    alias_module._bundled_canonical.cache_clear()
    try:
        resolve = default_aliases()
        assert resolve("سرية قاصم الجبارين") == normalise_group_name("سرية قاصم الجبارين")
        assert resolve("Qasem al-Jabbarin") == resolve("Qasem Al-Jabarin")
    finally:
        alias_module._bundled_canonical.cache_clear()
