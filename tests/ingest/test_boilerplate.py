"""The boilerplate data file and the line verdicts built on it."""

from __future__ import annotations

import pytest

from sitreps.errors import DataError
from sitreps.ingest.boilerplate import Verdict, _rules, load_boilerplate


def test_every_rule_compiles_and_explains_itself() -> None:
    rules = load_boilerplate()
    assert rules.drop_line and rules.cut_after and rules.strip_prefix
    for rule in (*rules.drop_line, *rules.cut_after, *rules.strip_prefix):
        assert rule.note.strip() and rule.max_chars > 0


@pytest.mark.parametrize(
    ("entry", "message"),
    [({"pattern": "([unclosed", "note": "x"}, "bad pattern"), ({"pattern": "^ok$"}, "needs a note")],
)
def test_a_broken_rule_is_a_data_error(entry: dict[str, str], message: str) -> None:
    with pytest.raises(DataError, match=message):
        _rules({"drop_line": [entry]}, "drop_line")


@pytest.mark.parametrize(
    ("line", "verdict"),
    [
        ("Comments", Verdict.CUT),
        ("Post a comment", Verdict.CUT),
        ("Related Posts", Verdict.CUT),
        ("التعليقات", Verdict.CUT),
        ("Share:", Verdict.DROP),
        ("+ -", Verdict.DROP),
        ("Left Menu", Verdict.DROP),
        ("Iraq News - Local News - Baghdadpost", Verdict.DROP),
        ("Home News Opinion Sport Business Culture", Verdict.DROP),
        ("Security", Verdict.KEEP),
        ("World News: Rocket Attack On US Embassy In Baghdad", Verdict.KEEP),
        ("Comments by the minister drew criticism from the militias.", Verdict.KEEP),
        ("Sources shared photos of the attack with Rudaw.", Verdict.KEEP),
    ],
)
def test_line_verdicts(line: str, verdict: Verdict) -> None:
    assert load_boilerplate().verdict(line) is verdict


def test_the_date_prefix_is_stripped_to_the_news() -> None:
    line = "date 2021-09-15 Shafaq News/ A security source in Diyala reported"
    assert (
        line[load_boilerplate().strip_prefixes(line) :] == "Shafaq News/ A security source in Diyala reported"
    )
