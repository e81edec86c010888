"""Claims, denials, blame and sources in Arabic: the verb comes first, and the claimant is the
group nearest it; "no group claimed" is an explicit null; blame is not a claim."""

from __future__ import annotations

import pytest

from sitreps.extract.actors import load_actors
from sitreps.extract.claims import Attribution, find_blame, find_claim, find_denial, find_sources

ACTORS = load_actors()


def claimant(sentence: str) -> str | None | bool:
    found = find_claim(sentence, ACTORS, 0, "ar")
    return found.name if isinstance(found, Attribution) else found


@pytest.mark.parametrize(
    "sentence, group",
    [
        ("تبنت كتائب حزب الله الهجوم على رتل التحالف في الديوانية.", "Kataib Hezbollah"),
        ('تبنت مجموعة تطلق على نفسها اسم "ثأر المهندس" استهداف قاعدة عين الأسد بالصواريخ.', "ثأر المهندس"),
        ("وأعلنت عصائب أهل الحق مسؤوليتها عن استهداف القاعدة.", "Asaib Ahl al-Haq"),
        ("وأعلن فصيل أصحاب الكهف في بيان مسؤوليته عن تفجير الرتل.", "Ashab al-Kahf"),
        ('تبنى فصيل "سرية قاصم الجبارين" عمليتي استهداف رتلين للتحالف.', "Saraya Qasim al-Jabbarin"),
        (
            "وتبنت المقاومة الإسلامية في العراق في بيان مقتضب الهجوم بطائرة مسيرة.",
            "Islamic Resistance in Iraq",
        ),
        ("وتبنى تنظيم داعش الإرهابي الهجوم على النقطة العسكرية عبر وكالة أعماق.", "Islamic State"),
        ("تبنت عصائب أهل الحق المدعومة من إيران الهجوم.", "Asaib Ahl al-Haq"),  # Iran is the backer
        (
            'وتبنى فصيل يطلق على نفسه "سرايا ثأر المهندس" الهجوم على الرتل.',
            "سرايا ثأر المهندس",
        ),  # unknown group
        (
            'تبنى فصيل "سرايا ثأر المهندس" تفجير رتل التحالف الدولي.',
            "سرايا ثأر المهندس",
        ),  # the target is not the claimant
        ("وأعلن الحرس الثوري مسؤوليته عن القصف الصاروخي على أربيل.", "Islamic Revolutionary Guard Corps"),
        # a group announcing its own attack
        (
            "أعلنت المقاومة الإسلامية في العراق، مساء الأربعاء، استهداف قاعدة حرير بطائرة مسيّرة.",
            "Islamic Resistance in Iraq",
        ),
        ("أعلنت كتائب حزب الله قصف قاعدة عين الأسد.", "Kataib Hezbollah"),
    ],
)
def test_arabic_claims_name_the_group_nearest_the_verb(sentence: str, group: str) -> None:
    assert claimant(sentence) == group


@pytest.mark.parametrize(
    "sentence",
    [
        "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن.",
        "من دون أن تتبنى أي جهة هذه الهجمات.",
        "ولم يتبن أحد الهجوم.",
    ],
)
def test_arabic_no_claim_is_an_explicit_null(sentence: str) -> None:
    assert claimant(sentence) is False


@pytest.mark.parametrize(
    "sentence",
    [
        "فصيل مسلح يتبنى استهداف رتل للتحالف الدولي.",  # the group is not named
        "وتتهم واشنطن كتائب حزب الله بالوقوف وراء الهجمات.",  # blame is not a claim
        "انفجرت عبوة ناسفة على رتل للتحالف الدولي.",
        "أعلنت خلية الإعلام الأمني، اليوم، استهداف رتل للتحالف بعبوة ناسفة.",  # officials report, not claim
    ],
)
def test_arabic_claims_need_a_named_group_and_a_claim_verb(sentence: str) -> None:
    assert claimant(sentence) is None


def test_arabic_claim_evidence_is_the_group_as_written() -> None:
    text = "وتبنت كتائب حزب الله الهجوم."
    found = find_claim(text, ACTORS, 100, "ar")
    assert isinstance(found, Attribution)
    assert (found.start - 100, found.end - 100) == (
        text.index("كتائب"),
        text.index("كتائب") + len("كتائب حزب الله"),
    )


def test_arabic_denial_names_who_denied() -> None:
    found = find_denial("ونفت خلية الإعلام الأمني وقوع أي هجوم على قاعدة بلد.", ACTORS, 0, "ar")
    assert found is not None and found.name == "Security Media Cell"


def test_arabic_blame_names_the_group_not_the_accuser() -> None:
    found = find_blame("واتهمت واشنطن كتائب حزب الله بالوقوف وراء الهجوم.", ACTORS, 0, "ar")
    assert found is not None and found.name == "Kataib Hezbollah"


@pytest.mark.parametrize(
    "sentence, sources",
    [
        (
            "حسب ما ذكرت مصادر أمنية عراقية لوكالة الصحافة الفرنسية.",
            ["مصادر أمنية عراقية", "وكالة الصحافة الفرنسية"],
        ),
        ("من جهتها ذكرت خلية الإعلام الأمني، أن الانفجار استهدف عجلة.", ["خلية الإعلام الأمني"]),
        ("وأبلغ مصدر أمني وكالة شفق نيوز، أن الانفجار وقع فجراً.", ["مصدر أمني"]),
    ],
)
def test_arabic_sources_are_the_outlets_and_officials_cited(sentence: str, sources: list[str]) -> None:
    assert [s.name for s in find_sources(sentence, 0, "ar")] == sources


# --- Names written with a proclitic ("وعصائب", "لكتائب", "للتحالف") ------------------------------


@pytest.mark.parametrize(
    "sentence, group",
    [
        # a name governed by a joined preposition is not the subject that claimed
        ("وتبنت المقاومة الإسلامية في العراق، وهي واجهة لكتائب حزب الله، الهجوم.", "Islamic Resistance in Iraq"),
        ("تبنت عصائب أهل الحق وكتائب حزب الله الهجوم على القاعدة.", "Asaib Ahl al-Haq"),
        ("وتبنى تنظيم داعش، في بيان نشرته وكالة أعماق، الهجوم على الدورية.", "Islamic State"),
    ],
)
def test_arabic_claimants_next_to_names_with_proclitics(sentence: str, group: str) -> None:
    assert claimant(sentence) == group


@pytest.mark.parametrize(
    "sentence",
    [
        "فصيل يتبنى استهداف رتل للتحالف الدولي قرب الناصرية.",  # the coalition is the object
        "وتبنى فصيل مسلح الهجوم على مقر للحشد الشعبي.",
    ],
)
def test_arabic_authorities_after_a_preposition_never_claim(sentence: str) -> None:
    assert claimant(sentence) is None


def test_arabic_blame_skips_the_state_a_group_is_loyal_to() -> None:
    found = find_blame("واتهمت واشنطن فصائل موالية لإيران بالوقوف وراء الهجوم.", ACTORS, 0, "ar")
    assert found is None
    found = find_blame("واتهمت واشنطن فصائل مرتبطة بإيران وكتائب حزب الله بالوقوف وراء الهجوم.", ACTORS, 0, "ar")
    assert found is not None and found.name == "Kataib Hezbollah"


def test_arabic_denial_by_the_first_of_two_coordinated_groups() -> None:
    found = find_denial("ونفت كتائب حزب الله وعصائب أهل الحق أي علاقة لها بالهجوم.", ACTORS, 0, "ar")
    assert found is not None and found.name == "Kataib Hezbollah"
