"""The case team sees the consent its access rests on (issue 13, point 6): what it covers, which agencies it
names, and whether it still stands."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(world: dict[str, Any]) -> dict[str, Any]:
    r = factories.journey(world)
    r["consent"].shared_agencies.set([world["agencies"]["houkatsu_south"]])
    r["consent"].purpose = "介護と就労の支援を一体で行うため"
    r["consent"].save(update_fields=["purpose"])
    return {**world, "r": r}


@pytest.mark.parametrize("key", ["coordinator", "soudanin"])
def test_the_hub_and_a_team_member_see_the_scope_of_the_consent(
    journey: dict[str, Any], client_for: Any, key: str
) -> None:
    html = client_for(journey["users"][key]).get(f"/cases/{journey['r']['case'].pk}/").content.decode()
    section = html.split("<h2>利用申込み（同意）</h2>", 1)[1].split("<h2>世帯</h2>", 1)[0]
    assert "有効" in section and "令和8年11月20日" in section
    assert "多機関協働の利用申込み：あり" in section and "重層的支援会議での検討：あり" in section
    assert "南部地域包括支援センター" in section and "介護と就労の支援を一体で行うため" in section
    assert "北部地域包括支援センター テスト 職員" in section  # who obtained it, and where


def test_a_consent_without_meeting_discussion_says_so(journey: dict[str, Any], client_for: Any) -> None:
    consent = journey["r"]["consent"]
    consent.covers_meeting = False
    consent.save(update_fields=["covers_meeting"])
    consent.shared_agencies.clear()
    html = (
        client_for(journey["users"]["coordinator"]).get(f"/cases/{journey['r']['case'].pk}/").content.decode()
    )
    assert "重層的支援会議での検討：なし" in html and "指定なし" in html


def test_the_hub_sees_when_the_consent_was_withdrawn(journey: dict[str, Any], client_for: Any) -> None:
    consent = journey["r"]["consent"]
    consent.withdrawn_at, consent.withdrawn_on = timezone.now(), dt.date(2026, 11, 30)
    consent.save(update_fields=["withdrawn_at", "withdrawn_on"])
    html = (
        client_for(journey["users"]["coordinator"]).get(f"/cases/{journey['r']['case'].pk}/").content.decode()
    )
    section = html.split("<h2>利用申込み（同意）</h2>", 1)[1].split("<h2>世帯</h2>", 1)[0]
    assert "令和8年11月30日に撤回" in section and "有効" not in section
