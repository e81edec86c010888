"""Report fields read from English text written for these tests: the dateline, the place the
incident's sentences support, and the weekday kept for linking a page that has no date."""

from __future__ import annotations

from datetime import date

import pytest

from sitreps.extract import extract_reports
from sitreps.extract.mentions import without_dateline
from sitreps.model import Article, PlaceLevel, Report, content_id
from sitreps.resources import load_resources


def reports(text: str, published: date | None = None) -> list[Report]:
    article = Article(id=content_id(text), source="test", raw_text=text, text=text, published=published, language="en")
    return extract_reports(article, load_resources())


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("BAGHDAD, Jan 5 (Reuters) - Rockets hit", "Rockets hit"),
        ("ERBIL, Kurdistan Region, Iraq (Agency) – A drone struck", "A drone struck"),
        ("Erbil, Kurdistan Region, Iraq (GOV.KRD) - Last night gunmen", "Last night gunmen"),
        ("Kirkuk (AFP) - A bomb exploded", "A bomb exploded"),
        ("BAGHDAD: Two explosive-laden drones were shot down", "Two explosive-laden drones were shot down"),
    ],
)
def test_datelines_are_blanked_with_offsets_kept(line: str, kept: str) -> None:
    blanked = without_dateline(line)
    assert len(blanked) == len(line) and blanked.strip() == kept


@pytest.mark.parametrize(
    "line",
    [
        "Rockets hit Baghdad (AFP) - officials said",
        "Three rockets - two of them duds",
        "Mosul - a city",
        "Update: rockets hit the base",  # only a place in capitals ends with a colon
    ],
)
def test_a_sentence_that_is_not_a_dateline_is_left_alone(line: str) -> None:
    assert without_dateline(line) == line


def test_the_place_is_the_village_not_the_dateline_the_governor_or_the_hospital() -> None:
    [report] = reports(
        "Erbil, Kurdistan Region (Agency) - Gunmen attacked the village of Gwer on Friday, killing "
        "four farmers.\n\nThe governor of Erbil said the wounded were transferred to Erbil hospitals.",
        date(2021, 5, 8),
    )
    assert report.place.value is not None and report.place.value.name == "Gwer"
    assert report.killed.value == 4


def test_an_undated_page_keeps_the_weekday_it_names_for_linking() -> None:
    [report] = reports("Gunmen attacked the village of Gwer on Friday, killing four farmers.")
    assert report.date.value is None and report.weekday == 4


def test_a_weekday_beside_yesterday_may_be_the_report_s_own_day_and_is_not_kept() -> None:
    [report] = reports(
        "The death toll of an attack on the village of Gwer on Friday rose to four.\n\n"
        "Gunmen attacked the village yesterday evening, the governor said."
    )
    assert report.date.value is None and report.weekday is None


def test_an_undated_page_tells_days_apart_by_their_weekdays() -> None:
    told = reports(
        "Rockets struck the Khor Mor gas field on Saturday, local officials said.\n\n"
        "On Friday, two rockets were fired at the gas field.\n\n"
        "Earlier on Wednesday, the plant was attacked by rockets."
    )
    assert [(r.role.value, r.weekday) for r in told] == [("main", 5), ("background", 4), ("background", 2)]
    # "the plant" names no place: it is the site told before, so the same governorate
    assert {r.place.value.admin1 for r in told if r.place.value} == {"Sulaymaniyah"}
    assert all(r.place.value for r in told)


def test_attacks_listed_at_two_places_on_one_day_are_one_incident_each() -> None:
    told = reports(
        "A roadside bomb hit a coalition convoy in Babil on Saturday, security sources said.\n\n"
        "On December 10, the same faction claimed the explosions that targeted the coalition "
        "supplies in Samawah and south of Baghdad.",
        date(2020, 12, 27),
    )
    recalled = [r for r in told if r.role.value == "background"]
    assert sorted(r.place.value.admin1 for r in recalled if r.place.value) == ["Baghdad", "Muthanna"]
    assert {r.target.value.value for r in recalled if r.target.value} == {"convoy"}
    assert {str(r.date.value) for r in recalled} == {"2020-12-10"}


def test_places_named_in_a_generality_are_not_a_list_of_attacks() -> None:
    told = reports(
        "ISIS militants attacked an army post in Diyala on Friday, killing two soldiers.\n\n"
        "The border areas among Kirkuk, Diyala, and Saladin have seen repeated attacks by the group.",
        date(2022, 1, 22),
    )
    assert [r.place.value.admin1 for r in told if r.place.value] == ["Diyala"]


