"""The Arabic lexicon: attack words, the cues that change their meaning, targets and whose they are.

Sentences are written in the style of Iraqi outlets and Security Media Cell statements; none is
taken from the annotated corpora.
"""

from __future__ import annotations

import tomllib

import pytest

from sitreps.errors import DataError
from sitreps.extract.lexicon import LEXICON_FOLDERS, load_lexicon
from sitreps.extract.mentions import find_triggers, is_suppressed
from sitreps.extract.prefilter import may_describe_attack
from sitreps.extract.sentences import split_sentences
from sitreps.extract.targets import find_owner, find_target
from sitreps.resources import data_path

ARABIC = load_lexicon("ar")


def attack_type(sentence: str) -> str | None:
    """The type the most specific trigger of the sentence names, as `fields` picks it."""
    s = split_sentences(sentence)[0]
    triggers = find_triggers(s, ARABIC)
    if not triggers:
        return None
    return min(triggers, key=lambda t: (not t.cls.specific, t.cls.priority)).cls.type.value


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("انفجرت عبوة ناسفة على رتل دعم لوجستي للتحالف الدولي في محافظة الديوانية.", "ied"),
        ("استهدف تفجير بعبوة لاصقة عجلة تابعة لشركة متعاقدة مع القوات الأمريكية.", "ied"),
        ("انفجرت سيارة مفخخة قرب نقطة تفتيش في قضاء الطارمية.", "ied"),
        ("سقط صاروخان من نوع كاتيوشا قرب السفارة الأمريكية في المنطقة الخضراء.", "rocket"),
        ("تعرضت قاعدة عين الأسد الجوية لقصف بقذائف الهاون فجر اليوم.", "rocket"),
        ("هاجمت طائرة مسيّرة مفخخة قاعدة حرير في أربيل.", "drone"),
        ("استهدف هجوم بطائرتين مسيرتين مطار أربيل الدولي.", "drone"),
        ("أقدم مجهولون على إحراق ثلاث شاحنات تنقل معدات للقوات الأمريكية.", "arson"),
        ("أضرم مسلحون النار في صهريج تابع لرتل التحالف.", "arson"),
        ("فتح مسلحون مجهولون النار على دورية للشرطة الاتحادية.", "armed_assault"),
        ("فجّر انتحاري نفسه بحزام ناسف وسط سوق شعبي.", "suicide"),
        ("دوى انفجار قرب مقر حزبي في البصرة.", "ied"),  # an explosion: IED unless told otherwise
        ("تعرض رتل تابع للتحالف الدولي لاستهداف على الطريق الدولي.", "other"),
        ("اعتداء على مقر حزب في بغداد.", "other"),
        ("ألقى مجهولون قنبلة يدوية على منزل ضابط في الشرطة بمحافظة ميسان.", "other"),  # a hand grenade
        ("هجوم بقنبلة يدوية على محل تجاري وسط بغداد.", "other"),
    ],
)
def test_arabic_triggers_name_the_attack_type(sentence: str, expected: str) -> None:
    assert attack_type(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "خرج المئات في مسيرة احتجاجية وسط الناصرية.",  # a march, not a drone
        "أحرق محتجون العلم أمام مبنى المحافظة.",  # burning a flag is not arson on a convoy
        "ارتفعت أسعار المحروقات في الأسواق المحلية.",
        "فجر يوم الجمعة هطلت أمطار غزيرة على بغداد.",  # فجر is dawn
        "ضبطت القوات الأمنية قنابل يدوية في مخزن للأسلحة.",  # grenades seized, none thrown
    ],
)
def test_ordinary_words_are_not_attacks(sentence: str) -> None:
    assert attack_type(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "فككت مفارز الجهد الهندسي عبوة ناسفة على طريق المرور السريع.",  # defused
        "تمكنت القوات الأمنية من إحباط هجوم بطائرة مسيرة.",  # foiled
        "عثرت قوة أمنية على صواريخ معدة للإطلاق في منطقة زراعية.",  # found
        "هددت الفصائل باستهداف القواعد الأمريكية إذا لم تنسحب القوات.",  # threat
        "استهدفت غارة جوية أمريكية مواقع لكتائب حزب الله قرب القائم.",  # by US forces
        "تصاعدت وتيرة استهداف أرتال الدعم اللوجستي خلال الأشهر الماضية.",  # aggregate
        "وفي الأشهر الأخيرة شنت الفصائل هجمات بالصواريخ على قواعد عسكرية.",  # aggregate
        "أدان رئيس الوزراء الهجوم الصاروخي الذي استهدف المطار.",  # condemnation
        "وصلت منظومات جديدة لصد هجمات الطائرات المسيرة على القواعد الأمريكية.",  # what a defence is for
        "تعمل القوات الأمريكية على تعزيز منظوماتها لمواجهة أي هجمات صاروخية محتملة.",
        "نشرت القوات الأمريكية منظومة مضادة للطائرات المسيرة في قاعدة حرير.",  # an anti-drone system
        "نشرت القوات الأمريكية منظومة سي رام لصد الصواريخ في قاعدة عين الأسد.",  # a defence deployed
        "تمتلك القاعدة منظومة دفاع جوي قادرة على إسقاط الطائرات المسيرة.",  # what a defence can do
        "أجرت الدفاعات الجوية تمرينا على التصدي للصواريخ في قاعدة عين الأسد.",  # a drill
    ],
)
def test_cues_suppress_attacks_that_did_not_happen_or_are_many(sentence: str) -> None:
    s = split_sentences(sentence)[0]
    triggers = find_triggers(s, ARABIC)
    assert triggers and is_suppressed(s, ARABIC, triggers)


