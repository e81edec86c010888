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


def test_a_comma_before_and_on_a_day_opens_another_proposition():
    text = (
        "Earlier this week, a drone attack targeted the airport, and on Wednesday three rockets were "
        "fired at Balad air base. Rockets hit Basra and on the way damaged a truck."
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Earlier this week, a drone attack targeted the airport,",
        "and on Wednesday three rockets were fired at Balad air base.",
        "Rockets hit Basra and on the way damaged a truck.",  # no comma, no day: one proposition
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