def test_a_place_after_a_comma_and_a_direction_describes_the_first() -> None:
    [report] = reports("Rockets hit Balad air base, north of Baghdad, on Monday.", date(2020, 3, 3))
    assert report.place.value is not None and report.place.value.admin1 == "Saladin"


@pytest.mark.parametrize(
    "source",
    ["Baghdad Today website said, citing a police source", "The Jerusalem Post reported"],
)
def test_an_outlet_named_after_a_place_or_a_day_places_and_dates_nothing(source: str) -> None:
    [report] = reports(
        "Twelve policemen were killed on Sunday in an ISIS attack in Kirkuk.\n\n"
        f"A roadside bomb exploded at a police patrol before militants opened fire, {source}.",
        date(2022, 12, 18),
    )
    assert report.place.value is not None and report.place.value.admin1 == "Kirkuk"
    assert str(report.date.value) == "2022-12-18"


def test_an_arabic_outlet_named_bagdad_today_is_not_a_place() -> None:
    text = "أفاد موقع بغداد اليوم بأن عبوة ناسفة انفجرت على رتل للتحالف الدولي في محافظة الديوانية"
    article = Article(id=content_id(text), source="test", raw_text=text, text=text, published=date(2021, 3, 2), language="ar")
    [report] = extract_reports(article, load_resources())
    assert report.place.value is not None and report.place.value.admin1 == "Al-Qadisiyah"


def test_a_source_saying_there_was_no_attack_reports_nothing() -> None:
    told = reports(
        "Sirens sounded in the US embassy compound in Baghdad on Wednesday.\n\n"
        'A security source said the sirens were a routine test: "there is no attack on the embassy."',
        date(2021, 5, 26),
    )
    assert told == []


def test_meanwhile_tells_another_attack_at_its_own_place() -> None:
    told = reports(
        "Two soldiers were killed in an ISIS attack on a security post near Miqdadiyah in Diyala on Monday night.\n\n"
        "On Monday night, ISIS militants attacked a Federal Police detachment on the Kirkuk-Daquq road.\n\n"
        "Meanwhile, a local official said that ISIS militants raided a village in Qara Tapa, wounding a resident.",
        date(2020, 8, 25),
    )
    assert [(r.role.value, r.place.value.admin1 if r.place.value else None) for r in told] == [
        ("main", "Diyala"), ("main", "Kirkuk"), ("main", "Diyala")
    ]
    assert len({str(r.date.value) for r in told}) == 1  # the same night


def test_an_undated_page_s_day_of_the_month_is_earlier_than_its_news_named_by_weekday() -> None:
    told = reports(
        "Six rockets landed in the Baghdad International Airport compound on Friday, the military said.\n\n"
        "Earlier, Reuters cited police sources as saying that the rockets landed in the airport's compound.\n\n"
        "On Jan. 5, Katyusha rockets hit Iraqi military bases hosting U.S. forces near Baghdad's airport."
    )
    assert [r.role.value for r in told] == ["main", "background"]
    assert told[0].weekday == 4


def test_a_wire_lead_with_two_bombs_told_one_by_one_gives_two_incidents_on_the_lead_s_day() -> None:
    told = reports(
        "BAGHDAD, Aug 11 (Reuters) - Two roadside bombs exploded late on Monday against convoys carrying "
        "supplies for the U.S.-led coalition in southern Iraq, security sources said. The first blast hit "
        "a convoy near the Kuwaiti border at Safwan, while the second hit a convoy near Nasiriyah, the "
        "sources said. There were no casualties.",
        date(2020, 8, 11),
    )
    assert [(r.place.value.admin1 if r.place.value else None, str(r.date.value)) for r in told] == [
        ("Basra", "2020-08-10"), ("Dhi Qar", "2020-08-10")  # the dateline's Aug 11 is the report's day
    ]
    assert {(r.killed.value, r.injured.value) for r in told} == {(0, 0)}


def test_a_time_before_the_weekday_does_not_end_the_sentence() -> None:
    [report] = reports(
        "BAGHDAD (AP) — A drone attack targeted the Ain al-Asad air base in western Iraq that houses U.S. "
        "troops, causing damage to a hangar but no casualties.\n\n"
        "The attack happened at 1:20 a.m. Saturday, according to a statement from the Security Media Cell.",
        date(2021, 5, 9),
    )
    assert str(report.date.value) == "2021-05-08"
    assert report.attack_type.value is not None and report.attack_type.value.value == "drone"


