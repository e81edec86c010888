from sitreps.extract.sentences import split_sentences


def test_split_sentences_keeps_abbreviations_and_offsets():
    text = "On Dec. 29 a U.S. convoy was hit. Maj. Gen. Smith spoke.\n  • On February 9, ISIS attacked."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "On Dec. 29 a U.S. convoy was hit.",
        "Maj. Gen. Smith spoke.",
        "• On February 9, ISIS attacked.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [0, 0, 1]
