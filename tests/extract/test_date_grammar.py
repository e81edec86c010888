"""The date lexicon and the patterns built from it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sitreps.errors import DataError
from sitreps.extract.date_grammar import fold, hits, load_grammar, load_lexicon
from sitreps.extract.dates import find_dates
from sitreps.resources import data_path

CORPORA = Path(__file__).parents[1] / "data" / "corpus"


def test_bundled_lexicon_names_every_month_and_weekday_in_both_languages() -> None:
    lexicon = load_lexicon()
    assert sorted(set(lexicon.months.values())) == list(range(1, 13))
    assert (
        lexicon.months[fold("كانون الأول")]
        == lexicon.months[fold("ديسمبر")]
        == lexicon.months["december"]
        == 12
    )
    assert lexicon.weekdays[fold("الجمعة")] == lexicon.weekdays["friday"] == 4


@pytest.mark.parametrize(
    "spelling, folded",
    [
        ("Dec.", "dec"),
        ("  Late   ON ", "late on"),
        ("الأربعاء", "الاربعاء"),
        ("إلى", "الي"),
        ("السنة", "السنه"),
    ],
)
def test_fold_gives_one_key_per_spelling(spelling: str, folded: str) -> None:
    assert fold(spelling) == folded


@pytest.mark.parametrize(
    "text, form",
    [
        ("LAST NIGHT", "relative"),  # headlines in capitals
        ("Last night", "relative"),
        ("كانون الاول", "month"),  # alef without hamza, as often typed
        ("في أيار", "month"),
        ("في ايار", "month"),
        ("SEPTEMBER 2017", "month"),
    ],
)
def test_patterns_match_every_case_and_spelling_the_lexicon_folds(text: str, form: str) -> None:
    found = [(rule.form, hit.text[hit.start : hit.end]) for _, rule, hit in hits(text, load_grammar())]
    assert (form, text) in found


def test_a_broken_lexicon_is_a_data_error_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "dates.toml"
    broken.write_text("[months]\n1 = { names = ['January'] }\n", encoding="utf-8")
    with pytest.raises(DataError, match="dates.toml"):
        load_lexicon(broken)


def test_a_lexicon_that_misses_a_month_is_a_data_error(tmp_path: Path) -> None:
    bundled = data_path("lexicons", "dates.toml").read_text(encoding="utf-8")
    broken = tmp_path / "dates.toml"
    broken.write_text(
        bundled.replace('12 = { names = ["December"', '13 = { names = ["December"'), encoding="utf-8"
    )
    with pytest.raises(DataError, match="1-12"):
        load_lexicon(broken)


def test_whole_corpora_are_read_in_well_under_a_second() -> None:
    """Every corpus article can be scanned (speed is measured by bench/, never by a timed test)."""
    records = [
        json.loads(line)
        for folder in ("seeds", "dev", "negatives")
        for line in (CORPORA / folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    load_grammar()
    count = sum(
        len(find_dates(r["text"], date.fromisoformat(r["published"]) if r["published"] else None))
        for r in records
    )
    assert count > 500