@pytest.mark.parametrize(
    "text",
    [
        (
            "A civilian contractor was killed when rockets struck a military base at Erbil airport late Monday, "
            "the US-led coalition said."
        ),
        "Rockets were fired toward the Victoria base near Baghdad airport on Monday, one of them landing inside.",
    ],
)
def test_a_base_at_an_airport_is_a_base(text: str) -> None:
    [report] = reports(text, date(2021, 2, 16))
    assert report.target.value is not None and report.target.value.value == "base"


def test_a_tally_of_attacks_since_a_month_is_not_an_incident() -> None:
    told = reports(
        "Two American troops were killed after 15 Katyusha rockets struck Camp Taji, north of Baghdad, on "
        "Wednesday night, officials said. The attack is the 22nd on bases housing U.S. troops since October.",
        date(2020, 3, 12),
    )
    assert [r.role.value for r in told] == ["main"]


def test_missiles_that_hit_two_named_bases_are_two_incidents() -> None:
    told = reports(
        "Iran fired more than a dozen ballistic missiles at two Iraqi military bases hosting US troops early "
        "on Wednesday. The missiles hit Ain al-Asad air base in Anbar province and a base in Erbil.",
        date(2020, 1, 9),
    )
    assert [(r.place.value.admin1, str(r.date.value)) for r in told if r.place.value] == [
        ("Anbar", "2020-01-08"), ("Erbil", "2020-01-08")
    ]


@pytest.mark.parametrize(
    "text",
    [
        (
            "The Pentagon is testing a new counter-drone system designed to protect bases in Iraq and Syria from "
            "small drones like those militias have used to attack Ain al-Asad and Erbil. Officials said the system "
            "could intercept drones carrying explosives."
        ),
        (
            "Security forces in Erbil defused an improvised explosive device planted on a road used by coalition "
            "convoys near Gwer on Tuesday, the Kurdistan Region Security Council said."
        ),
        (
            "An Iraqi court on Tuesday sentenced three men to death for their role in the 2020 rocket attack on "
            "Baghdad airport that killed a child, the judiciary said."
        ),
        "US forces struck a Kataib Hezbollah weapons depot in Jurf al-Sakhar on Monday in response to drone attacks.",
        "Iraqi security forces said a rocket launcher with three rockets was found in a truck near Baghdad airport.",
    ],
)
def test_weapons_defences_defused_devices_and_trials_are_not_attacks(text: str) -> None:
    assert reports(text, date(2021, 8, 2)) == []


def arabic_reports(text: str) -> list[Report]:
    article = Article(id=content_id(text), source="test", raw_text=text, text=text, published=None, language="ar")
    return extract_reports(article, load_resources())


def test_an_undated_arabic_page_tells_today_from_yesterday_and_names_yesterday_s_weekday() -> None:
    told = arabic_reports(
        "سقطت ثلاثة صواريخ، اليوم السبت، على قاعدة حرير شمال أربيل.\n"
        "وقال مسؤول محلي إن القاعدة استهدفت أمس بصاروخين دون وقوع إصابات."
    )
    assert [(r.role.value, r.weekday) for r in told] == [("main", 5), ("background", 4)]
    assert told[0].killed.value is None  # the "no casualties" is yesterday's


def test_a_dated_lead_and_its_today_are_one_day() -> None:
    told = arabic_reports(
        "استهدف هجوم صاروخي، فجر الجمعة، 28 يناير، مطار بغداد الدولي.\n"
        "وقالت مصادر إن ستة صواريخ سقطت في الساعة الرابعة من فجر اليوم."
    )
    assert [r.role.value for r in told] == ["main"]


def test_a_claim_by_the_organization_names_the_group_told_before() -> None:
    [report] = reports(
        "Eleven Iraqi soldiers were killed on Friday when ISIS militants attacked their base in Diyala.\n\n"
        "The terrorist organization claimed responsibility for the attack on its Telegram channels.",
        date(2022, 1, 22),
    )
    assert report.claimed_by.value == "Islamic State"
    assert report.claimed_by.note == "the group named before"


def test_a_generality_about_other_targets_does_not_change_the_target() -> None:
    [report] = reports(
        "Rockets target gas field in Iraqi Kurdistan\n\n"
        "Several rockets were fired at the Khor Mor gas field, near Chamchamal, on Monday.\n\n"
        "The militias have also targeted US forces and a Turkish base.",
        date(2022, 7, 25),
    )
    assert report.target.value is not None and report.target.value.value == "other"


def test_militants_who_attacked_their_base_hit_a_base() -> None:
    [report] = reports("Eleven soldiers were killed on Friday when ISIS militants attacked their base in Diyala.", date(2022, 1, 22))
    assert report.target.value is not None and report.target.value.value == "base"


