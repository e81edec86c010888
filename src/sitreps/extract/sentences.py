"""Sentence boundaries with offsets, tuned for news copy.

News text breaks lines at paragraphs, bullets and headlines, and uses abbreviations that end in
a full stop ("U.S.", "Dec. 29", "Maj. Gen."): a line is never joined to the next, and a full
stop after a known abbreviation or a single capital letter does not end a sentence. Arabic copy
ends sentences the same way, with its own question mark and quotation marks, and also at a comma
before a connective that opens a new proposition (see `_END`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "mr", "mrs", "ms", "dr", "gen", "maj", "col", "lt", "capt", "sgt", "st", "no", "vs",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co",
    "corp", "gov", "rep", "sen", "prof", "e.g", "i.e", "approx", "est", "fig", "al",
    "a.m", "p.m",  # "at 1:20 a.m. Saturday": the time goes with its day
}
# A sentence ends at a full stop, "!" or "?" (Arabic "؟", Urdu-style "۔") before a capital, a digit
# or an Arabic letter, or at the end of the line; closing quotes go with it, «» included.
# Arabic news chains whole propositions with commas, so a comma before a connective that opens
# a new one ("، فيما", "، بينما", "، في حين", "، فإن") ends a sentence too: "while the airport
# was hit today, last week ISIS attacked an army unit in Diyala" tells two incidents.
_ARABIC_CONNECTIVE = r"[،,](?=\s+و?(?:فيما|بينما|في حين|فإن|فإنه|فإنها|فإنهم)(?!\w))"
# English does it with a day: "Earlier this week, a drone attack targeted the airport, and on
# Wednesday three rockets were fired at Balad air base" tells two attacks.
_ENGLISH_CONNECTIVE = r",(?=\s+(?:and|while|whereas)\s+(?:late |early |earlier |later )?on\s+[A-Z])"
# A run of stops is matched from its first character only and never given back (`(?<!..)`,
# `*+`): a page of ten thousand dots must cost ten thousand steps, not fifty million. The stop
# comes before the lookbehind that checks it opens its run, so that at any other character the
# engine gives up on its first test; the connectives take their comma for the same reason (the
# sentence still ends after it).
_STOPS = r"[.!?؟۔](?<![.!?؟۔][.!?؟۔])[.!?؟۔]*+[\"'”’)»]*+"
_END = re.compile(
    _STOPS + r"(?=\s+[\"'“‘(«]?[A-Z0-9\u0600-\u06FF])|" + _STOPS + r"(?=\s*$)|" + _ARABIC_CONNECTIVE
    + "|" + _ENGLISH_CONNECTIVE
)
_LAST_WORD = re.compile(r"[\w.]+$")
_ABBREVIATION_REACH = 32  # longer than any abbreviation: the word before a stop is looked at this far back
#: A "sentence" longer than this (a table dump, a crafted page without punctuation) is cut at a
#: space, so that work done per sentence stays bounded; real news sentences are under 1,000.
MAX_SENTENCE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int  # index of the line (paragraph) it belongs to


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    paragraph = 0
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cursor = 0
        for m in _END.finditer(line):
            word = _LAST_WORD.search(line, max(cursor, m.start() - _ABBREVIATION_REACH), m.start())
            if word and m.group(0).startswith(".") and _is_abbreviation(word.group(0)):
                continue
            _add(sentences, text, line_start + cursor, line_start + m.end(), paragraph)
            cursor = m.end()
        _add(sentences, text, line_start + cursor, line_start + len(line), paragraph)
        paragraph += 1
    return sentences


def _is_abbreviation(word: str) -> bool:
    low = word.lower().rstrip(".")
    return low in _ABBREVIATIONS or (len(low) == 1 and low.isalpha())


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        _add(out, text, start, cut, paragraph)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph))
