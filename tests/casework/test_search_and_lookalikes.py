"""Finding a person the way staff know them (a variant spelling, a birth year, an age, part of a name),
and the look-alike check before a person is created, offered as a choice."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from kasane.audit.models import AuditEntry
from kasane.casework.models import Household, Person, Relationship
from tests import factories
from tests.clock import morning_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _late_november_2026() -> Iterator[None]:
    # Ages count from today: the clock stands still where the expected ages were worked out.
    with time_machine.travel(morning_of(dt.date(2026, 11, 23)), tick=True):
        yield


def _names(page: str) -> list[str]:
    return re.findall(r'<a href="/people/\d+/">([^<]+)</a>', page)


def _search(client: Any, **params: str) -> str:
    response = client.get(reverse("households:search"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_saito_finds_every_spelling_of_saito(world: dict[str, Any], client_for: Any) -> None:
    north = world["agencies"]["houkatsu_north"]
    for name in ("齋藤 一郎", "斎藤 二郎", "齊藤 三郎", "佐藤 四郎"):
        factories.person(north, name, "")
    page = _search(client_for(world["users"]["soudanin"]), name="斉藤")
    assert sorted(_names(page)) == ["斎藤 二郎", "齊藤 三郎", "齋藤 一郎"]


def test_a_birth_year_or_an_age_finds_who_was_born_then(world: dict[str, Any], client_for: Any) -> None:
    north = world["agencies"]["houkatsu_north"]
    factories.person(north, "髙橋 ミツ", birth_date=dt.date(1944, 4, 10))  # 82 on 2026-11-23
    factories.person(north, "髙橋 トメ", birth_date=dt.date(1945, 1, 5))  # 81
    client = client_for(world["users"]["soudanin"])
    assert _names(_search(client, birth_date="昭和19年")) == ["髙橋 ミツ"]
    assert _names(_search(client, birth_date="S19")) == ["髙橋 ミツ"]
    assert _names(_search(client, birth_date="1945")) == ["髙橋 トメ"]
    assert sorted(_names(_search(client, birth_date="昭和19年度"))) == ["髙橋 トメ", "髙橋 ミツ"]
    assert _names(_search(client, birth_date="82歳")) == ["髙橋 ミツ"]
    assert sorted(_names(_search(client, birth_date="80代", name="たかはし"))) == ["髙橋 トメ", "髙橋 ミツ"]
    page = _search(client, birth_date="82")
    assert "年齢なら「82歳」" in page and not _names(page)


def test_whole_words_and_word_starts_rank_above_the_middle_of_a_word(
    world: dict[str, Any], client_for: Any
) -> None:
    north = world["agencies"]["houkatsu_north"]
    # Created so that the old order (by ふりがな) would put ひとみ before the others.
    factories.person(north, "相川 ひとみ", "あいかわ ひとみ")
    factories.person(north, "富田 花子", "とみた はなこ")
    factories.person(north, "山田 とみ", "やまだ とみ")
    assert _names(_search(client_for(world["users"]["soudanin"]), name="とみ")) == [
        "山田 とみ",
        "富田 花子",
        "相川 ひとみ",
    ]


def test_results_show_the_household_and_audit_whom_they_name(world: dict[str, Any], client_for: Any) -> None:
    north = world["agencies"]["houkatsu_north"]
    mother = factories.person(north, "髙橋 ミツ", "たかはし みつ")
    son = factories.person(
        north, "佐藤 一郎", "さとう いちろう", household=mother.household, relationship=Relationship.CHILD
    )
    page = _search(client_for(world["users"]["soudanin"]), name="さとう")
    assert _names(page) == ["佐藤 一郎"]
    assert f'<a href="/households/{mother.household_id}/">髙橋さん世帯</a>' in page and "子" in page
    entry = AuditEntry.objects.filter(action="person.searched").latest("pk")
    assert entry.details["persons"] == sorted([mother.pk, son.pk])


def _new_person(client: Any, **extra: str) -> Any:
    data = {"name": "斉藤 ミツ", "kana": "さいとう みつ", "sex": "female", "birth_date": "S19.4.10", **extra}
    return client.post(reverse("households:person_new"), data)


def test_registering_a_lookalike_is_a_choice_with_household_and_last_contact(
    world: dict[str, Any], client_for: Any
) -> None:
    north = world["agencies"]["houkatsu_north"]
    existing = factories.person(north, "齋藤 ミツ", "さいとう みつ")
    factories.consultation(existing, north, None)
    client = client_for(world["users"]["soudanin"])

    page = _new_person(client).content.decode()
    assert "同じ方がすでに登録されていませんか" in page and "error-summary" not in page
    assert "この方です" in page and "別の方として登録する" in page
    assert "齋藤さん世帯" in page and "最後の相談" in page and "記録なし" not in page
    assert Person.objects.count() == 1
    shown = AuditEntry.objects.get(action="person.lookalikes_shown")
    assert shown.details["persons"] == [existing.pk]

    # 「この方です」: nobody is created, staff go to the existing record.
    response = _new_person(client, duplicate_choice=str(existing.pk))
    assert response.status_code == 302 and response["Location"] == f"/people/{existing.pk}/"
    assert Person.objects.count() == 1

    # Enter in a field presses the hidden first button: nothing is chosen, the choice is asked again.
    assert _new_person(client).status_code == 200 and Person.objects.count() == 1

    # 「別の方として登録する」
    response = _new_person(client, duplicate_choice="new")
    assert response.status_code == 302 and Person.objects.count() == 2
    assert Household.objects.count() == 2


def test_choosing_someone_out_of_sight_is_a_404(world: dict[str, Any], client_for: Any) -> None:
    hidden = factories.person(world["agencies"]["houkatsu_south"], "齋藤 ミツ", "さいとう みつ")
    response = _new_person(client_for(world["users"]["soudanin"]), duplicate_choice=str(hidden.pk))
    assert response.status_code == 404
    assert Person.objects.count() == 1


def test_the_intake_offers_lookalikes_as_a_choice_not_an_error(
    world: dict[str, Any], client_for: Any
) -> None:
    north = world["agencies"]["houkatsu_north"]
    existing = factories.person(north, "齋藤 ミツ", "さいとう みつ")
    data = {
        "p-name": "斉藤 ミツ",
        "p-kana": "さいとう みつ",
        "p-sex": "female",
        "p-birth_date": "S19.4.10",
        "received_at_0": "2026-11-20",
        "received_at_1": "10:00",
        "channel": "phone",
        "visitor": "self",
        "topics": ["care"],
        "main_topic": "care",
        "complaint": "母の様子について",
        "response": "advice",
        "consent_variant": "without",
    }
    client = client_for(world["users"]["soudanin"])
    page = client.post(reverse("consultations:new"), data).content.decode()
    assert "同じ方がすでに登録されていませんか" in page
    assert "error-summary" not in page and "field__error" not in page
    response = client.post(reverse("consultations:new"), {**data, "duplicate_choice": str(existing.pk)})
    assert response.status_code == 302
    assert Person.objects.count() == 1 and existing.consultations.count() == 1