def test_the_launch_site_and_a_first_since_tally_are_not_attacks() -> None:
    [report] = reports(
        "ERBIL, Kurdistan Region — Six rockets were fired at Erbil International Airport on Wednesday evening, "
        "the Interior Ministry said. The rockets were launched from a vehicle near the town of Bartella in "
        "Nineveh province, the ministry said. There were no casualties. It was the first attack on the airport "
        "since 2019.",
        date(2020, 10, 1),
    )
    assert report.place.value is not None and report.place.value.admin1 == "Erbil"
    assert (report.killed.value, report.injured.value) == (0, 0)


def test_a_situation_report_s_dated_list_is_background() -> None:
    told = reports(
        "A convoy carrying supplies for the US-led coalition was struck by an IED in Dhi Qar province on July 8.\n\n"
        "Recent attacks on US and coalition targets:\n"
        "- July 7: Two rockets targeted Baghdad International Airport. No casualties.\n"
        "- July 6: A drone attack targeted Ain al-Asad air base in Anbar. Saraya Awliya al-Dam claimed the attack.\n",
        date(2021, 7, 9),
    )
    assert [(r.role.value, str(r.date.value)) for r in told] == [
        ("main", "2021-07-08"), ("background", "2021-07-07"), ("background", "2021-07-06")
    ]
    assert told[2].claimed_by.value == "Saraya Awliya al-Dam"


def test_a_governorate_named_like_its_city_is_not_a_far_away_town() -> None:
    told = arabic_reports(
        "مصدر: قصف صاروخي يستهدف حقل كورمور في السليمانية\n"
        "أفاد مصدر أمني، مساء الأربعاء، بتعرض حقل كورمور الغازي في قضاء جمجمال بمحافظة السليمانية إلى قصف "
        "بصاروخين، مبينا أن القصف أدى إلى إصابة اثنين من العاملين في الحقل بجروح طفيفة."
    )
    assert len(told) == 1 and told[0].injured.value == 2


def test_a_film_review_tells_a_story_not_an_event() -> None:
    told = reports(
        "Green Zone review\n\nDirector Paul Greengrass takes us to Baghdad in 2003.\n\n"
        "A roadside bomb hits a Humvee convoy on the airport road, and the hunt for the weapons begins.",
        date(2010, 3, 11),
    )
    assert told == []


@pytest.mark.parametrize(
    "title",
    ["PM orders security review after convoy attack", "Pentagon Launches Review", "Base security under review"],
)
def test_news_of_a_review_is_still_news(title: str) -> None:
    told = reports(
        f"{title}\n\nA roadside bomb struck a convoy carrying supplies for the US-led coalition on Tuesday "
        "near Diwaniyah, a security source said. There were no casualties.",
        date(2021, 6, 9),
    )
    assert [(r.role.value, r.attack_type.value.value) for r in told] == [("main", "ied")]


def test_devices_that_hit_convoys_are_bombs_one_incident_per_place() -> None:
    told = reports(
        "On Wednesday, two more devices hit convoys carrying supplies for the coalition, one on the "
        "highway near Nasiriyah in Dhi Qar and another north of Samawah in Muthanna.",
        date(2021, 6, 10),
    )
    assert sorted((r.attack_type.value.value, r.place.value.admin1, str(r.date.value)) for r in told) == [
        ("ied", "Dhi Qar", "2021-06-09"),
        ("ied", "Muthanna", "2021-06-09"),
    ]


def test_a_week_s_roundup_tells_each_attack_and_drops_its_count() -> None:
    told = reports(
        "Roadside bombs struck three convoys carrying supplies for the US-led coalition in southern Iraq "
        "this week, security officials said on Thursday.\n\n"
        "On Tuesday, a bomb exploded as a convoy passed through Al Diwaniyah province, damaging one truck. "
        "On Wednesday, two more devices hit convoys, one on the highway near Nasiriyah in Dhi Qar and "
        "another north of Samawah in Muthanna.",
        date(2021, 6, 10),
    )
    assert [(r.role.value, r.place.value.admin1, str(r.date.value)) for r in told] == [
        ("main", "Al-Qadisiyah", "2021-06-08"),
        ("main", "Dhi Qar", "2021-06-09"),
        ("main", "Muthanna", "2021-06-09"),
    ]


