"""Sentence boundaries with offsets, tuned for news copy.

News text breaks lines at paragraphs, bullets and headlines, and uses abbreviations that end in
a full stop ("U.S.", "Dec. 29", "Maj. Gen."): a line is never joined to the next, and a full
stop after a known abbreviation or a single capital letter does not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "mr", "mrs", "ms", "dr", "gen", "maj", "col", "lt", "capt", "sgt", "st", "no", "vs",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co",
    "corp", "gov", "rep", "sen", "prof", "e.g", "i.e", "approx", "est", "fig", "al",
}
_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9\u0600-\u06FF])|[.!?؟]+[\"'”’)]*(?=\s*$)")


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
            word = re.search(r"([\w.]+)$", line[cursor : m.start()])
            if word and m.group(0).startswith(".") and _is_abbreviation(word.group(1)):
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
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph))
