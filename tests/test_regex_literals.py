"""The literals a pattern cannot match without, as the prefilter and the boilerplate rules use
them: every match must contain one, so a text holding none of them cannot match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.extract.lexicon import _load_toml as lexicon_file
from sitreps.extract.lexicon import load_lexicon
from sitreps.extract.normalise import arabic_pattern
from sitreps.regex_literals import (
    MIN_ANCHOR_CHARS,
    GatedAlternation,
    GatedPattern,
    PatternSet,
    _may_hold_literal,
    parsed,
    required_literals,
)


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


PATTERNS = [
    r"(?:was|were|been) hit",
    r"road ?side bombs?",
    r"(?:rocket|mortar)s? (?:fell|landed)",
    r"conv(?:oy|oys)",
]


@given(st.sampled_from(PATTERNS), st.text(alphabet="abdefhilmnorstwy ?", max_size=40))
def test_any_match_holds_a_literal(pattern: str, text: str) -> None:
    compiled = re.compile(pattern)
    literals = required_literals(parsed(compiled))
    assert literals
    for match in compiled.finditer(text):
        assert any(literal in match.group(0) for literal in literals)


def _cue_phrases() -> list[str]:
    """Words of the English cues, as raw material for texts that come near to matching."""
    words: set[str] = set()
    for gated in load_lexicon("en").cues.values():
        words.update(re.findall(r"[A-Za-z]{3,}", gated.pattern.pattern))
    return sorted(words)


CUE_WORDS = _cue_phrases()


@given(
    st.sampled_from(["not_an_attack", "aggregate", "by_us_forces", "tally", "summary"]),
    st.lists(
        st.one_of(st.sampled_from(CUE_WORDS), st.sampled_from(["the", "a", "İ", "ı", "ß", ",", "2020"])),
        max_size=14,
    ),
)
def test_a_gated_cue_answers_as_its_regex(name: str, words: list[str]) -> None:
    """The gate only skips texts the regex cannot match: search, finditer and sub agree."""
    gated = load_lexicon("en").cues[name]
    assert gated.literals is not None
    text = " ".join(words)
    for candidate in (text, text.upper(), text.title()):
        plain = gated.pattern
        assert _span(gated.search(candidate)) == _span(plain.search(candidate))
        assert [m.span() for m in gated.finditer(candidate)] == [m.span() for m in plain.finditer(candidate)]
        assert gated.sub(_hash, candidate) == plain.sub(_hash, candidate)


def _hash(found: re.Match[str]) -> str:
    return "#"


def _span(found: re.Match[str] | None) -> tuple[int, int] | None:
    return found.span() if found else None


def test_a_gate_made_after_a_text_was_read_still_finds_its_literal() -> None:
    """Gates share one scan of a text (`SharedLiterals`); one made later, with a literal no gate
    had, must not be answered from what the scan of that text found before it existed."""
    text = "A qzxjvb drone struck the convoy"
    early = GatedPattern(re.compile(r"drone", re.IGNORECASE))
    assert early.search(text) is not None
    late = GatedPattern(re.compile(r"qzxjvb", re.IGNORECASE))
    assert late.literals == frozenset({"qzxjvb"})
    assert late.search(text) is not None
    assert late.search("A drone struck the convoy") is None


def test_short_literals_make_no_gate() -> None:
    """A word like "in" or "on" is in nearly every sentence: looking for it first only adds a pass."""
    assert GatedPattern(re.compile(r"(?:in|on) (?:\w+)")).literals is None
    assert GatedPattern(re.compile(r"(?:drills?|exercises?) (?:\w+)")).literals is not None
    assert GatedPattern(re.compile(r"drill", re.IGNORECASE)).search("a DRILL today") is not None
    assert GatedPattern(re.compile(r"drill")).search("a DRILL today") is None  # as the regex says
    assert GatedPattern(re.compile(r"drill")).search("a rocket today") is None


def _trigger_words() -> list[str]:
    """Words of the trigger files of both languages, as written there."""
    words: set[str] = set()
    for language in ("en", "ar"):
        for trigger in lexicon_file(language, "triggers.toml")["trigger"]:
            for pattern in trigger["patterns"]:
                words.update(re.findall(r"\w{2,}", pattern))
    return sorted(word for word in words if not word.isdigit())


TRIGGER_WORDS = _trigger_words()


@settings(deadline=None)  # the first example compiles the whole alternations
@given(
    st.lists(
        st.one_of(st.sampled_from(TRIGGER_WORDS), st.sampled_from(["the", "was", "و", "ال", "-", ",", "s"])),
        max_size=12,
    ),
    st.sampled_from(["en", "ar"]),
)
def test_trigger_words_are_found_as_the_whole_alternation_finds_them(words: list[str], language: str) -> None:
    """Every trigger class, and all the triggers at once, searched alternative by alternative."""
    lexicon = load_lexicon(language)
    text = " ".join(words)
    for gated in (lexicon.any_trigger, *(cls.pattern for cls in lexicon.triggers)):
        for candidate in (text, text.title()):
            whole = gated.pattern
            assert [m.span() for m in gated.finditer(candidate)] == [
                m.span() for m in whole.finditer(candidate)
            ]
            assert _span(gated.search(candidate, 3)) == _span(whole.search(candidate, 3))


@pytest.mark.parametrize(
    ("alternatives", "text", "expected"),
    [
        (["rocket", "rocket attack"], "a rocket attack", "rocket"),  # a tie: the earlier alternative
        (["rocket attack", "rocket"], "a rocket attack", "rocket attack"),
        (["attack on", "rocket"], "rocket attack on", "rocket"),  # the leftmost, whatever its place
        (["drone strike", "(?m)^strike"], "x\nstrike", "strike"),  # a global flag stays global
    ],
)
def test_the_alternation_choice_is_kept(alternatives: list[str], text: str, expected: str) -> None:
    gated = GatedPattern.any_of(alternatives, re.IGNORECASE, before=r"\b")
    assert isinstance(gated, GatedAlternation)
    found = gated.search(text)
    assert found is not None and found.group(0) == expected
    assert found.group(0) == gated.pattern.search(text).group(0)


def test_matches_do_not_overlap_as_the_alternation_steps() -> None:
    gated = GatedPattern.any_of(["rocket attack", "attack"], re.IGNORECASE)
    text = "a rocket attack, then an attack"
    assert [m.span() for m in gated.finditer(text)] == [m.span() for m in gated.pattern.finditer(text)]
    assert [m.group(0) for m in gated.finditer(text)] == ["rocket attack", "attack"]


def test_alternatives_that_number_groups_or_match_nothing_are_gated_whole() -> None:
    assert not isinstance(GatedPattern.any_of(["(rocket)", "mortar"]), GatedAlternation)
    assert not isinstance(GatedPattern.any_of(["rocket", "(?:mortar)?"]), GatedAlternation)
    assert not isinstance(GatedPattern.any_of([r"\d+", r"\w+"]), GatedAlternation)  # no literal at all
    assert isinstance(GatedPattern.any_of(["(?:rocket)", "mortar"]), GatedAlternation)


def test_many_candidates_run_the_whole_alternation_once() -> None:
    words = [f"word{number:02d}" for number in range(GatedAlternation.ONE_BY_ONE + 2)]
    gated = GatedPattern.any_of(words)
    text = " ".join(reversed(words))
    assert [m.group(0) for m in gated.finditer(text)] == list(reversed(words))
    assert gated.sub(lambda m: m.group(0)[-2:], text) == " ".join(w[-2:] for w in reversed(words))


@settings(deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(TRIGGER_WORDS), st.sampled_from(["the", "base", "convoy", "US", "و"])),
        max_size=10,
    ),
    st.sampled_from(["en", "ar"]),
)
def test_a_pattern_set_names_every_class_that_matches(words: list[str], language: str) -> None:
    """One look for all the classes of a kind must never leave out a class that matches."""
    lexicon = load_lexicon(language)
    text = " ".join(words)
    for classes, kinds in (
        (lexicon.trigger_classes, lexicon.triggers),
        (lexicon.target_classes, lexicon.targets),
        (lexicon.owner_classes, lexicon.owners),
    ):
        matching = [index for index, kind in enumerate(kinds) if kind.pattern.pattern.search(text)]
        assert set(matching) <= set(classes.which(text))


def test_a_pattern_set_keeps_the_classes_without_literals() -> None:
    patterns = [GatedPattern(re.compile(r"\d+ rockets")), GatedPattern(re.compile(r"\w+"))]
    assert PatternSet(patterns).which("mortars") == [1]
    assert PatternSet(patterns).which("3 ROCKETS") == [0, 1]


_PIECES = [
    "a",
    "b",
    "c",
    "d",
    " ",
    "\\.",
    "\\-",
    "[ab]",
    "[^a]",
    "\\w",
    "\\d",
    "?",
    "*",
    "(?:",
    ")",
    "|",
    "ت",
    "[ـً-ٟ]*",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_a_source_said_to_hold_no_literal_holds_none(source: str) -> None:
    """The first look at a pattern's text may only say "no literal" where parsing finds none."""
    try:
        pattern = re.compile(source)
    except re.error:
        return
    literals = required_literals(parsed(pattern))
    if literals and min(map(len, literals)) >= MIN_ANCHOR_CHARS:
        assert _may_hold_literal(source)


@pytest.mark.parametrize(
    ("source", "may"),
    [
        ("abc", True),
        (r"U\.S\.", True),
        ("ab?c", False),
        ("[abc]", False),
        (r"\d\d\d", False),
        ("a[bc]de", False),
    ],
)
def test_plain_runs_are_what_a_literal_needs(source: str, may: bool) -> None:
    assert _may_hold_literal(source) is may


def test_an_arabic_pattern_widened_to_every_spelling_is_not_parsed_for_literals() -> None:
    gated = GatedPattern.any_of([arabic_pattern("عبوة ناسفة"), arabic_pattern("صاروخ")])
    assert gated.literals is None and gated.search("انفجرت عبوه ناسفة") is not None