def test_us_forces_targeted_are_the_target_and_a_third_drone_elsewhere_is_another_attack() -> None:
    told = reports(
        "WASHINGTON (AP) — U.S. forces were targeted by drones twice in Iraq on Wednesday, the Pentagon "
        "said.\n\nIn the first attack, two one-way attack drones targeted al-Asad air base in western Iraq. "
        "Hours later, a third drone targeted U.S. troops at a base near Irbil airport in northern Iraq; it "
        "was shot down.",
        date(2023, 10, 19),
    )
    assert [(r.attack_type.value.value, r.place.value.admin1, str(r.date.value)) for r in told] == [
        ("drone", "Anbar", "2023-10-18"),
        ("drone", "Erbil", "2023-10-18"),
    ]


def test_places_told_again_more_closely_are_the_same_incidents() -> None:
    told = reports(
        "Two IEDs targeted two convoys transporting logistics for the international coalition in Babylon "
        "and Al-Diwaniyah governorates on Friday, a security source said. The first IED exploded near the "
        "Al-Hamza district in Al-Diwaniyah, while the second targeted a convoy on the road between "
        "Al-Hillah and Al-Mahawil.",
        date(2021, 8, 21),
    )
    assert sorted((r.place.value.admin1, str(r.date.value)) for r in told) == [
        ("Al-Qadisiyah", "2021-08-20"),
        ("Babil", "2021-08-20"),
    ]
    assert "Hillah" in next(r.place.value.name for r in told if r.place.value.admin1 == "Babil")


def test_each_place_of_a_sentence_takes_its_own_target() -> None:
    told = reports(
        "Several rockets were fired Saturday night at Baghdad's Green Zone, which houses the U.S. embassy, "
        "and at the Balad air base north of the capital, which hosts U.S. troops, Iraqi security officials "
        "said. No one was hurt.",
        date(2020, 1, 5),
    )
    assert sorted((r.place.value.admin1, r.target.value.value) for r in told) == [
        ("Baghdad", "embassy"),
        ("Saladin", "base"),
    ]


def test_the_fifth_on_supply_lines_this_month_is_a_tally_not_an_incident() -> None:
    told = reports(
        "A convoy transporting equipment for the US-led coalition was hit by an improvised explosive device "
        "two days ago on the highway near Hilla, south of Baghdad, Iraqi officials said.\n\n"
        "No one was injured. Friday's attack was the fifth on coalition supply lines this month.",
        date(2021, 3, 10),
    )
    assert [(r.role.value, str(r.date.value)) for r in told] == [("main", "2021-03-08")]


def test_an_analysis_recalls_attacks_and_reports_none() -> None:
    told = reports(
        "Iran-backed militias in Iraq have attacked U.S. forces more than 60 times since mid-October, "
        "according to the Pentagon, most often with one-way attack drones and rockets.\n\n"
        "The campaign recalls earlier episodes. In January 2020, Iran fired more than a dozen ballistic "
        "missiles at Ain al-Asad air base, injuring more than 100 U.S. troops. In March 2021, at least 10 "
        "rockets struck the same base.",
        date(2023, 11, 20),
    )
    assert [(r.role.value, str(r.date.value), r.place.value.admin1) for r in told] == [
        ("background", "2020-01", "Anbar"),
        ("background", "2021-03", "Anbar"),
    ]


@pytest.mark.parametrize(
    ("second", "incidents"),
    [
        ("On Saturday morning, a drone attack targeted the same base.", 2),  # the other half of the day
        ("Late on Saturday, the rocket damaged a hangar at the base.", 1),  # evening and late: one night
    ],
)
def test_a_day_s_morning_and_evening_are_two_attacks(second: str, incidents: int) -> None:
    told = reports(
        f"A rocket struck Ain al-Asad airbase in Anbar province on Saturday evening, the Iraqi military said. {second}",
        date(2021, 5, 9),
    )
    assert len(told) == incidents


def test_a_count_of_drone_and_rocket_attacks_is_a_tally() -> None:
    told = reports(
        "WASHINGTON, Oct 26 (Reuters) - U.S. and coalition forces have been attacked at least 16 times in "
        "Iraq and Syria this month, the Pentagon said on Wednesday, in drone and rocket attacks it blames "
        "on Iran-backed groups.",
        date(2023, 10, 26),
    )
    assert told == []


def test_the_latest_in_a_wave_recalls_attacks_it_does_not_tell() -> None:
    told = reports(
        "At least 14 rockets struck Ain al-Asad Air Base in Iraq on Wednesday, the coalition said.\n\n"
        "The attack was the latest in a wave that has included drone strikes on Erbil airport and on a "
        "base in Baghdad.",
        date(2021, 7, 8),
    )
    assert [(r.role.value, r.place.value.admin1) for r in told] == [("main", "Anbar")]