@pytest.mark.parametrize(
    "sentence",
    [
        "أطلقت الدفاعات صواريخ لصد الهجوم بالطائرات المسيرة على القاعدة.",  # the attack: one that happened
        "أطلق مسلحون صاروخا مضادا للدروع على عجلة للجيش في كركوك.",  # an anti-tank missile is a weapon
        # an attack met by air defences is an attack, as in English ("C-RAM intercepted a rocket")
        "أسقطت الدفاعات الجوية طائرة مسيرة استهدفت قاعدة عين الأسد في الأنبار.",
        "تصدت منظومة سي رام لصاروخين أطلقا باتجاه السفارة الأمريكية في بغداد.",
    ],
)
def test_a_defence_that_met_an_attack_leaves_the_attack(sentence: str) -> None:
    s = split_sentences(sentence)[0]
    triggers = find_triggers(s, ARABIC)
    assert triggers and not is_suppressed(s, ARABIC, triggers)


@pytest.mark.parametrize(
    "cue, sentence",
    [
        ("background", "وكان رتل مماثل قد تعرض لهجوم بعبوة ناسفة يوم الأربعاء الماضي."),
        ("background", "ويأتي الهجوم بعد يومين من استهداف قاعدة بلد الجوية."),
        ("background", "وفي أيار الماضي استهدف صاروخ مطار أربيل."),
        ("no_claim", "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن."),
        ("denial", "ونفت خلية الإعلام الأمني وقوع أي هجوم على القاعدة."),
        ("summary", "استهدفت الفصائل رتلين للدعم اللوجستي في محافظتين."),
        ("enumeration", "انفجرت عبوتان على رتلين في مدينتي السماوة والناصرية."),
        ("ground_attack", "هاجم عناصر من داعش نقطة عسكرية للجيش في قضاء خانقين."),
        ("false_report", "الأنباء عن استهداف المطار عارية عن الصحة."),
        ("another_clause", "فيما استهدفت عبوة أخرى رتلا في الناصرية."),
        ("another_clause", "انفجرت عبوة على رتل في السماوة وانفجرت عبوة ناسفة ثانية على رتل في الرميثة."),
        ("another_clause", "وتعرض رتل آخر لهجوم في الديوانية."),
        ("new_attack_clause", "سقطت صواريخ على قاعدة عين الأسد واستهدفت طائرة مسيرة مطار أربيل."),
    ],
)
def test_arabic_cues_recognise_their_phrases(cue: str, sentence: str) -> None:
    assert ARABIC.cues[cue].search(sentence)


@pytest.mark.parametrize(
    "cue, before",
    [
        ("relative_to", "على بعد كيلومترات جنوب "),
        ("relative_to", "على طريق "),
        ("relative_to", "انطلقت الصواريخ من منطقة قريبة من "),
        ("between", "على الطريق السريع بين "),
        ("between", "بين مدينتي "),
        ("told_apart", "استهدفت عبوتان رتلين، الأولى في بابل والثانية في "),
        ("told_apart", "انفجرت عبوة على رتل في الناصرية وأخرى قرب "),
    ],
)
def test_arabic_place_cues_end_right_before_the_place(cue: str, before: str) -> None:
    assert ARABIC.cues[cue].search(before)


