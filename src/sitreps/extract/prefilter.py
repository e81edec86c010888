"""The cheapest first look: can this article describe an attack at all?

Most news is not about attacks, and this look runs on every article, so it must cost next to
nothing; its recall must be 100% on every annotated corpus (a test checks), so it errs on the
side of yes. The answer is exactly the trigger lexicon's (`Lexicon.any_trigger`): does any
trigger word occur? But running that regex over every article costs ~0.2 ms per article (it is
an alternation of ~150 patterns tried at every position). So:

1. From each trigger pattern we derive *anchors* (`regex_literals`): literals, one of which every match of the
   pattern contains ("hit" for "(?:was|were|been) hit", "تفجير" for "(?:و|ب|ال)?تفجير").
2. One Aho-Corasick pass over the casefolded text looks for anchors (~70 MB/s). An article
   without any, most news, is dismissed there.
3. Around an anchor, the trigger regex confirms on that line only: no trigger can match across
   a line break (checked when the anchors are derived), so the line holds any match the anchor
   belongs to.

The words stay in `data/lexicons/triggers.toml` only. A pattern whose anchors cannot be derived
(or that could span lines) makes the prefilter fall back to the whole-text regex: slower, never
wrong.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]  # the opcodes of `regex_literals.parsed`
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..regex_literals import REPEATS, fold_like_ignorecase, literal_automaton, parsed, required_literals
from .lexicon import any_language_trigger

#: Character classes that include a line break.
_LINE_BREAKING_CATEGORIES = {
    sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD, sre.CATEGORY_NOT_DIGIT, sre.CATEGORY_LINEBREAK,
    sre.CATEGORY_UNI_SPACE, sre.CATEGORY_UNI_NOT_WORD, sre.CATEGORY_UNI_NOT_DIGIT, sre.CATEGORY_UNI_LINEBREAK,
}  # fmt: skip


def may_describe_attack(text: str) -> bool:
    """Does any trigger word of the lexicon occur in the text?"""
    return load_prefilter().admits(text)


@dataclass(frozen=True)
class Prefilter:
    """The trigger regex, and the anchors that tell where it is worth running."""

    triggers: re.Pattern[str]  # the lexicon's one-pass regex: the definition of the answer
    anchors: Any | None  # an ahocorasick.Automaton of anchors; None: use `triggers` alone

    def admits(self, text: str) -> bool:
        folded = fold_like_ignorecase(text)
        if self.anchors is None or len(folded) != len(text):  # offsets must map back ("ß" -> "ss")
            return self.triggers.search(text) is not None
        confirmed_up_to = -1
        for end, _ in self.anchors.iter(folded):
            if end < confirmed_up_to:
                continue  # this line was looked at already
            line_start = text.rfind("\n", 0, end) + 1
            line_end = text.find("\n", end)
            line_end = len(text) if line_end < 0 else line_end
            if self.triggers.search(text, line_start, line_end):
                return True
            confirmed_up_to = line_end
        return False


@cache
def load_prefilter() -> Prefilter:
    """Derived from the lexicon's regex once per process."""
    triggers = any_language_trigger()
    items = parsed(triggers)
    anchors = required_literals(items)
    if anchors is None or _may_match_line_break(items, triggers.flags):
        return Prefilter(triggers, None)
    return Prefilter(triggers, literal_automaton(anchors))


def _may_match_line_break(items: list[tuple[Any, Any]], flags: int) -> bool:
    """Could this sequence consume or look at a "\\n"? (Then a line is not enough to confirm.)"""
    for op, value in items:
        if op is sre.LITERAL and value == ord("\n") or op is sre.NOT_LITERAL and value != ord("\n"):
            return True
        if op is sre.ANY and flags & re.DOTALL:
            return True
        if op is sre.IN and any(
            set_op is sre.NEGATE
            or set_op is sre.CATEGORY
            and set_value in _LINE_BREAKING_CATEGORIES
            or set_op is sre.LITERAL
            and set_value == ord("\n")
            or set_op in (sre.RANGE, sre.RANGE_UNI_IGNORE)
            and set_value[0] <= ord("\n") <= set_value[1]
            for set_op, set_value in value
        ):
            return True
        if op is sre.SUBPATTERN and _may_match_line_break(list(value[-1]), flags):
            return True
        if op is sre.BRANCH and any(_may_match_line_break(list(b), flags) for b in value[1]):
            return True
        if op in REPEATS and _may_match_line_break(list(value[2]), flags):
            return True
        if op in (sre.ASSERT, sre.ASSERT_NOT) and _may_match_line_break(list(value[1]), flags):
            return True
    return False