@pytest.mark.parametrize(
    "text",
    [
        # a device removed is no attack
        (
            "Security forces dismantled an improvised explosive device planted on the highway south of Baghdad "
            "on Sunday. A bomb disposal team safely removed the device, which had been placed on the side of "
            "the road used by convoys."
        ),
        # a crowd breaking in is a protest
        (
            "Supporters of Shia leader Muqtada al-Sadr stormed the government palace in Baghdad's Green Zone "
            "on Monday after he announced his withdrawal from politics."
        ),
    ],
)
def test_devices_removed_and_crowds_breaking_in_are_not_attacks(text: str) -> None:
    assert reports(text, date(2022, 8, 29)) == []


def test_an_arabic_attack_by_militants_on_an_army_post_is_an_armed_assault() -> None:
    told = arabic_reports(
        "أفاد مصدر أمني في محافظة كركوك بمقتل ثلاثة جنود وإصابة اثنين آخرين بهجوم لعناصر تنظيم داعش "
        "الإرهابي على نقطة للجيش العراقي جنوب غربي كركوك."
    )
    assert [(r.attack_type.value.value, r.killed.value, r.injured.value) for r in told] == [("armed_assault", 3, 2)]


def test_a_recalled_attack_with_another_weapon_is_another_incident() -> None:
    told = reports(
        "An explosives-laden drone targeted a coalition base at Erbil airport late Wednesday, Kurdish "
        "officials said. There were no reports of casualties. The attack came two months after a rocket "
        "attack on the same base killed a foreign contractor.",
        date(2021, 4, 15),
    )
    assert [(r.role.value, r.attack_type.value.value, r.killed.value) for r in told] == [
        ("main", "drone", 0),
        ("background", "rocket", 1),
    ]


def test_the_day_a_source_spoke_is_not_the_attack_s_day() -> None:
    text = (
        "أفاد مصدر أمني في البصرة، الثلاثاء، بانفجار عبوة ناسفة على رتل ينقل معدات للتحالف الدولي في "
        "قضاء الزبير، منتصف الليلة الماضية."
    )
    article = Article(
        id=content_id(text), source="test", raw_text=text, text=text, published=date(2021, 6, 15), language="ar"
    )
    assert [str(r.date.value) for r in extract_reports(article, load_resources())] == ["2021-06-14"]
    english = reports(
        "Security officials said on Thursday that a roadside bomb hit a coalition supply convoy near "
        "Samawah late on Wednesday.",
        date(2021, 6, 10),
    )
    assert [str(r.date.value) for r in english] == ["2021-06-09"]


def test_a_group_named_after_iraq_does_not_place_an_attack_in_iraq() -> None:
    told = reports(
        "A drone attack on the al-Omar oil field base in eastern Syria, which hosts US forces, killed six "
        "members of the Syrian Democratic Forces on Sunday night, the SDF said. The Islamic Resistance in "
        "Iraq claimed the attack.",
        date(2024, 2, 5),
    )
    assert [(r.place.value.country, r.claimed_by.value) for r in told] == [("SY", "Islamic Resistance in Iraq")]


def test_a_bomb_designed_to_hit_convoys_is_still_an_attack() -> None:
    told = reports(
        "An improvised explosive device designed to target logistics convoys exploded on Sunday on the "
        "highway near Samawah, damaging a truck, police said.",
        date(2021, 3, 1),
    )
    assert [(r.role.value, r.attack_type.value.value) for r in told] == [("main", "ied")]


def test_an_undated_page_s_month_is_earlier_than_its_news_named_by_weekday() -> None:
    told = reports(
        "At least two rockets targeted Zilkan military base on Friday afternoon, the mayor said.\n\n"
        "One person died when Zilkan base was targeted in late May."
    )
    assert [r.role.value for r in told] == ["main", "background"]


def test_a_count_of_attacks_over_dated_days_is_a_tally() -> None:
    told = reports(
        "Two armed drones targeted Ain al-Asad air base on Tuesday, officials said.\n\n"
        "US and coalition troops have been attacked at least 23 times by rockets and drones in Iraq "
        "from October 17 to October 30.",
        date(2023, 10, 31),
    )
    assert [r.role.value for r in told] == ["main"]


