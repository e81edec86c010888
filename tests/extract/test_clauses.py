"""Two attacks told in one sentence, one clause each, and the many ways one attack is told that
must stay one: sentences written for these tests in the style of wire and Iraqi outlets' copy
(AFP, Reuters, Rudaw, Shafaq News, Alsumaria), none from the annotated corpora."""

from __future__ import annotations

from datetime import date

import pytest

from sitreps.extract import extract_reports
from sitreps.model import Article, DateValue, Precision, Report, Role, content_id
from sitreps.resources import load_resources

PUBLISHED = date(2021, 6, 10)  # a Thursday: "on Tuesday" is 8 June


def reports(text: str, language: str = "en") -> list[Report]:
    article = Article(
        id=content_id(text), source="test", raw_text=text, text=text, published=PUBLISHED, language=language
    )
    return extract_reports(article, load_resources())


def told(report: Report) -> tuple[str | None, str | None, str | None]:
    """The report's governorate, attack type and target."""
    place, kind, target = report.place.value, report.attack_type.value, report.target.value
    return (place.admin1 if place else None, kind.value if kind else None, target.value if target else None)


@pytest.mark.parametrize(
    "text, expected",
    [
        # "another" in the same governorate, at a second convoy
        (
            (
                "A roadside bomb struck a coalition supply convoy in Nasiriyah on Tuesday, while another targeted "
                "a convoy in Shatra."
            ),
            [("Dhi Qar", "ied", "convoy", "Nasiriyah"), ("Dhi Qar", "ied", "convoy", "Shatra")],
        ),
        # another method at another target of the same city
        (
            "Rockets hit Baghdad airport and a drone attacked the US embassy on Tuesday.",
            [
                ("Baghdad", "rocket", "airport", "Baghdad airport"),
                ("Baghdad", "drone", "embassy", "the US embassy"),
            ],
        ),
        # two governorates, each clause its own method (not the drone's for both)
        (
            "Rockets hit Ain al-Asad air base in Anbar and a drone attacked Erbil airport on Tuesday.",
            [
                ("Anbar", "rocket", "base", "Ain al-Asad air base"),
                ("Erbil", "drone", "airport", "Erbil airport"),
            ],
        ),
        # the second clause too far from the first place for a list of places
        (
            "Three rockets hit Balad air base on Tuesday, and a roadside bomb struck a convoy in Baghdad.",
            [("Saladin", "rocket", "base", "Balad air base"), ("Baghdad", "ied", "convoy", "Baghdad")],
        ),
        # the verb left out: one town each
        (
            "Two convoys were hit by roadside bombs on Tuesday, one in Nasiriyah and the other in Shatra.",
            [("Dhi Qar", "ied", "convoy", "Nasiriyah"), ("Dhi Qar", "ied", "convoy", "Shatra")],
        ),
        (
            "استهدفت عبوة ناسفة رتلا للتحالف الدولي في الناصرية يوم الثلاثاء، فيما استهدفت عبوة أخرى رتلا في الشطرة.",
            [("Dhi Qar", "ied", "convoy", "الناصرية"), ("Dhi Qar", "ied", "convoy", "الشطرة")],
        ),
        (
            "سقطت صواريخ على قاعدة عين الأسد في الأنبار يوم الثلاثاء واستهدفت طائرة مسيرة مطار أربيل.",
            [("Anbar", "rocket", "base", "قاعدة عين الأسد"), ("Erbil", "drone", "airport", "مطار أربيل")],
        ),
        (
            "استهدفت عبوتان ناسفتان رتلين للتحالف يوم الثلاثاء، الأولى في الناصرية والثانية في الشطرة.",
            [("Dhi Qar", "ied", "convoy", "الناصرية"), ("Dhi Qar", "ied", "convoy", "الشطرة")],
        ),
    ],
)
def test_a_sentence_that_tells_two_attacks_gives_two_reports(
    text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    found = reports(text, "ar" if text[0] > "\u0600" else "en")
    assert [(*told(r), r.place.evidence[0].text) for r in found] == expected
    assert {str(r.date.value) for r in found} == {"2021-06-08"}


@pytest.mark.parametrize(
    "text",
    [
        (
            "A roadside bomb struck a coalition supply convoy in Nasiriyah on Tuesday, while another targeted a "
            "convoy in Shatra."
        ),
        "Rockets hit Baghdad airport and a drone attacked the US embassy on Tuesday.",
        "استهدفت عبوة ناسفة رتلا للتحالف الدولي في الناصرية يوم الثلاثاء، فيما استهدفت عبوة أخرى رتلا في الشطرة.",
    ],
)
def test_each_attack_of_two_clauses_is_named_by_its_own_words(text: str) -> None:
    first, second = reports(text, "ar" if text[0] > "\u0600" else "en")
    assert first.trigger is not None and second.trigger is not None
    assert first.trigger.start < second.trigger.start
    assert (
        first.trigger.end
        <= first.place.evidence[0].start
        < second.trigger.start
        <= second.place.evidence[0].start
    )


def test_each_clause_is_evidence_for_its_own_attack_only() -> None:
    text = (
        "Rockets hit Ain al-Asad air base in Anbar and a drone attacked Erbil airport on Tuesday, "
        "security sources said."
    )
    rockets, drone = reports(text)
    assert (rockets.trigger.text, rockets.attack_type.evidence[0].text) == ("Rockets", "Rockets")  # type: ignore[union-attr]
    assert (drone.trigger.text, drone.attack_type.evidence[0].text) == ("drone", "drone")  # type: ignore[union-attr]
    assert drone.target.evidence[0].text == "airport" and drone.target.evidence[0].start > text.index(
        " and a drone"
    )
    assert rockets.date.evidence[0].text == drone.date.evidence[0].text == "on Tuesday"  # told once, of both


def test_another_with_no_place_of_its_own_is_in_the_first_attack_s_governorate() -> None:
    first, second = reports(
        "A roadside bomb struck a supply convoy in Diwaniyah on Tuesday, while another hit a convoy nearby."
    )
    assert told(first) == told(second) == ("Al-Qadisiyah", "ied", "convoy")
    assert second.trigger is not None and second.trigger.text == "another hit"
    assert second.attack_type.note == "as the attack it is told with"


def test_casualties_in_a_clause_are_its_own_and_what_follows_the_sentence_is_both_s() -> None:
    nasiriyah, shatra = reports(
        "The first IED exploded near a convoy in Nasiriyah on Tuesday and the second struck a convoy in "
        "Shatra, killing a driver. No group claimed responsibility."
    )
    assert (nasiriyah.killed.value, shatra.killed.value) == (None, 1)
    assert nasiriyah.claimed_by.confidence == shatra.claimed_by.confidence == 0.9  # "no group claimed": both


def test_the_second_clause_joins_the_incident_it_tells_again() -> None:
    found = reports(
        "A drone attacked Erbil airport on Tuesday, Kurdish officials said.\n\n"
        "Rockets hit Ain al-Asad air base in Anbar on Tuesday, while a drone attacked Erbil airport."
    )
    assert sorted(told(r) for r in found) == [("Anbar", "rocket", "base"), ("Erbil", "drone", "airport")]


@pytest.mark.parametrize(
    "text",
    [
        # one attack, two places
        "A convoy was hit by a roadside bomb on the road between Diwaniyah and Samawah on Tuesday.",
        "A roadside bomb hit a coalition convoy near Samawah in Muthanna province on Tuesday.",
        "A roadside bomb struck a convoy in Baghdad's Abu Ghraib district on Tuesday.",
        "A convoy travelling from Basra to Baghdad was hit by a roadside bomb in Nasiriyah on Tuesday.",
        # one attack, told on
        "Rockets and a drone hit Ain al-Asad air base on Tuesday.",
        "A roadside bomb hit a convoy in Diwaniyah on Tuesday, and the blast damaged a truck.",
        "A roadside bomb struck a convoy in Diwaniyah on Tuesday, and another exploded as police arrived.",
        "Rockets hit Ain al-Asad air base in Anbar on Tuesday and a drone attacked the base.",
        "Gunmen attacked a checkpoint in Tarmiya and opened fire on soldiers on Tuesday.",
        # one volley coming down in two places of a city
        "Three rockets hit the Green Zone in Baghdad on Tuesday, and another landed near Baghdad airport.",
        "Three rockets hit the Green Zone in Baghdad on Tuesday, and another rocket hit Baghdad airport.",
        "Six rockets were fired at the Green Zone on Tuesday, and two rockets landed near the US embassy.",
        "سقطت ثلاثة صواريخ على المنطقة الخضراء وسط بغداد يوم الثلاثاء، وسقط صاروخ آخر قرب مطار بغداد الدولي.",
        "انفجرت عبوة ناسفة على رتل للتحالف في الديوانية يوم الثلاثاء وأسفرت عن احتراق شاحنة.",
        "تعرض رتل للتحالف لهجوم بعبوة ناسفة في الديوانية يوم الثلاثاء، واستهدف الهجوم شاحنة تحمل معدات.",
    ],
)
def test_one_attack_told_with_two_places_or_two_clauses_stays_one(text: str) -> None:
    assert len(reports(text, "ar" if text[0] > "\u0600" else "en")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Attacks on convoys in Anbar and Baghdad have become frequent.",
        (
            "Attacks on convoys in Anbar and Baghdad have become frequent, and rocket attacks on bases in Erbil "
            "and Nineveh have increased."
        ),
        (
            "Militias have carried out dozens of attacks on convoys in Diwaniyah and Nasiriyah, while another "
            "wave of attacks targeted bases in Anbar."
        ),
    ],
)
def test_attacks_in_general_stay_none(text: str) -> None:
    assert reports(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # another method at a target of its own, in the next sentence: the day is the first's
        (
            "Rockets hit Baghdad airport on Tuesday. A drone attacked the US embassy.",
            [("Baghdad", "rocket", "airport"), ("Baghdad", "drone", "embassy")],
        ),
        # "Another" of the attack before, in a town of its own of the same governorate
        (
            "A roadside bomb hit a coalition convoy in Nasiriyah on Tuesday. Another roadside bomb hit a convoy in Shatra.",
            [("Dhi Qar", "ied", "convoy"), ("Dhi Qar", "ied", "convoy")],
        ),
        # each sentence a paragraph of its own, as wire copy sets it
        (
            "Rockets hit Ain al-Asad air base on Tuesday.\n\nA roadside bomb struck a coalition convoy near Ramadi.",
            [("Anbar", "rocket", "base"), ("Anbar", "ied", "convoy")],
        ),
        (
            "سقطت صواريخ على مطار بغداد يوم الثلاثاء. واستهدفت طائرة مسيرة السفارة الأمريكية في بغداد.",
            [("Baghdad", "rocket", "airport"), ("Baghdad", "drone", "embassy")],
        ),
    ],
)
def test_a_sentence_that_tells_another_attack_after_one_gives_its_own_report(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    found = reports(text, "ar" if text[0] > "\u0600" else "en")
    assert [told(r) for r in found] == expected
    assert {r.role for r in found} == {Role.MAIN}
    assert {r.date.value for r in found} == {DateValue(date(2021, 6, 8), Precision.DAY)}  # Tuesday's, both


@pytest.mark.parametrize(
    "text",
    [
        "Three rockets hit Ain al-Asad air base on Tuesday. One of them landed near the runway.",
        "A roadside bomb hit a convoy in Nasiriyah. The blast damaged a truck.",
        "A drone attacked Erbil airport late on Monday. The drone was shot down by air defences.",
        "Rockets struck Ain al-Asad air base. The attack caused no casualties.",
        "Rockets hit Baghdad airport on Tuesday. A drone attacked the airport.",
        "Six rockets were fired at the Green Zone on Tuesday. Two rockets landed near the US embassy.",
        "A roadside bomb hit a coalition convoy in Nasiriyah. Another roadside bomb exploded nearby.",
        # "Another" of attacks told before, at the plant the sentence before names: the same attack
        (
            "Khor Mor gas plant in Chamchamal district came under attack once again by rockets on Saturday. "
            "Another rocket attack has been carried out on the Khor Mor plant, the district mayor said."
        ),
    ],
)
def test_a_sentence_that_tells_the_attack_before_again_adds_no_report(text: str) -> None:
    assert len(reports(text)) == 1


def test_an_attack_recalled_in_the_next_sentence_stays_background() -> None:
    news, recalled = reports(
        "Rockets struck Ain al-Asad air base on Tuesday. Last month, rockets hit the same base."
    )
    assert (news.role, recalled.role) == (Role.MAIN, Role.BACKGROUND)
    assert told(news)[:2] == told(recalled)[:2] == ("Anbar", "rocket")