@pytest.mark.parametrize(
    "sentence, expected, words",
    [
        ("انفجار عبوة ناسفة استهدف رتلاً للتحالف الدولي.", "convoy", "رتلاً"),
        ("استهداف عجلة تحمل معدات لوجستية على الطريق الدولي.", "convoy", "عجلة تحمل"),
        ("سقطت ثلاث قذائف داخل السفارة الأمريكية.", "embassy", "السفارة"),
        ("استهدفت طائرة مسيرة مطار أربيل الدولي.", "airport", "مطار"),
        ("قصف صاروخي يستهدف قاعدة بلد الجوية.", "base", "قاعدة"),
        ("هجوم مسلح على نقطة تفتيش للجيش العراقي.", "other", "نقطة تفتيش"),
        ("قصف يستهدف حقل غاز في السليمانية.", "other", "حقل غاز"),
    ],
)
def test_arabic_targets_nearest_the_trigger(sentence: str, expected: str, words: str) -> None:
    s = split_sentences(sentence)[0]
    triggers = find_triggers(s, ARABIC)
    found = find_target(s.text, triggers[0].start - s.start, ARABIC, s.start)
    assert found is not None and (found.type.value, found.text) == (expected, words)


@pytest.mark.parametrize(
    "sentence, owner",
    [
        ("استهداف رتل للتحالف الدولي بعبوة ناسفة.", "coalition"),
        ("هجوم صاروخي على قاعدة تضم القوات الأمريكية.", "US"),
        ("هجوم بطائرة مسيرة على مقر للبيشمركة.", "Peshmerga"),
        ("انفجار عبوة على دورية للجيش العراقي.", "Iraqi forces"),
        # ل before a name with the article: "للتحالف", "للولايات المتحدة", "للشرطة"
        ("انفجار عبوة على رتل تابع للتحالف في الديوانية.", "coalition"),
        ("استهداف رتل لقوات التحالف بعبوة ناسفة.", "coalition"),
        ("هجوم صاروخي على قاعدة للقوات الأميركية.", "US"),
        ("هجوم بطائرة مسيرة على مصالح للولايات المتحدة.", "US"),
        ("انفجار عبوة على رتل يحمل معدات للأمريكان.", "US"),
        ("انفجار عبوة على دورية للشرطة الاتحادية.", "Iraqi forces"),
        ("هجوم على نقطة لحرس الحدود.", "Iraqi forces"),
    ],
)
def test_arabic_owners_say_whose_target_it_was(sentence: str, owner: str) -> None:
    s = split_sentences(sentence)[0]
    triggers = find_triggers(s, ARABIC)
    found = find_owner(s.text, triggers[0].start - s.start, ARABIC, s.start)
    assert found is not None and found[0] == owner


def test_a_political_alliance_is_not_the_coalition() -> None:
    s = split_sentences("انفجار عبوة قرب مقر تحالف الفتح في البصرة.")[0]
    triggers = find_triggers(s, ARABIC)
    assert find_owner(s.text, triggers[0].start - s.start, ARABIC, s.start) is None


def test_every_language_has_every_cue_the_others_have() -> None:
    """A cue missing from one language never fires there: list the gaps so they are seen."""
    names = {
        language: set(tomllib.loads(data_path("lexicons", *folder, "cues.toml").read_text(encoding="utf-8")))
        for language, folder in LEXICON_FOLDERS.items()
    }
    english_only = names["en"] - names["ar"]
    assert english_only == set()


def test_the_lexicon_of_an_unknown_language_is_a_data_error() -> None:
    with pytest.raises(DataError):
        load_lexicon("xx")


def test_english_articles_keep_the_english_lexicon() -> None:
    assert load_lexicon(None) is load_lexicon("en")
    assert not load_lexicon("en").any_trigger.search("انفجرت عبوة ناسفة")


@pytest.mark.parametrize(
    "text, kept",
    [
        ("استُهدِف رتلٌ للتحالف الدولي بعبوةٍ ناسفةٍ في الديوانية.", True),
        ("A roadside bomb hit a convoy in Diwaniyah.", True),
        ("ارتفعت أسعار الذهب في الأسواق العراقية اليوم.", False),
    ],
)
def test_the_prefilter_reads_every_language(text: str, kept: bool) -> None:
    assert may_describe_attack(text) is kept