def test_a_statement_made_a_day_after_the_attack_dates_the_attack_the_day_before() -> None:
    [report] = reports(
        "Dana Gas says operations at Khor Mor resumed after rocket attack\n\n"
        "Abu Dhabi-listed Dana Gas on June 23 said operations at Khor Mor block continue normally, "
        "a day after a rocket attack on the project.\n\n"
        "A small rocket landed yesterday afternoon within the Khor Mor block, the company said.",
        date(2022, 6, 23),
    )
    assert str(report.date.value) == "2022-06-22" and report.role.value == "main"


def test_days_an_undated_page_lists_in_one_sentence_are_one_incident_each() -> None:
    told = arabic_reports(
        "تجدد القصف الصاروخي، اليوم السبت، على حقل خورمور للغاز.\n"
        "وتكرر إطلاق الصواريخ على الحقل اليوم السبت، وأمس الجمعة، وكذلك يوم الأربعاء الماضي."
    )
    assert [(r.role.value, r.weekday) for r in told] == [("main", 5), ("background", 4), ("background", 2)]


def test_a_statement_day_beside_an_attack_day_is_not_a_list_of_attacks() -> None:
    told = reports(
        "Rockets struck the Khor Mor plant on Saturday, officials said.\n\n"
        "Earlier on Wednesday, the plant was attacked by rockets. The company confirmed on Thursday that "
        "two contractor staff suffered minor injuries following Wednesday's rocket attack."
    )
    assert [(r.role.value, r.weekday) for r in told] == [("main", 5), ("background", 2)]


def test_one_bomb_near_a_town_and_one_south_of_another_are_two_incidents() -> None:
    told = reports(
        "Two roadside bombs hit convoys carrying supplies for the U.S.-led coalition on Thursday, one near "
        "Safwan and one south of Baghdad, security officials said. It was not immediately clear if there "
        "were any casualties.",
        date(2020, 12, 11),
    )
    assert sorted(r.place.value.admin1 for r in told if r.place.value) == ["Baghdad", "Basra"]
    assert {(r.killed.value, r.injured.value) for r in told} == {(None, None)}


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        (
            (
                "BAGHDAD (Reuters) - A roadside bomb struck a convoy carrying supplies for the U.S.-led"
                " coalition on Sunday, wounding one Iraqi driver, police said.\nNo group claimed responsibility."
            ),
            "BAGHDAD",
        ),
        (
            (
                "NASIRIYAH, Iraq (AP) — An explosive device hit a convoy of trucks contracted by the US-led"
                " coalition on Tuesday, damaging one vehicle, officials said."
            ),
            "NASIRIYAH",
        ),
    ],
)
def test_news_only_a_dateline_places_is_kept_in_the_dateline_s_country(text: str, dateline: str) -> None:
    """A bureau covers the whole country: the attack is in Iraq, not necessarily in the dateline's
    city, so the report keeps the country and no governorate, with the dateline as its evidence."""
    [report] = reports(text, date(2021, 3, 1))
    place = report.place.value
    assert place is not None and place.level is PlaceLevel.COUNTRY and place.country == "IQ"
    assert place.admin1 is None
    assert report.place.evidence[0].text == dateline


@pytest.mark.parametrize(
    "text",
    [
        "AMMAN (Reuters) - A roadside bomb struck a convoy carrying supplies for the coalition on Sunday.",
        "A roadside bomb struck a convoy carrying supplies for the coalition on Sunday.",
    ],
)
def test_news_that_no_iraqi_place_or_dateline_places_is_still_a_mention(text: str) -> None:
    """A dateline abroad, or none: where the attack was is unknown, even to the country."""
    assert reports(text, date(2021, 3, 1)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Rockets targeted the Baghdad Diplomatic Support Center near the airport on the evening of March 1.",
        "Two rockets hit the BDSC, a US diplomatic facility at Baghdad International Airport, on Monday.",
    ],
)
def test_the_diplomatic_compound_at_the_airport_is_an_embassy_target(text: str) -> None:
    [report] = reports(text, date(2021, 3, 6))
    assert report.target.value is not None and report.target.value.value == "embassy"


def test_a_us_strike_in_the_sentence_leaves_the_other_attack_it_recalls() -> None:
    """The clause that tells a US strike is set aside, not the whole sentence."""
    found = reports(
        "Drones attacked Ain al-Asad air base early on Wednesday, causing no injuries.\n"
        "The attack comes days after a similar drone strike on Erbil airport, and follows the killing "
        "of a militia commander in a US strike in Baghdad.",
        published=date(2021, 3, 9),
    )
    assert [(r.role.value, r.place.value.admin1 if r.place.value else None) for r in found] == [
        ("main", "Anbar"),
        ("background", "Erbil"),
    ]


