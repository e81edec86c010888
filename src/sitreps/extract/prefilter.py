"""The cheapest first look: can this article describe an attack at all?

Most news is not about attacks. One compiled pass of every trigger word decides whether the
full extractor runs; its recall must be 100% on every annotated corpus (a test checks), so it
errs on the side of yes.
"""

from __future__ import annotations

from .lexicon import load_lexicon


def may_describe_attack(text: str) -> bool:
    return load_lexicon().any_trigger.search(text) is not None
