"""The home page shows each role what it works on (issue 13, point 7): the prefecture's backup support is the
city's programme staff's work, not the front line's."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

BACKUP_CARDS = ("体制整備の状況", "研修・情報共有の場", "先進事例")


@pytest.mark.parametrize("key", ["soudanin", "coordinator", "agency_admin", "viewer"])
def test_front_line_staff_see_their_casework_not_the_prefectures_backup_support(
    world: dict[str, Any], client_for: Any, key: str
) -> None:
    html = client_for(world["users"][key]).get(reverse("home:home")).content.decode()
    assert not [card for card in BACKUP_CARDS if card in html]
    assert "今日の確認事項" in html or key not in ("soudanin", "coordinator")


def test_the_citys_programme_staff_see_the_backup_support_they_take_part_in(
    world: dict[str, Any], client_for: Any
) -> None:
    html = client_for(world["users"]["city"]).get(reverse("home:home")).content.decode()
    assert all(card in html for card in BACKUP_CARDS)


def test_the_prefectures_support_staff_see_their_own_work(world: dict[str, Any], client_for: Any) -> None:
    html = client_for(world["users"]["prefecture"]).get(reverse("home:home")).content.decode()
    assert "市町村の体制整備状況" in html and "専門家派遣" in html