def test_the_attacks_a_us_strike_answers_are_not_an_attack() -> None:
    assert not reports(
        "A U.S. airstrike on Thursday hit facilities used by Kataib Hezbollah near the Syrian border, "
        "the Pentagon said, in retaliation for rocket attacks on U.S. personnel in Iraq.",
        published=date(2021, 3, 18),
    )


def test_the_toll_of_similar_attacks_told_after_is_not_this_attack_s() -> None:
    told = reports(
        "A convoy of trucks carrying equipment for the US-led coalition was hit by a roadside bomb in Babil "
        "province on Monday, the Security Media Cell said.\n"
        "Last week, two similar attacks targeted convoys in Dhi Qar and Diwaniyah, causing damage but no "
        "casualties.",
        date(2021, 3, 9),
    )
    main = next(r for r in told if r.role.value == "main")
    assert (main.killed.value, main.injured.value) == (None, None)


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        # a count the sentence then places one by one: one attack per place
        ("Last week, two similar attacks targeted convoys in Dhi Qar and Diwaniyah, causing no casualties.",
         ["Dhi Qar", "Al-Qadisiyah"]),
        # a count that the places do not make up, or no count at all: an aggregate
        ("Last week, three similar attacks targeted convoys in Dhi Qar and Diwaniyah.", []),
        ("Dozens of attacks have targeted convoys in Babil and Dhi Qar since January.", []),
    ],
)
def test_counted_attacks_placed_one_by_one_are_a_list(sentence: str, places: list[str]) -> None:
    told = reports(
        "A convoy of trucks carrying equipment for the US-led coalition was hit by a roadside bomb in Basra "
        f"province on Monday, the Security Media Cell said.\n{sentence}",
        date(2021, 3, 9),
    )
    recalled = [r.place.value.admin1 for r in told if r.role.value == "background" and r.place.value]
    assert recalled == places


def test_a_day_after_another_attack_leaves_the_attack_its_own_day() -> None:
    """"a day after a similar attack" dates the other attack, not this one."""
    [report] = reports(
        "A bomb exploded near a coalition convoy in Samawah on Saturday night, a day after a similar attack "
        "in Nasiriyah.",
        date(2021, 3, 9),
    )
    assert str(report.date.value) == "2021-03-06"


def test_an_attack_told_days_later_is_another_incident_on_its_own_day() -> None:
    told = reports(
        "Rockets hit Balad air base on Sunday.\nTwo days later, a drone targeted the same base.",
        date(2021, 3, 10),
    )
    assert [(r.attack_type.value.value, str(r.date.value)) for r in told] == [
        ("rocket", "2021-03-07"),
        ("drone", "2021-03-09"),
    ]


@pytest.mark.parametrize(
    ("text", "attack_type", "evidence"),
    [
        # a thrown grenade names a method none of the types names: `other`, on its own evidence
        (
            (
                "Unknown assailants threw a hand grenade at a checkpoint of the Iraqi army in Basra on Tuesday, "
                "wounding two soldiers, a police source said."
            ),
            "other",
            "threw a hand grenade",
        ),
        (
            (
                "An attacker hurled a grenade at a convoy of trucks carrying supplies for the US-led coalition "
                "near Nasiriyah on Sunday."
            ),
            "other",
            "hurled a grenade",
        ),
        # gunmen who also threw one, and a drone that dropped one, say more
        ("Gunmen opened fire and threw a grenade at a checkpoint in Tarmiyah on Monday.", "armed_assault", "Gunmen"),
        ("A drone dropped a grenade on a US base in Syria's Deir ez-Zor on Monday.", "drone", "drone"),
    ],
)
def test_a_thrown_grenade_is_an_attack_of_its_own_method(text: str, attack_type: str, evidence: str) -> None:
    [report] = reports(text, date(2021, 3, 4))
    assert report.role.value == "main" and report.attack_type.value.value == attack_type
    [span] = report.attack_type.evidence
    assert text[span.start : span.end] == evidence


def test_what_air_defences_are_for_is_no_attack_and_what_they_met_is_one() -> None:
    assert reports(
        "The US-led coalition said on Monday that air defenses at Ain al-Asad air base in Anbar were upgraded "
        "to counter drone attacks, and that anti-drone systems were installed at Harir base in Erbil.",
        date(2021, 3, 4),
    ) == []
    told = reports(
        "Militias launched a drone at Harir base in Erbil on Monday, but the base's anti-drone system shot it "
        "down, a coalition spokesman said.",
        date(2021, 3, 4),
    )
    assert [(r.attack_type.value.value, r.place.value.admin1) for r in told] == [("drone", "Erbil")]

