"""Killed and injured as Arabic reports say them: zeros, numbers in words or digits, one and two
said by the noun's own form, and vague statements that leave the count unknown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.extract.casualties import find_casualties


def counts(sentence: str) -> tuple[int | None, int | None]:
    killed, injured = find_casualties(sentence, 0, "ar")
    return (killed.value if killed else None, injured.value if injured else None)


@pytest.mark.parametrize(
    "sentence, killed, injured",
    [
        ("انفجرت العبوة دون وقوع إصابات.", 0, 0),
        ("وأكد المصدر عدم وقوع خسائر بشرية جراء القصف.", 0, 0),
        ("ولا خسائر بشرية، بحسب البيان.", 0, 0),
        ("سقطت الصواريخ في أرض خالية من دون تسجيل أي إصابات.", 0, 0),
        ("لم يسفر الهجوم عن وقوع ضحايا.", 0, 0),
        ("ولم يسفر الهجوم عن خسائر مادية أو بشرية.", 0, 0),  # material or human: people too
        ("ولم يسفر الانفجار عن خسائر مادية.", None, None),  # material only: nothing said of people
        ("الهجوم لم يؤدِّ إلى سقوط قتلى.", 0, None),
        ("أسفر الهجوم عن مقتل ثلاثة جنود وإصابة خمسة آخرين.", 3, 5),
        ("أسفر الانفجار عن مقتل ٤ عناصر من الشرطة وإصابة ٦ آخرين.", 4, 6),
        ("أسفرَ الهجومُ عن مقتلِ ثلاثةِ جنودٍ وإصابةِ خمسةٍ آخرين.", 3, 5),  # fully vowelled
        ("قتل أحد عشر جندياً في هجوم لداعش.", 11, None),
        ("أدى الانفجار إلى إصابة سائق الشاحنة بجروح.", None, 1),
        ("فيما أفاد مصدر أمني بإصابة شخصين بجروح طفيفة.", None, 2),  # "reported the wounding of"
        ("وأفاد المصدر بمقتل ثلاثة جنود وإصابة خمسة آخرين.", 3, 5),
        ("أسفر القصف عن مقتل جنديين وإصابة مدني.", 2, 1),
        ("سقط أحد الصواريخ على مدرسة، مما أدى إلى إصابة امرأة وطفلة بجروح.", None, 2),
        ("أعلنت الخلية إصابة منتسبين اثنين بجروح طفيفة.", None, 2),
        ("سقط 13 جندياً قتلى في الهجوم.", 13, None),
        ("وأسفر الهجوم عن سقوط قتيل وجريحين.", 1, 2),
        ("وأدى التفجير إلى مقتل خمسة وعشرين مدنياً.", 25, None),
        ("وأصيب ثلاثة عشر شخصاً في الانفجار.", None, 13),
        ("أسفر الانفجار عن أضرار في ثلاث عربات من الرتل.", None, None),  # vehicles, not people
    ],
)
def test_arabic_casualties_read_zeros_and_numbers(
    sentence: str, killed: int | None, injured: int | None
) -> None:
    assert counts(sentence) == (killed, injured)


@pytest.mark.parametrize(
    "sentence",
    [
        "حتى الآن الخسائر غير معروفة ونحن بصدد التحقيق.",
        "ولم تتضح بعد حصيلة الإصابات.",
        "دون وقوع إصابات في صفوف القوات الأمريكية.",  # others may have been hurt
        "أسفر الهجوم عن مقتل وإصابة خمسة جنود.",  # killed and wounded, no split
    ],
)
def test_arabic_vague_statements_leave_counts_unknown(sentence: str) -> None:
    assert counts(sentence) == (None, None)


def test_arabic_zero_is_a_value_with_evidence_and_vague_is_not() -> None:
    phrase = "من دون وقوع ضحايا"
    zero, _ = find_casualties(phrase, 10, "ar")
    vague, _ = find_casualties("الخسائر غير معروفة", 0, "ar")
    assert zero is not None and zero.value == 0 and (zero.start, zero.end) == (10, 10 + len(phrase))
    assert vague is not None and vague.value is None


def test_arabic_spans_point_into_the_text() -> None:
    text = "انفجرت عبوة ناسفة. وأسفر الانفجار عن مقتل ثلاثة جنود."
    killed, _ = find_casualties(text[19:], 19, "ar")
    assert killed is not None and text[killed.start : killed.end] == "مقتل ثلاثة جنود"


def test_english_text_is_read_with_the_english_phrases() -> None:
    killed, _ = find_casualties("Two soldiers were killed and three wounded.", 0, "en")
    assert killed is not None and killed.value == 2
    assert find_casualties("أسفر الهجوم عن مقتل ثلاثة جنود.", 0, "en") == (None, None)


@pytest.mark.parametrize(
    "sentence, killed, injured",
    [
        # no casualties, in the formulas of Iraqi statements
        ("انفجرت العبوة على الرتل من دون وقوع ضحايا.", 0, 0),
        ("وسقط الصاروخ قرب المطار، لا خسائر بشرية.", 0, 0),
        ("القصف لم تسفر عن إصابات بحسب المصدر.", 0, 0),
        ("سقطت القذيفة في أرض زراعية دون أن تخلف ضحايا.", 0, 0),
        ("واقتصرت الأضرار على الماديات.", 0, 0),
        ("واقتصرت الخسائر على الأضرار المادية بعجلتين.", 0, 0),
        # a count with no noun after it stands for people
        ("ما أدى إلى إصابة اثنين.", None, 2),
        ("أسفر الهجوم عن مقتل ثلاثة، بينهم ضابط.", 3, None),
        ("قتل جندي وأصيب اثنان آخران.", 1, 2),
        ("وأصيب أربعة بجروح متفاوتة.", None, 4),
        ("أدت الضربة إلى إصابة ٣ في صفوف الحشد.", None, 3),
        # two states counted side by side
        ("أسفر الهجوم عن سقوط ثلاثة قتلى وخمسة جرحى.", 3, 5),
        ("سقط ٤ قتلى و٧ جرحى في التفجير.", 4, 7),
        # duals and construct forms
        ("وأصيبت امرأتان بشظايا الصاروخ.", None, 2),
        ("استشهاد اثنين من مقاتلي الحشد الشعبي.", 2, None),
        # tolls
        ("وارتفعت حصيلة القتلى إلى ١٣ جنديا.", 13, None),
        ("وبلغ عدد الجرحى خمسة أشخاص.", None, 5),
        # a vehicle or a building hit is not a person
        ("أدى القصف إلى إصابة ثلاثة منازل بأضرار.", None, None),
        ("أسفر التفجير عن إصابة عجلتين من الرتل.", None, None),
    ],
)
def test_arabic_casualty_formulas_of_iraqi_reports(
    sentence: str, killed: int | None, injured: int | None
) -> None:
    assert counts(sentence) == (killed, injured)


#: Number words of the lexicon, masculine and feminine (the count's gender is the reverse of the
#: noun's), and the people counted.
NUMBER_WORDS = {
    3: ("ثلاثة", "ثلاث"), 4: ("أربعة", "أربع"), 5: ("خمسة", "خمس"), 6: ("ستة", "ست"), 7: ("سبعة", "سبع"),
    8: ("ثمانية", "ثماني"), 9: ("تسعة", "تسع"), 10: ("عشرة", "عشر"),
}  # fmt: skip
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@given(
    n=st.sampled_from(sorted(NUMBER_WORDS)),
    written=st.sampled_from(["word", "digits", "arabic-indic"]),
    feminine=st.booleans(),
    noun=st.sampled_from(["جنود", "مدنيين", "أشخاص", "عناصر", "من المنتسبين", "نساء"]),
    event=st.sampled_from([("مقتل", 0), ("إصابة", 1), ("أسفر عن مقتل", 0), ("أدى إلى إصابة", 1)]),
)
def test_arabic_counts_in_words_or_digits_before_the_people(
    n: int, written: str, feminine: bool, noun: str, event: tuple[str, int]
) -> None:
    number = {
        "word": NUMBER_WORDS[n][feminine],
        "digits": str(n),
        "arabic-indic": str(n).translate(ARABIC_INDIC),
    }[written]
    words, which = event
    found = counts(f"وكان الهجوم قد {words} {number} {noun} في المنطقة.")
    assert found[which] == n and found[1 - which] is None


@pytest.mark.parametrize(
    "sentence, count",
    [
        ("مقتل واحد من الجنود", 1),
        ("إصابة اثنين من الجنود", 2),
        ("مقتل اثنان", 2),
        ("إصابة اثنتين من النساء", 2),
    ],
)
def test_arabic_one_and_two_as_words(sentence: str, count: int) -> None:
    assert count in counts(sentence)
