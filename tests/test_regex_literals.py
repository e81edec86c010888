"""The literals a pattern cannot match without, as the prefilter and the boilerplate rules use
them: every match must contain one, so a text holding none of them cannot match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.regex_literals import parsed, required_literals


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"(?:was|were|been) hit", {" hit"}),
        (r"road ?side bombs?", {"side bomb"}),
        (r"pic\.twitter\.com/|twitter\.com/\w+/status/", {"pic.twitter.com/", "twitter.com/"}),
        (r"(?:و|ب|ال)?تفجير", {"تفجير"}),
        (r"^.{0,60}(shutterstock|getty images)$", {"shutterstock", "getty images"}),
    ],
)
def test_literals_every_match_holds(pattern: str, literals: set[str]) -> None:
    assert required_literals(parsed(re.compile(pattern))) == frozenset(literals)


@pytest.mark.parametrize("pattern", [r"\d+", r"[a-z]+", r"(?:foo)?\w", r"a?b?c?"])
def test_a_pattern_that_needs_no_literal_has_none(pattern: str) -> None:
    assert required_literals(parsed(re.compile(pattern))) is None


PATTERNS = [r"(?:was|were|been) hit", r"road ?side bombs?", r"(?:rocket|mortar)s? (?:fell|landed)", r"conv(?:oy|oys)"]


@given(st.sampled_from(PATTERNS), st.text(alphabet="abdefhilmnorstwy ?", max_size=40))
def test_any_match_holds_a_literal(pattern: str, text: str) -> None:
    compiled = re.compile(pattern)
    literals = required_literals(parsed(compiled))
    assert literals
    for match in compiled.finditer(text):
        assert any(literal in match.group(0) for literal in literals)
