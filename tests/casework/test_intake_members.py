"""Household members named at 相談受付 (issue 13, point 6): 「50代の弟」 becomes a member of the new household,
with its own audit entry, in the same transaction as the intake — or nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kasane.audit.models import AuditEntry
from kasane.casework.models import Consultation, Person
from tests import factories

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(*rows: dict[str, str], total: int = 3) -> dict[str, str]:
    data = {
        "m-TOTAL_FORMS": str(total),
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "10",
    }
    for i in range(total):
        data[f"m-{i}-sex"] = "unanswered"
    for i, row in enumerate(rows):
        data.update({f"m-{i}-{key}": value for key, value in row.items()})
    return data


def _intake(client: Client, duplicate_choice: str = "new", **members: str) -> Any:
    data = {
        "p-name": "佐藤 一子",
        "p-kana": "さとう かずこ",
        "p-sex": "female",
        "p-birth_date": "S30.5.1",
        "p-address": "かさね市本町1-2-3",
        "received_at_0": "2026-11-24",
        "received_at_1": "09:30",
        "channel": "phone",
        "visitor": "self",
        "topics": ["income"],
        "main_topic": "income",
        "complaint": "家賃の支払いが遅れている。弟も同居している。",
        "response": "advice",
        "consent_variant": "without",
        "duplicate_choice": duplicate_choice,
        **members,
    }
    return client.post(reverse("consultations:new"), data)


def test_a_member_named_at_intake_joins_the_new_household(world: dict[str, Any]) -> None:
    rows = _rows(
        {
            "name": "佐藤 次郎",
            "kana": "さとう じろう",
            "relationship": "younger_brother",
            "notes": "50代・無職",
        },
        {
            "name": "佐藤 花",
            "kana": "さとう はな",
            "relationship": "eldest_daughter",
            "lives_apart": "on",
            "apart_note": "札幌市で一人暮らし",
        },
    )
    page = _intake(_client(world["users"]["soudanin"]), **rows)
    assert page.status_code == 302, page.content.decode()[:3000]
    consultation = Consultation.objects.get(person__name="佐藤 一子")
    members = {p.name: p for p in Person.objects.filter(household=consultation.household)}
    assert set(members) == {"佐藤 一子", "佐藤 次郎", "佐藤 花"}  # the empty third row made no one
    brother = members["佐藤 次郎"]
    assert (
        brother.get_relationship_display() == "弟" and not brother.is_main and brother.notes == "50代・無職"
    )
    assert brother.address == "かさね市本町1-2-3"  # lives with her: the household's address
    assert members["佐藤 花"].lives_apart and members["佐藤 花"].address == ""
    assert brother.owner_agency == world["agencies"]["houkatsu_north"]
    created = AuditEntry.objects.filter(
        action="person.created", person_id__in=[str(p.pk) for p in members.values()]
    )
    assert created.count() == 3
    assert brother.search_keys.exists()  # found by name search like anyone else


def test_a_used_row_without_its_続柄_keeps_everything_unwritten(world: dict[str, Any]) -> None:
    page = _intake(_client(world["users"]["soudanin"]), **_rows({"name": "佐藤 次郎", "notes": "50代"}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "続柄を選んでください。" in html and "入力内容を確認してください" in html
    assert '<details class="member-rows" open>' in html  # the row in error is not folded away
    assert not Person.objects.filter(name__startswith="佐藤").exists()
    assert not Consultation.objects.exists()


def test_each_rows_controls_are_named_for_the_row(world: dict[str, Any]) -> None:
    html = _client(world["users"]["soudanin"]).get(reverse("consultations:new")).content.decode()
    assert '<span class="visually-hidden">世帯員2の</span>氏名' in html
    assert '<details class="member-rows">' in html  # folded until used
    assert html.count('name="m-') >= 3 * 8


def test_an_intake_for_a_known_person_offers_no_member_rows(world: dict[str, Any]) -> None:
    known = factories.person(world["agencies"]["houkatsu_north"])
    html = (
        _client(world["users"]["soudanin"])
        .get(f"{reverse('consultations:new')}?person={known.pk}")
        .content.decode()
    )
    assert 'name="m-TOTAL_FORMS"' not in html


def test_members_join_the_household_of_the_person_chosen_among_look_alikes(world: dict[str, Any]) -> None:
    known = factories.person(world["agencies"]["houkatsu_north"], "佐藤 一子", "さとう かずこ")
    rows = _rows({"name": "佐藤 次郎", "kana": "さとう じろう", "relationship": "younger_brother"})
    page = _intake(_client(world["users"]["soudanin"]), **rows, duplicate_choice=str(known.pk))
    assert page.status_code == 302
    assert set(Person.objects.filter(household=known.household).values_list("name", flat=True)) == {
        "佐藤 一子",
        "佐藤 次郎",
    }


def test_members_are_not_added_to_another_agencys_household(world: dict[str, Any]) -> None:
    agencies = world["agencies"]
    theirs = factories.person(agencies["houkatsu_south"], "佐藤 一子", "さとう かずこ")
    factories.consent(theirs, agencies["houkatsu_south"], shared=[agencies["houkatsu_north"]])
    rows = _rows({"name": "佐藤 次郎", "kana": "さとう じろう", "relationship": "younger_brother"})
    page = _intake(_client(world["users"]["soudanin"]), **rows, duplicate_choice=str(theirs.pk))
    assert page.status_code == 200
    assert "世帯員をここで加えることはできません" in page.content.decode()
    assert not Consultation.objects.exists() and not Person.objects.filter(name="佐藤 次郎").exists()


def test_more_rows_than_the_page_offers_are_refused_in_japanese(world: dict[str, Any]) -> None:
    rows = _rows({"name": "佐藤 次郎", "kana": "さとう じろう", "relationship": "younger_brother"}, total=4)
    html = _intake(_client(world["users"]["soudanin"]), **rows).content.decode()
    assert "相談受付で登録できる世帯員は3人までです。" in html
    assert '<details class="member-rows" open>' in html
    assert not Consultation.objects.exists()


def test_the_formsets_template_row_renders(world: dict[str, Any]) -> None:
    from kasane.casework.forms.consultations import MemberFormSet

    assert "m-__prefix__-name" in str(MemberFormSet(prefix="m").empty_form)


@pytest.mark.parametrize("kana", ["﨑たに", "𠮷だ", "yamada", "さ々き", "たかはし1"])
def test_a_reading_with_kanji_or_latin_is_refused(world: dict[str, Any], kana: str) -> None:
    rows = _rows({"name": "佐藤 次郎", "kana": kana, "relationship": "younger_brother"})
    html = _intake(_client(world["users"]["soudanin"]), **rows).content.decode()
    assert "ふりがなはひらがなかカタカナで入力してください。" in html
    assert not Consultation.objects.exists()


@pytest.mark.parametrize("kana", ["さとう じろう", "ｻﾄｳ ｼﾞﾛｳ", "サトウ　ジロウ", "さとう・じろー", ""])
def test_a_reading_in_kana_of_any_width_is_taken(world: dict[str, Any], kana: str) -> None:
    rows = _rows({"name": "佐藤 次郎", "kana": kana, "relationship": "younger_brother"})
    assert _intake(_client(world["users"]["soudanin"]), **rows).status_code == 302
